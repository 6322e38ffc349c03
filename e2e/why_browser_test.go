package e2e

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/tool/chrome"
)

// overlapJS finds, for every Hearth button on the page, the text and image
// boxes of its slot or item (everything but Hearth's own bar) that it
// overlaps: text by its line boxes, images, SVG, video, canvas and any
// element painting a background image or gradient.
const overlapJS = `(() => {
	const out = [], hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
	for (const btn of document.querySelectorAll("button.hearth-why, button.hearth-dismiss")) {
		const box = btn.closest("[data-hearth-item]:not(template), [data-hearth-slot]"), r = btn.getBoundingClientRect();
		const walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
		for (let n = walk.currentNode; n; n = walk.nextNode()) {
			if ((n.nodeType === 1 ? n : n.parentElement).closest(".hearth-bar")) continue;
			let rects = [];
			if (n.nodeType === 3 && n.textContent.trim()) { const g = document.createRange(); g.selectNodeContents(n); rects = [...g.getClientRects()]; }
			if (n.nodeType === 1 && (/^(IMG|SVG|VIDEO|CANVAS|PICTURE)$/i.test(n.tagName) || getComputedStyle(n).backgroundImage !== "none")) rects = [n.getBoundingClientRect()];
			for (const q of rects) if (hit(r, q)) out.push(btn.textContent + " over " + (n.nodeType === 3 ? JSON.stringify(n.textContent.trim().slice(0, 30)) : "<" + n.tagName.toLowerCase() + " class=" + n.className + ">"));
		}
	}
	return {overlaps: out, buttons: document.querySelectorAll("button.hearth-why").length};
})()`

// heightsJS reads the boxes a late button could move: each slot's and
// recommendation slot's height, and the page's.
// (The page's height leaves out the launcher's spacer on a phone: it comes
// after everything and moves nothing.)
const heightsJS = `[...document.querySelectorAll("[data-hearth-slot], [data-hearth-recommend]")].map(e => e.getBoundingClientRect().height)
	.concat(document.documentElement.scrollHeight - ((document.getElementById("hearth-launcher-space") || {}).offsetHeight || 0))
	.map(h => Math.round(h * 10) / 10).join(" ")`

// The "Why?" and "×" buttons never cover what a slot or an item shows: at
// 360 px and 1280 px, on the personalized hero and on recommended items, no
// button's box overlaps a text or image box of its slot or item. And for a
// returning visitor they move nothing when they arrive: the loader's
// replay reserves their line, so every slot is as tall before the module
// answers (its config held back by the server) as after. HEARTH_SCREENSHOTS=DIR
// keeps the screenshots.
func TestBrowserWhyCoversNothing(t *testing.T) {
	s, tab, _ := browse(t)
	h, err := server.New(os.DirFS(distDir), os.DirFS(filepath.Join(s.root, "web", "demo")))
	if err != nil {
		t.Fatal(err)
	}
	var gate atomic.Pointer[chan struct{}] // while set, the config waits for it to close
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if g := gate.Load(); g != nil && r.URL.Path == "/hearth.json" {
			<-*g
		}
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	for _, width := range []int64{360, 1280} {
		for _, path := range []string{"/", "/p/parka/"} {
			name := strconv.FormatInt(width, 10) + " px " + path
			var got struct {
				Overlaps []string `json:"overlaps"`
				Buttons  int      `json:"buttons"`
			}
			var before, after string
			var shot []byte
			if err := chromedp.Run(tab, emulation.SetDeviceMetricsOverride(width, 860, 1, width < 600),
				chromedp.Navigate(srv.URL+"/c/camping/"), chrome.WaitReady(), chrome.Settle(),
				chromedp.Navigate(srv.URL+"/p/parka/"), chrome.WaitReady(), chrome.Settle(),
				chromedp.Navigate(srv.URL+path), chrome.WaitReady(), chrome.Settle()); err != nil { // decided once: replayed next
				t.Fatal(err)
			}
			held := make(chan struct{})
			gate.Store(&held)
			err := chromedp.Run(tab, chromedp.Navigate(srv.URL+path+"?hearth-timing"), // the phases' measures: hearth:replay
				chrome.EvalAwait(`new Promise(r => (function poll() {
					if (performance.getEntriesByName("hearth:replay").length) return requestAnimationFrame(() => r(true));
					setTimeout(poll, 5); })())`, nil),

				chromedp.Evaluate(heightsJS, &before))
			close(held)
			gate.Store(nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Run(tab, chrome.WaitReady(), chrome.Settle(), chromedp.Evaluate(heightsJS, &after),
				chromedp.Evaluate(overlapJS, &got), chromedp.CaptureScreenshot(&shot)); err != nil {
				t.Fatal(err)
			}
			if got.Buttons == 0 {
				t.Errorf("%s: no Why? button to check", name)
			}
			for _, o := range got.Overlaps {
				t.Errorf("%s: %s", name, o)
			}
			t.Logf("%s: heights replayed %s, answered %s", name, before, after)
			if before != after {
				t.Errorf("%s: heights %s replayed, %s once the module answered; want no change (the buttons' line reserved)", name, before, after)
			}
			screenshot(t, "why-"+strconv.FormatInt(width, 10)+map[string]string{"/": "-hero.png", "/p/parka/": "-items.png"}[path], shot)
		}
	}
}
