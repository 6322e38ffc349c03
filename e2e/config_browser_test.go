package e2e

import (
	"encoding/binary"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/manifest"
	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/tool/bench"
)

const slotPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/hearth/hearth.js" data-config="/hearth.json" async></script></head>
<body><div data-hearth-slot="hero"><p>default hero</p></div>
<template data-hearth-variant="hero/x"><p>variant X</p></template></body></html>`

// A broken config logs one clear console error naming the problem, and the
// page keeps (or gets back) its defaults, even after the loader replayed a
// variant for a returning visitor.
func TestBrowserBrokenConfig(t *testing.T) {
	for _, tc := range []struct {
		name, config, want string
	}{
		{"misspelled field", `{"version": 1, "topics": {},
  "experiencez": []}`, `rules: 2:3: experiencez: unknown field "experiencez"; did you mean "experiences"?`},
		{"truncated", `{"version": 1, "topics": {`, `rules: 1:27: invalid JSON: unexpected end of input`},
		{"missing", "", `/hearth.json: HTTP 404`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"index.html": slotPage}
			if tc.config != "" {
				files["hearth.json"] = tc.config
			}
			url := customSite(t, files)
			_, tab, rec := browse(t)
			var rejected string
			var hero string
			var hidden bool
			if err := chromedp.Run(tab,
				chromedp.Navigate(url+"/healthz"),
				chromedp.Evaluate(`localStorage.setItem("hearth:v1", JSON.stringify({v: 1, topics: {}, visits: 1, pages: 1, replay: [{path: "/", at: 1, slots: {hero: "x"}}]}))`, nil),
				chromedp.Navigate(url+"/"),
				chromedp.Evaluate(`window.hearth.ready.then(() => "resolved", e => e.message)`, &rejected, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
					return p.WithAwaitPromise(true)
				}),
				chromedp.Evaluate(`document.querySelector("[data-hearth-slot]").textContent.trim()`, &hero),
				chromedp.Evaluate(`getComputedStyle(document.querySelector("[data-hearth-slot]")).visibility === "hidden"`, &hidden),
			); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(rejected, tc.want) {
				t.Errorf("hearth.ready rejected with %q, want it to contain %q", rejected, tc.want)
			}
			if hero != "default hero" || hidden {
				t.Errorf("slot shows %q (hidden %v), want the default back", hero, hidden)
			}
			time.Sleep(100 * time.Millisecond)
			rec.mu.Lock()
			errs := rec.errors
			rec.errors = nil // the expected error: checked here, not by browse's cleanup
			rec.mu.Unlock()
			n := 0
			for _, e := range errs {
				if strings.Contains(e, "hearth:") {
					n++
					if !strings.Contains(e, tc.want) {
						t.Errorf("console error %q does not name the problem %q", e, tc.want)
					}
				}
			}
			if n != 1 {
				t.Errorf("%d hearth console errors, want exactly 1: %q", n, errs)
			}
		})
	}
}

// A module that differs from the manifest's integrity value never runs,
// even when it is valid WebAssembly (here: the real module with one more
// custom section): the page keeps its defaults and hearth.ready rejects.
func TestBrowserTamperedModule(t *testing.T) {
	s := demoSite(t)
	dir := t.TempDir()
	entries, err := os.ReadDir(distDir)
	if err != nil {
		t.Fatal(err)
	}
	wasm := s.manifest.Files[manifest.Wasm].File
	for _, e := range entries {
		if e.Name() == wasm+".br" || e.Name() == wasm+".gz" {
			continue // the raw, tampered module is what gets served
		}
		b, err := os.ReadFile(filepath.Join(distDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == wasm {
			// A custom section (id 0) named "x" holding "evil": still a valid module.
			b = append(b, 0, 6, 1, 'x', 'e', 'v', 'i', 'l')
			if _, err := wasmValid(b); err != nil {
				t.Fatalf("the tampered module should stay valid WebAssembly: %v", err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h, err := server.New(os.DirFS(dir), os.DirFS(filepath.Join(s.root, "web", "demo")))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	_, tab, rec := browse(t)
	var rejected, hero string
	var ran bool
	if err := chromedp.Run(tab,
		chromedp.Navigate(srv.URL+"/healthz"),
		chromedp.Evaluate(`localStorage.setItem("hearth:v1", `+strconv.Quote(bench.Returning())+`)`, nil),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.Evaluate(`window.hearth.ready.then(() => "resolved", e => e.message)`, &rejected, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
			return p.WithAwaitPromise(true)
		}),
		chromedp.Evaluate(`document.querySelector('[data-hearth-slot="hero"]').getAttribute("data-hearth-applied") || "default"`, &hero),
		chromedp.Evaluate(`performance.getEntriesByName("hearth:ready").length > 0 || typeof window.Go === "function" && !!window.hearth.decisions()`, &ran),
	); err != nil {
		t.Fatal(err)
	}
	if rejected == "resolved" || rejected == "" {
		t.Fatalf("hearth.ready = %q with a tampered module, want a rejection", rejected)
	}
	if hero != "default" || ran {
		t.Errorf("hero shows %q, module ran %v; want the default and no module", hero, ran)
	}
	time.Sleep(100 * time.Millisecond)
	rec.mu.Lock()
	rec.errors = nil // the expected "hearth: …" error
	rec.mu.Unlock()
}

// wasmValid checks the module header and that every section fits.
func wasmValid(b []byte) (int, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return 0, errors.New("no wasm header")
	}
	n := 0
	for i := 8; i < len(b); n++ {
		i++ // section id
		size, w := binary.Uvarint(b[i:])
		if w <= 0 || i+w+int(size) > len(b) {
			return n, errors.New("a section runs past the end")
		}
		i += w + int(size)
	}
	return n, nil
}
