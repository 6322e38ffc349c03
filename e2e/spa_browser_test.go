package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/tool/chrome"
)

// A single-page app: pushState and back count as page views (once each),
// the topics meta is read again, and a slot the app renders later is
// personalized.
func TestBrowserSinglePageApp(t *testing.T) {
	s, tab, _ := browse(t)
	type state struct {
		Pages   int    `json:"pages"`
		Camping int    `json:"camping"`
		Hero    string `json:"hero"`
	}
	const stateJS = `(() => { const p = hearth.profile(); const c = p.topics.camping;
		const h = document.querySelector('[data-hearth-slot="spa-hero"]');
		return {pages: p.pages, camping: c ? c.events.filter(e => e.kind === "view").length : 0, hero: h ? (h.getAttribute("data-hearth-applied") || "default") : "none"}; })()`
	var st state
	nav := func(section string) chromedp.Action {
		return chromedp.Click(`#spa-nav a[data-section="`+section+`"]`, chromedp.ByQuery)
	}
	if err := chromedp.Run(tab, chromedp.Navigate(s.url+"/spa/"), chrome.WaitReady(), chromedp.Evaluate(stateJS, &st)); err != nil {
		t.Fatal(err)
	}
	if st.Pages != 1 || st.Hero != "default" {
		t.Fatalf("first load: %+v, want 1 page and the default banner", st)
	}
	if err := chromedp.Run(tab, nav("camping"), chromedp.Sleep(200*time.Millisecond), nav("running"), chromedp.Sleep(200*time.Millisecond),
		nav("camping"), chromedp.Sleep(200*time.Millisecond), nav("home"), chromedp.Sleep(300*time.Millisecond),
		chromedp.Evaluate(stateJS, &st)); err != nil {
		t.Fatal(err)
	}
	if st.Pages != 5 || st.Camping != 2 || st.Hero != "camping" {
		t.Errorf("after 4 client-side navigations: %+v; want 5 pages, 2 camping views, the camping banner on the re-rendered slot", st)
	}
	// Back (popstate) counts once; pushing the same URL again does not.
	if err := chromedp.Run(tab, chromedp.NavigateBack(), chromedp.Sleep(300*time.Millisecond),
		chromedp.Evaluate(`history.replaceState({}, "", location.href)`, nil), chromedp.Sleep(200*time.Millisecond),
		chromedp.Evaluate(stateJS, &st)); err != nil {
		t.Fatal(err)
	}
	if st.Pages != 6 || st.Camping != 3 {
		t.Errorf("after going back to the camping guide: %+v; want 6 pages, 3 camping views", st)
	}
	// Recommendations work after client-side navigation too: the parka
	// viewed on its own page shows up in the guide's "recently viewed" when
	// the app renders it.
	var recent []string
	if err := chromedp.Run(tab,
		chromedp.Navigate(s.url+"/p/parka/"), chrome.WaitReady(),
		chromedp.Navigate(s.url+"/spa/?section=running"), chrome.WaitReady(),
		nav("home"), chromedp.Sleep(300*time.Millisecond),
		chromedp.Evaluate(`[...document.querySelectorAll('[data-hearth-recommend="recent"] [data-hearth-item]:not(template)')].map(e => e.getAttribute("data-hearth-item"))`, &recent),
	); err != nil {
		t.Fatal(err)
	}
	if len(recent) != 1 || recent[0] != "parka" {
		t.Errorf("recently viewed in the guide after navigating = %v, want [parka]", recent)
	}
}
