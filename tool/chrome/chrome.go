// Package chrome starts and drives the headless Chromium that Hearth's audit,
// bench and browser tests use: Debian's chromium, with the flags that keep it
// off every network but the loopback one, and the waits that replace sleeps
// (hearth.ready, hearth._idle).
package chrome

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Path finds Debian's Chromium, or the one named by $HEARTH_CHROMIUM.
func Path() (string, error) {
	if p := os.Getenv("HEARTH_CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("chromium not found: `make test` installs Debian's chromium, or set HEARTH_CHROMIUM")
}

// New starts headless Chromium with a fresh profile directory and the
// flags that keep it off every network but the loopback one. The returned
// function stops it and removes the profile directory.
func New(ctx context.Context) (context.Context, context.CancelFunc, error) {
	path, err := Path()
	if err != nil {
		return nil, nil, err
	}
	userDataDir, err := os.MkdirTemp("", "hearth-chromium-")
	if err != nil {
		return nil, nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(userDataDir),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelCtx := chromedp.NewContext(actx)
	return bctx, func() {
		cancelCtx()
		cancelAlloc()
		// Chromium's helpers may still be writing for a moment after it exits.
		for i := 0; i < 20 && os.RemoveAll(userDataDir) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	}, nil
}

// WaitReady waits for the page's window.hearth.ready (the loader may not
// have run yet after a click that navigates) and fails on its rejection.
func WaitReady() chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var ok bool
		err := chromedp.Evaluate(`new Promise((resolve, reject) => {
			const t0 = Date.now();
			(function wait() {
				if (document.readyState !== "loading" && window.hearth) return window.hearth.ready.then(() => resolve(true), reject);
				if (Date.now() - t0 > 10000) return reject(new Error("no window.hearth after 10 s"));
				setTimeout(wait, 20);
			})();
		})`, &ok, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
			return p.WithAwaitPromise(true)
		}).Do(ctx)
		if err != nil {
			return fmt.Errorf("hearth.ready: %w", err)
		}
		return nil
	})
}

// WaitFor waits until the JavaScript expression cond is true in the page,
// checking it every 10 ms, for at most
// 15 s (a bound for a busy machine, not a wait): for what the page does in
// its own time, such as a router swapping in its next page.
func WaitFor(cond string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		err := EvalAwait(`new Promise((resolve, reject) => {
			const t0 = Date.now();
			(function check() {
				let ok = false;
				try { ok = !!(`+cond+`); } catch (e) { /* not there yet */ }
				if (ok) return resolve(true);
				if (Date.now() - t0 > 15000) return reject(new Error("not true after 15 s"));
				setTimeout(check, 10);
			})();
		})`, nil).Do(ctx)
		if err != nil {
			return fmt.Errorf("waiting for %s: %w", cond, err)
		}
		return nil
	})
}

// EvalAwait evaluates a promise-returning expression and waits for it.
func EvalAwait(expr string, out any) chromedp.Action {
	return chromedp.Evaluate(expr, out, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })
}

// Settle waits until the worker has answered every message the page side
// sent so far and the page shows the answers: after a click or an API call,
// the page changes once the worker answered (hearth._idle, never a sleep).
func Settle() chromedp.Action {
	return EvalAwait(`window.hearth && window.hearth._idle ? window.hearth._idle().then(() => true) : true`, nil)
}

// AwaitPromise makes chromedp.Evaluate wait for a returned Promise.
func AwaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }
