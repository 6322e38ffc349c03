package check

import (
	"strings"
	"testing"

	"github.com/hearth-personalization/hearth/wasm/rules"
)

// testConfig is a small config of the tests' own (not the demo's, which
// changes with its copy): two hero variants and a topic.
func testConfig(t *testing.T) *rules.Config {
	t.Helper()
	cfg, err := rules.Parse([]byte(`{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}}},
  "experiences": [
    {"id": "hero-camping", "slot": "hero", "variant": "camping", "when": {"declared": "camping"}},
    {"id": "hero-running", "slot": "hero", "variant": "running", "when": {"declared": "camping"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// A page compared with a config: a variant without its template, a slot
// nothing targets and templates for a slot the page lacks are warnings.
func TestPageWarnings(t *testing.T) {
	pf, err := parsePage(strings.NewReader(`<div data-hearth-slot="hero">x</div><div data-hearth-slot="side"></div>
		<template data-hearth-variant="hero/camping"></template><template data-hearth-variant="promo/x"></template>`), nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t)
	got := strings.Join(pageWarnings(cfg, pf), "\n")
	for _, want := range []string{
		`experiences[1] (hero-running): the page has slot "hero" but no <template data-hearth-variant="hero/running">`,
		`slot "side" on the page: no experience targets it`,
		`templates for slot "promo" (x) but the page has no [data-hearth-slot="promo"]`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings lack %q:\n%s", want, got)
		}
	}
}

// An item template whose first element is a link or a button cannot hold
// the Why? and × buttons: a warning with its line and column says to wrap
// it. A container (Bootstrap's .col) passes.
func TestCheckItemTemplateFirstElement(t *testing.T) {
	pf, err := parsePage(strings.NewReader("<div data-hearth-recommend=\"recent\"></div>\n"+
		"<template data-hearth-item-template data-hearth-item=\"tent\">\n  <a class=\"card\" href=\"/p/tent/\">Tent</a></template>\n"+
		"<template data-hearth-item-template data-hearth-item=\"boot\"><div class=\"col\"><a href=\"/p/boot/\">Boot</a></div></template>\n"+
		"<template data-hearth-item-template data-hearth-item=\"hat\"><button>Hat</button></template>"), nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t)
	got := pageWarnings(cfg, pf)
	want := []string{`3:3: item "tent": its first element is a link`, `5:60: item "hat": its first element is a button`}
	n := 0
	for _, g := range got {
		if strings.Contains(g, "its first element") {
			if n >= len(want) || !strings.HasPrefix(g, want[n]) {
				t.Errorf("warning %q; want %q", g, want)
			}
			n++
		}
	}
	if n != len(want) {
		t.Errorf("warnings %q; want the two about the link and the button", got)
	}
}

// What a template loads only when shown tells the network the decision:
// check names each such element with its line and column.
func TestCheckTellingTemplates(t *testing.T) {
	pf, err := parsePage(strings.NewReader("<div data-hearth-slot=\"hero\"></div>\n"+
		"<template data-hearth-variant=\"hero/a\"><img src=\"/a.png\"><video poster=\"/p.png\" preload=\"none\"></video><audio src=\"/a.ogg\"></audio></template>\n"+
		"<template data-hearth-variant=\"hero/b\">\n  <iframe src=\"/b\"></iframe><div style=\"background: URL(/b.png)\"></div>\n"+
		"  <template><link rel=\"stylesheet\" href=\"/b.css\"></template></template>\n"+
		"<template data-hearth-item-template data-hearth-item=\"tent\"><object data=\"/t.swf\"></object></template>\n"+
		"<iframe src=\"/outside\"></iframe><p style=\"background:url(/ok.png)\"></p>"), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`2:104: variant "hero/a": an <audio> fetches its media when shown`,
		`4:3: variant "hero/b": a frame loads only when shown`,
		`4:29: variant "hero/b": an inline style with url() loads only when shown`,
		`5:13: variant "hero/b": a <link> loads only when shown`,
		`6:61: item "tent": an object loads only when shown`,
	}
	if len(pf.telling) != len(want) {
		t.Fatalf("found %d telling elements, want %d:\n%s", len(pf.telling), len(want), strings.Join(pf.telling, "\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(pf.telling[i], w) {
			t.Errorf("telling[%d] = %q, want it to start with %q", i, pf.telling[i], w)
		}
	}
}

// A why text that pairs a number with a fixed word reads wrong for 1 and in
// other languages' plurals: a warning names it and the placeholders that
// carry their own words (#23.4).
func TestWhyFixedNounWarned(t *testing.T) {
	cfg, err := rules.Parse([]byte(`{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}}},
  "experiences": [
    {"id": "a", "slot": "hero", "variant": "a", "when": {"declared": "camping"}, "why": {"en": "You read {count} posts in the last {days} days."}},
    {"id": "b", "slot": "hero", "variant": "b", "when": {"declared": "camping"}, "why": {"en": "You read about {topic} {times} {period}.", "de": "{count}: Ihre Beiträge"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	got := whyWarnings(cfg)
	if len(got) != 1 || !strings.Contains(got[0], `experiences[0] (a): why.en: "{count} posts"`) || !strings.Contains(got[0], "{period}") {
		t.Errorf("warnings %q; want one, on experiences[0]'s {count} posts", got)
	}
}

// With the async loader, a targeted slot without data-hearth-reserve is
// warned about (its "Why?" line may shift the page); a reserved one, or a
// page whose loader blocks, is not.
func TestReserveWarning(t *testing.T) {
	cfg := testConfig(t)
	for _, tc := range []struct {
		page string
		warn bool
	}{
		{`<script src="/hearth/hearth.js" data-config="/hearth.json" async></script><div data-hearth-slot="hero"></div>`, true},
		{`<script src="/hearth/hearth.js?v=2" defer></script><div data-hearth-slot="hero"></div>`, true},
		{`<script src="/hearth/hearth.js" async></script><div data-hearth-slot="hero" data-hearth-reserve></div>`, false},
		{`<script src="/hearth/hearth.js"></script><div data-hearth-slot="hero"></div>`, false},
	} {
		pf, err := parsePage(strings.NewReader(tc.page), nil)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(pageWarnings(cfg, pf), "\n")
		if warned := strings.Contains(got, "slots hero: with the async loader"); warned != tc.warn {
			t.Errorf("%s: warned %v, want %v:\n%s", tc.page, warned, tc.warn, got)
		}
	}
}
