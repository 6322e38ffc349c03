package audit

// What the module itself made, seen from inside its Web Worker: the page
// side is the site's to patch (a site script can wrap fetch, a page side
// can be rewritten), but the worker's global scope is out of their reach.
// The browser starts each worker paused (auto-attach, waiting for the
// debugger); the audit wraps the worker's postMessage to keep every report
// the module hands the page side, then lets it run. Each report that left
// must then be one of these, byte for byte: a page side that rewrote one
// (its answers, its nonce, its padding) is caught by the first report it
// changed, whatever the statistics of the module's own draws say.

import (
	"context"
	"fmt"
	"sync"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// keepReportsJS runs in the worker before its script: postMessage, which
// the worker script and the module's Go both call, keeps each answer's
// report (an answer is a JSON text), and when the module handed it over
// (ms since the epoch), in a property the page cannot reach.
const keepReportsJS = `(() => {
	const post = self.postMessage, kept = [];
	Object.defineProperty(self, "__hearthAuditReports", { value: kept });
	self.postMessage = function (m) {
		if (typeof m === "string" && m.indexOf('"report"') >= 0) {
			try { const u = JSON.parse(m); if (u && typeof u.report === "string") kept.push({ body: u.report, at: performance.timeOrigin + performance.now() }); } catch (e) {}
		}
		return post.apply(this, arguments);
	};
})()`

// moduleWatch holds the workers a page started and what their modules made.
type moduleWatch struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	workers []watchedWorker
	errs    []error
}

type watchedWorker struct {
	url string
	ctx context.Context
}

// watchWorkers has the browser start every worker (and every frame in a
// process of its own) of bctx's page paused: the audit records its
// requests in log, as the page's own (a page target's network log has
// none of a worker's: the module's fetch and the site's catalog were out
// of the audit's sight before), keeps what a worker's module reports, and
// lets it run.
func watchWorkers(bctx context.Context, log *netLog) (*moduleWatch, error) {
	w := &moduleWatch{}
	chromedp.ListenTarget(bctx, func(ev any) {
		e, ok := ev.(*target.EventAttachedToTarget)
		if !ok || !e.WaitingForDebugger {
			return // a worker already running (the previous page's) is not this page's
		}
		info := e.TargetInfo
		w.wg.Add(1)
		go func() { // never block the target's event loop
			defer w.wg.Done()
			tctx, _ := chromedp.NewContext(bctx, chromedp.WithTargetID(info.TargetID)) // cancelled with bctx; cancelling it alone would close the worker
			var steps chromedp.Tasks
			if info.Type == "worker" || info.Type == "iframe" {
				log.listen(tctx)
				steps = append(steps, network.Enable())
			}
			if info.Type == "worker" {
				steps = append(steps, chromedp.Evaluate(keepReportsJS, nil))
			}
			err := chromedp.Run(tctx, append(steps, runtime.RunIfWaitingForDebugger()))
			w.mu.Lock()
			defer w.mu.Unlock()
			if err != nil {
				w.errs = append(w.errs, fmt.Errorf("watching the %s %s: %w", info.Type, info.URL, err))
				return
			}
			if info.Type == "worker" {
				w.workers = append(w.workers, watchedWorker{url: info.URL, ctx: tctx})
			}
		}()
	})
	return w, chromedp.Run(bctx, target.SetAutoAttach(true, true).WithFlatten(true))
}

// forget drops the workers watched so far (a page navigated away from):
// reports counts those of the pages from now on.
func (w *moduleWatch) forget() {
	w.wg.Wait()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.workers, w.errs = nil, nil
}

// madeReport is a report the module handed the page side, and when.
type madeReport struct {
	Body string  `json:"body"`
	At   float64 `json:"at"` // ms since the epoch
}

// reports returns the reports every watched worker's module made, and the
// workers' script URLs.
func (w *moduleWatch) reports() (reports []madeReport, urls []string, err error) {
	w.wg.Wait()
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.errs) > 0 {
		return nil, nil, w.errs[0]
	}
	for _, wk := range w.workers {
		var got []madeReport
		if err := chromedp.Run(wk.ctx, chromedp.Evaluate(`self.__hearthAuditReports || []`, &got)); err != nil {
			return nil, nil, fmt.Errorf("reading what the module in %s made: %w", wk.url, err)
		}
		reports = append(reports, got...)
		urls = append(urls, wk.url)
	}
	return reports, urls, nil
}
