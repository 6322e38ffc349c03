package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
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
		chromedp.Click(`.hearth-item[data-hearth-item="beanie"] button.hearth-dismiss`, chromedp.ByQuery),
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
	if err := chromedp.Run(tab, chromedp.Evaluate(`hearth.track("purchase", "merino-scarf")`, nil), chromedp.Reload(), waitReady(), chromedp.Evaluate(recsJS("complements"), &rec)); err != nil {
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
