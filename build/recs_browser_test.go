package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hearth/server"
)

type recState struct {
	Items []string `json:"items"`
	Why   int      `json:"why"`
	Text  string   `json:"text"`
}

func recsJS(kind string) string {
	return `(() => { const s = document.querySelector('[data-hearth-recommend="` + kind + `"]');
		return {items: [...s.querySelectorAll(".hearth-item")].map(e => e.getAttribute("data-hearth-item")),
			why: s.querySelectorAll("button.hearth-why").length, text: s.textContent}; })()`
}

// The coat → accessories path: a visitor who views the parka sees the scarf
// the config pairs with it, then gloves and a hat, each with its own "Why?";
// never the dog bowl. A dismissed item stays gone across reloads; the home
// page reminds of the parka at most twice a day.
func TestBrowserRecommendations(t *testing.T) {
	s, tab, _ := browse(t)
	var rec recState
	if err := chromedp.Run(tab, chromedp.Navigate(s.url+"/p/parka/"), waitReady(), chromedp.Evaluate(recsJS("complements"), &rec)); err != nil {
		t.Fatal(err)
	}
	if strings.Join(rec.Items, ",") != "merino-scarf,beanie,wool-gloves" || rec.Why != 3 {
		t.Fatalf("complements of the parka = %v (%d Why?), want merino-scarf,beanie,wool-gloves each with a Why?", rec.Items, rec.Why)
	}
	// Why? on the gloves explains with the parka.
	if err := chromedp.Run(tab,
		chromedp.Click(`.hearth-item[data-hearth-item="wool-gloves"] button.hearth-why`, chromedp.ByQuery),
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
		chromedp.Click(`.hearth-item[data-hearth-item="beanie"] button.hearth-dismiss`, chromedp.ByQuery), settle(),
		chromedp.Evaluate(recsJS("complements"), &rec),
	); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(rec.Items, ","), "beanie") {
		t.Errorf("the dismissed beanie is still shown: %v", rec.Items)
	}
	if err := chromedp.Run(tab, chromedp.Reload(), waitReady(), chromedp.Evaluate(recsJS("complements"), &rec)); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rec.Items, ","); got != "merino-scarf,wool-gloves" {
		t.Errorf("after reload: %v, want merino-scarf,wool-gloves", got)
	}
	// Buying the scarf (the page marks it, as an order confirmation would).
	if err := chromedp.Run(tab, evalAwait(`hearth.track("purchase", "merino-scarf")`, nil), chromedp.Reload(), waitReady(), chromedp.Evaluate(recsJS("complements"), &rec)); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rec.Items, ","); got != "wool-gloves" {
		t.Errorf("after buying the scarf: %v, want wool-gloves", got)
	}
	// Home: "recently viewed" reminds of the parka, twice a day at most.
	for i, want := range []string{"parka", "parka", ""} {
		if err := chromedp.Run(tab, chromedp.Navigate(s.url+"/"), waitReady(), chromedp.Evaluate(recsJS("recent"), &rec)); err != nil {
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
	if err := chromedp.Run(tab, chromedp.Navigate(srv.URL+"/p/parka/"), waitReady(), chromedp.Evaluate(recsJS("complements"), &first)); err != nil {
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
			setTimeout(poll, 5); })(); })`, &before, awaitPromise),
		waitReady(),
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
