package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/tool/audit"
	"github.com/hearth-personalization/hearth/tool/bench"
	"github.com/hearth-personalization/hearth/tool/check"
	"github.com/hearth-personalization/hearth/tool/chrome"
)

// The second fixture site, e2e/testdata/bootstrap-shop: a shop that looks
// like a real one (Bootstrap 5 and its icon font from npm, pinned and
// installed by `make deps`; a navbar, a card grid with "Sale" badges and
// stretched links, WebP images with JPEG fallbacks, an inline style, an
// Arabic right-to-left copy) served under a nonce-based Content-Security-
// Policy with 'strict-dynamic'. The checks the demo passes run on it too.

// fixtureNonce is the nonce the fixture's pages carry (fixed: a fixture).
const fixtureNonce = "fixture-nonce"

// fixtureCSP is the fixture shop's own policy: a nonce for scripts, its
// inline style attribute allowed, everything else from itself.
const fixtureCSP = "default-src 'self'; script-src 'nonce-" + fixtureNonce + "' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// fixtureShop serves the bundle and the fixture shop with its policy.
func fixtureShop(t *testing.T) (*site, string) {
	t.Helper()
	s, files := fixtureShopFiles(t)
	return s, customSiteCSP(t, files, fixtureCSP)
}

// fixtureShopFiles builds the bundle and reads the fixture shop's files,
// Bootstrap's included, for a test to change before serving them.
func fixtureShopFiles(t *testing.T) (*site, map[string]string) {
	t.Helper()
	s := demoSite(t) // builds the bundle
	dir := filepath.Join(s.root, "e2e", "testdata", "bootstrap-shop")
	files := readSite(t, dir)
	for url, npm := range bench.ShopVendor {
		b, err := os.ReadFile(filepath.Join(s.root, "build", ".tools", "node_modules", filepath.FromSlash(npm)))
		if err != nil {
			t.Fatalf("%s is missing (make deps installs Bootstrap): %v", npm, err)
		}
		files[url] = string(b)
	}
	return s, files
}

// A visitor of the fixture shop: two tent pages personalize the home
// page's banner (a Bootstrap .row with a WebP picture and a "Sale" badge),
// whose Why? button covers nothing and opens the panel; the loader
// replays it on the next visit; viewed products fill the "Recently viewed"
// row with the templates' own .col elements, each with its buttons;
// Bootstrap and its icon font work under the nonce policy, and the console
// stays clean (browse fails on any error, a CSP violation's included).
func TestFixtureShop(t *testing.T) {
	_, url := fixtureShop(t)
	_, tab, _ := browse(t)
	var got struct {
		Hero     string   `json:"hero"`
		Why      int      `json:"why"`
		Navbar   string   `json:"navbar"`
		Font     bool     `json:"font"`
		Picture  string   `json:"picture"`
		Row      []string `json:"row"`
		Buttons  int      `json:"buttons"`
		Replayed bool     `json:"replayed"`
	}
	stateJS := `document.fonts.ready.then(() => { const hero = document.querySelector('[data-hearth-slot="hero"]'), row = document.querySelector('[data-hearth-recommend="recent"]');
		return {hero: hero.getAttribute("data-hearth-applied") || "", why: hero.querySelectorAll("button.hearth-why").length,
			navbar: getComputedStyle(document.querySelector(".navbar")).display, font: document.fonts.check("16px bootstrap-icons"),
			picture: (hero.querySelector("img") || {}).currentSrc || "",
			row: [...row.children].map(c => c.className + ":" + (c.getAttribute("data-hearth-item") || "")),
			buttons: row.querySelectorAll(".col > .hearth-bar > button").length,
			replayed: performance.getEntriesByName("hearth:applied", "mark")[0].startTime < performance.getEntriesByName("hearth:ready", "mark")[0].startTime - 1}; })`
	var overlaps struct {
		Overlaps []string `json:"overlaps"`
	}
	if err := chromedp.Run(tab,
		chromedp.Navigate(url+"/c/tents/"), chrome.WaitReady(), chrome.Settle(),
		chromedp.Navigate(url+"/p/boots/"), chrome.WaitReady(), chrome.Settle(),
		chromedp.Navigate(url+"/p/tent/"), chrome.WaitReady(), chrome.Settle(),
		chromedp.Navigate(url+"/"), chrome.WaitReady(), chrome.Settle(),
		chrome.EvalAwait(stateJS, &got), chromedp.Evaluate(overlapJS, &overlaps),
	); err != nil {
		t.Fatal(err)
	}
	if got.Hero != "tents" || got.Why != 1 || !strings.HasSuffix(got.Picture, "/img/tents.webp") {
		t.Errorf("home after two tent pages: hero %q with %d Why?, picture %q; want tents, a Why?, the WebP", got.Hero, got.Why, got.Picture)
	}
	if got.Navbar != "flex" || !got.Font {
		t.Errorf("Bootstrap did not apply under the nonce policy: navbar display %q, icon font loaded %v", got.Navbar, got.Font)
	}
	if strings.Join(got.Row, ",") != "col d-flex flex-column:tent,col d-flex flex-column:boots" || got.Buttons != 4 {
		t.Errorf("recently viewed row: %v with %d buttons; want tent and boots as .col children of the .row, each with Why? and ×", got.Row, got.Buttons)
	}
	for _, o := range overlaps.Overlaps {
		t.Errorf("home: %s", o)
	}
	// The next visit replays the banner before the module answers; Why? opens the panel.
	var open bool
	if err := chromedp.Run(tab, chromedp.Navigate(url+"/"), chrome.WaitReady(), chrome.Settle(), chrome.EvalAwait(stateJS, &got),
		chromedp.Click(`[data-hearth-slot="hero"] button.hearth-why`, chromedp.ByQuery), chromedp.WaitVisible(`#hearth-panel`, chromedp.ByQuery),
		chromedp.Evaluate(`!document.getElementById("hearth-panel").hidden`, &open)); err != nil {
		t.Fatal(err)
	}
	if got.Hero != "tents" || !got.Replayed || !open {
		t.Errorf("next visit: hero %q, replayed before the module %v, panel open %v", got.Hero, got.Replayed, open)
	}
}

// axe finds nothing serious on the fixture shop with the panel open, in
// English and on the right-to-left Arabic page.
func TestFixtureShopAccessibility(t *testing.T) {
	s, url := fixtureShop(t)
	_, tab, _ := browse(t)
	for _, path := range []string{"/", "/ar/"} {
		axeCheck(t, tab, s.root, url+"/c/tents/", url+path, "shoes")
	}
}

// The egress audit walks the fixture shop clean, and check --page finds
// its markup and its config consistent.
func TestFixtureShopAuditAndCheck(t *testing.T) {
	s, url := fixtureShop(t)
	rep, err := runAudit(t, url+"/")
	if err != nil || !rep.Clean {
		t.Fatalf("audit of the fixture shop: %v, findings %+v", err, rep.Findings)
	}
	if len(rep.Journey) < 6 {
		t.Errorf("the walk found %d steps, want every page of the shop", len(rep.Journey))
	}
	preloadOrder(t, rep, url)
	var out bytes.Buffer
	cfg := filepath.Join(s.root, "e2e", "testdata", "bootstrap-shop", "hearth.json")
	if err := check.Run([]string{"--page", url + "/", "--page", url + "/ar/", "--page", url + "/p/tent/", cfg}, &out); err != nil || !strings.Contains(out.String(), ", 0 warnings)") {
		t.Errorf("check --page on the fixture shop: %v\n%s", err, out.String())
	}
}

// Screenshots of the fixture shop personalized, at 360 px and 1280 px and
// in Arabic, with the panel open on the phone (HEARTH_SCREENSHOTS=DIR;
// `make screenshots` writes docs/). Without the variable it still renders
// them, and checks the page is no wider than the screen.
func TestFixtureShopScreenshots(t *testing.T) {
	_, url := fixtureShop(t)
	_, tab, _ := browse(t)
	for _, sh := range []struct {
		name, path string
		width      int64
		panel      bool
	}{{"shop-1280.png", "/", 1280, false}, {"shop-360.png", "/", 360, false}, {"shop-ar-360.png", "/ar/", 360, false}, {"shop-panel-360.png", "/", 360, true}} {
		var buf []byte
		var wide bool
		acts := []chromedp.Action{emulation.SetDeviceMetricsOverride(sh.width, 900, 1, sh.width < 600),
			chromedp.Navigate(url + "/c/tents/"), chrome.WaitReady(), chrome.Settle(), chromedp.Navigate(url + "/p/stove/"), chrome.WaitReady(), chrome.Settle(),
			chromedp.Navigate(url + "/c/tents/"), chrome.WaitReady(), chrome.Settle(), chromedp.Navigate(url + sh.path), chrome.WaitReady(), chrome.Settle(),
			chrome.EvalAwait(`document.fonts.ready.then(() => true)`, nil)}
		if sh.panel {
			acts = append(acts, chromedp.Evaluate(panelSettledJS, nil), chrome.EvalAwait(`hearth.open().then(() => panelSettled())`, nil))
		}
		shot := chromedp.FullScreenshot(&buf, 100)
		if sh.panel { // the panel is as tall as the screen
			shot = chromedp.CaptureScreenshot(&buf)
		}
		acts = append(acts, chromedp.Evaluate(`document.documentElement.scrollWidth > innerWidth`, &wide), shot)
		if err := chromedp.Run(tab, acts...); err != nil {
			t.Fatal(err)
		}
		if wide {
			t.Errorf("%s: the page scrolls sideways at %d px", sh.name, sh.width)
		}
		screenshot(t, sh.name, buf)
	}
}

// preloadOrder holds the audit able to see the order of the loader's
// preload on the fixture's Arabic page, where the issue saw the order give
// an earlier decision away: in both runs every image only a template has
// (the heroes' and the lamp's, WebP, the format a <picture> shows here) is
// credited to hearth.js, in the templates' order, and no JPEG fallback is
// requested. (Credited to the parser, as a src's request is
// when it starts in a microtask, its order would race with the page's own
// and the audit would not compare it.)
func preloadOrder(t *testing.T, rep audit.Report, url string) {
	t.Helper()
	want := "tents.webp shoes.webp lamp.webp"
	for i, st := range rep.Journey {
		if st.Visit != "/ar/" && st.Visit != url+"/ar/" {
			continue
		}
		for _, run := range []string{"fresh", "seeded"} {
			var got []string
			for _, r := range rep.Requests[run] {
				name, ok := strings.CutPrefix(r.URL, url+"/img/")
				if r.Step != i+1 || !ok {
					continue
				}
				if strings.HasSuffix(name, ".jpg") {
					t.Errorf("%s run, %s: %s, a fallback the page's browser does not show, was requested", run, st, name)
				}
				if !strings.Contains(" "+want+" ", " "+name+" ") {
					continue
				}
				if !strings.HasSuffix(r.Initiator, "/hearth/hearth.js") {
					t.Errorf("%s run, %s: %s credited to %q, not to the loader", run, st, name, r.Initiator)
				}
				got = append(got, name)
			}
			if strings.Join(got, " ") != want {
				t.Errorf("%s run, %s: the loader's preload asked for %q, want %q", run, st, strings.Join(got, " "), want)
			}
		}
		return
	}
	t.Errorf("the audit's walk has no visit to /ar/: %v", rep.Journey)
}
