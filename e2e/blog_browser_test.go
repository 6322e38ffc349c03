package e2e

// A content site, as a blog owner builds one (#23): e2e/testdata/hugo-blog,
// a Hugo site with a theme of its own (inline scripts, an inline event
// handler, a dark-mode toggle, cards with a stretched link, a dozen tagged
// posts, one on a sensitive topic) and Hearth through
// integrations/hugo-hearth, built with Debian's hugo and served as
// `hearth serve` serves a site by default.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/server/daemon"
	"github.com/hearth-personalization/hearth/tool/check"
	"github.com/hearth-personalization/hearth/tool/chrome"
)

var (
	blogOnce sync.Once
	blogDir  string
	blogErr  error
)

// buildBlog builds the fixture blog with hugo, once per test binary.
func buildBlog(t *testing.T) string {
	t.Helper()
	s := demoSite(t)
	blogOnce.Do(func() {
		hugo, err := exec.LookPath("hugo")
		if err != nil {
			blogErr = err
			return
		}
		blogDir, blogErr = os.MkdirTemp("", "hearth-blog-")
		if blogErr != nil {
			return
		}
		cmd := exec.Command(hugo, "--quiet", "--source", filepath.Join(s.root, "e2e", "testdata", "hugo-blog"),
			"--themesDir", filepath.Join(s.root, "integrations"), "--destination", blogDir)
		if out, err := cmd.CombinedOutput(); err != nil {
			blogErr = fmt.Errorf("hugo: %v\n%s", err, out)
		}
	})
	if blogErr != nil {
		t.Fatalf("building the fixture blog (make deps installs Debian's hugo): %v", blogErr)
	}
	return blogDir
}

// serveBlog serves the built blog and the bundle as `hearth serve -site
// DIR` does, with its default policy (none), and returns its URL.
func serveBlog(t *testing.T, args ...string) string {
	t.Helper()
	dir := buildBlog(t)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- daemon.Run(ctx, "hearth serve", append([]string{"-addr", "127.0.0.1:0", "-dist", distDir, "-site", dir}, args...), pw, daemon.Built{})
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	url := ""
	for lines.Scan() {
		if u, ok := strings.CutPrefix(lines.Text(), "hearth serve: serving on "); ok {
			url = strings.TrimSuffix(u, "/")
			break
		}
	}
	go io.Copy(io.Discard, pr)
	t.Cleanup(func() { cancel(); <-done })
	if url == "" {
		t.Fatal("hearth serve did not start")
	}
	return url
}

// The blog works exactly as it did without Hearth: its inline scripts and
// inline handler run, no console error and no policy report (browse fails
// the test on either), and Hearth starts (#23.1: the strict default policy
// broke the theme's scripts).
func TestBlogWorksAsItDid(t *testing.T) {
	url := serveBlog(t)
	_, tab, _ := browse(t)
	for _, path := range []string{"/", "/posts/choosing-a-campsite/"} {
		var got struct {
			Ready  bool `json:"ready"`
			Logo   bool `json:"logo"`
			Toggle bool `json:"toggle"`
			Code   int  `json:"code"`
		}
		if err := chromedp.Run(tab, chromedp.Navigate(url+path), chrome.WaitReady(),
			chromedp.Click(`#theme-toggle`, chromedp.ByQuery),
			chrome.EvalAwait(`new Promise(r => { const img = document.querySelector(".brand img");
				(img.complete ? Promise.resolve() : new Promise(ok => img.addEventListener("load", ok))).then(() => r({
					ready: document.documentElement.classList.contains("theme-ready"),
					logo: img.classList.contains("loaded"),
					toggle: document.documentElement.classList.contains("dark"),
					code: document.querySelectorAll("pre code.highlighted").length})); })`, &got),
		); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if !got.Ready || !got.Logo || !got.Toggle {
			t.Errorf("%s: the theme's inline scripts did not all run under hearth serve's defaults: %+v", path, got)
		}
		if path != "/" && got.Code == 0 {
			t.Errorf("%s: the theme's code highlighting did not run", path)
		}
	}
}

// More like this (#23.2): after reading two camping posts, a third offers
// unread camping posts, never itself or one read, with a Why? that names
// the interest; the Why? sits above the card's stretched link, so a click
// on it opens the panel, not the post (#23.3). Undeclared sensitive reading
// leaves nothing stored (#23.5).
func TestBlogSimilarPosts(t *testing.T) {
	url := serveBlog(t)
	_, tab, _ := browse(t)
	for _, p := range []string{"/posts/choosing-a-campsite/", "/posts/tents-for-two/", "/posts/first-aid-kit/", "/posts/first-aid-kit/", "/posts/first-aid-kit/"} {
		if err := chromedp.Run(tab, chromedp.Navigate(url+p), chrome.WaitReady(), chrome.Settle()); err != nil {
			t.Fatal(err)
		}
	}
	var got struct {
		Items []string `json:"items"`
		Why   string   `json:"why"`
		OnTop bool     `json:"onTop"`
	}
	if err := chromedp.Run(tab, chromedp.Navigate(url+"/posts/leave-no-trace/"), chrome.WaitReady(), chrome.Settle(),
		chromedp.Evaluate(`(() => {
			const slot = document.querySelector("[data-hearth-recommend]");
			const items = [...slot.children].map(e => e.getAttribute("data-hearth-item")).filter(Boolean);
			const b = slot.querySelector("button.hearth-why");
			b.scrollIntoView({block: "center"});
			const r = b.getBoundingClientRect();
			const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
			return {items, onTop: !!hit && b.contains(hit), why: ""}; })()`, &got),
	); err != nil {
		t.Fatal(err)
	}
	want := "posts/camp-stove-cooking posts/winter-camping posts/light-pack"
	if strings.Join(got.Items, " ") != want {
		t.Errorf("similar posts on leave-no-trace after reading two camping posts: %q, want %q (unread camping posts, newest first)", got.Items, want)
	}
	if !got.OnTop {
		t.Errorf("the first card's Why? is under the card's stretched link: a click would open the post")
	}
	var path, text string
	if err := chromedp.Run(tab,
		chromedp.Click(`[data-hearth-recommend] button.hearth-why`, chromedp.ByQuery),
		chromedp.Poll(`document.getElementById("hearth-panel") && !document.getElementById("hearth-panel").hidden`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(`location.pathname`, &path),
		chromedp.Evaluate(`document.getElementById("hearth-panel").shadowRoot.textContent`, &text),
	); err != nil {
		t.Fatal(err)
	}
	if path != "/posts/leave-no-trace/" {
		t.Errorf("clicking Why? on a card opened %s", path)
	}
	if !strings.Contains(text, "More on Camping, which you read about today.") || !strings.Contains(text, "Posts you read") {
		t.Errorf("the panel does not say why the post is offered:\n%.600s", text)
	}
	// (Its preferences offer First aid to declare: that is the visitor's way in.)
	if known, _, _ := strings.Cut(text, "Your preferences"); strings.Contains(known, "First aid") || strings.Contains(known, "first-aid") {
		t.Errorf("the panel lists the undeclared sensitive topic among what Hearth knows:\n%s", known)
	}
	st, err := stored(tab)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(st)
	for _, leak := range []string{"first-aid", "health"} {
		if bytes.Contains(b, []byte(leak)) {
			t.Errorf("three reads of the first-aid post stored %q: %s", leak, b)
		}
	}
}

// The welcome's Why? counts each read once, in words that fit the number
// (#23.4: two conditions on camping doubled the count).
func TestBlogWhyCountsEachReadOnce(t *testing.T) {
	url := serveBlog(t)
	_, tab, _ := browse(t)
	for _, p := range []string{"/posts/choosing-a-campsite/", "/posts/tents-for-two/", "/posts/winter-camping/"} {
		if err := chromedp.Run(tab, chromedp.Navigate(url+p), chrome.WaitReady(), chrome.Settle()); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Run(tab, chromedp.Navigate(url+"/"), chrome.WaitReady(), chrome.Settle()); err != nil {
		t.Fatal(err)
	}
	text, err := panelText(tab)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "You read about Camping 3 times today.") {
		t.Errorf("the welcome's Why? after three camping posts:\n%.600s", text)
	}
}

// check on the blog: its config passes, its pages' inline code is named,
// and the policy --csp proposes, served, lets the theme and Hearth run with
// no report (browse fails on any); the audit finds nothing leaving.
func TestBlogCheckPolicyAndAudit(t *testing.T) {
	url := serveBlog(t)
	cfg := filepath.Join(demoSite(t).root, "e2e", "testdata", "hugo-blog", "static", "hearth.json")
	var out bytes.Buffer
	if err := check.Run([]string{"--csp", "--page", url + "/", "--page", url + "/posts/leave-no-trace/", cfg}, &out); err != nil {
		t.Fatalf("check of the blog: %v\n%s", err, out.String())
	}
	policy := ""
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(l, "default-src ") {
			policy = l
		}
	}
	if policy == "" || strings.Contains(out.String(), "warning: Hearth under it") {
		t.Fatalf("check --csp proposed no policy Hearth runs under:\n%s", out.String())
	}
	file := filepath.Join(t.TempDir(), "blog.csp")
	os.WriteFile(file, []byte(policy), 0o644)
	strict := serveBlog(t, "-csp-file", file)
	_, tab, _ := browse(t)
	for _, path := range []string{"/", "/posts/leave-no-trace/"} {
		var ready bool
		if err := chromedp.Run(tab, chromedp.Navigate(strict+path), chrome.WaitReady(),
			chromedp.Evaluate(`document.documentElement.classList.contains("theme-ready") && document.querySelector(".brand img").complete`, &ready)); err != nil {
			t.Fatalf("%s under the proposed policy: %v", path, err)
		}
		if !ready {
			t.Errorf("%s: the theme's inline script did not run under the proposed policy", path)
		}
	}
	rep, err := runAudit(t, "--journey", journeyFile(t, `[{"visit": "/"}, {"visit": "/posts/choosing-a-campsite/"}, {"visit": "/posts/first-aid-kit/"}, {"visit": "/posts/leave-no-trace/"}]`), url+"/")
	if err != nil || !rep.Clean {
		t.Errorf("audit of the blog: %v, findings %+v", err, rep.Findings)
	}
}

// The panel on the blog passes axe; screenshots for docs/ (make
// screenshots) of a post with its similar cards, at 360 and 1280 px.
func TestBlogPanelAndScreenshots(t *testing.T) {
	url := serveBlog(t)
	s, tab, _ := browse(t)
	axeCheck(t, tab, s.root, url+"/posts/choosing-a-campsite/", url+"/posts/tents-for-two/", "hiking")
	if os.Getenv("HEARTH_SCREENSHOTS") == "" {
		return
	}
	for _, w := range []int64{360, 1280} {
		var buf []byte
		if err := chromedp.Run(tab, chromedp.EmulateViewport(w, 900),
			chromedp.Navigate(url+"/posts/leave-no-trace/"), chrome.WaitReady(), chrome.Settle(),
			chromedp.Evaluate(`document.querySelector(".more").scrollIntoView()`, nil),
			chromedp.CaptureScreenshot(&buf)); err != nil {
			t.Fatal(err)
		}
		screenshot(t, "blog-"+strconv.Itoa(int(w))+".png", buf)
	}
}

// panelBackground opens the panel and returns its background color.
const panelBackground = `hearth.open().then(() => getComputedStyle(document.getElementById("hearth-panel").shadowRoot.querySelector(".hearth-body")).backgroundColor)`

// The panel follows the page's own light or dark (#23.9): the theme's
// toggle changes its color-scheme, and the panel goes with it whatever the
// system's setting; a config's darkMode selector decides where a page
// declares no color-scheme.
func TestBlogPanelFollowsTheTheme(t *testing.T) {
	url := serveBlog(t)
	_, tab, _ := browse(t)
	const dark, light = "rgb(17, 24, 39)", "rgb(255, 255, 255)"
	var got [2]string
	if err := chromedp.Run(tab,
		chromedp.Navigate(url+"/"), chrome.WaitReady(),
		chromedp.Click(`#theme-toggle`, chromedp.ByQuery), // the system is light; the visitor picks dark
		chrome.EvalAwait(panelBackground, &got[0]),
		chromedp.ActionFunc(func(ctx context.Context) error {
			return emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}).Do(ctx)
		}),
		chromedp.Navigate(url+"/"), chrome.WaitReady(),
		chromedp.Click(`#theme-toggle`, chromedp.ByQuery), // the system is dark (the theme follows it); the visitor picks light
		chrome.EvalAwait(panelBackground, &got[1]),
	); err != nil {
		t.Fatal(err)
	}
	if got != [2]string{dark, light} {
		t.Errorf("the panel's background on a page toggled dark (system light), then light (system dark): %q, want %q", got, [2]string{dark, light})
	}

	files := map[string]string{
		"index.html":  strings.Replace(slotPage, "<body>", `<body><button id="t" onclick="document.body.classList.toggle('night')">night</button>`, 1),
		"hearth.json": `{"version": 1, "darkMode": "body.night", "topics": {"camping": {"label": {"en": "Camping"}}}, "experiences": []}`,
	}
	site := customSiteCSP(t, files, "")
	var sel [2]string
	if err := chromedp.Run(tab, chromedp.Navigate(site+"/"), chrome.WaitReady(),
		chrome.EvalAwait(panelBackground, &sel[0]), // the system is dark, the page's selector is not matched
		chromedp.Evaluate(`document.body.classList.add("night"); document.getElementById("hearth-panel").hidden = true`, nil),
		chrome.EvalAwait(`hearth.open().then(() => getComputedStyle(document.getElementById("hearth-panel").shadowRoot.querySelector(".hearth-body")).backgroundColor)`, &sel[1]),
	); err != nil {
		t.Fatal(err)
	}
	if sel != [2]string{light, dark} {
		t.Errorf("with darkMode \"body.night\": the panel's background %q before and after the class, want %q", sel, [2]string{light, dark})
	}
}

// On a 360 px phone, the floating launcher covers no text once the visitor
// reaches the end of the page (#23.10: it sat on the footer's text).
func TestBlogLauncherCoversNoText(t *testing.T) {
	url := serveBlog(t)
	_, tab, _ := browse(t)
	for _, path := range []string{"/", "/posts/leave-no-trace/"} {
		var covered []string
		if err := chromedp.Run(tab, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile),
			chromedp.Navigate(url+path), chrome.WaitReady(), chrome.Settle(),
			chromedp.Evaluate(`(() => {
				window.scrollTo(0, document.documentElement.scrollHeight);
				const l = document.getElementById("hearth-launcher").getBoundingClientRect(), out = [];
				const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
				for (let n; (n = walk.nextNode());) {
					if (!n.textContent.trim() || n.parentElement.closest("#hearth-launcher, #hearth-panel, template")) continue;
					const range = document.createRange(); range.selectNodeContents(n);
					for (const r of range.getClientRects()) {
						if (r.right > l.left && r.left < l.right && r.bottom > l.top && r.top < l.bottom) out.push(n.textContent.trim().slice(0, 40));
					}
				}
				return out; })()`, &covered),
		); err != nil {
			t.Fatal(err)
		}
		if len(covered) > 0 {
			t.Errorf("%s at 360 px, scrolled to the end: the launcher covers %q", path, covered)
		}
	}
}
