package e2e

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/tool/chrome"
)

// What the loader preloads keeps the decision off the network: every
// variant's and every candidate item's images, on every page view, in
// document order.

// The images of every candidate item are requested on every page view,
// recommended or not, so the network never learns which items were shown.
func TestBrowserItemImagesPreloaded(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>`
	url := customSite(t, map[string]string{
		"index.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/hearth/hearth.js" data-config="/hearth.json" async></script></head>
<body><div data-hearth-recommend="complements">default</div>
<template data-hearth-item-template data-hearth-item="a" data-hearth-topics="x"><img src="/img/a.svg" alt="A"></template>
<template data-hearth-item-template data-hearth-item="b" data-hearth-topics="y"><img srcset="/img/b.svg 1x" alt="B"></template>
</body></html>`,
		"hearth.json": `{"version": 1, "topics": {"x": {"label": {"en": "X"}}, "y": {"label": {"en": "Y"}}}}`,
		"img/a.svg":   svg,
		"img/b.svg":   svg,
	})
	_, tab, rec := browse(t)
	if err := chromedp.Run(tab, chromedp.Navigate(url+"/"), chrome.WaitReady(), chrome.Settle()); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, img := range []string{"/img/a.svg", "/img/b.svg"} {
		found := false
		for _, r := range rec.requests {
			found = found || strings.HasSuffix(r, img)
		}
		if !found {
			t.Errorf("%s was not requested; requests: %q", img, rec.requests)
		}
	}
}

// The loader requests every variant's images before it replays one: in
// document order, whatever the stored decision, so neither the set nor the
// order of requests tells which variant won.
func TestBrowserPreloadOrderHidesReplay(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>`
	url := customSite(t, map[string]string{
		"index.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/hearth/hearth.js" data-config="/hearth.json" async></script></head>
<body><div data-hearth-slot="hero">default</div>
<template data-hearth-variant="hero/a"><img src="/img/a.svg" alt="A"></template>
<template data-hearth-variant="hero/b"><img src="/img/b.svg" alt="B"></template>
</body></html>`,
		"hearth.json": `{"version": 1, "topics": {"x": {"label": {"en": "X"}}}}`,
		"img/a.svg":   svg,
		"img/b.svg":   svg,
	})
	_, tab, rec := browse(t)
	if err := chromedp.Run(tab,
		chromedp.Navigate(url+"/healthz"),
		chromedp.Evaluate(`localStorage.setItem("hearth:v1", JSON.stringify({v: 1, topics: {}, visits: 1, pages: 1, replay: [{path: "/", at: 1, slots: {hero: "b"}}]}))`, nil),
		chromedp.Navigate(url+"/"), chrome.WaitReady(), chrome.Settle(),
	); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var order []string
	for _, r := range rec.requests {
		if strings.HasSuffix(r, "/img/a.svg") || strings.HasSuffix(r, "/img/b.svg") {
			order = append(order, r[strings.LastIndex(r, "/")+1:])
		}
	}
	if len(order) == 0 || order[0] != "a.svg" {
		t.Errorf("image requests in order %q, want a.svg first (document order), not the replayed b.svg", order)
	}
}

// Not only <img>: every resource a variant can request when shown (SVG
// <image>, <input type=image>, a video's poster and source, audio, track)
// is requested on every page view, whichever variant is shown.
func TestBrowserVariantResourcesPreloaded(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>`
	files := map[string]string{
		"index.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/hearth/hearth.js" data-config="/hearth.json" async></script></head>
<body><div data-hearth-slot="hero">default</div>
<template data-hearth-variant="hero/a"><img src="/r/a.svg" alt="A"></template>
<template data-hearth-variant="hero/b"><svg width="1" height="1"><image href="/r/b-image.svg" width="1" height="1"/></svg>
  <input type="image" src="/r/b-input.svg" alt="Go">
  <video poster="/r/b-poster.svg" src="/r/b-video.webm"><track src="/r/b-track.vtt"></video>
  <audio src="/r/b-audio.ogg"></audio></template>
</body></html>`,
		"hearth.json": `{"version": 1, "topics": {"x": {"label": {"en": "X"}}}}`,
	}
	want := []string{"a.svg", "b-image.svg", "b-input.svg", "b-poster.svg", "b-video.webm", "b-track.vtt", "b-audio.ogg"}
	for _, f := range want {
		files["r/"+f] = svg
	}
	url := customSite(t, files)
	_, tab, rec := browse(t)
	// A returning visitor shown variant a: b's resources must be requested all the same.
	if err := chromedp.Run(tab,
		chromedp.Navigate(url+"/healthz"),
		chromedp.Evaluate(`localStorage.setItem("hearth:v1", JSON.stringify({v: 1, topics: {}, visits: 1, pages: 1, replay: [{path: "/", at: 1, slots: {hero: "a"}}]}))`, nil),
		chromedp.Navigate(url+"/"), chrome.WaitReady(), chrome.Settle(),
	); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, f := range want {
		found := false
		for _, r := range rec.requests {
			found = found || strings.HasSuffix(r, "/r/"+f)
		}
		if !found {
			t.Errorf("/r/%s was not requested although variant b, which holds it, may be shown elsewhere", f)
		}
	}
}

// The preload asks for what the shown variant will show, no more: in a
// <picture>, the source the browser picks and not the fallback it never
// shows; an image with crossorigin in the same CORS mode, so that showing it
// reuses the preload instead of asking again. The images are sent with
// no-store, so that only the document's own reuse can spare a request.
func TestBrowserPreloadMatchesShownImage(t *testing.T) {
	files := map[string]string{
		"index.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/hearth/hearth.js" data-config="/hearth.json" async></script></head>
<body><div data-hearth-slot="hero">default</div>
<template data-hearth-variant="hero/a"><picture><source srcset="/img/a.webp" type="image/webp"><img src="/img/a.png" alt="A"></picture>
  <img crossorigin="anonymous" src="/img/c.svg" alt="C"></template>
<template data-hearth-variant="hero/b"><picture><source srcset="/img/b.webp 1x, /img/b2.webp 2x" type="image/webp"><img src="/img/b.png" alt="B"></picture></template>
</body></html>`,
		"hearth.json": `{"version": 1, "topics": {"x": {"label": {"en": "X"}}}}`,
	}
	h := siteHandler(t, files, server.CSP)
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := strings.CutPrefix(r.URL.Path, "/img/")
		if !ok {
			h.ServeHTTP(w, r)
			return
		}
		mu.Lock()
		hits[name]++
		mu.Unlock()
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "image/svg+xml")
		io.WriteString(w, `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>`)
	}))
	t.Cleanup(srv.Close)
	_, tab, _ := browse(t)
	var shown bool
	if err := chromedp.Run(tab,
		chromedp.Navigate(srv.URL+"/healthz"),
		chromedp.Evaluate(`localStorage.setItem("hearth:v1", JSON.stringify({v: 1, topics: {}, visits: 1, pages: 1, replay: [{path: "/", at: 1, slots: {hero: "a"}}]}))`, nil),
		// The module, which has no rule for hero, brings the default back: the
		// replay is seen as it happens.
		atStart(`new MutationObserver(() => { if (document.querySelector("[data-hearth-slot=hero] img[crossorigin]")) window.__shown = true; })
			.observe(document, {childList: true, subtree: true})`),
		chromedp.Navigate(srv.URL+"/"), chrome.WaitReady(), chrome.Settle(),
		chromedp.Evaluate(`window.__shown === true`, &shown),
	); err != nil {
		t.Fatal(err)
	}
	if !shown {
		t.Fatal("variant a was not shown: the test does not exercise the reuse")
	}
	mu.Lock()
	defer mu.Unlock()
	want := map[string]int{"a.webp": 1, "a.png": 0, "c.svg": 1, "b.webp": 1, "b2.webp": 0, "b.png": 0}
	for name, n := range want {
		if hits[name] != n {
			t.Errorf("/img/%s asked of the server %d times, want %d (all: %v)", name, hits[name], n, hits)
		}
	}
}
