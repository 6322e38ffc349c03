package e2e

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/tool/chrome"
)

// Hearth's start keeps its tasks short (#25): under Lighthouse's 4× CPU,
// the page side's start, with the stylesheet, the config and the worker
// requested in one task, made one of 50-53 ms. The stylesheet now comes
// inside the page script and the worker fetches the config (#36), so the
// start is two steps: the check of the worker's script, then the worker.

// taskWatch marks, with a User Timing mark, the first of each of the page
// side's start calls: each fetch (by the file's name), a <link> to a
// stylesheet of the bundle and the worker's start. The test then finds,
// in a trace of the page's main thread, the task each mark fell in
// (#34.8: counting microtask checkpoints in JavaScript would have stayed
// green if the steps ran in one task through a chain of promises).
const taskWatch = `(function () {
	const seen = {};
	const note = what => { if (!seen[what]) { seen[what] = true; performance.mark("hearth-task:" + what); } };
	const fetch = window.fetch;
	window.fetch = function (u) { note("fetch " + String(u).split("/").pop().split(".")[0]); return fetch.apply(this, arguments); };
	const W = window.Worker;
	window.Worker = function (u, o) { note("worker"); return new W(u, o); };
	const append = Node.prototype.appendChild;
	Node.prototype.appendChild = function (c) {
		if (c instanceof HTMLLinkElement && /\/hearth\/hearth\./.test(c.href)) note("stylesheet");
		return append.call(this, c);
	};
})();`

// traceEvent is what the test reads of a Chrome trace event.
type traceEvent struct {
	Name string  `json:"name"`
	Cat  string  `json:"cat"`
	Ph   string  `json:"ph"`
	TS   float64 `json:"ts"`
	Dur  float64 `json:"dur"`
	PID  int     `json:"pid"`
	TID  int     `json:"tid"`
}

// The page side asks for the worker's script (its check), and starts the
// worker, each in a task of its own: the trace's top-level task around
// each step's mark is a later one than the step before's. It asks for
// nothing else: neither the stylesheet (inside the page script) nor the
// config (the worker's) is a request of the page's main thread.
func TestBrowserPageSideStartsOverTasks(t *testing.T) {
	s, tab, _ := browse(t)
	var events []traceEvent
	done := make(chan struct{})
	chromedp.ListenTarget(tab, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			for _, v := range e.Value {
				var te traceEvent
				if json.Unmarshal([]byte(v), &te) == nil {
					events = append(events, te)
				}
			}
		case *tracing.EventTracingComplete:
			close(done)
		}
	})
	if err := chromedp.Run(tab,
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(taskWatch).Do(ctx)
			return err
		}),
		tracing.Start().WithTraceConfig(&tracing.TraceConfig{IncludedCategories: []string{"toplevel", "blink.user_timing"}}).WithTransferMode(tracing.TransferModeReportEvents),
		chromedp.Navigate(s.url+"/"), chrome.WaitReady(),
		tracing.End(),
	); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-tab.Done():
		t.Fatal("the tab closed before the trace was complete")
	}
	steps := []string{"fetch hearth-worker", "worker"}
	task := map[string]float64{} // step → the start of the top-level task its mark fell in
	for _, m := range events {
		what, ok := strings.CutPrefix(m.Name, "hearth-task:")
		if !ok || m.Cat != "blink.user_timing" {
			continue
		}
		for _, e := range events {
			if e.Ph == "X" && e.Cat == "toplevel" && e.PID == m.PID && e.TID == m.TID && e.TS <= m.TS && m.TS <= e.TS+e.Dur {
				if start, seen := task[what]; !seen || e.TS > start {
					task[what] = e.TS // the innermost top-level task around it
				}
			}
		}
	}
	for what := range task {
		if !slices.Contains(steps, what) {
			t.Errorf("the page asked for %q on its main thread: want only %v", what, steps)
		}
	}
	for _, w := range steps {
		if _, ok := task[w]; !ok {
			t.Fatalf("no task found around %q's mark in the trace (%d events; found %v)", w, len(events), task)
		}
	}
	for i := 1; i < len(steps); i++ {
		if task[steps[i]] <= task[steps[i-1]] {
			t.Errorf("%s in the task from %.0f µs, %s in the task from %.0f µs: want each step in a later task than the one before",
				steps[i-1], task[steps[i-1]], steps[i], task[steps[i]])
		}
	}
}
