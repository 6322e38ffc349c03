package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/tool/check"
	"github.com/hearth-personalization/hearth/tool/chrome"
)

var (
	mkdocsOnce sync.Once
	mkdocsDir  string
	mkdocsErr  error
)

// mkdocsSite builds e2e/testdata/mkdocs-site with Debian's mkdocs and
// mkdocs-material (make deps) and this repository's integration
// (integrations/mkdocs-material), once per test binary, and serves it with
// the bundle and its hearth.json (no Content-Security-Policy: Material's
// inline scripts want hashes `check --csp` gives).
func mkdocsSite(t *testing.T) string {
	t.Helper()
	return customSiteCSP(t, mkdocsFiles(t), "")
}

// mkdocsFiles is the built MkDocs fixture with its hearth.json, as a map.
func mkdocsFiles(t *testing.T) map[string]string {
	t.Helper()
	needsBrowser(t)
	mkdocsOnce.Do(func() {
		if _, err := exec.LookPath("mkdocs"); err != nil {
			mkdocsErr = err
			return
		}
		mkdocsDir, mkdocsErr = os.MkdirTemp("", "hearth-mkdocs-")
		if mkdocsErr != nil {
			return
		}
		cmd := exec.Command("mkdocs", "build", "-q", "-f", filepath.Join("testdata", "mkdocs-site", "mkdocs.yml"), "-d", mkdocsDir)
		if out, err := cmd.CombinedOutput(); err != nil {
			mkdocsErr = fmt.Errorf("mkdocs build: %v\n%s", err, out)
		}
	})
	if mkdocsErr != nil {
		t.Fatalf("the MkDocs fixture (make deps installs Debian's mkdocs and mkdocs-material): %v", mkdocsErr)
	}
	files := readSite(t, mkdocsDir)
	cfg, err := os.ReadFile(filepath.Join("testdata", "mkdocs-site", "hearth.json"))
	if err != nil {
		t.Fatal(err)
	}
	files["hearth.json"] = string(cfg)
	return files
}

// `check --csp` given only the home page of the Material site proposes a
// policy under which every page kind runs: Material's inline __md_scope
// script differs with the page's depth, and the crawl reads the deeper
// pages by the site's links and sitemap (#32.11). Served under it, pages
// at each depth load by full loads and by instant navigation with no
// violation (browse fails on any console error) and Hearth decides.
func TestMkDocsCheckCSPCrawl(t *testing.T) {
	files := mkdocsFiles(t)
	url := customSiteCSP(t, files, "")
	var out bytes.Buffer
	if err := check.Run([]string{"--csp", "--page", url + "/", filepath.Join("testdata", "mkdocs-site", "hearth.json")}, &out); err != nil {
		t.Fatalf("check --csp on the Material site: %v\n%s", err, out.String())
	}
	policy := ""
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(l, "default-src ") {
			policy = l
		}
	}
	if policy == "" || strings.Contains(out.String(), "warning: Hearth under it") || !strings.Contains(out.String(), "found by their links and the sitemap") {
		t.Fatalf("check --csp proposed no policy Hearth runs under, or read only the home page:\n%s", out.String())
	}
	strict := customSiteCSP(t, files, policy)
	_, tab, _ := browse(t)
	if err := chromedp.Run(tab, recordViolations()); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/install/docker/", "/reference/cli/"} {
		var got struct {
			Violations []string `json:"violations"`
			Scope      string   `json:"scope"`
		}
		if err := chromedp.Run(tab, chromedp.Navigate(strict+path), chrome.WaitReady(), chrome.Settle(),
			chromedp.Evaluate(`({violations: __violations, scope: typeof __md_scope === "object" ? __md_scope.pathname : "none"})`, &got)); err != nil {
			t.Fatalf("%s under the proposed policy: %v", path, err)
		}
		if len(got.Violations) > 0 || got.Scope != "/" {
			t.Errorf("%s under the policy fitted to the home page by its crawl: violations %q, Material's scope %q (want none, /)", path, got.Violations, got.Scope)
		}
	}
	var applied string
	if err := chromedp.Run(tab,
		chromedp.Evaluate(`document.querySelector('a[href$="guides/first-trail/"]').click()`, nil),
		chrome.WaitFor(`location.pathname === "/guides/first-trail/"`), chrome.Settle(),
		chromedp.Evaluate(`document.querySelector("[data-hearth-recommend]")?.getAttribute("data-hearth-applied") || ""`, &applied)); err != nil {
		t.Fatal(err)
	}
	var violations []string
	if err := chromedp.Run(tab, chromedp.Evaluate(`__violations`, &violations)); err != nil {
		t.Fatal(err)
	}
	if len(violations) > 0 || applied == "" {
		t.Errorf("an instant navigation under the policy: violations %q, next reading applied %q", violations, applied)
	}
}

// A docs site on MkDocs Material with instant navigation, through the
// integration: each page view counted once under its own path by clicks
// and back (#32.1), Hearth's look kept (#32.2), the panel describing the
// page shown (#32.3), the welcome note decided on a swapped-in home page,
// and the panel dark only when the palette is (#32.5).
func TestMkDocsMaterialInstant(t *testing.T) {
	url := mkdocsSite(t)
	_, tab, _ := browse(t)
	const title = " - Trailhead Docs"
	journey := []swapStep{
		{"", "/guides/first-trail/", "First trail" + title},
		{"", "/guides/night-hikes/", "Night hikes" + title},
		{"", "/install/docker/", "Docker" + title},
		{"", "/guides/night-hikes/", "Night hikes" + title},
		{"", "/guides/first-trail/", "First trail" + title},
	}
	clicks := []string{"guides/first-trail/", "night-hikes/", "install/docker/"}
	if err := chromedp.Run(tab, chromedp.Navigate(url+"/"), chrome.WaitReady(), chrome.Settle(),
		chromedp.Evaluate(`!!window.document$`, nil)); err != nil {
		t.Fatal(err)
	}
	for i, st := range journey {
		act := chromedp.Evaluate(`history.back()`, nil)
		if i < len(clicks) {
			act = chromedp.Evaluate(`[...document.querySelectorAll("article a[href], .md-content a[href], nav a[href]")].find(a => a.getAttribute("href").endsWith(`+jsString(clicks[i])+`)).click()`, nil)
		}
		if err := chromedp.Run(tab, act,
			chrome.WaitFor(`location.pathname === `+jsString(st.path)+` && document.title === `+jsString(st.title)),
			chrome.Settle()); err != nil {
			t.Fatalf("step %d (%s): %v", i+1, st.path, err)
		}
	}
	var views map[string][]string
	var pages int
	var instant bool
	if err := chromedp.Run(tab, chromedp.Evaluate(viewsJS, &views), chromedp.Evaluate(`hearth.profile().pages`, &pages),
		chromedp.Evaluate(`performance.getEntriesByType("navigation").length === 1 && !!window.document$`, &instant)); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"guides":     {"/guides/first-trail/", "/guides/night-hikes/", "/guides/night-hikes/", "/guides/first-trail/"},
		"install":    {"/install/docker/"},
		"containers": {"/install/docker/"},
	}
	if !instant || pages != 6 || !reflect.DeepEqual(views, want) {
		t.Errorf("instant navigation %v; after home, 3 clicks and 2 backs: %d pages, views %v; want 6 pages, views %v", instant, pages, views, want)
	}

	// Home by a click: the welcome note is decided (guides read), with its
	// Why?, styled; the launcher fixed at the corner; the panel speaks of the
	// welcome note, and on the next page no more.
	var look struct {
		Launcher string `json:"launcher"`
		Why      string `json:"why"`
		Applied  string `json:"applied"`
	}
	if err := chromedp.Run(tab,
		chromedp.Evaluate(`[...document.querySelectorAll("a[href]")].find(a => a.classList.contains("md-tabs__link") || a.classList.contains("md-header__button")).click()`, nil),
		chrome.WaitFor(`location.pathname === "/" && document.title === "Trailhead Docs"`), chrome.Settle(),
		chromedp.Evaluate(`(() => {
			const l = document.getElementById("hearth-launcher"), s = document.querySelector('[data-hearth-slot="welcome"]'), w = s && s.querySelector("button.hearth-why");
			return {launcher: l && l.isConnected ? getComputedStyle(l).position : "none", why: w ? getComputedStyle(w).borderTopLeftRadius : "none",
				applied: s ? s.getAttribute("data-hearth-applied") || "" : "no slot"}; })()`, &look)); err != nil {
		t.Fatal(err)
	}
	if look.Launcher != "fixed" || look.Applied != "guides" || look.Why == "none" || look.Why == "0px" {
		t.Errorf("home after swaps: %+v; want a fixed launcher, the welcome note's guides variant with a rounded Why?", look)
	}
	shot(t, tab, "mkdocs-home.png")
	text, err := panelText(tab)
	if err != nil {
		t.Fatal(err)
	}
	shot(t, tab, "mkdocs-panel.png")
	if !strings.Contains(text, "the welcome note") || strings.Contains(text, "install-linux") || strings.Contains(text, "Linux") {
		t.Errorf("the panel on the home page: %q; want the welcome note, and nothing of the last page's Next reading", text)
	}
	var scheme string
	if err := chromedp.Run(tab,
		chromedp.Evaluate(`document.getElementById("hearth-panel").shadowRoot.querySelector('[data-action="close"]').click()`, nil),
		chromedp.Evaluate(`document.querySelector('a[href$="guides/first-trail/"]').click()`, nil),
		chrome.WaitFor(`location.pathname === "/guides/first-trail/"`), chrome.Settle()); err != nil {
		t.Fatal(err)
	}
	if text, err = panelText(tab); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, "the welcome note") {
		t.Errorf("the panel on /guides/first-trail/ still speaks of the home page's welcome note: %q", text)
	}
	// Material's light palette (its hidden inputs carry the dark scheme's
	// attribute): the panel is light; after the toggle, dark.
	if err := chromedp.Run(tab, chromedp.Evaluate(`document.getElementById("hearth-panel").shadowRoot.querySelector(".hearth-body").getAttribute("data-scheme")`, &scheme)); err != nil {
		t.Fatal(err)
	}
	if scheme != "light" {
		t.Errorf("the panel on Material's light palette: data-scheme %q, want light", scheme)
	}
	if err := chromedp.Run(tab,
		chromedp.Evaluate(`document.getElementById("hearth-panel").shadowRoot.querySelector('[data-action="close"]').click()`, nil),
		chromedp.Evaluate(`document.querySelector('label.md-header__button[for^="__palette"], form[data-md-component="palette"] label').click()`, nil),
		chrome.WaitFor(`document.body.getAttribute("data-md-color-scheme") === "slate" && document.documentElement.getAttribute("data-hearth-scheme") === "dark"`)); err != nil {
		t.Errorf("after Material's palette toggle: %v", err)
	}
	if os.Getenv("HEARTH_SCREENSHOTS") != "" {
		if _, err := panelText(tab); err != nil {
			t.Fatal(err)
		}
		shot(t, tab, "mkdocs-panel-dark.png")
	}
}

// shot saves a screenshot of the tab's viewport when HEARTH_SCREENSHOTS
// names a folder (make screenshots).
func shot(t *testing.T, tab context.Context, name string) {
	t.Helper()
	if os.Getenv("HEARTH_SCREENSHOTS") == "" {
		return
	}
	var buf []byte
	if err := chromedp.Run(tab,
		chrome.WaitFor(`(document.getElementById("hearth-panel")?.shadowRoot?.getAnimations() || []).every(a => a.playState !== "running")`),
		chromedp.CaptureScreenshot(&buf)); err != nil {
		t.Fatal(err)
	}
	screenshot(t, name, buf)
}

// On a phone the launcher keeps out of the site's way (#32.8): it steps
// away while Material's navigation drawer or its full-screen search is
// open, and comes back when they close; it stands above a cookie bar at
// the bottom, and back in its corner when the bar goes; the phone spacer
// under the page takes the footer's dark background, not the body's white.
func TestMkDocsLauncherKeepsOutOfTheWay(t *testing.T) {
	url := mkdocsSite(t)
	_, tab, _ := browse(t)
	const shown = `(() => { const l = document.getElementById("hearth-launcher"); return !!l && getComputedStyle(l).visibility === "visible"; })()`
	const hidden = `getComputedStyle(document.getElementById("hearth-launcher")).visibility === "hidden"`
	if err := chromedp.Run(tab, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile),
		chromedp.Navigate(url+"/guides/first-trail/"), chrome.WaitReady(), chrome.WaitFor(shown), chrome.Settle(),
		chromedp.Evaluate(`window.__rest = document.getElementById("hearth-launcher").getBoundingClientRect().bottom`, nil)); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		what, act, want, shot string
	}{
		{"the drawer opened", `document.querySelector('.md-header label[for="__drawer"]').click()`, hidden, "mkdocs-phone-drawer.png"},
		{"the drawer closed", `document.querySelector('label.md-overlay').click()`, shown, ""},
		{"the search opened", `document.querySelector('.md-header label[for="__search"]').click()`, hidden, "mkdocs-phone-search.png"},
		{"the search closed", `document.getElementById("__search").click()`, shown, ""},
	}
	for _, st := range steps {
		if err := chromedp.Run(tab, chromedp.Evaluate(st.act, nil), chrome.WaitFor(st.want)); err != nil {
			var state string
			chromedp.Run(tab, chromedp.Evaluate(`(() => { const l = document.getElementById("hearth-launcher"), r = l.getBoundingClientRect();
				return getComputedStyle(l).visibility + " over " + document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2).map(e => e.tagName + "." + e.className).slice(0, 3).join(" < "); })()`, &state))
			t.Fatalf("after %s the launcher is %s: %v", st.what, state, err)
		}
		if st.shot != "" && os.Getenv("HEARTH_SCREENSHOTS") != "" {
			if err := chromedp.Run(tab, chrome.WaitFor(`document.getAnimations().every(a => a.playState !== "running")`)); err != nil {
				t.Fatal(err)
			}
			shot(t, tab, st.shot)
		}
	}

	if err := chromedp.Run(tab,
		chromedp.Evaluate(`(() => { const b = document.createElement("div"); b.id = "cookies"; b.textContent = "We use no cookies.";
			b.style.cssText = "position: fixed; left: 0; right: 0; bottom: 0; height: 64px; background: #333; color: #fff; z-index: 5";
			document.body.appendChild(b); b.click(); })()`, nil),
		chrome.WaitFor(`document.getElementById("hearth-launcher").getBoundingClientRect().bottom <= document.getElementById("cookies").getBoundingClientRect().top`),
		chromedp.ActionFunc(func(context.Context) error { shot(t, tab, "mkdocs-phone-bar.png"); return nil }),
		chromedp.Evaluate(`document.getElementById("cookies").remove(); document.body.click()`, nil),
		chrome.WaitFor(`document.getElementById("hearth-launcher").getBoundingClientRect().bottom === __rest`),
	); err != nil {
		var state string
		chromedp.Run(tab, chromedp.Evaluate(`(() => { const l = document.getElementById("hearth-launcher"), r = l.getBoundingClientRect();
			return r.bottom + " (rest " + window.__rest + ") of " + innerHeight + " lift " + l.style.getPropertyValue("--hearth-lift") + " over " + document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2).map(e => e.tagName + "." + e.className).slice(0, 3).join(" < "); })()`, &state))
		t.Fatalf("the launcher and a cookie bar at the bottom: %v (launcher %s)", err, state)
	}

	// At the page's end, the spacer's pixels are the footer's last strip's.
	var at struct {
		Top float64 `json:"top"`
		DPR float64 `json:"dpr"`
	}
	var buf []byte
	if err := chromedp.Run(tab, chromedp.Evaluate(`scrollTo(0, document.documentElement.scrollHeight)`, nil),
		chrome.WaitFor(`Math.abs(document.getElementById("hearth-launcher-space").getBoundingClientRect().bottom - innerHeight) < 2`), chrome.Settle(),
		chromedp.Evaluate(`({top: document.getElementById("hearth-launcher-space").getBoundingClientRect().top, dpr: devicePixelRatio})`, &at),
		chromedp.CaptureScreenshot(&buf)); err != nil {
		t.Fatal(err)
	}
	screenshot(t, "mkdocs-phone-end.png", buf)
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		t.Fatal(err)
	}
	footer := img.At(2, int((at.Top-3)*at.DPR))
	spacer := img.At(2, int((at.Top+20)*at.DPR))
	if !sameColor(footer, spacer) {
		t.Errorf("the phone spacer under the page is painted %v, the footer above it %v: a band under the footer", spacer, footer)
	}
}

// sameColor reports whether two pixels are the same color, give or take
// the encoder's rounding.
func sameColor(a, b color.Color) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	near := func(x, y uint32) bool { return x>>8 <= y>>8+2 && y>>8 <= x>>8+2 }
	return near(ar, br) && near(ag, bg) && near(ab, bb)
}
