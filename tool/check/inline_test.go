package check

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const blogPage = `<!doctype html><html><head>
<script>document.documentElement.className = localStorage.theme || "light";</script>
<script type="application/ld+json">{"@type": "BlogPosting"}</script>
<script src="/hearth/hearth.js" data-config="/hearth.json" async></script>
<script src="https://cdn.example/highlight.js"></script>
<link rel="stylesheet" href="https://fonts.example/css">
<style>body { margin: 0 }</style>
<meta name="hearth:topics" content="camping, leave-no-trace"></head>
<body><img src="/logo.png" onload="this.classList.add('in')"><button onclick="toggle()">Dark</button>
<a href="javascript:void(0)">menu</a><p style="color: red">x</p>
<img src="https://images.example/a.jpg" srcset="https://images.example/a.jpg 1x, https://img2.example/a.jpg 2x">
<a href="/p/x" data-hearth-topics="winter">x</a>
<div data-hearth-slot="hero"></div></body></html>`

// serveBlog serves one page and returns its URL.
func serveBlog(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(blogPage))
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/"
}

// A page's inline scripts and handlers are what a strict policy would
// block: check names them, and --csp proposes a policy that allows exactly
// those (by hash) and the origins the page loads from (#23.1).
func TestCheckProposesAPolicyThatFits(t *testing.T) {
	url := serveBlog(t)
	cfg := filepath.Join(t.TempDir(), "hearth.json")
	os.WriteFile(cfg, []byte(`{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}}}, "experiences": []}`), 0o644)
	var out bytes.Buffer
	if err := Run([]string{"--page", url, cfg}, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "note: 1 inline script and 2 inline event handlers and 1 javascript: URL: a policy with script-src 'self'") {
		t.Errorf("check does not name what a strict policy would block:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "topics the config does not name: leave-no-trace, winter") {
		t.Errorf("check does not list the page's topics the config lacks:\n%s", out.String())
	}
	out.Reset()
	if err := Run([]string{"--csp", "--crawl", "0", "--page", url, cfg}, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		"script-src 'self' https://cdn.example 'unsafe-hashes' ",
		hashOf(`document.documentElement.className = localStorage.theme || "light";`),
		hashOf(`this.classList.add('in')`), hashOf(`toggle()`),
		"style-src 'self' https://fonts.example 'unsafe-inline'",
		"img-src 'self' data: https://images.example https://img2.example",
		"connect-src 'self'",
		"javascript: URL on the pages: no hash allows one",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the proposed policy lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, hashOf(`{"@type": "BlogPosting"}`)) || strings.Contains(got, "warning: Hearth under it") {
		t.Errorf("the policy hashes a JSON block, or Hearth does not run under it:\n%s", got)
	}
}

// A config with an error still gets its pages compared in the same run
// (#23.11: the comparison waited for a second round).
func TestCheckOneRound(t *testing.T) {
	url := serveBlog(t)
	cfg := filepath.Join(t.TempDir(), "hearth.json")
	os.WriteFile(cfg, []byte(`{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}}},
	  "experiences": [{"id": "a", "slot": "heor", "variant": "x", "when": {"declared": "campin"}}]}`), 0o644)
	var out bytes.Buffer
	err := Run([]string{"--page", url, cfg}, &out)
	if err == nil {
		t.Fatalf("a config with an unknown topic passed:\n%s", out.String())
	}
	for _, want := range []string{`campin`, `slot "heor" is on none of the pages given; did you mean "hero"?`, `slot "hero" on the page: no experience targets it`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("one round of check lacks %q:\n%s", want, out.String())
		}
	}
}
