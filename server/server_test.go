package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func testHandler(t testing.TB) *Handler {
	t.Helper()
	dist := fstest.MapFS{
		"manifest.json": {Data: []byte(`{"files": {
			"hearth.wasm": {"file": "hearth.0123456789abcdef.wasm", "hashed": true},
			"hearth.js": {"file": "hearth.js", "hashed": false}}}`)},
		"hearth.0123456789abcdef.wasm":    {Data: []byte("\x00asm raw")},
		"hearth.0123456789abcdef.wasm.gz": {Data: []byte("gz bytes")},
		"hearth.0123456789abcdef.wasm.br": {Data: []byte("br bytes")},
		"hearth.js":                       {Data: []byte("// loader")},
		"hearth.js.gz":                    {Data: []byte("gz loader")},
	}
	site := fstest.MapFS{
		"index.html":           {Data: []byte("<!doctype html>home")},
		"c/camping/index.html": {Data: []byte("<!doctype html>camping")},
		"empty/readme.txt":     {Data: []byte("no index here")},
		"hearth.json":          {Data: []byte(`{"version": 1}`)},
	}
	h, err := New(dist, site)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func do(h http.Handler, method, target string, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "http://127.0.0.1"+target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestAssets(t *testing.T) {
	h := testHandler(t)
	const wasm = "/hearth/hearth.0123456789abcdef.wasm"
	for _, tc := range []struct {
		name, path, accept string
		body, encoding     string
		cache              string
	}{
		{"brotli preferred", wasm, "gzip, deflate, br", "br bytes", "br", "public, max-age=31536000, immutable"},
		{"gzip", wasm, "gzip", "gz bytes", "gzip", "public, max-age=31536000, immutable"},
		{"br refused by q=0", wasm, "br;q=0, gzip", "gz bytes", "gzip", "public, max-age=31536000, immutable"},
		{"identity", wasm, "", "\x00asm raw", "", "public, max-age=31536000, immutable"},
		{"loader revalidates", "/hearth/hearth.js", "br, gzip", "gz loader", "gzip", "no-cache"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := do(h, "GET", tc.path, "Accept-Encoding", tc.accept)
			if w.Code != 200 || w.Body.String() != tc.body {
				t.Fatalf("GET %s = %d %q, want 200 %q", tc.path, w.Code, w.Body.String(), tc.body)
			}
			hd := w.Header()
			if got := hd.Get("Content-Encoding"); got != tc.encoding {
				t.Errorf("Content-Encoding = %q, want %q", got, tc.encoding)
			}
			if got := hd.Get("Cache-Control"); got != tc.cache {
				t.Errorf("Cache-Control = %q, want %q", got, tc.cache)
			}
			if hd.Get("Vary") != "Accept-Encoding" || hd.Get("X-Content-Type-Options") != "nosniff" || hd.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("headers = %v, want Vary, nosniff and CORS", hd)
			}
		})
	}
	w := do(h, "GET", wasm, "Accept-Encoding", "br")
	if ct := w.Header().Get("Content-Type"); ct != "application/wasm" {
		t.Errorf("Content-Type = %q, want application/wasm", ct)
	}
	etag := w.Header().Get("ETag")
	if w2 := do(h, "GET", wasm, "Accept-Encoding", "gzip"); w2.Header().Get("ETag") == etag {
		t.Errorf("gzip and brotli share the ETag %s", etag)
	}
	if w := do(h, "GET", wasm, "Accept-Encoding", "br", "If-None-Match", etag); w.Code != http.StatusNotModified {
		t.Errorf("conditional GET = %d, want 304", w.Code)
	}
	if w := do(h, "GET", wasm, "Range", "bytes=0-3"); w.Code != http.StatusPartialContent || w.Body.String() != "\x00asm" {
		t.Errorf("Range = %d %q, want 206 \\x00asm", w.Code, w.Body.String())
	}
	if w := do(h, "HEAD", wasm); w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Length") != "8" {
		t.Errorf("HEAD = %d, %d body bytes, length %q", w.Code, w.Body.Len(), w.Header().Get("Content-Length"))
	}
	if w := do(h, "GET", "/hearth/manifest.json"); w.Code != 404 {
		t.Errorf("a file not in the manifest = %d, want 404", w.Code)
	}
}

func TestSite(t *testing.T) {
	h := testHandler(t)
	for _, tc := range []struct {
		method, path string
		code         int
		body, ctype  string
	}{
		{"GET", "/", 200, "home", "text/html; charset=utf-8"},
		{"GET", "/c/camping/", 200, "camping", "text/html; charset=utf-8"},
		{"GET", "/hearth.json", 200, "version", "application/json"},
		{"GET", "/c/camping", 301, "", ""},
		{"GET", "/empty/", 404, "", ""},
		{"GET", "/nope", 404, "", ""},
		{"GET", "/../../etc/passwd", 404, "", ""},
		{"GET", "/%2e%2e/%2e%2e/etc/passwd", 404, "", ""},
		{"GET", "/c/..%5c..%5cetc", 400, "", ""},
		{"GET", "/a%00b", 400, "", ""},
		{"GET", "/" + strings.Repeat("a", 2000), 400, "", ""},
		{"POST", "/", 405, "", ""},
		{"DELETE", "/hearth/hearth.js", 405, "", ""},
		{"GET", "/healthz", 200, "ok", ""},
	} {
		w := do(h, tc.method, tc.path)
		if w.Code != tc.code {
			t.Errorf("%s %s = %d, want %d", tc.method, tc.path, w.Code, tc.code)
			continue
		}
		if !strings.Contains(w.Body.String(), tc.body) {
			t.Errorf("%s %s body = %q, want it to contain %q", tc.method, tc.path, w.Body.String(), tc.body)
		}
		if tc.ctype != "" && w.Header().Get("Content-Type") != tc.ctype {
			t.Errorf("%s %s Content-Type = %q, want %q", tc.method, tc.path, w.Header().Get("Content-Type"), tc.ctype)
		}
		if tc.code == 405 && w.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s %s Allow = %q, want GET, HEAD", tc.method, tc.path, w.Header().Get("Allow"))
		}
	}
	w := do(h, "GET", "/")
	if w2 := do(h, "GET", "/", "If-None-Match", w.Header().Get("ETag")); w2.Code != 304 {
		t.Errorf("conditional page GET = %d, want 304", w2.Code)
	}
}

func TestNewNeedsManifest(t *testing.T) {
	if _, err := New(fstest.MapFS{}, fstest.MapFS{}); err == nil || !strings.Contains(err.Error(), "go run ./build") {
		t.Errorf("New without manifest = %v, want an error saying how to build", err)
	}
}

// FuzzPath: whatever the path, the handler never panics, never serves a file
// outside the site or bundle, and answers with a known status.
func FuzzPath(f *testing.F) {
	for _, s := range []string{"/", "/hearth/hearth.js", "/../x", "/%2e%2e/", "/c/camping", "//x", "/\\x"} {
		f.Add(s)
	}
	h := testHandler(f)
	f.Fuzz(func(t *testing.T, p string) {
		r := httptest.NewRequest("GET", "http://127.0.0.1/", nil)
		r.URL.Path = p
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		switch w.Code {
		case 200, 301, 400, 404:
		default:
			t.Fatalf("GET %q = %d", p, w.Code)
		}
		if w.Code == 200 && strings.Contains(w.Body.String(), "no index here") && !strings.Contains(p, "readme") {
			t.Fatalf("GET %q served an unrelated file", p)
		}
	})
}

// A real site's files get their types (images and fonts fail under nosniff
// otherwise); an unknown extension is never sniffed.
func TestContentTypes(t *testing.T) {
	site := fstest.MapFS{}
	want := map[string]string{
		"a.jpg": "image/jpeg", "a.JPEG": "image/jpeg", "a.webp": "image/webp", "a.avif": "image/avif", "a.gif": "image/gif",
		"a.woff": "font/woff", "a.woff2": "font/woff2", "a.ttf": "font/ttf", "a.mp4": "video/mp4", "a.webm": "video/webm",
		"a.pdf": "application/pdf", "a.xml": "application/xml", "a.js.map": "application/json",
		"site.webmanifest": "application/manifest+json", "a.bin": "application/octet-stream", "noext": "application/octet-stream",
	}
	for name := range want {
		site[name] = &fstest.MapFile{Data: []byte("<html><script>alert(1)</script>")}
	}
	h, err := New(nil, site)
	if err != nil {
		t.Fatal(err)
	}
	for name, ct := range want {
		w := do(h, "GET", "/"+name)
		if got := w.Header().Get("Content-Type"); w.Code != 200 || got != ct {
			t.Errorf("GET /%s = %d, Content-Type %q; want 200, %q", name, w.Code, got, ct)
		}
		if w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET /%s: no nosniff", name)
		}
	}
}

// A site's own 404.html is its not-found page, with a 404 status.
func TestSiteNotFoundPage(t *testing.T) {
	h, err := New(nil, fstest.MapFS{"index.html": {Data: []byte("home")}, "404.html": {Data: []byte("<p>Lost? Try the shop.</p>")}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/nope", "/.env", "/a/b/c"} {
		w := do(h, "GET", p)
		if w.Code != 404 || !strings.Contains(w.Body.String(), "Lost?") || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
			t.Errorf("GET %s = %d %q (%s), want 404 with the site's 404.html", p, w.Code, w.Body.String(), w.Header().Get("Content-Type"))
		}
	}
}

// Dotfiles and SQLite files (measurement's counts, left in the site by an
// owner) are never served (#33.13); /.well-known/ is.
func TestHidden(t *testing.T) {
	for name, want := range map[string]bool{
		".env": true, "a/.git/config": true, "counts.sqlite": true, "data/hearth-counts.sqlite-wal": true, "x.SQLite-shm": true,
		".well-known/security.txt": false, "index.html": false, "docs/sqlite/intro.html": false,
	} {
		if got := Hidden(name); got != want {
			t.Errorf("Hidden(%q) = %v, want %v", name, got, want)
		}
	}
}
