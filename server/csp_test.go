package server

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// Each policy a site owner might write, and what CheckCSP says of it: the
// recommended one and the documented nonce, hash and allow-list forms pass;
// each way of stopping Hearth is named.
func TestCheckCSP(t *testing.T) {
	for _, tc := range []struct {
		name, policy string
		want         []string // a phrase of each warning, in order
	}{
		{"recommended", CSP, nil},
		{"none sent", "", nil},
		{"nonce and strict-dynamic", "script-src 'nonce-abc' 'strict-dynamic'; object-src 'none'; base-uri 'none'", nil},
		{"nonce with self and worker-src", "default-src 'self'; script-src 'nonce-abc' 'self'", nil},
		{"hash and strict-dynamic", "script-src 'sha384-AAAA' 'strict-dynamic' 'wasm-unsafe-eval'; default-src 'self'", nil},
		{"hash without wasm-unsafe-eval", "script-src 'sha384-AAAA' 'strict-dynamic'; default-src 'self'", []string{"'wasm-unsafe-eval'"}},
		{"hash, self, blob workers", "default-src 'self'; script-src 'self' 'sha384-AAAA' 'wasm-unsafe-eval'; worker-src 'self' blob:", nil},
		{"allow-list by host", "default-src https://shop.example; img-src *", nil},
		{"styles by nonce", "default-src 'self'; style-src 'nonce-abc'", nil},
		{"trusted types naming hearth", CSP + "; require-trusted-types-for 'script'; trusted-types hearth app", nil},
		{"nonce only", "default-src 'self'; script-src 'nonce-abc'", []string{"worker-src"}},
		{"nonce only, worker-src self", "default-src 'self'; script-src 'nonce-abc'; worker-src 'self'", nil},
		{"hashes only", "default-src 'self'; script-src 'sha256-abc'", []string{"hearth-page.js", "worker-src", "'wasm-unsafe-eval'", "blob:"}},
		{"strict-dynamic alone", "script-src 'strict-dynamic'", []string{"without a nonce or hash"}},
		{"worker-src none", CSP + "; worker-src 'none'", []string{"worker cannot start"}},
		{"child-src governs workers", "default-src 'self'; child-src 'none'", []string{"worker cannot start"}},
		{"connect none", "default-src 'self'; connect-src 'none'", []string{"connect-src"}},
		{"data: only for styles", "default-src 'self'; style-src data:", []string{"stylesheet"}},
		{"default none", "default-src 'none'", []string{"script-src", "worker-src", "connect-src", "style-src"}},
		{"trusted types without hearth", CSP + "; trusted-types app", []string{"reports the refused policy"}},
		{"trusted types required without hearth", CSP + "; require-trusted-types-for 'script'; trusted-types app", []string{"cannot insert its scripts"}},
		{"first of a directive given twice", "default-src 'self'; connect-src 'none'; connect-src 'self'", []string{"connect-src"}},
		{"every policy of a list", CSP + ", connect-src 'none'", []string{"connect-src"}},
	} {
		got := CheckCSP(tc.policy)
		ok := len(got) == len(tc.want)
		for i := 0; ok && i < len(got); i++ {
			ok = strings.Contains(got[i], tc.want[i])
		}
		if !ok {
			t.Errorf("%s: CheckCSP(%q) = %q, want warnings about %q", tc.name, tc.policy, got, tc.want)
		}
	}
}

func TestPagePolicy(t *testing.T) {
	for in, want := range map[string]string{
		"":                                   CSP,
		"  ":                                 CSP,
		"none":                               "",
		"default-src 'self';\n  img-src *\n": "default-src 'self'; img-src *",
	} {
		if got := PagePolicy(in); got != want {
			t.Errorf("PagePolicy(%q) = %q, want %q", in, got, want)
		}
	}
}

// The owner's policy is what pages get, and none is none; the bundle never
// carries the pages' policy (its worker's policy is its own response's).
func TestHandlerSendsTheOwnersPolicy(t *testing.T) {
	site := fstest.MapFS{"index.html": {Data: []byte("<!doctype html>home")}, "404.html": {Data: []byte("<!doctype html>gone")}}
	for _, csp := range []string{"default-src 'self' https://cdn.example", ""} {
		h, err := New(nil, site)
		if err != nil {
			t.Fatal(err)
		}
		h.CSP = csp
		for _, p := range []string{"/", "/missing"} {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("GET", p, nil))
			if got, ok := w.Result().Header["Content-Security-Policy"]; csp == "" && ok || csp != "" && strings.Join(got, "") != csp {
				t.Errorf("CSP %q: GET %s sent %q", csp, p, got)
			}
		}
	}
}

// CheckCSP reads any policy a site owner may give without failing, and as
// a browser does: a directive given again later in the same policy changes
// nothing (the first wins), so a policy followed by itself warns alike.
func FuzzCheckCSP(f *testing.F) {
	for _, s := range []string{CSP, "", "default-src 'none'", "script-src 'nonce-abc' 'strict-dynamic'", CSP + "; trusted-types app",
		"default-src 'self'; connect-src 'none'; connect-src 'self'", CSP + ", connect-src 'none'", ";;  ;", "SCRIPT-SRC 'SELF'", "worker-src\t'none'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := CheckCSP(s)
		for _, w := range got {
			if strings.TrimSpace(w) == "" {
				t.Fatalf("CheckCSP(%q) gave an empty warning: %q", s, got)
			}
		}
		if strings.Contains(s, ",") {
			return
		}
		if again := CheckCSP(s + "; " + s); !slices.Equal(got, again) {
			t.Fatalf("CheckCSP(%q) = %q, but with itself repeated %q", s, got, again)
		}
	})
}
