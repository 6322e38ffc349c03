package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/tool/chrome"
)

// Two tabs of one site never lose each other's updates, and a preference
// set in one shows in the other at once.
func TestBrowserTwoTabs(t *testing.T) {
	s, tabA, _ := browse(t)
	tabB, cancelB := chromedp.NewContext(tabA)
	defer cancelB()
	if err := chromedp.Run(tabA, chromedp.Navigate(s.url+"/c/camping/"), chrome.WaitReady()); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(tabB, runtime.Enable(), chromedp.Navigate(s.url+"/"), chrome.WaitReady()); err != nil {
		t.Fatal(err)
	}
	// Interleaved writes from both tabs.
	steps := []struct {
		tab context.Context
		js  string
	}{
		{tabA, `hearth.track("camping", 2)`},
		{tabB, `hearth.track("running", 2)`},
		{tabA, `hearth.declare("climbing", true)`},
		{tabB, `hearth.track("running", 1)`},
	}
	for _, st := range steps {
		if err := chromedp.Run(st.tab, chrome.EvalAwait(st.js, nil)); err != nil {
			t.Fatal(err)
		}
	}
	var checked bool
	// The storage event reaches tab B asynchronously.
	if err := chromedp.Run(tabB, chromedp.Poll(`document.querySelector('input[data-hearth-declare="climbing"]').checked`, &checked, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Errorf("tab B's climbing checkbox did not follow tab A's declaration: %v", err)
		var dbg any
		chromedp.Run(tabB, chromedp.Evaluate(`({p: hearth.profile(), s: localStorage.getItem("hearth:v1"), vis: document.visibilityState})`, &dbg))
		t.Logf("tab B: %v", dbg)
	}
	// Both tabs' writes converge in storage (each merges on the other's event).
	var converged bool
	if err := chromedp.Run(tabA, chromedp.Poll(`(() => { const s = JSON.parse(localStorage.getItem("hearth:v1"));
		return !!(s.declared && s.declared.climbing && s.declared.climbing.on && s.topics.camping && s.topics.running && s.pages === 2); })()`,
		&converged, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Errorf("storage did not converge to both tabs' updates: %v", err)
	}
	var stored struct {
		Topics   map[string]any `json:"topics"`
		Declared map[string]struct {
			On bool `json:"on"`
		} `json:"declared"`
		Pages int `json:"pages"`
	}
	if err := chromedp.Run(tabB, chromedp.Evaluate(`JSON.parse(localStorage.getItem("hearth:v1"))`, &stored)); err != nil {
		t.Fatal(err)
	}
	for _, topic := range []string{"camping", "running"} {
		if _, ok := stored.Topics[topic]; !ok {
			t.Errorf("stored profile lost %s: %v", topic, stored.Topics)
		}
	}
	if !stored.Declared["climbing"].On {
		t.Errorf("stored profile lost the climbing declaration: %v", stored.Declared)
	}
	if stored.Pages != 2 {
		t.Errorf("stored pages = %d, want 2 (one per tab)", stored.Pages)
	}
	var eventsB int
	if err := chromedp.Run(tabB, chromedp.Evaluate(`hearth.profile().topics.camping.events.length`, &eventsB)); err != nil {
		t.Fatalf("tab B does not know tab A's camping events: %v", err)
	}
	if eventsB != 2 {
		t.Errorf("tab B sees %d camping events, want 2 (a view and a track in tab A)", eventsB)
	}
}

// A corrupt, truncated or foreign value is set aside: the page shows its
// defaults, the panel says the profile was reset, and the next save writes
// a readable profile.
func TestBrowserCorruptStoredValue(t *testing.T) {
	for _, tc := range []struct{ name, value string }{
		{"truncated", `{"v":1,"topics":{"camping":{"events":[{"kind":"vi`},
		{"foreign", `{"theme":"dark","v":1}`},
		{"not json", `<<binary garbage \u0000>>`},
		{"other version", `{"v":2,"replay":[{"path":"/","slots":{"hero":"camping"}}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, tab, _ := browse(t)
			var hero heroState
			var stored string
			if err := chromedp.Run(tab,
				chromedp.Navigate(s.url+"/healthz"),
				chromedp.Evaluate(`localStorage.setItem("hearth:v1", `+jsString(tc.value)+`)`, nil),
				chromedp.Navigate(s.url+"/"),
				chrome.WaitReady(),
				chromedp.Evaluate(heroJS, &hero),
				chromedp.Evaluate(`localStorage.getItem("hearth:v1")`, &stored),
			); err != nil {
				t.Fatal(err)
			}
			if hero.Applied != "" || hero.Hidden || !strings.Contains(hero.Text, "Gear for every trail") {
				t.Errorf("hero = %+v, want the visible default", hero)
			}
			if !strings.HasPrefix(stored, `{"v":1,`) || strings.Contains(stored, "theme") {
				t.Errorf("stored value after the visit = %q, want a fresh profile", stored)
			}
			text, err := panelText(tab)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(text, "Your stored profile could not be read, so it was reset.") {
				t.Errorf("panel does not say the profile was reset:\n%s", text)
			}
		})
	}
}

// Storage that throws on every call (disabled, private mode, quota): the page
// still personalizes for this visit and the panel says nothing is kept.
func TestBrowserStorageThrows(t *testing.T) {
	s, tab, _ := browse(t)
	const breakStorage = `(() => { const fail = () => { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };
		Storage.prototype.getItem = fail; Storage.prototype.setItem = fail; Storage.prototype.removeItem = fail; })();`
	var hero heroState
	if err := chromedp.Run(tab,
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(breakStorage).Do(ctx)
			return err
		}),
		chromedp.Navigate(s.url+"/"),
		chrome.WaitReady(),
		chromedp.Click(`input[data-hearth-declare="camping"]`, chromedp.ByQuery), chrome.Settle(),
		chromedp.Evaluate(heroJS, &hero),
	); err != nil {
		t.Fatal(err)
	}
	if hero.Applied != "camping" {
		t.Errorf("with storage throwing, declaring camping gave hero %+v, want the camping variant", hero)
	}
	text, err := panelText(tab)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "nothing will be remembered after this page") {
		t.Errorf("panel does not say nothing is remembered:\n%s", text)
	}
}

// A click on a topic-bearing link leaves the page at once, before the
// worker can answer: the page side queues it in hearth:v1 and it is counted
// exactly once, on the next page if not before.
func TestBrowserLinkClickCountedOnce(t *testing.T) {
	s, tab, _ := browse(t)
	var clicks, pending int
	// The worker never hears of the click, as when the page is gone first.
	const lose = `(() => { const post = Worker.prototype.postMessage;
		Worker.prototype.postMessage = function (m) { if (typeof m === "string" && m.includes('"t":"click"')) return; return post.apply(this, arguments); }; })()`
	if err := chromedp.Run(tab,
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(lose).Do(ctx)
			return err
		}),
		chromedp.Navigate(s.url+"/"), chrome.WaitReady(),
		// The click navigates: wait for the next page's load, not on the old one.
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := chromedp.RunResponse(ctx, chromedp.Click(`nav a[href="/c/camping/"][data-hearth-topics="camping"]`, chromedp.ByQuery))
			return err
		}),
		chrome.WaitReady(), chrome.Settle(),
		chromedp.Evaluate(`hearth.profile().topics.camping.events.filter(e => e.kind === "click").length`, &clicks),
		chromedp.Evaluate(`(JSON.parse(localStorage.getItem("hearth:v1")).pending || []).length`, &pending),
	); err != nil {
		t.Fatal(err)
	}
	if clicks != 1 || pending != 0 {
		t.Errorf("after clicking the camping link: %d click events, %d still pending; want 1 and 0", clicks, pending)
	}
}

// A full quota: reading works, every write throws. The first write fails
// while the worker's first answer is applied; the worker then keeps the
// profile in memory and the panel says nothing will be remembered.
func TestBrowserStorageQuotaFull(t *testing.T) {
	s, tab, _ := browse(t)
	const full = `Storage.prototype.setItem = () => { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };`
	if err := chromedp.Run(tab,
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(full).Do(ctx)
			return err
		}),
		chromedp.Navigate(s.url+"/"), chrome.WaitReady(), chrome.Settle(),
	); err != nil {
		t.Fatal(err)
	}
	text, err := panelText(tab)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "nothing will be remembered after this page") {
		t.Errorf("with a full quota the panel does not say nothing is remembered:\n%s", text)
	}
}

// The panel promises that the visitor's answers beat what Hearth infers: a
// declared preference wins against a stronger inferred interest, whatever
// the config's order.
func TestBrowserDeclaredBeatsInferred(t *testing.T) {
	s, tab, _ := browse(t)
	var hero heroState
	if err := chromedp.Run(tab,
		chromedp.Navigate(s.url+"/c/camping/"), chrome.WaitReady(), chromedp.Navigate(s.url+"/c/camping/"), chrome.WaitReady(),
		chromedp.Navigate(s.url+"/"), chrome.WaitReady(), chrome.Settle(),
		chromedp.Evaluate(heroJS, &hero),
	); err != nil {
		t.Fatal(err)
	}
	if hero.Applied != "camping" {
		t.Fatalf("after two camping pages: hero %q, want camping", hero.Applied)
	}
	if err := chromedp.Run(tab,
		chromedp.Click(`input[data-hearth-declare="running"]`, chromedp.ByQuery), chrome.Settle(),
		chromedp.Evaluate(heroJS, &hero),
	); err != nil {
		t.Fatal(err)
	}
	if hero.Applied != "running" {
		t.Errorf("after declaring running against an inferred interest in camping: hero %q, want running", hero.Applied)
	}
}
