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

	"hearth/manifest"
	"hearth/server"
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
