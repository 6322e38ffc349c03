package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/tool/bench"
	"github.com/hearth-personalization/hearth/tool/chrome"
)

// layoutShifts loads url as a returning visitor whose stored profile is
// seed (its replay shows a variant), on a slow phone's CPU and network (so
// that the async loader lands after the first paint), at width w, and
// returns the page's layout shift (the sum of its entries, once the page,
// its fonts and Hearth, if it has it, are ready) and whether the replay
// came after the first contentful paint.
func layoutShifts(t *testing.T, tab context.Context, url, seed string, w int64) (cls float64, late bool) {
	t.Helper()
	observe := `window.__cls = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; }).observe({type: "layout-shift", buffered: true});`
	var id page.ScriptIdentifier
	var ok bool
	loaded := chrome.EvalAwait(`new Promise(r => document.readyState === "complete" ? r() : addEventListener("load", r))
		.then(() => document.fonts.ready).then(() => !document.querySelector('script[src$="/hearth.js"]') || window.hearth.ready).then(() => true)`, &ok)
	err := chromedp.Run(tab, chromedp.EmulateViewport(w, 900),
		chromedp.Navigate(url), loaded,
		chromedp.Evaluate(`localStorage.setItem("hearth:v1", `+jsString(seed)+`)`, nil),
		chromedp.ActionFunc(func(ctx context.Context) (err error) {
			id, err = page.AddScriptToEvaluateOnNewDocument(observe).Do(ctx)
			return err
		}),
		emulation.SetCPUThrottlingRate(4),
		network.Enable(),
		network.EmulateNetworkConditions(false, 150, 1.6*1024*1024/8, 750*1024/8),
		chromedp.Navigate(url), loaded,
		chromedp.Evaluate(`window.__cls`, &cls),
		chromedp.Evaluate(`(performance.getEntriesByName("hearth:applied")[0] || {}).startTime > (performance.getEntriesByName("first-contentful-paint")[0] || {}).startTime`, &late),
		emulation.SetCPUThrottlingRate(1),
		network.EmulateNetworkConditions(false, 0, -1, -1),
		chromedp.ActionFunc(func(ctx context.Context) error { return page.RemoveScriptToEvaluateOnNewDocument(id).Do(ctx) }),
	)
	if err != nil {
		t.Fatal(err)
	}
	return cls, late
}

// A returning visitor's page moves nothing on the demo (#25): the "Why?"
// bar adds no height to a slot marked data-hearth-reserve (the page's own
// CSS keeps its line), where it adds its line to one that is not; every
// banner variant fits the slot as the default does; and, end to end on a
// throttled phone and desktop, the page's layout shift is 0.
func TestBrowserReturningVisitorNoLayoutShift(t *testing.T) {
	s, tab, _ := browse(t)
	files := demoFiles(t)
	files["index.html"] = strings.Replace(files["index.html"], " data-hearth-reserve", "", 1)
	without := customSite(t, files)
	// The slot's height with its bar, without it, and with each variant.
	const heights = `(() => { const slot = document.querySelector("[data-hearth-slot=hero]");
		const withBar = slot.getBoundingClientRect().height, bar = slot.querySelector(".hearth-bar");
		if (bar) bar.remove();
		const out = {withBar, withoutBar: slot.getBoundingClientRect().height, hadBar: !!bar, variants: {}};
		if (bar) slot.appendChild(bar);
		for (const t of document.querySelectorAll('template[data-hearth-variant^="hero/"]')) {
			const d = slot.cloneNode(false); d.removeAttribute("data-hearth-slot"); d.appendChild(t.content.cloneNode(true));
			slot.parentNode.insertBefore(d, slot); out.variants[t.getAttribute("data-hearth-variant")] = d.getBoundingClientRect().height; d.remove(); }
		return out; })()`
	type sizes struct {
		WithBar, WithoutBar float64
		HadBar              bool
		Variants            map[string]float64
	}
	for _, w := range []int64{412, 1350} {
		var reserved, plain sizes
		var defaultHeight float64
		err := chromedp.Run(tab, chromedp.EmulateViewport(w, 900),
			chromedp.Navigate(s.url+"/"), chrome.WaitReady(),
			chromedp.Evaluate(`localStorage.clear(); document.querySelector("[data-hearth-slot=hero]").getBoundingClientRect().height`, &defaultHeight),
			chromedp.Evaluate(`localStorage.setItem("hearth:v1", `+jsString(bench.Returning())+`)`, nil),
			chromedp.Navigate(s.url+"/"), chrome.WaitReady(), chromedp.Evaluate(heights, &reserved),
			chromedp.Navigate(without+"/"), chrome.WaitReady(),
			chromedp.Evaluate(`localStorage.setItem("hearth:v1", `+jsString(bench.Returning())+`)`, nil),
			chromedp.Navigate(without+"/"), chrome.WaitReady(), chromedp.Evaluate(heights, &plain),
		)
		if err != nil {
			t.Fatal(err)
		}
		if !reserved.HadBar || reserved.WithBar != reserved.WithoutBar {
			t.Errorf("width %d: the reserved slot is %.1f px with its bar, %.1f without (bar shown: %v): the bar must add no height", w, reserved.WithBar, reserved.WithoutBar, reserved.HadBar)
		}
		if !plain.HadBar || plain.WithBar-plain.WithoutBar < 20 {
			t.Errorf("width %d: without data-hearth-reserve the bar added %.1f px: the test does not see the line it guards against", w, plain.WithBar-plain.WithoutBar)
		}
		for v, h := range reserved.Variants {
			if h != defaultHeight {
				t.Errorf("width %d: variant %s is %.1f px high, the default %.1f: replacing it moves the page", w, v, h, defaultHeight)
			}
		}
		cls, late := layoutShifts(t, tab, s.url+"/", bench.Returning(), w)
		if cls != 0 {
			t.Errorf("width %d: layout shift %.4f for a returning visitor, want 0", w, cls)
		}
		t.Logf("width %d: the bar adds %.1f px with the reservation, %.1f without; layout shift %.4f (first answer before the first contentful paint: %v)", w,
			reserved.WithBar-reserved.WithoutBar, plain.WithBar-plain.WithoutBar, cls, !late)
	}
}

// The same on the fixture shop's home (#25: its returning visitors' layout
// shift was 0.053): a visitor who looked at tents comes back, on a slow
// phone and on a desktop, and Hearth adds no layout shift while the loader
// replays the tents banner into the slot the shop reserves a line in and
// sizes for every variant. The shop's own shift (its icon font arriving)
// is measured on the same page without the loader, and subtracted; since
// it comes or not by timing, the test allows it once more.
func TestFixtureShopReturningVisitorNoLayoutShift(t *testing.T) {
	_, files := fixtureShopFiles(t)
	url := customSiteCSP(t, files, fixtureCSP)
	if !strings.Contains(files["index.html"], bench.ShopLoaderTag) {
		t.Fatal("the fixture shop's home lacks the loader tag this test removes")
	}
	files["index.html"] = strings.Replace(files["index.html"], bench.ShopLoaderTag, "", 1)
	without := customSiteCSP(t, files, fixtureCSP)
	_, tab, _ := browse(t)
	var seed, hero string
	if err := chromedp.Run(tab,
		chromedp.Navigate(url+"/c/tents/"), chrome.WaitReady(), chrome.Settle(),
		chromedp.Navigate(url+"/p/tent/"), chrome.WaitReady(), chrome.Settle(),
		chromedp.Navigate(url+"/"), chrome.WaitReady(), chrome.Settle(),
		chromedp.Evaluate(`localStorage.getItem("hearth:v1")`, &seed),
		chromedp.Evaluate(`document.querySelector('[data-hearth-slot="hero"]').getAttribute("data-hearth-applied") || ""`, &hero)); err != nil {
		t.Fatal(err)
	}
	if hero != "tents" || seed == "" {
		t.Fatalf("the visitor's profile does not show the tents banner (hero %q): the test would measure nothing", hero)
	}
	for _, w := range []int64{412, 1350} {
		cls, late := layoutShifts(t, tab, url+"/", seed, w)
		own, _ := layoutShifts(t, tab, without+"/", "", w)
		// The icon font's own shift (0.0002-0.0004) lands in either load or
		// neither, by timing: what is Hearth's must stay under Lighthouse's
		// resolution, 0.001 (the unsized banner added 0.004-0.087).
		if cls > own+0.001 {
			t.Errorf("width %d: layout shift %.4f for a returning visitor of the shop, %.4f without Hearth: Hearth adds %.4f, want under 0.001", w, cls, own, cls-own)
		}
		t.Logf("width %d: layout shift %.4f, without Hearth %.4f (first answer before the first contentful paint: %v)", w, cls, own, !late)
	}
}
