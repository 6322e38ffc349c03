package e2e

// The page ⇄ worker boundary and the start under a hostile or broken page
// or server (issue #24): each test here failed before its fix.

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/manifest"
	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/tool/chrome"
)

// atStart runs js in every document of the tab before the page's own
// scripts (and before the loader).
func atStart(js string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(js).Do(ctx)
		return err
	})
}

// bounded settles a promise expression within ms, or as "jammed".
func bounded(expr string, ms int) string {
	return `Promise.race([(` + expr + `), new Promise(r => setTimeout(() => r("jammed"), ` + strconv.Itoa(ms) + `))])`
}

// An argument JSON cannot carry (a BigInt, a cycle, a throwing toJSON)
// rejects its own call only: every later call still settles (#24.2).
func TestBrowserUnencodableArgumentJamsNothing(t *testing.T) {
	s, tab, _ := browse(t)
	var got []string
	if err := chromedp.Run(tab, chromedp.Navigate(s.url+"/"), chrome.WaitReady(),
		chrome.EvalAwait(`(async () => {
			const out = [];
			const cyclic = {}; cyclic.self = cyclic;
			for (const bad of [1n, cyclic, {toJSON() { throw new Error("no"); }}]) {
				out.push(await hearth.track("camping", bad).then(() => "resolved", e => e instanceof TypeError ? "rejected" : "other " + e));
			}
			out.push(await `+bounded(`hearth.declare("running").then(() => hearth.profile().declared.running ? "applied" : "early")`, 5000)+`);
			return out; })()`, &got),
	); err != nil {
		t.Fatal(err)
	}
	want := "rejected rejected rejected applied"
	if strings.Join(got, " ") != want {
		t.Errorf("three calls with arguments JSON cannot carry, then a declare: %q, want %q", got, want)
	}
}

// Calls queued before ready, and calls made in a hearth:applied listener,
// settle once their own change is applied, not on an earlier answer
// (#24.5); an entry of hearth._q that is not a call is skipped and stops
// nothing (#24.6).
func TestBrowserQueuedCallsSettleInTurn(t *testing.T) {
	s, tab, rec := browse(t)
	const early = `(function wait() {
		if (!window.hearth) return setTimeout(wait, 0);
		hearth._q.push(["nope", [], function () {}], "junk");
		window.__queued = hearth.declare("camping").then(() => hearth.profile().declared.camping ? "applied" : "early");
		window.__second = hearth.declare("running").then(() => hearth.profile().declared.running ? "applied" : "early");
		document.addEventListener("hearth:applied", () => {
			window.__listener = hearth.track("hiking", 3).then(() => hearth.profile().topics.hiking ? "applied" : "early");
		}, {once: true});
	})();`
	var got []string
	if err := chromedp.Run(tab, atStart(early), chromedp.Navigate(s.url+"/c/camping/"),
		chrome.EvalAwait(bounded(`hearth.ready.then(() => Promise.all([window.__queued, window.__second, window.__listener]))`, 15000), &got),
	); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, " ") != "applied applied applied" {
		t.Errorf("two calls queued before ready and one made in the hearth:applied listener settled as %q, want each applied", got)
	}
	if n := rec.take("skipped an entry of hearth._q"); n != 2 {
		t.Errorf("%d console errors for the two foreign queue entries, want 2", n)
	}
}

// The Trusted Types policy passes exactly the bundle's two scripts, and
// what page code can reach of the loader before the page side takes it
// over (hearth._loader) names no URL of the caller's: a backslash path or
// %2e%2e does not make the policy pass another script (#24.4).
func TestBrowserTrustedTypesPolicyPassesOnlyTheBundle(t *testing.T) {
	files := map[string]string{
		"index.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/grab.js"></script>
<script src="/hearth/hearth.js" data-config="/hearth.json" async></script></head>
<body><div data-hearth-slot="hero"><p>default hero</p></div></body></html>`,
		"hearth.json":     `{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}}}, "experiences": []}`,
		"evil.js":         `window.__evil = (window.__evil || 0) + 1;`,
		"uploads/evil.js": `window.__evil = (window.__evil || 0) + 1;`,
		// Page code that polls for the loader's hand-over and tries every
		// way through the policy it can find.
		"grab.js": `window.__tries = [];
(function poll() {
  var I = window.hearth && window.hearth._loader;
  if (!I) return setTimeout(poll, 0);
  var base = I.base;
  [base + "..\\..\\evil.js", base + "%2e%2e/evil.js", base + "..\\..\\uploads\\evil.js", "/evil.js", "worker", "page"].forEach(function (u) {
    try {
      var s = document.createElement("script");
      s.src = I.scriptURL(u);
      window.__tries.push(String(s.src));
      if (!/hearth-(page|worker)\./.test(String(s.src))) document.head.appendChild(s);
    } catch (e) { window.__tries.push("refused"); }
  });
  try { trustedTypes.createPolicy("hearth", {createScriptURL: function (u) { return u; }}); window.__tries.push("second policy"); }
  catch (e) { window.__tries.push("no second policy"); }
})();`,
	}
	url := customSiteCSP(t, files, server.CSP+"; require-trusted-types-for 'script'; trusted-types hearth")
	_, tab, rec := browse(t)
	var got struct {
		Evil  int      `json:"evil"`
		Tries []string `json:"tries"`
	}
	if err := chromedp.Run(tab, chromedp.Navigate(url+"/"), chrome.WaitReady(), chrome.Settle(),
		chromedp.Evaluate(`({evil: window.__evil || 0, tries: window.__tries})`, &got),
	); err != nil {
		t.Fatal(err)
	}
	if got.Evil != 0 {
		t.Errorf("a script outside the bundle ran through the policy hearth (%d times): %q", got.Evil, got.Tries)
	}
	for _, u := range got.Tries {
		if strings.Contains(u, "evil") || u == "second policy" {
			t.Errorf("the policy hearth passed %q (all tries: %q)", u, got.Tries)
		}
	}
	if len(got.Tries) == 0 {
		t.Errorf("the page never reached the loader's hand-over: the test did not test it")
	}
	rec.take("Trusted Type") // the browser's report of the refused second policy
}

// slowPage serves one page with a slot and an image that takes 1.5 s (so
// the page's load comes late), with the bundle and a config.
func slowPage(t *testing.T) string {
	t.Helper()
	demoSite(t)
	h, err := server.New(os.DirFS(distDir), nil)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/hearth/", h)
	mux.HandleFunc("/hearth.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}}},
			"experiences": [{"id": "x", "slot": "hero", "variant": "x", "when": {"declared": "camping"}}]}`))
	})
	mux.HandleFunc("/slow.gif", func(w http.ResponseWriter, r *http.Request) {
		select { // a slow resource of the page's own
		case <-time.After(1500 * time.Millisecond):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "image/gif")
		w.Write([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte(strings.Replace(slotPage, "</body>", `<img src="/slow.gif" alt=""></body>`, 1)))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// The moment the bundle's files are requested does not depend on what is
// stored: a new visitor, a returning one on a page not decided before, one
// with this page's decision to replay, and a paused one all ask for the
// page side within the same window, though the page's load comes 1.5 s
// later (#24.1: the returning visitor's came at DOMContentLoaded, the new
// one's after load).
func TestBrowserStartMomentIndependentOfProfile(t *testing.T) {
	url := slowPage(t)
	_, tab, _ := browse(t)
	const when = `hearth.ready.then(() => {
		const e = performance.getEntriesByType("resource").find(e => /hearth-page\./.test(e.name));
		return e ? e.startTime - performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd : -1e9; })`
	visitors := []struct{ name, stored string }{
		{"new", ""},
		{"returning", `{"v":1,"pages":3,"visits":1}`},
		{"returning, page decided before", `{"v":1,"pages":3,"visits":1,"declared":{"camping":{"on":true,"at":1}},"replay":[{"path":"/","at":1,"slots":{"hero":"x"}}]}`},
		{"paused", `{"v":1,"pages":3,"visits":1,"paused":{"on":true,"at":1}}`},
	}
	got := map[string]float64{}
	lo, hi := 1e9, -1e9
	for _, v := range visitors {
		set := `localStorage.clear()`
		if v.stored != "" {
			set = `localStorage.setItem("hearth:v1", ` + jsString(v.stored) + `)`
		}
		var at float64
		if err := chromedp.Run(tab, chromedp.Navigate(url+"/"), chromedp.Evaluate(set, nil),
			chromedp.Navigate(url+"/"), chrome.EvalAwait(when, &at)); err != nil {
			t.Fatalf("%s visitor: %v", v.name, err)
		}
		got[v.name] = at
		lo, hi = min(lo, at), max(hi, at)
	}
	t.Logf("hearth-page.js requested, ms after DOMContentLoaded: %v", got)
	// The load comes 1.5 s late: a start tied to it differs by about that.
	if hi-lo > 600 {
		t.Errorf("the page side was requested at %v ms after DOMContentLoaded: it tells the visitors apart (spread %.0f ms)", got, hi-lo)
	}
}

// A bundle file the server accepts and never answers: ready rejects,
// naming the file, and the defaults are shown (#24.12).
func TestBrowserStartDeadline(t *testing.T) {
	s := demoSite(t)
	for _, file := range []string{manifest.Wasm, manifest.Worker} {
		name := s.manifest.Files[file].File
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			h, err := server.New(os.DirFS(distDir), os.DirFS(s.root+"/web/demo"))
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, name) {
					<-r.Context().Done() // accepted, never answered
					return
				}
				h.ServeHTTP(w, r)
			}))
			t.Cleanup(srv.Close)
			_, tab, rec := browse(t)
			var msg string
			if err := chromedp.Run(tab, chromedp.Navigate(srv.URL+"/"),
				chrome.EvalAwait(bounded(`hearth.ready.then(() => "resolved", e => e.message)`, 40000), &msg)); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(msg, name) || !strings.Contains(msg, "no answer after") {
				t.Errorf("with %s never answered, hearth.ready settled with %q; want a rejection naming it", name, msg)
			}
			rec.take(name)
		})
	}
}

// A page policy that blocks the worker gets an error that says which
// directive, and the fix (#24.10).
func TestBrowserWorkerBlockedByCSPSaysWhy(t *testing.T) {
	const nonce = "n0nceForTheTest"
	files := demoFiles(t)
	files["index.html"] = strings.ReplaceAll(files["index.html"], "<script ", `<script nonce="`+nonce+`" `)
	url := customSiteCSP(t, files, "default-src 'self'; script-src 'nonce-"+nonce+"'; img-src 'self' data:")
	_, tab, rec := browse(t)
	var msg string
	if err := chromedp.Run(tab, chromedp.Navigate(url+"/"),
		chrome.EvalAwait(`hearth.ready.then(() => "resolved", e => e.message)`, &msg)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "Content-Security-Policy (worker-src)") || !strings.Contains(msg, "worker-src 'self'") {
		t.Errorf("with the worker blocked by the page's policy, ready rejected with %q; want the directive and the fix", msg)
	}
	rec.take("worker")
	rec.take("Content Security Policy")
}

// Another tab's localStorage.clear() (the site's own code) is respected as
// hearth.clear() is: this tab's next write does not bring the profile back
// (#24.19).
func TestBrowserForeignClearRespected(t *testing.T) {
	s, tabA, _ := browse(t)
	tabB, cancelB := chromedp.NewContext(tabA)
	defer cancelB()
	if err := chromedp.Run(tabA, chromedp.Navigate(s.url+"/"), chrome.WaitReady(),
		chrome.EvalAwait(`hearth.declare("camping", true)`, nil)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(tabB, chromedp.Navigate(s.url+"/"), chrome.WaitReady(),
		chromedp.Evaluate(`localStorage.clear()`, nil)); err != nil {
		t.Fatal(err)
	}
	var emptied bool
	if err := chromedp.Run(tabA,
		// The storage event reaches tab A asynchronously: its profile empties.
		chromedp.Poll(`!(hearth.profile().declared || {}).camping`, &emptied, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second)),
		chrome.EvalAwait(`hearth.track("running", 1)`, nil),
	); err != nil {
		t.Fatalf("tab A did not take the other tab's clear: %v", err)
	}
	st, err := stored(tabA)
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := st["declared"].(map[string]any); d["camping"] != nil {
		t.Errorf("after another tab's localStorage.clear(), tab A's next write stored camping again: %v", st)
	}
}

// One failed write (a full quota) does not put the rest of the page in
// memory-only mode: once storage works again the next choice is stored
// (#24.14), and the panel counts what is stored still (#24.15).
func TestBrowserWriteRetriedAfterFailure(t *testing.T) {
	s, tab, rec := browse(t)
	const flaky = `(() => { const set = Storage.prototype.setItem;
		Storage.prototype.setItem = function (k, v) {
			if (window.__full) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
			return set.call(this, k, v); }; })();`
	var text string
	if err := chromedp.Run(tab, atStart(flaky), chromedp.Navigate(s.url+"/"), chrome.WaitReady(),
		chromedp.Evaluate(`window.__full = true`, nil),
		chrome.EvalAwait(`hearth.declare("camping", true)`, nil), chrome.Settle(),
		chrome.EvalAwait(`hearth.open().then(() => document.getElementById("hearth-panel").shadowRoot.textContent)`, &text),
	); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, "Stored in this browser only: 0 B") {
		t.Errorf("after a failed write the panel says 0 B are stored, though the first page's profile still is")
	}
	if err := chromedp.Run(tab, chromedp.Evaluate(`window.__full = false`, nil),
		chrome.EvalAwait(`hearth.declare("running", true)`, nil)); err != nil {
		t.Fatal(err)
	}
	st, err := stored(tab)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := st["declared"].(map[string]any)
	if d["running"] == nil || d["camping"] == nil {
		t.Errorf("storage works again, but the choices made since the failure are not stored: %v", st)
	}
	rec.take("storage failed")
}

// After the config changed, a returning visitor's replay from the old one
// is taken back as soon as the new config is there (a fetched one; an
// inline one before the replay), not when the module answers, which here
// comes a second later (#24.17).
func TestBrowserReplayFromAnotherConfigWithdrawn(t *testing.T) {
	demoSite(t)
	h, err := server.New(os.DirFS(distDir), nil)
	if err != nil {
		t.Fatal(err)
	}
	const config = `{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}}}, "experiences": []}`
	inline := strings.Replace(slotPage, `<script src="/hearth/hearth.js" data-config="/hearth.json" async></script>`,
		`<script type="application/json" id="hearth-config">`+config+`</script><script src="/hearth/hearth.js" async></script>`, 1)
	wasm := demoSite(t).manifest.Files[manifest.Wasm].File
	mux := http.NewServeMux()
	mux.HandleFunc("/hearth/", func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, wasm) {
			time.Sleep(time.Second) // the module arrives late: a slow server's
		}
		h.ServeHTTP(w, r)
	})
	mux.HandleFunc("/hearth.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(config))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/inline" {
			w.Write([]byte(inline))
			return
		}
		w.Write([]byte(slotPage))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	_, tab, _ := browse(t)
	const watch = `window.__shown = []; document.addEventListener("DOMContentLoaded", () => {
		const s = document.querySelector("[data-hearth-slot]");
		const note = () => window.__shown.push([s.getAttribute("data-hearth-applied") || "", Math.round(performance.now())]);
		note(); new MutationObserver(note).observe(s, {attributes: true, attributeFilter: ["data-hearth-applied"]}); });`
	for _, path := range []string{"/", "/inline"} {
		old := `{"v":1,"pages":3,"visits":1,"declared":{"camping":{"on":true,"at":1}},"replay":[{"path":"` + path + `","at":1,"cfg":"deadbeef","slots":{"hero":"x"}}]}`
		var got struct {
			Shown  [][2]any `json:"shown"`
			Config float64  `json:"config"`
			Ready  float64  `json:"ready"`
		}
		if err := chromedp.Run(tab, atStart(watch), chromedp.Navigate(srv.URL+path),
			chromedp.Evaluate(`localStorage.setItem("hearth:v1", `+jsString(old)+`)`, nil),
			chromedp.Navigate(srv.URL+path), chrome.WaitReady(),
			chromedp.Evaluate(`({shown: window.__shown, ready: Math.round(performance.getEntriesByName("hearth:ready")[0].startTime),
				config: Math.round((performance.getEntriesByType("resource").find(e => e.name.endsWith("/hearth.json")) || {responseEnd: 0}).responseEnd)})`, &got),
		); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: hero's variant over time %v; config at %.0f ms, ready at %.0f ms", path, got.Shown, got.Config, got.Ready)
		var xUntil float64 = -1
		for _, s := range got.Shown {
			if s[0] == "x" {
				xUntil = -2 // shown; until the next change
			} else if xUntil == -2 {
				xUntil = s[1].(float64)
			}
		}
		switch {
		case path == "/inline" && xUntil != -1:
			t.Errorf("inline config changed: the old replay was shown (%v)", got.Shown)
		case path == "/" && xUntil < 0:
			t.Errorf("fetched config changed: the replay was never shown, or never taken back (%v)", got.Shown)
		case path == "/" && xUntil > got.Ready-500:
			t.Errorf("fetched config changed: the old replay stayed until %.0f ms, the module answered at %.0f ms: it waited for the module", xUntil, got.Ready)
		}
	}
}

// Where the page pins the loader (integrity on its tag), the worker runs
// from the bytes its SRI checked: a server that answers the Worker's own
// request with another script than the check's fetch does not get that
// script run (#24.13).
func TestBrowserPinnedWorkerRunsWhatWasChecked(t *testing.T) {
	s := demoSite(t)
	h, err := server.New(os.DirFS(distDir), os.DirFS(s.root+"/web/demo"))
	if err != nil {
		t.Fatal(err)
	}
	workerFile := s.manifest.Files[manifest.Worker].File
	genuine, err := os.ReadFile(distDir + "/" + workerFile)
	if err != nil {
		t.Fatal(err)
	}
	leaked := make(chan string, 8)
	loaderSRI := s.manifest.Files[manifest.Loader].Integrity
	pinned := "default-src 'self'; script-src '" + loaderSRI + "' 'strict-dynamic' 'wasm-unsafe-eval'; img-src 'self' data:; object-src 'none'"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/leak":
			leaked <- r.URL.RawQuery
			return
		case strings.HasSuffix(r.URL.Path, workerFile) && r.Header.Get("Sec-Fetch-Dest") == "worker":
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(append(genuine, []byte(`;addEventListener("message", function (e) { fetch("/leak?got-a-message"); });`)...))
			return
		case r.URL.Path == "/" || r.URL.Path == "/index.html":
			plain := r.Clone(r.Context())
			plain.Header.Del("Accept-Encoding")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, plain)
			page := strings.Replace(rec.Body.String(), `<script src="/hearth/hearth.js"`,
				`<script src="/hearth/hearth.js" integrity="`+loaderSRI+`" crossorigin="anonymous"`, 1)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Security-Policy", pinned)
			w.Write([]byte(page))
			return
		}
		h.ServeHTTP(w, r)
	}))
	if warns := server.CheckCSP(pinned); len(warns) > 0 {
		t.Errorf("CheckCSP warns about the pinned policy README gives: %q", warns)
	}
	t.Cleanup(srv.Close)
	_, tab, _ := browse(t)
	var hero heroState
	if err := chromedp.Run(tab, chromedp.Navigate(srv.URL+"/"), chrome.WaitReady(),
		chrome.EvalAwait(`hearth.declare("camping", true)`, nil), chromedp.Evaluate(heroJS, &hero)); err != nil {
		t.Fatal(err)
	}
	if hero.Applied != "camping" {
		t.Errorf("pinned loader: the hero did not personalize (%+v): the worker from checked bytes did not work", hero)
	}
	select {
	case q := <-leaked:
		t.Errorf("the script the server gave the Worker request ran and sent %q", q)
	default:
	}
}
