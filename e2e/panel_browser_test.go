package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/tool/chrome"
)

// focusKey is what has the keyboard focus: inside the panel its
// data-focus-key or data-action, outside the element's id or class.
const focusKeyJS = `(() => {
	const a = document.activeElement;
	if (!a) return "";
	if (a.id === "hearth-panel") {
		const s = a.shadowRoot.activeElement;
		return s ? "panel:" + (s.getAttribute("data-focus-key") || s.getAttribute("data-action") || s.tagName.toLowerCase()) : "panel:";
	}
	return a.id || a.className || a.tagName.toLowerCase();
})()`

var kb = struct{ Tab, Enter, Escape, Down, Space string }{"\t", "\r", "\x1b", "\ue015", " "}

// panelTexts are the localized strings the keyboard test checks, by language.
var panelTexts = map[string]struct{ title, clear, clearAsk, interest string }{
	"en": {"Why you see this", "Clear everything", "This cannot be undone.", "You have shown an interest in Camping."},
	"es": {"Por qué ves esto", "Borrar todo", "No se puede deshacer.", "Has mostrado interés en Acampada."},
	"de": {"Warum Sie das sehen", "Alles löschen", "rückgängig machen", "Sie haben Interesse an Camping gezeigt."},
	"fr": {"Pourquoi vous voyez ceci", "Tout effacer", "irréversible", "Vous vous êtes intéressé à : Camping."},
	"ar": {"لماذا ترى هذا", "مسح كل شيء", "لا يمكن التراجع", "لقد أبديت اهتمامًا بـالتخييم."},
}

// TestBrowserPanelKeyboard does everything the panel offers without a mouse,
// in each of the five languages, and checks each control's effect on the
// page and on hearth:v1.
func TestBrowserPanelKeyboard(t *testing.T) {
	demo, err := os.ReadFile(filepath.Join(demoSite(t).root, "web", "demo", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	camping, _ := os.ReadFile(filepath.Join(demoSite(t).root, "web", "demo", "c", "camping", "index.html"))
	config, _ := os.ReadFile(filepath.Join(demoSite(t).root, "web", "demo", "hearth.json"))
	for _, lang := range []string{"en", "es", "de", "fr", "ar"} {
		t.Run(lang, func(t *testing.T) {
			page := strings.Replace(string(demo), `<html lang="en">`, `<html lang="`+lang+`">`, 1)
			url := customSite(t, map[string]string{
				"index.html": page, "c/camping/index.html": string(camping), "hearth.json": string(config),
				"shop.css": "body{font-family:sans-serif}",
			})
			_, tab, _ := browse(t)
			downloads := t.TempDir()
			hero := heroState{}
			if err := chromedp.Run(tab,
				browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(downloads),
				chromedp.Navigate(url+"/c/camping/"), chrome.WaitReady(),
				chromedp.Navigate(url+"/c/camping/"), chrome.WaitReady(),
				chromedp.Navigate(url+"/"), chrome.WaitReady(),
				chromedp.Evaluate(heroJS, &hero),
			); err != nil {
				t.Fatal(err)
			}
			if hero.Applied != "camping" {
				t.Fatalf("hero = %+v, want camping before the panel test", hero)
			}
			texts := panelTexts[lang]

			// The "Why?" button is reachable with Tab and opens the panel with Enter.
			var open struct {
				Open      bool   `json:"open"`
				Title     string `json:"title"`
				Dir       string `json:"dir"`
				Direction string `json:"direction"`
				Text      string `json:"text"`
			}
			const openJS = `(() => { const p = document.getElementById("hearth-panel"); const b = p.shadowRoot.querySelector(".hearth-body");
				return {open: !p.hidden, title: p.getAttribute("aria-label"), dir: p.getAttribute("dir"),
					direction: getComputedStyle(b).direction, text: p.shadowRoot.textContent}; })()`
			if err := tabTo(tab, "hearth-why", 40); err != nil {
				t.Fatal(err)
			}
			var focus string
			if err := chromedp.Run(tab, key(kb.Enter, false), chromedp.Evaluate(openJS, &open), chromedp.Evaluate(focusKeyJS, &focus)); err != nil {
				t.Fatal(err)
			}
			if !open.Open || open.Title != texts.title || focus != "panel:close" {
				t.Fatalf("after Enter on Why?: open %v, title %q, focus %q; want open, %q, focus on close", open.Open, open.Title, focus, texts.title)
			}
			if !strings.Contains(open.Text, texts.interest) || !strings.Contains(open.Text, texts.clear) {
				t.Errorf("panel text lacks %q or %q:\n%s", texts.interest, texts.clear, open.Text)
			}
			wantDir := map[bool]string{true: "rtl", false: "ltr"}[lang == "ar"]
			if open.Dir != wantDir || open.Direction != wantDir {
				t.Errorf("dir = %q, computed direction %q; want %s", open.Dir, open.Direction, wantDir)
			}

			// Remove the camping topic (it is blocked), then allow it again.
			if err := tabTo(tab, "panel:block:camping", 20); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Run(tab, key(kb.Enter, false), chromedp.Evaluate(heroJS, &hero)); err != nil {
				t.Fatal(err)
			}
			s, _ := stored(tab)
			if topics, _ := s["topics"].(map[string]any); topics["camping"] != nil || hero.Applied != "" {
				t.Errorf("after Remove: stored topics %v, hero %q; want camping gone and the default hero", s["topics"], hero.Applied)
			}
			if blocked, _ := s["blocked"].(map[string]any); blocked["camping"] == nil {
				t.Errorf("after Remove: camping not blocked: %v", s["blocked"])
			}
			if err := tabTo(tab, "panel:unblock:camping", 40); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Run(tab, key(kb.Enter, false)); err != nil {
				t.Fatal(err)
			}
			s, _ = stored(tab)
			if b, _ := s["blocked"].(map[string]any)["camping"].(map[string]any); b["on"] != false {
				t.Errorf("after Allow again: blocked = %v, want off", s["blocked"])
			}

			// Declare running with the keyboard: the page changes at once.
			if err := tabTo(tab, "panel:pref:running:", 60); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Run(tab, key(kb.Space, false), chromedp.Evaluate(heroJS, &hero)); err != nil {
				t.Fatal(err)
			}
			s, _ = stored(tab)
			if d, _ := s["declared"].(map[string]any)["running"].(map[string]any); d["on"] != true || hero.Applied != "running" {
				t.Errorf("after declaring running: declared %v, hero %q; want on and the running hero", s["declared"], hero.Applied)
			}

			// Pause, then resume.
			if err := tabTo(tab, "panel:pause", 60); err != nil {
				t.Fatal(err)
			}
			var pressed string
			if err := chromedp.Run(tab, key(kb.Enter, false), chromedp.Evaluate(heroJS, &hero),
				chromedp.Evaluate(`document.getElementById("hearth-panel").shadowRoot.querySelector("[data-action=pause]").getAttribute("aria-pressed")`, &pressed)); err != nil {
				t.Fatal(err)
			}
			s, _ = stored(tab)
			if p, _ := s["paused"].(map[string]any); p["on"] != true || hero.Applied != "" || pressed != "true" {
				t.Errorf("after Pause: paused %v, hero %q, aria-pressed %q", s["paused"], hero.Applied, pressed)
			}
			if err := chromedp.Run(tab, key(kb.Enter, false), chromedp.Evaluate(heroJS, &hero)); err != nil {
				t.Fatal(err)
			}
			if hero.Applied != "running" {
				t.Errorf("after Resume: hero %q, want running", hero.Applied)
			}

			// Export downloads the profile as JSON, from a local blob.
			if err := tabTo(tab, "panel:export", 10); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Run(tab, key(kb.Enter, false)); err != nil {
				t.Fatal(err)
			}
			var exported []byte
			for i := 0; i < 50 && exported == nil; i++ {
				time.Sleep(100 * time.Millisecond)
				exported, _ = os.ReadFile(filepath.Join(downloads, "hearth-profile.json"))
			}
			var ex map[string]any
			if err := json.Unmarshal(exported, &ex); err != nil || ex["v"] != 1.0 {
				t.Errorf("exported file = %q (%v), want the profile", exported, err)
			}

			// Focus never leaves the open dialog.
			for i := 0; i < 3; i++ {
				if err := chromedp.Run(tab, key(kb.Tab, false), chromedp.Evaluate(focusKeyJS, &focus)); err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(focus, "panel:") {
					t.Errorf("Tab left the dialog: focus on %q", focus)
				}
			}

			// Clear everything asks first, the safe answer focused; Escape
			// keeps everything and returns to the button.
			if err := tabTo(tab, "panel:clear", 80); err != nil {
				t.Fatal(err)
			}
			var ask string
			if err := chromedp.Run(tab, key(kb.Enter, false), chromedp.Evaluate(focusKeyJS, &focus),
				chromedp.Evaluate(`document.getElementById("hearth-panel").shadowRoot.getElementById("hearth-clear-ask")?.textContent || ""`, &ask)); err != nil {
				t.Fatal(err)
			}
			if s, _ = stored(tab); s == nil || focus != "panel:clear-no" || !strings.Contains(ask, texts.clearAsk) {
				t.Errorf("Clear everything: stored %v, focus %q, question %q; want nothing erased yet, focus on the keep answer, the question asked", s != nil, focus, ask)
			}
			if err := chromedp.Run(tab, key(kb.Escape, false), chromedp.Evaluate(focusKeyJS, &focus), chromedp.Evaluate(openJS, &open)); err != nil {
				t.Fatal(err)
			}
			if s, _ = stored(tab); s == nil || focus != "panel:clear" || !open.Open {
				t.Errorf("Escape on the question: stored %v, focus %q, open %v; want nothing erased, focus back on Clear everything, the panel open", s != nil, focus, open.Open)
			}
			// Asked again and confirmed: everything goes.
			if err := chromedp.Run(tab, key(kb.Enter, false)); err != nil {
				t.Fatal(err)
			}
			if err := tabTo(tab, "panel:clear-yes", 3); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Run(tab, key(kb.Enter, false), chrome.Settle(), chromedp.Evaluate(heroJS, &hero)); err != nil {
				t.Fatal(err)
			}
			if s, _ = stored(tab); s != nil || hero.Applied != "" {
				t.Errorf("after Clear everything: stored %v, hero %q", s, hero.Applied)
			}
			if err := chromedp.Run(tab, key(kb.Escape, false), chromedp.Evaluate(openJS, &open), chromedp.Evaluate(focusKeyJS, &focus)); err != nil {
				t.Fatal(err)
			}
			if open.Open || strings.HasPrefix(focus, "panel:") {
				t.Errorf("after Escape: open %v, focus %q; want closed and focus back on the page", open.Open, focus)
			}
		})
	}
}

// TestBrowserPanelAccessibility runs axe-core on the open panel (en and ar)
// and fails on any serious or critical violation.
func TestBrowserPanelAccessibility(t *testing.T) {
	s, tab, _ := browse(t)
	// Each language, and the confirmation of Clear everything.
	for _, path := range []string{"/", "/ar/", "/?confirm"} {
		axeCheck(t, tab, s.root, s.url+"/c/camping/", s.url+path, "climbing")
	}
}

// TestBrowserPanelScreenshots saves the panel in English, in Arabic and on
// a 360 px phone (HEARTH_SCREENSHOTS=DIR; `make screenshots` writes docs/).
func TestBrowserPanelScreenshots(t *testing.T) {
	s, tab, _ := browse(t)
	shots := []struct {
		name, path string
		width      int64
	}{{"panel-en.png", "/", 1280}, {"panel-ar.png", "/ar/", 1280}, {"panel-360.png", "/", 360}}
	for _, sh := range shots {
		var buf []byte
		var overflow bool
		if err := chromedp.Run(tab,
			emulation.SetDeviceMetricsOverride(sh.width, 860, 1, sh.width < 600),
			chromedp.Navigate(s.url+"/c/camping/"), chrome.WaitReady(),
			chromedp.Navigate(s.url+"/c/running/"), chrome.WaitReady(),
			chromedp.Navigate(s.url+"/c/camping/"), chrome.WaitReady(),
			chromedp.Navigate(s.url+sh.path), chrome.WaitReady(),
			chrome.EvalAwait(`hearth.declare("climbing", true).then(() => hearth.open())`, nil),
			chromedp.Sleep(400*time.Millisecond), // the panel's entrance animation
			chromedp.Evaluate(`(() => { const b = document.getElementById("hearth-panel").shadowRoot.querySelector(".hearth-body"); return b.scrollWidth > b.clientWidth; })()`, &overflow),
			chromedp.CaptureScreenshot(&buf),
		); err != nil {
			t.Fatal(err)
		}
		if overflow {
			t.Errorf("%s: the panel overflows horizontally", sh.name)
		}
		screenshot(t, sh.name, buf)
	}
}

// The panel's styles are parsed when the panel is first made, not on every
// page view (#36): before, the document holds Hearth's page rules only (the
// buttons, the launcher); once opened, the panel's shadow root has its own,
// and the panel is laid out as a sheet at the side, not in the page's flow.
func TestPanelStylesParsedOnOpen(t *testing.T) {
	s := demoSite(t)
	_, tab, _ := browse(t)
	count := `(roots => roots.map(r => r ? [...r.adoptedStyleSheets].reduce((n, s) => n + [...s.cssRules].filter(x => x.cssText.includes(".hearth-body")).length, 0) : -1))`
	var before, after []int
	var position string
	if err := chromedp.Run(tab, chromedp.Navigate(s.url+"/"), chrome.WaitReady(), chrome.Settle(),
		chromedp.Evaluate(count+`([document])`, &before)); err != nil {
		t.Fatal(err)
	}
	if _, err := panelText(tab); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(tab,
		chromedp.Evaluate(count+`([document, document.getElementById("hearth-panel").shadowRoot])`, &after),
		chromedp.Evaluate(`getComputedStyle(document.getElementById("hearth-panel").shadowRoot.querySelector(".hearth-body")).position + "/" + getComputedStyle(document.getElementById("hearth-panel")).position`, &position)); err != nil {
		t.Fatal(err)
	}
	if len(before) != 1 || before[0] != 0 || len(after) != 2 || after[0] != 0 || after[1] == 0 {
		t.Errorf("panel rules (.hearth-body) in the document before opening %v, in the document and the panel after %v; want [0], then [0 N>0]", before, after)
	}
	if !strings.HasSuffix(position, "/fixed") {
		t.Errorf("the opened panel's positions (body/host) %q: want the host fixed, a sheet at the side", position)
	}
}
