package server

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func get(t *testing.T, h http.Handler, path string, headers ...string) *http.Response {
	t.Helper()
	r := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func body(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// A site's text file goes out gzipped to a client that takes it (with
// Vary and its own ETag), plain to one that does not; a fresh precompressed
// sidecar wins, a stale one is ignored; a conditional request gets 304.
func TestSiteCompression(t *testing.T) {
	dir := t.TempDir()
	css := strings.Repeat("body { margin: 0; padding: 0; }\n", 100)
	os.WriteFile(filepath.Join(dir, "shop.css"), []byte(css), 0o644)
	os.WriteFile(filepath.Join(dir, "app.js"), []byte(strings.Repeat("console.log(1);\n", 100)), 0o644)
	os.WriteFile(filepath.Join(dir, "app.js.br"), []byte("brotli bytes"), 0o644)
	os.WriteFile(filepath.Join(dir, "old.js"), []byte(strings.Repeat("old();\n", 100)), 0o644)
	os.WriteFile(filepath.Join(dir, "old.js.br"), []byte("stale"), 0o644)
	past := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(dir, "old.js.br"), past, past)
	h, _ := New(nil, os.DirFS(dir))

	resp := get(t, h, "/shop.css", "Accept-Encoding", "gzip, br")
	if resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("Vary") != "Accept-Encoding" || string(body(t, resp)) != css {
		t.Errorf("shop.css: encoding %q, vary %q: want gzip of the file", resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"))
	}
	gzTag := resp.Header.Get("ETag")
	plain := get(t, h, "/shop.css")
	if plain.Header.Get("Content-Encoding") != "" || string(body(t, plain)) != css || plain.Header.Get("ETag") == gzTag {
		t.Errorf("shop.css without Accept-Encoding: encoding %q, ETag %q (gzip's %q)", plain.Header.Get("Content-Encoding"), plain.Header.Get("ETag"), gzTag)
	}
	if r := get(t, h, "/shop.css", "Accept-Encoding", "gzip", "If-None-Match", gzTag); r.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET = %d, want 304", r.StatusCode)
	}
	if r := get(t, h, "/app.js", "Accept-Encoding", "gzip, br"); r.Header.Get("Content-Encoding") != "br" || string(body(t, r)) != "brotli bytes" {
		t.Errorf("app.js with a fresh .br sidecar: encoding %q", r.Header.Get("Content-Encoding"))
	}
	if r := get(t, h, "/old.js", "Accept-Encoding", "br, gzip"); r.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("old.js with a stale .br sidecar: encoding %q, want gzip made from the file", r.Header.Get("Content-Encoding"))
	}
}

// countingFS counts the bytes read from its files.
type countingFS struct {
	fs.FS
	read *int64
}

type countingFile struct {
	fs.File
	read *int64
}

func (c countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	return countingFile{f, c.read}, err
}

func (c countingFile) Read(p []byte) (int, error) {
	n, err := c.File.Read(p)
	*c.read += int64(n)
	return n, err
}

func (c countingFile) Seek(off int64, whence int) (int64, error) {
	return c.File.(io.Seeker).Seek(off, whence)
}

// A large file streams: a Range request gets its bytes (206) and reads
// little more than them after the file's one-time hash, and the validator
// is computed once, not per request.
func TestSiteStreamsRanges(t *testing.T) {
	dir := t.TempDir()
	video := bytes.Repeat([]byte("0123456789"), 300_000) // 3 MB
	os.WriteFile(filepath.Join(dir, "clip.mp4"), video, 0o644)
	var read int64
	h, _ := New(nil, countingFS{os.DirFS(dir), &read})
	first := get(t, h, "/clip.mp4", "Range", "bytes=100-199")
	if first.StatusCode != http.StatusPartialContent || !bytes.Equal(body(t, first), video[100:200]) {
		t.Fatalf("range request = %d", first.StatusCode)
	}
	read = 0
	again := get(t, h, "/clip.mp4", "Range", "bytes=1000000-1000099")
	if again.StatusCode != http.StatusPartialContent || !bytes.Equal(body(t, again), video[1000000:1000100]) || again.Header.Get("ETag") != first.Header.Get("ETag") {
		t.Fatalf("second range request = %d", again.StatusCode)
	}
	if read > 64<<10 {
		t.Errorf("a 100-byte range read %d bytes of the file: not streamed, or hashed again", read)
	}
	if ct := again.Header.Get("Content-Type"); ct != "video/mp4" {
		t.Errorf("Content-Type %q", ct)
	}
}

// A changed file gets a new validator and its new content at once.
func TestSiteFileChanges(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "index.html")
	os.WriteFile(p, []byte("<!doctype html>one"), 0o644)
	h, _ := New(nil, os.DirFS(dir))
	a := get(t, h, "/")
	os.WriteFile(p, []byte("<!doctype html>two, longer"), 0o644)
	later := time.Now().Add(time.Second)
	os.Chtimes(p, later, later)
	b := get(t, h, "/")
	if a.Header.Get("ETag") == b.Header.Get("ETag") || string(body(t, b)) != "<!doctype html>two, longer" {
		t.Errorf("after a change: ETag %q → %q, body %q", a.Header.Get("ETag"), b.Header.Get("ETag"), body(t, b))
	}
}

// Names that carry a content hash are cached for a year; others revalidate.
func TestSiteHashedNamesImmutable(t *testing.T) {
	for name, want := range map[string]bool{
		"app.3f2a9c1b.js": true, "chunk-5e7d2a91b3.css": true, "img/hero.a1B2c3D4e5.webp": true, "main.abc123def456.mjs": true,
		"app.js": false, "bootstrap.bundle.min.js": false, "jquery-3.7.1.min.js": false, "logo.12345678.png": false, "report-2024.pdf": false,
	} {
		if Hashed(name) != want {
			t.Errorf("Hashed(%q) = %v, want %v", name, !want, want)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "app.3f2a9c1b.js"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "app.js"), []byte("x"), 0o644)
	h, _ := New(nil, os.DirFS(dir))
	if cc := get(t, h, "/app.3f2a9c1b.js").Header.Get("Cache-Control"); cc != CacheImmutable {
		t.Errorf("hashed name: Cache-Control %q", cc)
	}
	if cc := get(t, h, "/app.js").Header.Get("Cache-Control"); cc != CacheRevalidate {
		t.Errorf("plain name: Cache-Control %q", cc)
	}
}

// The gzip copies kept in memory stay under their bound however many text
// files a site has; every file still goes out whole and compressed, and
// the bound's accounting matches what is kept.
func TestSiteCompressionMemoryBounded(t *testing.T) {
	dir := t.TempDir()
	want := map[string]string{}
	for i := range 24 {
		var b strings.Builder
		for j := range 4000 { // hex of a counter: compresses to about half
			fmt.Fprintf(&b, "%x ", (i*4000+j)*2654435761%1000003)
		}
		name := fmt.Sprintf("page%d.html", i)
		want[name] = b.String()
		os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644)
	}
	h, _ := New(nil, os.DirFS(dir))
	h.cache.limit = 64 << 10
	for round := range 2 {
		for name, text := range want {
			resp := get(t, h, "/"+name, "Accept-Encoding", "gzip")
			if got := string(body(t, resp)); got != text {
				t.Fatalf("round %d, %s: %d bytes back, want %d", round, name, len(got), len(text))
			}
			if resp.Header.Get("Content-Encoding") != "gzip" {
				t.Errorf("round %d, %s: not compressed", round, name)
			}
			var sum int64
			for _, f := range h.cache.files {
				sum += int64(cap(f.gz)) // what is held, not what is used
			}
			if sum != h.cache.kept || sum > h.cache.limit {
				t.Fatalf("round %d, after %s: %d bytes of gzip kept, counted %d, bound %d", round, name, sum, h.cache.kept, h.cache.limit)
			}
		}
	}
}

// Requests for one text file that arrive together gzip it once: the others
// wait for that copy (#24.7: each compressed it again, concurrently).
func TestSiteCompressionOncePerFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "big.html"), bytes.Repeat([]byte("<p>hearth</p> "), 200000), 0o644)
	h, _ := New(nil, os.DirFS(dir))
	h.cache.limit = 1 // the copy is not kept: only its validator
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r := httptest.NewRequest("GET", "/big.html", nil)
			r.Header.Set("Accept-Encoding", "gzip")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
		}()
	}
	close(start)
	wg.Wait()
	if h.cache.made != 1 {
		t.Errorf("16 requests at once made the gzip copy %d times; want them to share one", h.cache.made)
	}
}
