package e2e

import (
	"strings"
	"testing"
)

// The demo is clean: walked as a fresh and as a seeded visitor, the same
// requests, only GETs to itself, no canary, nothing stored but hearth:v1.
// Its hero variants have images: the loader requests them all alike.
func TestAuditDemoIsClean(t *testing.T) {
	s := demoSite(t)
	rep, err := runAudit(t, s.url+"/")
	if err != nil || !rep.Clean {
		t.Fatalf("audit of the demo: %v, findings %+v", err, rep.Findings)
	}
	if len(rep.Journey) < 5 {
		t.Errorf("the walk found %d steps, want every demo page", len(rep.Journey))
	}
	if rep.Measure == nil || rep.Measure.On {
		t.Errorf("measurement: %+v, want it read from the config and off", rep.Measure)
	}
	images := 0
	for _, r := range rep.Requests["fresh"] {
		if strings.HasSuffix(r.URL, ".svg") {
			images++
		}
	}
	if images == 0 {
		t.Errorf("no variant image was requested: the preloading is not exercised")
	}
	module := false
	for _, r := range rep.Requests["fresh"] {
		module = module || strings.HasSuffix(r.URL, ".wasm")
	}
	if !module {
		t.Errorf("the audit's record has no request for the module, which its worker fetches: it does not see the worker's requests")
	}
}

// One leaking line in a page fails the audit: the canary is in the URL and
// the requests differ between the runs. So does the same line in a Web
// Worker of the site's, whose requests a page's network log does not hold
// (the audit records every worker's: before, it passed this).
func TestAuditCatchesALeak(t *testing.T) {
	for _, c := range []struct{ name, leak, worker string }{
		{"from the page", `document.addEventListener("hearth:applied", () => fetch("/collect?p=" + encodeURIComponent(hearth.export())));`, ""},
		{"from a worker", `document.addEventListener("hearth:applied", () => new Worker("/leak-worker.js").postMessage(hearth.export()));`,
			`onmessage = e => fetch("/collect?p=" + encodeURIComponent(e.data));`},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := demoFiles(t)
			files["leak.js"] = c.leak
			if c.worker != "" {
				files["leak-worker.js"] = c.worker
			}
			files["index.html"] = strings.Replace(files["index.html"], "</head>", `<script src="/leak.js" defer></script></head>`, 1)
			url := customSite(t, files)
			rep, err := runAudit(t, "--journey", journeyFile(t, `[{"visit": "/"}, {"visit": "/c/camping/"}]`), url+"/")
			if err == nil || rep.Clean {
				t.Fatalf("the audit passed a page that sends the profile out %s", c.name)
			}
			checks := map[string]bool{}
			for _, f := range rep.Findings {
				checks[f.Check] = true
			}
			if !checks["canary"] || !checks["differs"] {
				t.Errorf("findings %+v; want the canary and a difference between the runs", rep.Findings)
			}
		})
	}
}

// A variant whose image loads only when it wins (a CSS background) tells
// the server the decision: the requests of that step differ.
func TestAuditCatchesDecisionDependentImage(t *testing.T) {
	files := demoFiles(t)
	files["shop.css"] += "\n.hero.camping { background-image: url(/img/night-sky.svg); }\n"
	files["img/night-sky.svg"] = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>`
	url := customSite(t, files)
	rep, err := runAudit(t, "--journey", journeyFile(t, `[{"visit": "/"}]`), url+"/")
	if err == nil || rep.Clean {
		t.Fatalf("the audit passed a variant whose image loads only when it wins")
	}
	found := false
	for _, f := range rep.Findings {
		found = found || (f.Check == "differs" && strings.Contains(f.Detail, "night-sky.svg") && f.Run == "seeded")
	}
	if !found {
		t.Errorf("findings %+v; want night-sky.svg only in the seeded run", rep.Findings)
	}
}

// The same requests in a decision-dependent order tell the decision too:
// a page script that asks for the winner's image first fails the audit.
func TestAuditCatchesDecisionDependentOrder(t *testing.T) {
	files := demoFiles(t)
	files["order.js"] = `document.addEventListener("hearth:applied", () => {
  const won = document.querySelector('[data-hearth-slot="hero"]').getAttribute("data-hearth-applied") === "camping";
  const urls = ["/img/first.svg", "/img/second.svg"];
  (won ? urls.reverse() : urls).forEach(u => { new Image().src = u; });
}, { once: true });`
	files["img/first.svg"] = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>`
	files["img/second.svg"] = files["img/first.svg"]
	files["index.html"] = strings.Replace(files["index.html"], "</head>", `<script src="/order.js"></script></head>`, 1)
	url := customSite(t, files)
	rep, err := runAudit(t, "--journey", journeyFile(t, `[{"visit": "/"}]`), url+"/")
	if err == nil || rep.Clean {
		t.Fatalf("the audit passed images requested in an order that depends on the decision")
	}
	for _, f := range rep.Findings {
		if f.Check != "order" || !strings.Contains(f.Detail, "first.svg") {
			t.Errorf("finding %+v; want only the order of first.svg and second.svg", f)
		}
	}
}

// The audit's fixture with every kind of resource a variant may request
// (an <img>, a <picture> source, SVG <image>, <input type=image>, a video's
// poster and source, audio, a track): a visitor shown the variant and one
// shown the default make the same requests, so the audit is clean. (The
// seeded run declares x, from the page's checkbox: it is shown variant b.)
func TestAuditVariantMediaIsClean(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>`
	files := map[string]string{
		"index.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/hearth/hearth.js" data-config="/hearth.json" async></script></head>
<body><div data-hearth-slot="hero"><p>default</p></div>
<label><input type="checkbox" data-hearth-declare="x"> X</label>
<template data-hearth-variant="hero/b"><img src="/r/b-img.svg" alt="B">
  <picture><source srcset="/r/b-source.svg" type="image/svg+xml"><img src="/r/b-fallback.svg" alt="B"></picture>
  <svg width="1" height="1"><image href="/r/b-image.svg" width="1" height="1"/></svg>
  <input type="image" src="/r/b-input.svg" alt="Go">
  <video poster="/r/b-poster.svg" src="/r/b-video.webm" preload="none"><track src="/r/b-track.vtt"></video>
  <audio src="/r/b-audio.ogg" preload="none"></audio></template>
</body></html>`,
		"hearth.json": `{"version": 1, "topics": {"x": {"label": {"en": "X"}}},
  "experiences": [{"id": "b", "slot": "hero", "variant": "b", "when": {"declared": "x"}}]}`,
	}
	for _, f := range []string{"b-img.svg", "b-source.svg", "b-fallback.svg", "b-image.svg", "b-input.svg", "b-poster.svg", "b-video.webm", "b-track.vtt", "b-audio.ogg"} {
		files["r/"+f] = svg
	}
	url := customSite(t, files)
	rep, err := runAudit(t, "--journey", journeyFile(t, `[{"visit": "/"}]`), url+"/")
	if err != nil || !rep.Clean {
		t.Fatalf("audit of variants with media: %v, findings %+v", err, rep.Findings)
	}
}

// What the site's own scripts store (a theme's palette, a cart) is not
// Hearth's and not egress (#32.6: every MkDocs Material site failed on its
// /.__palette): the audit lists it apart and stays clean. What a Hearth
// script stores besides hearth:v1 fails it: planted here as a script named
// like the page side that writes a second key.
func TestAuditSiteStorageApartFromHearths(t *testing.T) {
	files := demoFiles(t)
	files["track.js"] = `document.cookie = "uid=42; path=/"; localStorage.setItem("/.__palette", "{}"); sessionStorage.setItem("cart", "1");`
	files["index.html"] = strings.Replace(files["index.html"], "</head>", `<script src="/track.js"></script></head>`, 1)
	url := customSite(t, files)
	rep, err := runAudit(t, "--journey", journeyFile(t, `[{"visit": "/"}]`), url+"/")
	if err != nil || !rep.Clean {
		t.Fatalf("the site's own storage failed the audit: %v, findings %+v", err, rep.Findings)
	}
	got := strings.Join(rep.SiteStorage, "\n")
	for _, want := range []string{"cookie uid", "localStorage key /.__palette", "sessionStorage key cart"} {
		if !strings.Contains(got, want) {
			t.Errorf("the site's own storage listed: %q; want %q among it", got, want)
		}
	}
	files["x/hearth-page.0123abcd.js"] = `localStorage.setItem("hearth:extra", "1");`
	files["index.html"] = strings.Replace(files["index.html"], "</head>", `<script src="/x/hearth-page.0123abcd.js"></script></head>`, 1)
	url = customSite(t, files)
	rep, err = runAudit(t, "--journey", journeyFile(t, `[{"visit": "/"}]`), url+"/")
	if err == nil || rep.Clean {
		t.Fatalf("the audit passed a Hearth script's second storage key")
	}
	var details []string
	for _, f := range rep.Findings {
		details = append(details, f.Check+" "+f.Detail)
	}
	if joined := strings.Join(details, "\n"); !strings.Contains(joined, "storage localStorage key hearth:extra") || strings.Contains(joined, "__palette") {
		t.Errorf("findings:\n%s\nwant Hearth's second key, and not the site's own", joined)
	}
}

// A request whose moment depends on what is stored fails the audit: a page
// script that asks for a file at once for a visitor with a profile, and
// after the page's load for a new one (as Hearth's start did, #24.1). The
// audit slows each page's load so that the difference shows.
func TestAuditCatchesProfileDependentTiming(t *testing.T) {
	files := demoFiles(t)
	files["late.json"] = `{}`
	files["timing.js"] = `if (localStorage.getItem("hearth:v1")) fetch("/late.json");
else addEventListener("load", () => fetch("/late.json"));`
	files["index.html"] = strings.Replace(files["index.html"], "</head>", `<script src="/timing.js"></script></head>`, 1)
	url := customSite(t, files)
	rep, err := runAudit(t, "--journey", journeyFile(t, `[{"visit": "/"}]`), url+"/")
	if err == nil || rep.Clean {
		t.Fatalf("the audit passed a request whose moment depends on the profile")
	}
	for _, f := range rep.Findings {
		if f.Check != "timing" || !strings.Contains(f.Detail, "late.json") || !strings.Contains(f.Detail, "measured again 3 times each way") {
			t.Errorf("finding %+v; want only the moment of late.json, confirmed by measuring again", f)
		}
	}
}
