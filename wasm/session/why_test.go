package session

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// The Why? sentence counts each event once, however many of the
// experience's conditions read its topic (#23.4: an "interest" and a "top"
// on camping said 6 after 3 posts), and {times} and {period} carry their
// own words and plural in each language.
func TestWhyCountsEvidenceOnce(t *testing.T) {
	const cfg = `{"version": 1, "topics": {"camping": {"label": {"en": "Camping", "de": "Camping"}}},
	  "experiences": [{"id": "x", "slot": "hero", "variant": "camping",
	    "when": {"all": [{"interest": {"topic": "camping", "atLeast": 2}}, {"top": {"topic": "camping", "k": 1}}]},
	    "why": {"en": "You read about {topic} {times} {period} ({count}).", "de": "Sie haben {times} {period} über {topic} gelesen."}}]}`
	var stored *string
	for i := range 3 {
		bootCfg(t, cfg, facts("/p", "camping"), &stored, t0.Add(time.Duration(i)*time.Hour))
	}
	for _, tc := range []struct{ lang, want string }{
		{"en", "You read about Camping 4 times today (4)."}, // three pages, and this one
		{"de", "Sie haben 4-mal heute über Camping gelesen."},
	} {
		f := facts("/p", "camping") // this page's own view counts too: the fourth
		f["lang"] = tc.lang
		page := stored // each language's page from the same three before
		s, _ := bootCfg(t, cfg, f, &page, t0.Add(3*time.Hour))
		last := s.Handle(msg(t, map[string]any{"t": "open", "stored": *page, "storage": true}), t0.Add(3*time.Hour))
		var v struct {
			View struct {
				Decisions []struct{ Slot, Why string }
			}
		}
		json.Unmarshal(last, &v)
		got := ""
		for _, d := range v.View.Decisions {
			if d.Slot == "hero" {
				got = d.Why
			}
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: why %q, want %q", tc.lang, got, tc.want)
		}
	}
}

// The config says what its items are, and the panel's words follow in each
// language (#23.8: a blog's panel said "Items you looked at").
func TestItemWordsFitTheSite(t *testing.T) {
	for _, tc := range []struct{ items, lang, heading, views string }{
		{"", "en", "Items you looked at", "viewed 1×"},
		{`"items": "posts",`, "en", "Posts you read", "read 1×"},
		{`"items": "articles",`, "de", "Artikel, die Sie gelesen haben", "1× gelesen"},
		{`"items": "recipes",`, "fr", "Recettes consultées", "consulté 1×"},
		{`"items": "pages",`, "de", "Seiten, die Sie gelesen haben", "gelesen"},
	} {
		cfg := `{"version": 1, ` + tc.items + ` "topics": {"camping": {"label": {"en": "Camping"}}}, "experiences": []}`
		f := facts("/posts/a/", "camping")
		f["item"], f["itemName"], f["lang"] = "posts/a", "A post", tc.lang
		s, out, err := Boot(msg(t, map[string]any{"t": "boot", "config": cfg, "facts": f, "storage": true}), t0)
		if err != nil {
			t.Fatal(err)
		}
		a := read(t, out)
		got := string(s.Handle(msg(t, map[string]any{"t": "open", "stored": *a.Write, "storage": true}), t0))
		if !strings.Contains(got, tc.heading) || !strings.Contains(got, tc.views) {
			t.Errorf("items %q in %s: the panel lacks %q or %q:\n%.400s", tc.items, tc.lang, tc.heading, tc.views, got)
		}
	}
}
