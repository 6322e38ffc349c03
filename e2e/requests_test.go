package e2e

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/hearth-personalization/hearth/manifest"
	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/tool/edge"
)

// The request contract every Hearth server meets: the native server (here)
// and the worker under workerd (worker_test.go) run the same checks, from
// outside, over HTTP on 127.0.0.1. What only the native server does (Range,
// an ETag per encoding) is tested in server/.

// TestRequestsNative runs the checks against the hearthd binary, built and
// started as it is deployed, on the demo's bundle.
func TestRequestsNative(t *testing.T) {
	t.Parallel() // no browser: its builds overlap the planted-report audits, which mostly wait
	s := demoSite(t)
	base, stop, err := edge.StartHearthd(s.root, distDir, hostileSite(t, s.root), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	checkServer(t, base, s.manifest)
}

// hostileSite is a copy of the demo shop with what a careless site directory
// holds and no server may publish: a .env, a .git directory, a symlink to a
// file outside the site. Only /.well-known/ may be served among dot paths.
func hostileSite(t *testing.T, root string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(root, "web", "demo"))); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		".env":                     "SECRET=hunter2\n",
		".git/config":              "[core]\n\tsecret = hunter2\n",
		"c/.htpasswd":              "admin:hunter2\n",
		".well-known/security.txt": "Contact: mailto:security@shop.example\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "passwd.txt")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// rawClient sends exactly what a test asks: no transparent gzip, no
// following redirects.
var rawClient = &http.Client{
	Transport:     &http.Transport{DisableCompression: true},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

type reply struct {
	code int
	hd   http.Header
	body []byte
}

// send sends method target (a raw request-target, sent as written) with
// header pairs.
func send(t *testing.T, base, method, target string, hdr ...string) reply {
	t.Helper()
	req, err := http.NewRequest(method, base+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.URL.Opaque = target // sent verbatim: encoded dots and backslashes stay encoded
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := rawClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, target, err)
	}
	return reply{res.StatusCode, res.Header, b}
}

// sendFollow is send GET, following one redirect to a path on the same
// site: the edge normalizes some paths that way, and where it leads is what
// the visitor gets.
func sendFollow(t *testing.T, base, target string) reply {
	t.Helper()
	r := send(t, base, "GET", target)
	if loc := r.hd.Get("Location"); r.code >= 300 && r.code < 400 && strings.HasPrefix(loc, "/") && !strings.HasPrefix(loc, "//") {
		t.Logf("GET %.60s redirects to %s", target, loc)
		r = send(t, base, "GET", loc)
	}
	return r
}

// decode undoes Content-Encoding.
func decode(t *testing.T, r reply) []byte {
	t.Helper()
	var rd io.Reader
	switch enc := r.hd.Get("Content-Encoding"); enc {
	case "":
		return r.body
	case "br":
		rd = brotli.NewReader(bytes.NewReader(r.body))
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		rd = zr
	default:
		t.Fatalf("unexpected Content-Encoding %q", enc)
	}
	b, err := io.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// revalidates reports whether a Cache-Control value makes caches check
// with the server before each use.
func revalidates(cc string) bool {
	return strings.Contains(cc, "no-cache") || strings.Contains(cc, "max-age=0")
}

func checkServer(t *testing.T, base string, m *manifest.Manifest) {
	wasm, loader := m.Files[manifest.Wasm], m.Files[manifest.Loader]
	wasmPath, loaderPath := server.Prefix+wasm.File, server.Prefix+loader.File

	t.Run("bundle by encoding", func(t *testing.T) {
		for _, tc := range []struct {
			accept   string
			encoding []string // any of these
		}{
			{"br", []string{"br"}},
			{"gzip", []string{"gzip"}},
			{"identity", []string{""}},
			{"br;q=0, gzip", []string{"gzip"}},
			// Chromium's header: the native server prefers brotli, workerd
			// locally takes the first it knows; either is right.
			{"gzip, deflate, br, zstd", []string{"br", "gzip"}},
		} {
			r := send(t, base, "GET", wasmPath, "Accept-Encoding", tc.accept, "Origin", "https://shop.example")
			if r.code != 200 {
				t.Fatalf("GET %s (Accept-Encoding %q) = %d", wasmPath, tc.accept, r.code)
			}
			if got := r.hd.Get("Content-Encoding"); !slices.Contains(tc.encoding, got) {
				t.Errorf("Accept-Encoding %q: Content-Encoding %q, want one of %q", tc.accept, got, tc.encoding)
			}
			if sum := sha256.Sum256(decode(t, r)); hex.EncodeToString(sum[:]) != wasm.SHA256 {
				t.Errorf("Accept-Encoding %q: the module decoded differs from the manifest's sha256", tc.accept)
			}
			want := map[string]string{
				"Content-Type":                 "application/wasm",
				"Cache-Control":                server.CacheImmutable,
				"Access-Control-Allow-Origin":  "*",
				"Cross-Origin-Resource-Policy": server.CORP,
				"X-Content-Type-Options":       "nosniff",
			}
			for k, v := range want {
				if got := strings.Join(r.hd.Values(k), ", "); got != v {
					t.Errorf("%s: %s = %q, want %q", wasmPath, k, got, v)
				}
			}
			if !slices.Contains(r.hd.Values("Vary"), "Accept-Encoding") {
				t.Errorf("%s: Vary = %q, want Accept-Encoding", wasmPath, r.hd.Values("Vary"))
			}
			if r.hd.Get("Content-Security-Policy") != "" {
				t.Errorf("%s: a page's CSP on the bundle", wasmPath)
			}
		}
	})

	t.Run("revalidation and HEAD", func(t *testing.T) {
		r := send(t, base, "GET", wasmPath, "Accept-Encoding", "br")
		etag := r.hd.Get("ETag")
		if etag == "" {
			t.Fatalf("%s: no ETag", wasmPath)
		}
		if r2 := send(t, base, "GET", wasmPath, "Accept-Encoding", "br", "If-None-Match", etag); r2.code != http.StatusNotModified || len(r2.body) != 0 {
			t.Errorf("If-None-Match %s = %d with %d bytes, want 304 and none", etag, r2.code, len(r2.body))
		}
		if h := send(t, base, "HEAD", wasmPath); h.code != 200 || len(h.body) != 0 || h.hd.Get("Content-Type") != "application/wasm" {
			t.Errorf("HEAD %s = %d, %d bytes, %q", wasmPath, h.code, len(h.body), h.hd.Get("Content-Type"))
		}
	})

	t.Run("loader", func(t *testing.T) {
		r := send(t, base, "GET", loaderPath, "Accept-Encoding", "br, gzip", "Origin", "https://shop.example")
		if r.code != 200 {
			t.Fatalf("GET %s = %d", loaderPath, r.code)
		}
		if sum := sha256.Sum256(decode(t, r)); hex.EncodeToString(sum[:]) != loader.SHA256 {
			t.Errorf("%s: the loader differs from the manifest (its SRI would fail)", loaderPath)
		}
		if ct := r.hd.Get("Content-Type"); ct != "text/javascript; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", loaderPath, ct)
		}
		if cc := r.hd.Get("Cache-Control"); !revalidates(cc) || strings.Contains(cc, "immutable") {
			t.Errorf("%s: Cache-Control %q, want revalidation (its name carries no hash)", loaderPath, cc)
		}
		if r.hd.Get("Access-Control-Allow-Origin") != "*" || r.hd.Get("Cross-Origin-Resource-Policy") != server.CORP {
			t.Errorf("%s: not usable from another origin: %v", loaderPath, r.hd)
		}
	})

	t.Run("pages", func(t *testing.T) {
		for _, p := range []string{"/", "/c/camping/", "/ar/"} {
			r := send(t, base, "GET", p, "Accept-Encoding", "br, gzip")
			if r.code != 200 || !bytes.Contains(decode(t, r), []byte(server.Prefix+"hearth.js")) {
				t.Errorf("GET %s = %d, want the page with the loader", p, r.code)
				continue
			}
			want := map[string]string{
				"Content-Type":            "text/html; charset=utf-8",
				"Content-Security-Policy": server.CSP,
				"Referrer-Policy":         server.ReferrerPolicy,
				"X-Content-Type-Options":  "nosniff",
			}
			for k, v := range want {
				if got := strings.Join(r.hd.Values(k), ", "); got != v {
					t.Errorf("%s: %s = %q, want %q", p, k, got, v)
				}
			}
			if cc := r.hd.Get("Cache-Control"); !revalidates(cc) {
				t.Errorf("%s: Cache-Control %q, want revalidation", p, cc)
			}
		}
		for target, want := range map[string]string{
			"/c/camping":                         "/c/camping/",
			"/c/camping?utm_campaign=spring&x=1": "/c/camping/?utm_campaign=spring&x=1",
		} {
			r := send(t, base, "GET", target)
			if r.code < 301 || r.code > 308 || r.hd.Get("Location") != want {
				t.Errorf("GET %s = %d to %q, want a redirect to %s", target, r.code, r.hd.Get("Location"), want)
			}
		}
	})

	t.Run("redirects stay on the site", func(t *testing.T) {
		for _, p := range []string{
			"/%2flocalhost:21999%2f..%2fc/camping", "//localhost:21999/../c/camping", "/%2f%2fevil.example/..%2fc/camping",
			"/%5c%5cevil.example/..%2fc/camping", "/c/camping%2f..%2f..%2f%2fevil.example",
		} {
			r := send(t, base, "GET", p)
			loc := r.hd.Get("Location")
			if loc == "" {
				continue
			}
			if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\") {
				t.Errorf("GET %s = %d to %q: a redirect must be a path on this site (one leading /)", p, r.code, loc)
			}
		}
	})

	t.Run("dotfiles and links out of the site", func(t *testing.T) {
		for _, p := range []string{"/.env", "/.git/config", "/.git/", "/c/.htpasswd", "/passwd.txt", "/%2eenv", "/c/..%2f.env"} {
			r := sendFollow(t, base, p)
			if r.code != 404 && r.code != 400 {
				t.Errorf("GET %s = %d, want 404", p, r.code)
			}
			if bytes.Contains(r.body, []byte("hunter2")) || bytes.Contains(r.body, []byte("root:")) {
				t.Errorf("GET %s served a file it must not: %.40q", p, r.body)
			}
		}
		if r := send(t, base, "GET", "/.well-known/security.txt"); r.code != 200 || !bytes.Contains(r.body, []byte("Contact:")) {
			t.Errorf("GET /.well-known/security.txt = %d, want the file (RFC 8615)", r.code)
		}
	})

	t.Run("nothing else", func(t *testing.T) {
		for _, p := range []string{
			"/nope", "/hearth/", "/hearth/manifest.json", server.Prefix + wasm.File + ".br",
			"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/c/..%5c..%5c..%5cetc%5cpasswd",
			"/a%00b", "/" + strings.Repeat("a", 2000), "/img/", "/hearth/..%2fgo.mod",
		} {
			r := sendFollow(t, base, p)
			if r.code != 400 && r.code != 404 {
				t.Errorf("GET %.60s = %d, want 400 or 404", p, r.code)
			}
			if bytes.Contains(r.body, []byte("root:")) || bytes.Contains(r.body, []byte("module hearth")) {
				t.Errorf("GET %.60s served a file outside the site", p)
			}
		}
	})

	t.Run("methods", func(t *testing.T) {
		for _, tc := range []struct{ method, path string }{
			{"POST", "/"}, {"DELETE", loaderPath}, {"PUT", wasmPath}, {"POST", "/nope"}, {"PATCH", "/c/camping/"},
		} {
			r := send(t, base, tc.method, tc.path)
			if r.code != http.StatusMethodNotAllowed || r.hd.Get("Allow") != server.Methods {
				t.Errorf("%s %s = %d, Allow %q; want 405 with Allow: %s", tc.method, tc.path, r.code, r.hd.Get("Allow"), server.Methods)
			}
		}
	})

	t.Run("healthz", func(t *testing.T) {
		r := send(t, base, "GET", "/healthz")
		if r.code != 200 || strings.TrimSpace(string(r.body)) != "ok" || r.hd.Get("Cache-Control") != "no-store" {
			t.Errorf("GET /healthz = %d %q, Cache-Control %q", r.code, r.body, r.hd.Get("Cache-Control"))
		}
	})
}
