package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/manifest"
	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/tool/chrome"
)

// Hearth under each kind of Content-Security-Policy the README documents
// (PRIVACY.md's allow-list, a nonce with and without 'strict-dynamic', a
// hash, Trusted Types): it starts, decides, styles its controls and opens
// its panel, and the browser reports no violation. The loader carries the
// page's nonce to everything it inserts and creates the Trusted Types
// policy "hearth"; the page's policy needs no 'wasm-unsafe-eval'.
func TestBrowserContentSecurityPolicies(t *testing.T) {
	s := demoSite(t)
	loaderSRI := s.manifest.Files[manifest.Loader].Integrity
	const nonce = "n0nceForTheTest"
	for _, tc := range []struct {
		name, policy string
		nonce, sri   bool // the page's tags carry the nonce; the loader its integrity
	}{
		{"recommended allow-list", server.CSP, false, false},
		{"strict allow-list", "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:", false, false},
		{"nonce and strict-dynamic", "script-src 'nonce-" + nonce + "' 'strict-dynamic'; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'", true, false},
		{"nonce without strict-dynamic", "default-src 'self'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce + "'; worker-src 'self'; img-src 'self' data:; object-src 'none'", true, false},
		{"hash and strict-dynamic", "default-src 'self'; script-src '" + loaderSRI + "' 'strict-dynamic' 'wasm-unsafe-eval'; img-src 'self' data:; object-src 'none'", false, true},
		{"trusted types", server.CSP + "; require-trusted-types-for 'script'; trusted-types hearth", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if warns := server.CheckCSP(tc.policy); len(warns) > 0 {
				t.Errorf("CheckCSP warns about a documented policy: %q", warns)
			}
			files := demoFiles(t)
			for name, body := range files {
				if !strings.HasSuffix(name, ".html") {
					continue
				}
				if tc.nonce {
					body = strings.ReplaceAll(body, "<script ", `<script nonce="`+nonce+`" `)
					body = strings.ReplaceAll(body, `<link rel="stylesheet" `, `<link rel="stylesheet" nonce="`+nonce+`" `)
				}
				if tc.sri {
					body = strings.ReplaceAll(body, `<script src="/hearth/hearth.js"`, `<script src="/hearth/hearth.js" integrity="`+loaderSRI+`" crossorigin="anonymous"`)
				}
				files[name] = body
			}
			url := customSiteCSP(t, files, tc.policy)

			_, tab, _ := browse(t) // its check fails the test on any console error, a violation's included
			var got struct {
				Violations []string `json:"violations"`
				Launcher   string   `json:"launcher"`
				Panel      string   `json:"panel"`
				Hero       string   `json:"hero"`
			}
			if err := chromedp.Run(tab, recordViolations(), campingThenHome(url),
				chrome.EvalAwait(`hearth.open()`, nil),
				chromedp.Evaluate(`({violations: __violations,
					launcher: getComputedStyle(document.getElementById("hearth-launcher")).position,
					panel: getComputedStyle(document.getElementById("hearth-panel").shadowRoot.querySelector(".hearth-body")).overflowY,
					hero: document.querySelector('[data-hearth-slot="hero"]').getAttribute("data-hearth-applied") || ""})`, &got),
			); err != nil {
				t.Fatal(err)
			}
			if len(got.Violations) > 0 {
				t.Errorf("violations: %q", got.Violations)
			}
			if got.Launcher != "fixed" || got.Panel != "auto" {
				t.Errorf("Hearth's stylesheet did not apply: launcher position %q, panel overflow %q", got.Launcher, got.Panel)
			}
			if got.Hero != "camping" {
				t.Errorf("the hero shows %q after two camping pages, want camping: the module did not decide", got.Hero)
			}
		})
	}
}

// Where the page requires Trusted Types but does not allow the policy
// "hearth", ready rejects saying what to add, and the page keeps its
// defaults (no uncaught exception, no hidden slot).
func TestBrowserTrustedTypesNotAllowed(t *testing.T) {
	url := customSiteCSP(t, demoFiles(t), server.CSP+"; require-trusted-types-for 'script'; trusted-types app")
	_, tab, rec := browse(t)
	var got struct {
		Reason string `json:"reason"`
		Hidden int    `json:"hidden"`
	}
	if err := chromedp.Run(tab, chromedp.Navigate(url+"/"),
		chrome.EvalAwait(`new Promise(r => { const t0 = Date.now(); (function w() {
			if (window.hearth) return hearth.ready.then(() => r({reason: "resolved"}), e => r({reason: String(e && e.message || e),
				hidden: document.querySelectorAll("[data-hearth-pending]").length}));
			if (Date.now() - t0 > 10000) return r({reason: "no window.hearth"});
			setTimeout(w, 20); })(); })`, &got),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Reason, "trusted-types hearth") || got.Hidden != 0 {
		t.Errorf("ready settled with %q and %d slots hidden; want a rejection naming trusted-types hearth, nothing hidden", got.Reason, got.Hidden)
	}
	rec.take("Trusted Type") // the browser's own report of the refused policy
	rec.take("trusted-types hearth")
}

// A page whose trusted-types list leaves "hearth" out without requiring
// Trusted Types: Hearth works (its scripts need no policy there) and the
// browser reports the refused policy name once per page (a violation event,
// and a report where the policy has a report-to), as the README and
// CheckCSP say.
func TestBrowserTrustedTypesListedNotRequired(t *testing.T) {
	policy := server.CSP + "; trusted-types app"
	if w := server.CheckCSP(policy); len(w) != 1 || !strings.Contains(w[0], "Hearth works") {
		t.Errorf("CheckCSP(%q) = %q, want one warning that Hearth works but the browser reports the name", policy, w)
	}
	url := customSiteCSP(t, demoFiles(t), policy)
	_, tab, _ := browse(t) // fails the test on any console error
	var got struct {
		Violations []string `json:"violations"`
		Hero       string   `json:"hero"`
	}
	if err := chromedp.Run(tab, recordViolations(), campingThenHome(url),
		chromedp.Evaluate(`({violations: __violations, hero: document.querySelector('[data-hearth-slot="hero"]').getAttribute("data-hearth-applied") || ""})`, &got),
	); err != nil {
		t.Fatal(err)
	}
	if got.Hero != "camping" {
		t.Errorf("the hero shows %q after two camping pages, want camping: Hearth did not work", got.Hero)
	}
	if want := "trusted-types trusted-types-policy hearth"; len(got.Violations) != 1 || got.Violations[0] != want {
		t.Errorf("violations on the page: %q, want the one refused policy name (%s)", got.Violations, want)
	}
}

// recordViolations keeps every Content-Security-Policy violation of the
// tab's next pages in window.__violations ("directive blocked-URI sample").
func recordViolations() chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(`window.__violations = [];
			document.addEventListener("securitypolicyviolation", e => __violations.push(e.effectiveDirective + " " + e.blockedURI + " " + e.sample));`).Do(ctx)
		return err
	})
}

// campingThenHome is a visitor's two camping pages, then the home page,
// whose hero then shows the camping variant where Hearth works.
func campingThenHome(url string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.Navigate(url + "/c/camping/"), chrome.WaitReady(), chrome.Settle(),
		chromedp.Navigate(url + "/c/camping/"), chrome.WaitReady(), chrome.Settle(),
		chromedp.Navigate(url + "/"), chrome.WaitReady(), chrome.Settle(),
	}
}
