package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/tool/chrome"
)

// TestBrowserConsent: with "opt-in" nothing is stored before the visitor
// says yes in the panel; with Global Privacy Control and "opt-out" nothing
// is stored unless the visitor turns personalization on there.
func TestBrowserConsent(t *testing.T) {
	root := demoSite(t).root
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(root, "web", "demo", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	config := read("hearth.json")
	for _, tc := range []struct {
		name, consent string
		gpc           bool
		launcher      string // the launcher's text before an answer
		prompt        string // what the panel says
		yes           string
	}{
		{"opt-in", "opt-in", false, "Personalize this site for you?", "Nothing about you is sent anywhere", "Yes, personalize"},
		{"gpc", "opt-out", true, "Your profile", "Your browser sends Global Privacy Control", "Personalize anyway"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := strings.Replace(config, `"version": 1,`, `"version": 1, "consent": "`+tc.consent+`",`, 1)
			url := customSite(t, map[string]string{
				"index.html": read("index.html"), "c/camping/index.html": read("c/camping/index.html"),
				"hearth.json": cfg, "shop.css": "",
			})
			_, tab, _ := browse(t)
			if tc.gpc {
				if err := chromedp.Run(tab, chromedp.ActionFunc(func(ctx context.Context) error {
					_, err := page.AddScriptToEvaluateOnNewDocument(`Object.defineProperty(Navigator.prototype, "globalPrivacyControl", {get: () => true})`).Do(ctx)
					return err
				})); err != nil {
					t.Fatal(err)
				}
			}
			var launcher string
			var hero heroState
			if err := chromedp.Run(tab,
				chromedp.Navigate(url+"/c/camping/"), chrome.WaitReady(),
				chromedp.Click(`a[href="/c/camping/"][data-hearth-topics]`, chromedp.ByQuery), chrome.WaitReady(),
				chromedp.Navigate(url+"/"), chrome.WaitReady(),
				chromedp.Evaluate(`document.getElementById("hearth-launcher").textContent`, &launcher),
				chromedp.Evaluate(heroJS, &hero),
			); err != nil {
				t.Fatal(err)
			}
			if s, _ := stored(tab); s != nil {
				t.Errorf("stored before consent: %v", s)
			}
			if launcher != tc.launcher || hero.Applied != "" {
				t.Errorf("launcher %q, hero %q; want %q and the default", launcher, hero.Applied, tc.launcher)
			}
			text, err := panelText(tab)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(text, tc.prompt) || !strings.Contains(text, tc.yes) {
				t.Errorf("panel lacks %q / %q:\n%s", tc.prompt, tc.yes, text)
			}
			if err := chromedp.Run(tab, clickShadow(`[data-action="consent-yes"]`), chrome.Settle()); err != nil {
				t.Fatal(err)
			}
			s, _ := stored(tab)
			if s == nil || s["consent"] != "granted" {
				t.Fatalf("after yes: stored %v, want consent granted", s)
			}
			// Views from now on count; the earlier ones were never recorded.
			if err := chromedp.Run(tab,
				chromedp.Navigate(url+"/c/camping/"), chrome.WaitReady(),
				chromedp.Navigate(url+"/c/camping/"), chrome.WaitReady(),
				chromedp.Navigate(url+"/"), chrome.WaitReady(),
				chromedp.Evaluate(heroJS, &hero),
				chromedp.Evaluate(`document.getElementById("hearth-launcher").textContent`, &launcher),
			); err != nil {
				t.Fatal(err)
			}
			s, _ = stored(tab)
			events := s["topics"].(map[string]any)["camping"].(map[string]any)["events"].([]any)
			if len(events) != 2 || hero.Applied != "camping" || launcher != "Your profile" {
				t.Errorf("after consent: %d camping events (want 2, none from before), hero %q, launcher %q", len(events), hero.Applied, launcher)
			}
			// Withdrawing consent in the panel stops personalizing and recording.
			if err := chromedp.Run(tab,
				chrome.EvalAwait(`hearth.open()`, nil),
				clickShadow(`[data-action="consent-no"]`), chrome.Settle(),
				chromedp.Evaluate(heroJS, &hero),
				chromedp.Navigate(url+"/c/camping/"), chrome.WaitReady(),
			); err != nil {
				t.Fatal(err)
			}
			s, _ = stored(tab)
			after := s["topics"].(map[string]any)["camping"].(map[string]any)["events"].([]any)
			if s["consent"] != "denied" || hero.Applied != "" || len(after) != 2 {
				t.Errorf("after withdrawing: consent %v, hero %q, %d camping events (want denied, default, still 2)", s["consent"], hero.Applied, len(after))
			}
		})
	}
}
