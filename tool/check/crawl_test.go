package check

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// docsSite serves a site whose inline script differs with the page's depth,
// as MkDocs Material's __md_scope does: the home page links to /guide/,
// which links to /guide/install/; /faq/ is only in the sitemap (under the
// public host it will be deployed to). It returns the site's URL and the
// paths requested.
func docsSite(t *testing.T) (string, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var asked []string
	scope := func(up string) string {
		return `<script>__md_scope=new URL("` + up + `",location)</script>`
	}
	pages := map[string]string{
		"/":               scope(".") + `<a href="/guide/">Guide</a><a href="https://elsewhere.example/x/">x</a><a href="/manual.pdf">PDF</a><a href="/gone/">gone</a><a href="#top">top</a>`,
		"/guide/":         scope("..") + `<a href="install/#linux">Install</a><a href="/">Home</a>`,
		"/guide/install/": scope("../..") + `<a href="../">Guide</a>`,
		"/faq/":           scope("..") + `<script>faq()</script>`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.Path)
		mu.Unlock()
		if r.URL.Path == "/sitemap.xml" {
			w.Header().Set("Content-Type", "application/xml")
			w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
				`<url><loc>https://docs.example/</loc></url><url><loc>https://docs.example/faq/</loc></url></urlset>`))
			return
		}
		if r.URL.Path == "/manual.pdf" {
			t.Errorf("the crawl fetched a PDF")
		}
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><html><head><script src="/hearth/hearth.js" async></script></head><body>` + body + `</body></html>`))
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), asked...)
	}
}

// `check --csp` given the home page alone fits its policy to every page
// its links and the sitemap reach: each depth's inline script is allowed
// (#32.11: Material's deeper pages were blocked under a policy fitted to
// "home plus one page"), only the site's own pages are fetched, each once,
// and the bound is said when it cuts the crawl short.
func TestCheckCSPCrawlsTheSite(t *testing.T) {
	url, asked := docsSite(t)
	cfg := filepath.Join(t.TempDir(), "hearth.json")
	os.WriteFile(cfg, []byte(`{"version": 1, "topics": {}, "experiences": []}`), 0o644)
	every := []string{
		hashOf(`__md_scope=new URL(".",location)`),
		hashOf(`__md_scope=new URL("..",location)`),
		hashOf(`__md_scope=new URL("../..",location)`),
		hashOf(`faq()`),
	}

	var out bytes.Buffer
	if err := Run([]string{"--csp", "--page", url + "/", cfg}, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, h := range every {
		if !strings.Contains(out.String(), h) {
			t.Errorf("the policy lacks %s, an inline script of a page the crawl should reach:\n%s", h, out.String())
		}
	}
	if !strings.Contains(out.String(), "fits the 4 pages read (1 given, 3 found by their links and the sitemap)") {
		t.Errorf("check does not say what it read:\n%s", out.String())
	}
	count := map[string]int{}
	for _, p := range asked() {
		count[p]++
	}
	for _, p := range []string{"/", "/guide/", "/guide/install/", "/faq/"} {
		if count[p] != 1 {
			t.Errorf("%s fetched %d times, want once (asked %v)", p, count[p], asked())
		}
	}

	out.Reset()
	if err := Run([]string{"--csp", "--crawl", "2", "--page", url + "/", cfg}, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	// Left: /guide/install/, /faq/ and /gone/ (found, not yet known to be
	// missing).
	if !strings.Contains(out.String(), "the crawl stopped at 2 pages and left 3 pages it found unread") {
		t.Errorf("a crawl cut short by --crawl does not say so:\n%s", out.String())
	}

	out.Reset()
	if err := Run([]string{"--csp", "--crawl=0", "--page", url + "/", cfg}, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "fits the 1 page given") || strings.Contains(out.String(), every[1]) {
		t.Errorf("--crawl 0 read more than the page given:\n%s", out.String())
	}

	for _, bad := range [][]string{{"--csp", "--crawl", "many", cfg}, {"--csp", "--crawl", "-1", cfg}, {"--csp", cfg, "--crawl"}} {
		if err := Run(bad, &out); err == nil || !strings.Contains(err.Error(), "--crawl") {
			t.Errorf("check %v: %v, want an error about --crawl", bad, err)
		}
	}
}
