package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/tool/chrome"
)

// Hearth's start keeps its tasks short (#25): under Lighthouse's 4× CPU,
// the page side's start, with the stylesheet, the config and the worker
// requested in one task, made one of 50-53 ms.

// taskWatch numbers the page's tasks as the calls below see them: a call
// takes a new number unless one was taken since the last microtask
// checkpoint (each timer's callback ends with one). It records the
// stylesheet's request (a fetch: it is adopted, see web/page/style.js, or
// a <link> where constructed stylesheets are missing), each other fetch
// and the worker's start.
const taskWatch = `window.__tasks = []; (function () {
	let n = 0, open = false;
	const task = () => { if (!open) { open = true; n++; queueMicrotask(() => { open = false; }); } return n; };
	const note = what => window.__tasks.push([what, task()]);
	const fetch = window.fetch;
	window.fetch = function (u) { const f = String(u).split("/").pop(); note(/^hearth\.[0-9a-f]+\.css$/.test(f) ? "stylesheet" : "fetch " + f.split(".")[0]); return fetch.apply(this, arguments); };
	const W = window.Worker;
	window.Worker = function (u, o) { note("worker"); return new W(u, o); };
	const append = Node.prototype.appendChild;
	Node.prototype.appendChild = function (c) {
		if (c instanceof HTMLLinkElement && /\/hearth\/hearth\./.test(c.href)) note("stylesheet");
		return append.call(this, c);
	};
})();`

// The page side asks for the stylesheet, the config and the worker's
// script (its check), and starts the worker, each in a task of its own.
func TestBrowserPageSideStartsOverTasks(t *testing.T) {
	s, tab, _ := browse(t)
	var got [][2]any
	if err := chromedp.Run(tab,
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(taskWatch).Do(ctx)
			return err
		}),
		chromedp.Navigate(s.url+"/"), chrome.WaitReady(),
		chromedp.Evaluate(`window.__tasks`, &got),
	); err != nil {
		t.Fatal(err)
	}
	task := map[string]float64{}
	for _, c := range got {
		what, _ := c[0].(string)
		n, _ := c[1].(float64)
		if _, seen := task[what]; !seen {
			task[what] = n
		}
	}
	steps := []string{"stylesheet", "fetch hearth", "fetch hearth-worker", "worker"}
	for _, w := range steps {
		if _, ok := task[w]; !ok {
			t.Fatalf("no %q among the page's calls %v", w, got)
		}
	}
	for i := 1; i < len(steps); i++ {
		if task[steps[i]] <= task[steps[i-1]] {
			t.Errorf("%s in task %v, %s in task %v: want each step in a later task than the one before (calls: %v)",
				steps[i-1], task[steps[i-1]], steps[i], task[steps[i]], got)
		}
	}
}
