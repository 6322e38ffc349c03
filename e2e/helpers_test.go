package e2e

// The browser tests' helpers, in one place: the demo site (the bundle built
// once per test binary), custom sites, a browser per test with its console
// and requests recorded, the panel by keyboard, axe-core, the audit; and the
// two ways a test is skipped in -short mode (needsBrowser, needsBuild).

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/manifest"
	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/tool/audit"
	"github.com/hearth-personalization/hearth/tool/bundle"
	"github.com/hearth-personalization/hearth/tool/chrome"
)

// needsBrowser skips a test that drives Chromium in -short mode.
func needsBrowser(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("drives Chromium: not in -short mode")
	}
}

// needsBuild skips a test that compiles the module in -short mode.
func needsBuild(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("compiles the module: not in -short mode")
	}
}

// site is the demo shop served by the real server from a fresh bundle.
type site struct {
	url      string
	manifest *manifest.Manifest
	root     string
}

var (
	siteOnce sync.Once
	siteVal  *site
	siteErr  error
	distDir  string
)

// TestMain removes the shared bundle directory after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if distDir != "" {
		os.RemoveAll(distDir)
	}
	os.Exit(code)
}

// demoSite builds the bundle once per test binary and serves it with the
// demo shop on a loopback port.
func demoSite(t *testing.T) *site {
	t.Helper()
	needsBuild(t)
	siteOnce.Do(func() {
		root, err := bundle.ModuleRoot()
		if err != nil {
			siteErr = err
			return
		}
		distDir, err = os.MkdirTemp("", "hearth-dist-")
		if err != nil {
			siteErr = err
			return
		}
		m, err := bundle.Build(root, distDir)
		if err != nil {
			siteErr = err
			return
		}
		h, err := server.New(os.DirFS(distDir), os.DirFS(filepath.Join(root, "web", "demo")))
		if err != nil {
			siteErr = err
			return
		}
		srv := httptest.NewServer(h) // listens on 127.0.0.1
		siteVal = &site{url: srv.URL, manifest: m, root: root}
	})
	if siteErr != nil {
		t.Fatal(siteErr)
	}
	return siteVal
}

// recorder keeps every request the page makes and every console error.
type recorder struct {
	mu       sync.Mutex
	requests []string
	errors   []string
}

func (r *recorder) listen(ctx context.Context) {
	chromedp.ListenTarget(ctx, func(ev any) {
		r.mu.Lock()
		defer r.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			r.requests = append(r.requests, e.Request.Method+" "+e.Request.URL)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError || e.Type == runtime.APITypeWarning {
				var parts []string
				for _, a := range e.Args {
					var str string
					if json.Unmarshal(a.Value, &str) == nil {
						parts = append(parts, str)
					} else {
						parts = append(parts, string(a.Value))
					}
				}
				r.errors = append(r.errors, strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			r.errors = append(r.errors, e.ExceptionDetails.Error())
		}
	})
}

// clickShadow clicks, with the mouse, an element inside the panel's shadow root.
func clickShadow(selector string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var rect struct{ X, Y float64 }
		js := fmt.Sprintf(`(() => { const el = document.getElementById("hearth-panel").shadowRoot.querySelector(%q);
			el.scrollIntoView({block: "center"}); const r = el.getBoundingClientRect();
			return {X: r.x + r.width / 2, Y: r.y + r.height / 2}; })()`, selector)
		if err := chromedp.Evaluate(js, &rect).Do(ctx); err != nil {
			return fmt.Errorf("locating %s in the panel: %w", selector, err)
		}
		return chromedp.MouseClickXY(rect.X, rect.Y).Do(ctx)
	})
}

func screenshot(t *testing.T, name string, buf []byte) {
	t.Helper()
	dir := os.Getenv("HEARTH_SCREENSHOTS")
	if dir == "" {
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
		t.Error(err)
	}
}

type heroState struct {
	Applied string `json:"applied"`
	Text    string `json:"text"`
	Why     int    `json:"why"`
	Hidden  bool   `json:"hidden"`
}

const heroJS = `(() => { const s = document.querySelector('[data-hearth-slot="hero"]');
	return {applied: s.getAttribute("data-hearth-applied") || "", text: s.textContent,
		why: s.querySelectorAll("button.hearth-why").length, hidden: getComputedStyle(s).visibility === "hidden"}; })()`

// browse starts a browser for one test and returns its first tab.
func browse(t *testing.T) (*site, context.Context, *recorder) {
	t.Helper()
	needsBrowser(t)
	s := demoSite(t)
	// A bound, not a wait: generous, for a machine busy with other work.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	bctx, closeBrowser, err := chrome.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(closeBrowser)
	rec := &recorder{}
	rec.listen(bctx)
	if err := chromedp.Run(bctx, runtime.Enable()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		for _, e := range rec.errors {
			if !strings.Contains(e, "hearth: profile: storage failed") {
				t.Errorf("console: %s", e)
			}
		}
	})
	return s, bctx, rec
}

func panelText(ctx context.Context) (string, error) {
	var text string
	err := chromedp.Run(ctx,
		chrome.EvalAwait(`hearth.open()`, nil),
		chromedp.Evaluate(`document.getElementById("hearth-panel").shadowRoot.textContent`, &text),
	)
	return text, err
}

func jsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r < 0x20:
			b.WriteString(`\u00` + string("0123456789abcdef"[r>>4]) + string("0123456789abcdef"[r&15]))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// take removes the console lines containing s and says how many there were:
// a test that expects an error takes it, and browse's check sees the rest.
func (r *recorder) take(s string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n, kept := 0, r.errors[:0]
	for _, e := range r.errors {
		if strings.Contains(e, s) {
			n++
		} else {
			kept = append(kept, e)
		}
	}
	r.errors = kept
	return n
}

// customSite serves the bundle with a site made of the given files, under
// the recommended Content-Security-Policy.
func customSite(t *testing.T, files map[string]string) string {
	t.Helper()
	return customSiteCSP(t, files, server.CSP)
}

// customSiteCSP is customSite with the pages' policy given ("" sends none).
func customSiteCSP(t *testing.T, files map[string]string, csp string) string {
	t.Helper()
	srv := httptest.NewServer(siteHandler(t, files, csp))
	t.Cleanup(srv.Close)
	return srv.URL
}

// siteHandler is the real server's handler for the bundle and a site
// given as files, its pages sent with the policy csp.
func siteHandler(t *testing.T, files map[string]string, csp string) *server.Handler {
	t.Helper()
	demoSite(t) // builds the bundle
	site := fstest.MapFS{}
	for name, body := range files {
		site[name] = &fstest.MapFile{Data: []byte(body)}
	}
	h, err := server.New(os.DirFS(distDir), site)
	if err != nil {
		t.Fatal(err)
	}
	h.CSP = csp
	return h
}

// demoFiles is the demo site as a map, to serve modified copies.
func demoFiles(t *testing.T) map[string]string {
	t.Helper()
	return readSite(t, filepath.Join(demoSite(t).root, "web", "demo"))
}

// readSite reads a site's directory into a map, by slash-separated path.
func readSite(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func runAudit(t *testing.T, args ...string) (audit.Report, error) {
	t.Helper()
	needsBrowser(t)
	var out bytes.Buffer
	// The audit's own bound (10 min) is for an owner's run; a test
	// may share the machine with a whole suite: go test's -timeout bounds it.
	err := audit.Run(append([]string{"--json", "--timeout", "15m"}, args...), &out)
	var rep audit.Report
	if jerr := json.Unmarshal(out.Bytes(), &rep); jerr != nil {
		t.Fatalf("audit output is not its JSON report (%v; the audit said %v): %s", jerr, err, out.String())
	}
	return rep, err
}

func journeyFile(t *testing.T, steps string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "journey.json")
	if err := os.WriteFile(p, []byte(steps), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// stored reads hearth:v1 as JSON (nil when absent).
func stored(ctx context.Context) (map[string]any, error) {
	var s map[string]any
	err := chromedp.Run(ctx, chromedp.Evaluate(`JSON.parse(localStorage.getItem("hearth:v1"))`, &s))
	return s, err
}

// key presses a key (Tab, Enter, Escape, ArrowDown, " ") with the keyboard.
func key(k string, shift bool) chromedp.Action {
	opts := []chromedp.KeyOption{}
	if shift {
		opts = append(opts, chromedp.KeyModifiers(input.ModifierShift))
	}
	// A key that acts (Enter, Space) sends a message to the worker; the
	// page shows the answer once it is back.
	return chromedp.Tasks{chromedp.KeyEvent(k, opts...), chrome.Settle()}
}

// tabTo presses Tab until the focus key has the given prefix.
func tabTo(ctx context.Context, prefix string, max int) error {
	var got string
	for i := 0; i < max; i++ {
		if err := chromedp.Run(ctx, chromedp.Evaluate(focusKeyJS, &got)); err != nil {
			return err
		}
		if strings.HasPrefix(got, prefix) {
			return nil
		}
		if err := chromedp.Run(ctx, key(kb.Tab, false)); err != nil {
			return err
		}
	}
	return fmt.Errorf("no focus on %q after %d Tabs (last %q)", prefix, max, got)
}

// panelSettledJS defines panelSettled(): a promise settled once the open
// panel's entrance animation has finished. The animation starts with the
// frame after the panel shows, so it is looked for two frames later.
const panelSettledJS = `window.panelSettled = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))
	.then(() => Promise.all(document.getElementById("hearth-panel").shadowRoot.getAnimations().map(a => a.finished)));`

// axeCheck visits warm, then page, declares a topic, opens the panel (and
// asks to clear everything when page's query is ?confirm), and runs axe-core
// on the whole page: a serious or critical violation fails t.
func axeCheck(t *testing.T, tab context.Context, root, warm, page, declare string) {
	t.Helper()
	axe, err := os.ReadFile(filepath.Join(root, "build", ".tools", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core is missing (make deps installs it): %v", err)
	}
	var violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target []any `json:"target"`
		} `json:"nodes"`
	}
	if err := chromedp.Run(tab,
		chromedp.Navigate(warm), chrome.WaitReady(),
		chromedp.Navigate(page), chrome.WaitReady(), chromedp.Evaluate(panelSettledJS, nil),
		chrome.EvalAwait(`hearth.declare(`+strconv.Quote(declare)+`, true).then(() => hearth.open()).then(() => {
			const r = document.getElementById("hearth-panel").shadowRoot;
			if (location.search === "?confirm") r.querySelector("[data-action=clear]").click();
			return panelSettled(); })`, nil),
		chromedp.Evaluate(string(axe), nil),
		chromedp.Evaluate(`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations)`, &violations, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
			return p.WithAwaitPromise(true)
		}),
	); err != nil {
		t.Fatal(err)
	}
	for _, v := range violations {
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Errorf("%s: axe %s (%s): %s on %v", page, v.ID, v.Impact, v.Help, v.Nodes)
		} else {
			t.Logf("%s: axe %s (%s): %s", page, v.ID, v.Impact, v.Help)
		}
	}
}
