package main

import (
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"hearth/server"
)

// customSite serves the bundle with a site made of the given files.
func customSite(t *testing.T, files map[string]string) string {
	t.Helper()
	demoSite(t) // builds the bundle
	site := fstest.MapFS{}
	for name, body := range files {
		site[name] = &fstest.MapFile{Data: []byte(body)}
	}
	h, err := server.New(os.DirFS(distDir), site)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

const slotPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/hearth/hearth.js" data-config="/hearth.json" async></script></head>
<body><div data-hearth-slot="hero"><p>default hero</p></div>
<template data-hearth-variant="hero/x"><p>variant X</p></template></body></html>`

// A broken config logs one clear console error naming the problem, and the
// page keeps (or gets back) its defaults, even after the loader replayed a
// variant for a returning visitor.
func TestBrowserBrokenConfig(t *testing.T) {
	for _, tc := range []struct {
		name, config, want string
	}{
		{"misspelled field", `{"version": 1, "topics": {},
  "experiencez": []}`, `rules: 2:3: experiencez: unknown field "experiencez"; did you mean "experiences"?`},
		{"truncated", `{"version": 1, "topics": {`, `rules: 1:27: invalid JSON: unexpected end of input`},
		{"missing", "", `/hearth.json: HTTP 404`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"index.html": slotPage}
			if tc.config != "" {
				files["hearth.json"] = tc.config
			}
			url := customSite(t, files)
			_, tab, rec := browse(t)
			var rejected string
			var hero string
			var hidden bool
			if err := chromedp.Run(tab,
				chromedp.Navigate(url+"/healthz"),
				chromedp.Evaluate(`localStorage.setItem("hearth:v1", JSON.stringify({v: 1, topics: {}, visits: 1, pages: 1, replay: [{path: "/", at: 1, slots: {hero: "x"}}]}))`, nil),
				chromedp.Navigate(url+"/"),
				chromedp.Evaluate(`window.hearth.ready.then(() => "resolved", e => e.message)`, &rejected, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
					return p.WithAwaitPromise(true)
				}),
				chromedp.Evaluate(`document.querySelector("[data-hearth-slot]").textContent.trim()`, &hero),
				chromedp.Evaluate(`getComputedStyle(document.querySelector("[data-hearth-slot]")).visibility === "hidden"`, &hidden),
			); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(rejected, tc.want) {
				t.Errorf("hearth.ready rejected with %q, want it to contain %q", rejected, tc.want)
			}
			if hero != "default hero" || hidden {
				t.Errorf("slot shows %q (hidden %v), want the default back", hero, hidden)
			}
			time.Sleep(100 * time.Millisecond)
			rec.mu.Lock()
			errs := rec.errors
			rec.errors = nil // the expected error: checked here, not by browse's cleanup
			rec.mu.Unlock()
			n := 0
			for _, e := range errs {
				if strings.Contains(e, "hearth:") {
					n++
					if !strings.Contains(e, tc.want) {
						t.Errorf("console error %q does not name the problem %q", e, tc.want)
					}
				}
			}
			if n != 1 {
				t.Errorf("%d hearth console errors, want exactly 1: %q", n, errs)
			}
		})
	}
}
