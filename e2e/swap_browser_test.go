package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/tool/chrome"
)

// swapRouters are the routers the swap site runs under: our own (pushing
// the URL before the fetch, as MkDocs Material does, or after the swap),
// Turbo and htmx's hx-boost, from npm (the Makefile's deps).
var swapRouters = []string{"before", "after", "turbo", "htmx"}

// swapVendor is where make deps puts each npm router.
var swapVendor = map[string]string{
	"turbo": "@hotwired/turbo/dist/turbo.es2017-umd.js",
	"htmx":  "htmx.org/dist/htmx.min.js",
}

// swapSite serves e2e/testdata/swap-site under one router, with no
// Content-Security-Policy (the npm routers insert inline styles).
func swapSite(t *testing.T, router string) string {
	t.Helper()
	files := readSite(t, filepath.Join("testdata", "swap-site"))
	var tag, htmlAttr, bodyAttr string
	switch router {
	case "before", "after":
		tag, htmlAttr = `<script src="/router.js" defer></script>`, `data-router="`+router+`"`
	case "turbo":
		tag = `<script src="/vendor/router.js"></script>`
	case "htmx":
		tag, bodyAttr = `<meta name="htmx-config" content='{"includeIndicatorStyles":false}'><script src="/vendor/router.js"></script>`, `hx-boost="true"`
	default:
		t.Fatalf("no router %q", router)
	}
	if npm, ok := swapVendor[router]; ok {
		b, err := os.ReadFile(filepath.Join("..", "build", ".tools", "node_modules", filepath.FromSlash(npm)))
		if err != nil {
			t.Fatalf("%s: %v (make deps installs it)", router, err)
		}
		files["vendor/router.js"] = string(b)
	}
	for name, body := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		body = strings.Replace(body, "<!--ROUTER-->", tag, 1)
		body = strings.Replace(body, "ROUTERATTR", htmlAttr, 1)
		body = strings.Replace(body, "BODYATTR", bodyAttr, 1)
		if router == "htmx" {
			// hx-boost swaps the body alone: the page's topics go in it (README).
			meta := body[strings.Index(body, `<meta name="hearth:topics"`):]
			meta = meta[:strings.Index(meta, ">")+1]
			body = strings.Replace(strings.Replace(body, meta+"\n", "", 1), "<main>", "<main>"+meta, 1)
		}
		files[name] = body
	}
	return customSiteCSP(t, files, "")
}

// swapStep is one move through the swap site and the page it must show.
type swapStep struct {
	click string // a link's href to click; "" goes back
	path  string
	title string
}

var swapJourney = []swapStep{
	{"/docs/a/", "/docs/a/", "Alpha · Swap site"},
	{"/docs/b/", "/docs/b/", "Beta · Swap site"},
	{"/docs/c/", "/docs/c/", "Gamma · Swap site"},
	{"", "/docs/b/", "Beta · Swap site"},
	{"", "/docs/a/", "Alpha · Swap site"},
}

// swapTo makes one step and waits for its page to be in and Hearth to have
// answered everything it was told (a bounded wait on the page, never a
// sleep).
func swapTo(st swapStep) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		act := `history.back()`
		if st.click != "" {
			act = `document.querySelector('nav a[href=` + jsString(st.click) + `]').click()`
		}
		if err := chromedp.Evaluate(act, nil).Do(ctx); err != nil {
			return err
		}
		if err := chrome.WaitFor(`location.pathname === ` + jsString(st.path) + ` && document.title === ` + jsString(st.title) +
			` && !!document.querySelector('meta[name="hearth:topics"]')`).Do(ctx); err != nil {
			return fmt.Errorf("to %s: %w", st.path, err)
		}
		return chrome.Settle().Do(ctx)
	})
}

// walkSwapSite loads the swap site's home under router in a browser of
// its own, then walks swapJourney, and returns the tab.
func walkSwapSite(t *testing.T, router string) context.Context {
	t.Helper()
	_, tab, _ := browse(t)
	url := swapSite(t, router)
	if err := chromedp.Run(tab, chromedp.Navigate(url+"/"), chrome.WaitReady(), chrome.Settle()); err != nil {
		t.Fatal(err)
	}
	for _, st := range swapJourney {
		if err := chromedp.Run(tab, swapTo(st)); err != nil {
			t.Fatal(err)
		}
	}
	return tab
}

const viewsJS = `(() => { const out = {}; for (const [k, v] of Object.entries(hearth.profile().topics))
	out[k] = v.events.filter(e => e.kind === "view").map(e => e.path); return out; })()`

// Each page view is counted once, under its own path, with its own topics,
// when a router swaps pages: pushing the URL before the fetch (MkDocs
// Material), after the swap (most), Turbo and htmx; by clicks and by the
// back button (#32.1). Before, the page left was counted under the next
// page's path, one click late.
func TestSwapViewsCountedOnce(t *testing.T) {
	for _, router := range swapRouters {
		t.Run(router, func(t *testing.T) {
			tab := walkSwapSite(t, router)
			var views map[string][]string
			var pages int
			if err := chromedp.Run(tab, chromedp.Evaluate(viewsJS, &views), chromedp.Evaluate(`hearth.profile().pages`, &pages)); err != nil {
				t.Fatal(err)
			}
			want := map[string][]string{
				"start": {"/"}, "alpha": {"/docs/a/", "/docs/a/"}, "beta": {"/docs/b/", "/docs/b/"}, "gamma": {"/docs/c/"},
			}
			if pages != 6 || !reflect.DeepEqual(views, want) {
				t.Errorf("after home, 3 clicks and 2 backs: %d pages, views %v; want 6 pages, views %v", pages, views, want)
			}
		})
	}
}

// After swaps Hearth still looks like itself (its stylesheet is adopted, so
// a head diff cannot drop it; the launcher comes back after a body swap),
// the panel describes the page shown, and a returning visitor's slot on a
// swapped-in page never shows its default on the way (#32.2-4).
func TestSwapLookPanelAndReplay(t *testing.T) {
	for _, router := range swapRouters {
		t.Run(router, func(t *testing.T) {
			tab := walkSwapSite(t, router)
			// Five swaps in: the launcher is Hearth's, fixed at the corner; the
			// Alpha tip (personalized from the second page on) has its Why?,
			// styled.
			var look struct {
				Launcher string `json:"launcher"`
				Why      string `json:"why"`
			}
			if err := chromedp.Run(tab, chromedp.Evaluate(`(() => {
				const l = document.getElementById("hearth-launcher"), w = document.querySelector('[data-hearth-slot="tip-a"] button.hearth-why');
				return {launcher: l && l.isConnected ? getComputedStyle(l).position : "none",
					why: w ? getComputedStyle(w).borderTopLeftRadius : "none"}; })()`, &look)); err != nil {
				t.Fatal(err)
			}
			if look.Launcher != "fixed" || look.Why == "none" || look.Why == "0px" {
				t.Errorf("after 5 swaps: launcher %q, Why? border radius %q; want a fixed launcher and a rounded Why?", look.Launcher, look.Why)
			}
			// The panel speaks of the Alpha tip, not of the Beta tip seen before.
			text, err := panelText(tab)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(text, "the Alpha tip") || strings.Contains(text, "the Beta tip") {
				t.Errorf("the panel on /docs/a/ after swaps: %q; want the Alpha tip and not the Beta tip", text)
			}
			if err := chromedp.Run(tab, chromedp.Evaluate(`document.getElementById("hearth-panel").shadowRoot.querySelector('[data-action="close"]').click()`, nil)); err != nil {
				t.Fatal(err)
			}
			// Home by a click: the banner is decided (Alpha read twice), and
			// that decision kept for the page. Then Beta, and home again: the
			// banner shows the kept decision at once, as a full load's replay
			// does, and is never painted with its default on the way. Every
			// frame is sampled (requestAnimationFrame runs before each paint).
			var frames []string
			if err := chromedp.Run(tab,
				swapTo(swapStep{"/", "/", "Home · Swap site"}),
				chrome.WaitFor(`document.querySelector('[data-hearth-slot="hero"]').getAttribute("data-hearth-applied") === "alpha"`),
				swapTo(swapStep{"/docs/b/", "/docs/b/", "Beta · Swap site"}),
				chromedp.Evaluate(`window.heroFrames = []; (function sample() {
					const s = document.querySelector('[data-hearth-slot="hero"]');
					if (s) heroFrames.push(getComputedStyle(s).visibility === "hidden" ? "hidden" : (s.getAttribute("data-hearth-applied") || "default"));
					requestAnimationFrame(sample); })()`, nil),
				swapTo(swapStep{"/", "/", "Home · Swap site"}),
				chrome.WaitFor(`heroFrames.length > 0 && heroFrames[heroFrames.length - 1] === "alpha"`),
				chromedp.Evaluate(`heroFrames`, &frames)); err != nil {
				t.Fatal(err)
			}
			for _, f := range frames {
				if f == "default" {
					t.Errorf("the home banner painted its default after a swap: frames %v", frames)
					break
				}
			}
		})
	}
}
