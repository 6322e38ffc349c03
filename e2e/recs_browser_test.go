package e2e

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/tool/chrome"
)

type recState struct {
	Items []string `json:"items"`
	Why   int      `json:"why"`
	Text  string   `json:"text"`
}

func recsJS(kind string) string {
	return `(() => { const s = document.querySelector('[data-hearth-recommend="` + kind + `"]');
		return {items: [...s.querySelectorAll("[data-hearth-item]:not(template)")].map(e => e.getAttribute("data-hearth-item")),
			why: s.querySelectorAll("button.hearth-why").length, text: s.textContent}; })()`
}

// The coat → accessories path: a visitor who views the parka sees the scarf
// the config pairs with it, then gloves and a hat (the page's order), each with its own "Why?";
// never the dog bowl. A dismissed item stays gone across reloads; the home
// page reminds of the parka at most twice a day.
func TestBrowserRecommendations(t *testing.T) {
	s, tab, _ := browse(t)
	var rec recState
	if err := chromedp.Run(tab, chromedp.Navigate(s.url+"/p/parka/"), chrome.WaitReady(), chromedp.Evaluate(recsJS("complements"), &rec)); err != nil {
		t.Fatal(err)
	}
	// (gloves and the hat score alike: the page's order)
	if strings.Join(rec.Items, ",") != "merino-scarf,wool-gloves,beanie" || rec.Why != 3 {
		t.Fatalf("complements of the parka = %v (%d Why?), want merino-scarf,wool-gloves,beanie each with a Why?", rec.Items, rec.Why)
	}
	// Why? on the gloves explains with the parka.
	if err := chromedp.Run(tab,
		chromedp.Click(`[data-hearth-item="wool-gloves"]:not(template) button.hearth-why`, chromedp.ByQuery),
		chromedp.WaitVisible(`#hearth-panel`, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	var text string
	if err := chromedp.Run(tab, chromedp.Evaluate(`document.getElementById("hearth-panel").shadowRoot.textContent`, &text)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "Goes with the Summit parka you viewed today.") || !strings.Contains(text, "Items you looked at") {
		t.Errorf("panel does not explain the recommendation:\n%s", text)
	}
	// Dismiss the beanie on the page: it goes, and stays gone.
	if err := chromedp.Run(tab,
		chromedp.KeyEvent("\x1b"),
		chromedp.Click(`[data-hearth-item="beanie"]:not(template) button.hearth-dismiss`, chromedp.ByQuery), chrome.Settle(),
		chromedp.Evaluate(recsJS("complements"), &rec),
	); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(rec.Items, ","), "beanie") {
		t.Errorf("the dismissed beanie is still shown: %v", rec.Items)
	}
	if err := chromedp.Run(tab, chromedp.Reload(), chrome.WaitReady(), chromedp.Evaluate(recsJS("complements"), &rec)); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rec.Items, ","); got != "merino-scarf,wool-gloves" {
		t.Errorf("after reload: %v, want merino-scarf,wool-gloves", got)
	}
	// Buying the scarf (the page marks it, as an order confirmation would).
	if err := chromedp.Run(tab, chrome.EvalAwait(`hearth.track("purchase", "merino-scarf")`, nil), chromedp.Reload(), chrome.WaitReady(), chromedp.Evaluate(recsJS("complements"), &rec)); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rec.Items, ","); got != "wool-gloves" {
		t.Errorf("after buying the scarf: %v, want wool-gloves", got)
	}
	// Home: "recently viewed" reminds of the parka, twice a day at most.
	for i, want := range []string{"parka", "parka", ""} {
		if err := chromedp.Run(tab, chromedp.Navigate(s.url+"/"), chrome.WaitReady(), chromedp.Evaluate(recsJS("recent"), &rec)); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(rec.Items, ","); got != want {
			t.Errorf("home visit %d: recently viewed = %q, want %q", i+1, got, want)
		}
	}
	if !strings.Contains(rec.Text, "Items you look at show up here") {
		t.Errorf("past the cap, the slot should show its default: %q", rec.Text)
	}
}

// A returning visitor's recommendation slots show their remembered items
// from the loader's replay, before the module is there (here: the module
// arrives 1.5 s late); the module then confirms them and adds their
// buttons, without changing what shows.
func TestBrowserRecsReplayBeforeModule(t *testing.T) {
	s, tab, _ := browse(t)
	h, err := server.New(os.DirFS(distDir), os.DirFS(filepath.Join(s.root, "web", "demo")))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			time.Sleep(1500 * time.Millisecond)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)

	var first recState
	if err := chromedp.Run(tab, chromedp.Navigate(srv.URL+"/p/parka/"), chrome.WaitReady(), chromedp.Evaluate(recsJS("complements"), &first)); err != nil {
		t.Fatal(err)
	}
	if len(first.Items) == 0 {
		t.Fatal("no complements on the first view of the parka")
	}
	type early struct {
		recState
		Ready    bool `json:"ready"`
		Replayed bool `json:"replayed"`
	}
	var before early
	var after recState
	if err := chromedp.Run(tab,
		chromedp.Navigate(srv.URL+"/p/parka/"),
		chromedp.Evaluate(`new Promise(r => { (function poll() {
			const s = document.querySelector('[data-hearth-recommend="complements"]');
			if (s && s.hasAttribute("data-hearth-applied")) return r(Object.assign(`+recsJS("complements")+`,
				{ready: performance.getEntriesByName("hearth:ready").length > 0, replayed: s.hasAttribute("data-hearth-replayed")}));
			setTimeout(poll, 5); })(); })`, &before, chrome.AwaitPromise),
		chrome.WaitReady(),
		chromedp.Evaluate(recsJS("complements"), &after),
	); err != nil {
		t.Fatal(err)
	}
	want := strings.Join(first.Items, ",")
	if got := strings.Join(before.Items, ","); got != want || before.Ready || !before.Replayed || before.Why != 0 {
		t.Errorf("before the module: items %q (ready %v, replayed %v, %d Why?), want %q from the loader's replay", got, before.Ready, before.Replayed, before.Why, want)
	}
	if got := strings.Join(after.Items, ","); got != want || after.Why != len(first.Items) {
		t.Errorf("after the module: items %q with %d Why?, want %q each with its Why?", got, after.Why, want)
	}
}

// Recommended items are the template's own elements, not wrapped: in a
// Bootstrap-like grid each item's .col stays a direct child of the .row
// (the framework's `.row > *` rules apply), carries the SKU, and holds its
// Why? and × buttons, from the loader's replay as from the module.
func TestBrowserRecsKeepTheGrid(t *testing.T) {
	cfg, err := os.ReadFile(filepath.Join(demoSite(t).root, "web", "demo", "hearth.json"))
	if err != nil {
		t.Fatal(err)
	}
	item := func(sku, topic string) string {
		return `<template data-hearth-item-template data-hearth-item="` + sku + `" data-hearth-name="` + sku + `" data-hearth-topics="` + topic + `">
  <div class="col"><div class="card"><a href="/p/` + sku + `/">` + sku + `</a></div></div></template>`
	}
	page := func(sku, topic string) string {
		return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<meta name="hearth:item" content="` + sku + `"><meta name="hearth:topics" content="` + topic + `">
<link rel="stylesheet" href="/grid.css">
<script src="/hearth/hearth.js" data-config="/hearth.json" async></script></head>
<body><div class="row" data-hearth-recommend="recent" data-hearth-count="3"><p>nothing yet</p></div>` +
			item("parka", "coats") + item("tent", "camping") + `</body></html>`
	}
	url := customSite(t, map[string]string{"hearth.json": string(cfg),
		"grid.css":           ".row { display: flex; flex-wrap: wrap; } .row > * { flex: 0 0 50%; box-sizing: border-box; }",
		"p/parka/index.html": page("parka", "coats"), "p/tent/index.html": page("tent", "camping")})
	_, tab, _ := browse(t)
	type grid struct {
		Children []string `json:"children"` // each direct child: its class and SKU
		Buttons  int      `json:"buttons"`  // Why? and × inside a .col
		Width    float64  `json:"width"`    // the first .col's share of the row
	}
	gridJS := `(() => { const row = document.querySelector(".row");
		return {children: [...row.children].map(c => c.className + ":" + (c.getAttribute("data-hearth-item") || "")),
			buttons: row.querySelectorAll(".col > .hearth-bar > button.hearth-why, .col > .hearth-bar > button.hearth-dismiss").length,
			width: row.firstElementChild.getBoundingClientRect().width / row.getBoundingClientRect().width}; })()`
	var g grid
	if err := chromedp.Run(tab, chromedp.Navigate(url+"/p/parka/"), chrome.WaitReady(), chrome.Settle(),
		chromedp.Navigate(url+"/p/tent/"), chrome.WaitReady(), chrome.Settle(), chromedp.Evaluate(gridJS, &g)); err != nil {
		t.Fatal(err)
	}
	if strings.Join(g.Children, ",") != "col:parka" || g.Buttons != 2 || g.Width < 0.49 || g.Width > 0.51 {
		t.Errorf("the row holds %v with %d buttons in its .col, the first %.2f of its width; want col:parka with its Why? and × inside, half the row", g.Children, g.Buttons, g.Width)
	}
}
