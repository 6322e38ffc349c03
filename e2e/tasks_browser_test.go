package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/tool/chrome"
)

// Hearth's start keeps each of its main-thread tasks short (#25): under
// Lighthouse's 4× CPU, the loader's evaluation together with the first read
// of storage, the preload and the replay made a task of 50-57 ms.

// Once the page is parsed, the loader preloads in a task after its own
// evaluation, reads storage in a third and replays in a fourth; the replay
// still comes.
func TestBrowserLoaderStartSpreadOverTasks(t *testing.T) {
	url := customSite(t, map[string]string{
		"index.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"></head>
<body><div data-hearth-slot="hero">default</div>
<template data-hearth-variant="hero/b"><p>variant b</p></template>
</body></html>`,
		"hearth.json": `{"version": 1, "topics": {"x": {"label": {"en": "X"}}}}`,
	})
	_, tab, _ := browse(t)
	// The loader is added once the page has loaded, as an async tag that
	// arrives late is; its load event fires in the task that evaluated it,
	// and a timer set there runs after the loader's own first timer and
	// before any timer that one sets (timers of equal delay run in order),
	// and so on.
	// What the slot first shows after that is kept: the module's own
	// decision comes later, and may differ.
	const add = `new Promise(done => {
		const slot = document.querySelector("[data-hearth-slot=hero]");
		const seen = new MutationObserver(() => { seen.disconnect(); window.firstShown = slot.textContent.trim(); });
		seen.observe(slot, {childList: true, subtree: true, characterData: true});
		const s = document.createElement("script");
		s.src = "/hearth/hearth.js";
		s.dataset.config = "/hearth.json";
		const ran = () => ["hearth:preload", "hearth:storage", "hearth:replay"].filter(n => performance.getEntriesByName(n).length);
		s.onload = () => {
			const inTask = {loader: performance.getEntriesByName("hearth:loader").length, later: ran(), shown: slot.textContent.trim()};
			setTimeout(() => {
				inTask.next = ran();
				setTimeout(() => done(Object.assign(inTask, {after: ran()})), 0);
			}, 0);
		};
		document.head.appendChild(s);
	})`
	var inTask struct {
		Loader int
		Later  []string
		Shown  string
		Next   []string // what had run by the next task
		After  []string // and by the one after
	}
	var shown string
	if err := chromedp.Run(tab,
		chromedp.Navigate(url+"/healthz"),
		chromedp.Evaluate(`localStorage.setItem("hearth:v1", JSON.stringify({v: 1, topics: {}, visits: 1, pages: 1, replay: [{path: "/", at: 1, slots: {hero: "b"}}]}))`, nil),
		chromedp.Navigate(url+"/"),
		chrome.EvalAwait(`new Promise(r => document.readyState === "complete" ? r(true) : addEventListener("load", () => r(true)))`, nil),
		chrome.EvalAwait(add, &inTask),
		chrome.EvalAwait(`new Promise(r => (function wait() {
			window.firstShown ? r(window.firstShown) : setTimeout(wait, 10);
		})())`, &shown),
	); err != nil {
		t.Fatal(err)
	}
	if inTask.Loader != 1 {
		t.Fatalf("no hearth:loader measure when the loader's load event fired: %+v", inTask)
	}
	if len(inTask.Later) > 0 || inTask.Shown != "default" {
		t.Errorf("in the loader's own task: %v ran and the slot showed %q; want neither storage, the preload nor the replay there, the default shown", inTask.Later, inTask.Shown)
	}
	if strings.Join(inTask.Next, " ") != "hearth:preload" {
		t.Errorf("by the task after the loader's: %v had run; want the preload alone", inTask.Next)
	}
	if strings.Join(inTask.After, " ") != "hearth:preload hearth:storage" {
		t.Errorf("by the task after that: %v had run; want the preload and storage, not yet the replay", inTask.After)
	}
	if shown != "variant b" {
		t.Errorf("the slot first showed %q after the default, want the stored decision's %q", shown, "variant b")
	}
}
