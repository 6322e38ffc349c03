package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/manifest"
	"github.com/hearth-personalization/hearth/tool/chrome"
	"github.com/hearth-personalization/hearth/wasm/session"
	"github.com/hearth-personalization/hearth/wasm/session/contractcase"
)

// The page<->worker contract's cases (wasm/session/testdata/contract.json,
// #34.3) through the built module in a real browser's Web Worker, as the
// page side speaks to it: the same answers as natively, from the code the
// site serves (a difference between the wasm build and the native one, or
// in the worker's glue, fails here and not there).
func TestContractCasesInTheBrowser(t *testing.T) {
	s, tab, _ := browse(t)
	steps, err := contractcase.Read(s.root)
	if err != nil {
		t.Fatal(err)
	}
	var stored *string // hearth:v1 as the page side keeps it, from each answer in turn
	if err := chromedp.Run(tab, chromedp.Navigate(s.url+"/"), chrome.WaitReady()); err != nil {
		t.Fatal(err)
	}
	// The worker as the page side starts it: its script, then the module's
	// address and integrity; each answer (a text) settles the oldest wait.
	start := `window.contractWorker = new Worker(` + jsString("/hearth/"+s.manifest.Files[manifest.Worker].File) + `);
		window.contractWaits = [];
		contractWorker.onmessage = e => { if (typeof e.data === "string" && contractWaits.length) contractWaits.shift()(e.data); };
		contractWorker.onerror = e => { while (contractWaits.length) contractWaits.shift()("worker error: " + e.message); };
		contractWorker.postMessage({url: ` + jsString("/hearth/"+s.manifest.Files[manifest.Wasm].File) + `, integrity: ` + jsString(s.manifest.Files[manifest.Wasm].Integrity) + `}); true`
	if err := chromedp.Run(tab, chromedp.Evaluate(start, nil)); err != nil {
		t.Fatal(err)
	}
	for i, step := range steps {
		msg := step.Message(stored)
		var answer string
		send := `new Promise(resolve => { contractWaits.push(resolve); contractWorker.postMessage(` + jsString(string(msg)) + `); })`
		if err := chromedp.Run(tab, chrome.EvalAwait(send, &answer)); err != nil {
			t.Fatalf("step %d (%s): %v", i+1, step.Name, err)
		}
		if err := step.Check([]byte(answer), session.UpdateKeys); err != nil {
			t.Errorf("in the browser: %v", err)
		}
		stored = contractcase.Stored([]byte(answer), stored)
	}
}
