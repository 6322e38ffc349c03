package panel

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/wasm/engine"
	"github.com/hearth-personalization/hearth/wasm/profile"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

func TestEveryLanguageHasEveryText(t *testing.T) {
	for _, lang := range rules.Languages {
		m, ok := texts[lang]
		if !ok {
			t.Errorf("language %s has no texts", lang)
			continue
		}
		for k := range texts["en"] {
			if strings.TrimSpace(m[k]) == "" {
				t.Errorf("texts[%s][%s] is missing", lang, k)
			}
		}
	}
}

// The texts are lists of pairs (see texts): a key given twice in one
// language, which a map literal would refuse to compile, must fail here.
func TestNoTextGivenTwice(t *testing.T) {
	for name, lists := range map[string]map[string][]kv{"texts": textLists, "counted": countedLists} {
		for lang, list := range lists {
			seen := map[string]bool{}
			for _, x := range list {
				if seen[x.k] {
					t.Errorf("%s: %s gives %q twice", name, lang, x.k)
				}
				seen[x.k] = true
			}
		}
	}
}

func TestLang(t *testing.T) {
	for in, want := range map[string]string{"de-AT": "de", "AR": "ar", "pt-BR": "en", "": "en", "fr_CA": "fr"} {
		if got := Lang(in); got != want {
			t.Errorf("Lang(%q) = %q, want %q", in, got, want)
		}
	}
	if Dir("ar") != "rtl" || Dir("en") != "ltr" {
		t.Errorf("Dir wrong")
	}
}

func demo(t *testing.T) *rules.Config {
	t.Helper()
	data, err := os.ReadFile("../../web/demo/hearth.json")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := rules.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestBuildExplainsDecision(t *testing.T) {
	cfg := demo(t)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	p := profile.New()
	p.Visit(now)
	p.Record("camping", profile.View, 1, "/c/camping", now.Add(-time.Minute), cfg.HalfLife)
	p.Record("camping", profile.View, 1, "/c/camping", now, cfg.HalfLife)
	p.Record("running", profile.Click, 3, "/", now, cfg.HalfLife)
	page := engine.Page{Path: "/", Slots: []engine.Slot{{Name: "hero", Variants: []string{"camping"}}, {Name: "tip", Variants: []string{"climbing"}}}}
	ds := engine.Decide(p, cfg, page, now)

	v := Build(Input{Lang: "en", Config: cfg, Profile: p, Decisions: ds, Status: profile.Loaded, Now: now})
	if len(v.Decisions) != 1 {
		t.Fatalf("len(Decisions) = %d, want 1 (only personalized slots)", len(v.Decisions))
	}
	d := v.Decisions[0]
	if d.Why != "You have shown an interest in Camping." {
		t.Errorf("Why = %q", d.Why)
	}
	if len(d.Evidence) != 1 || d.Evidence[0] != "Camping: 2 page views · last on \u20662026\u201111\u201123\u2069" {
		t.Errorf("Evidence = %q", d.Evidence)
	}
	if len(v.Topics) != 2 || v.Topics[0].Label != "Running" || v.Topics[0].Fraction != 1 || v.Topics[1].Fraction <= 0 {
		t.Errorf("Topics = %+v, want Running then Camping", v.Topics)
	}
	if v.Counters[0].Value != "1" || v.Counters[1].Value != "1" {
		t.Errorf("Counters = %+v", v.Counters)
	}
	if len(v.Notices) != 0 {
		t.Errorf("Notices = %q, want none", v.Notices)
	}

	ar := Build(Input{Lang: "ar", Config: cfg, Profile: p, Decisions: ds, Now: now})
	if ar.Dir != "rtl" || !strings.Contains(ar.Decisions[0].Why, "التخييم") {
		t.Errorf("Arabic view = %q %q", ar.Dir, ar.Decisions[0].Why)
	}
}

func TestBuildGeneratesWhyWithoutConfigText(t *testing.T) {
	cfg := demo(t)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	p := profile.New()
	p.Declare("running", true, now)
	ds := engine.Decide(p, cfg, engine.Page{Path: "/", Slots: []engine.Slot{{Name: "hero", Variants: []string{"running"}}}}, now)
	v := Build(Input{Lang: "de", Config: cfg, Profile: p, Decisions: ds, Now: now})
	if got, want := v.Decisions[0].Why, "Angezeigt, weil Sie angegeben haben, dass Sie sich für Laufen interessieren."; got != want {
		t.Errorf("Why = %q, want %q", got, want)
	}
}

func TestBuildNotices(t *testing.T) {
	cfg := demo(t)
	p := profile.New()
	p.SetPaused(true, time.Now())
	v := Build(Input{Lang: "en", Config: cfg, Profile: p, Status: profile.Reset, Memory: true, Now: time.Now()})
	if len(v.Notices) != 3 {
		t.Errorf("Notices = %q, want reset, memory and paused", v.Notices)
	}
	if v.PauseToggle != "Resume personalization" {
		t.Errorf("PauseToggle = %q", v.PauseToggle)
	}
}

func TestBuildPlaceholdersContextAndDebug(t *testing.T) {
	cfg, err := rules.Parse([]byte(`{"version": 1, "topics": {"camping": {"label": {"en": "Camping", "fr": "Camping"}}},
		"experiences": [
		{"id": "a", "slot": "hero", "variant": "a", "priority": 2, "when": {"interest": {"topic": "camping", "atLeast": 2}},
		 "why": {"en": "You looked at {topic} {count} times in {days} days."}},
		{"id": "b", "slot": "hero", "variant": "b", "priority": 1, "when": {"all": [{"weekday": ["sat"]}, {"query": {"utm_campaign": "*"}}]}},
		{"id": "c", "slot": "hero", "variant": "c", "when": {"visits": {"atLeast": 99}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC) // a Saturday
	p := profile.New()
	p.Record("camping", profile.View, 1.2, "/c", now.Add(-50*time.Hour), cfg.HalfLife)
	p.Record("camping", profile.Dwell, 1, "/c", now.Add(-time.Hour), cfg.HalfLife)
	page := engine.Page{Path: "/", Query: map[string]string{"utm_campaign": "autumn"}, SinceLastVisit: -1,
		Slots: []engine.Slot{{Name: "hero", Variants: []string{"a", "b", "c"}}}}
	ds := engine.Explain(p, cfg, page, now)
	v := Build(Input{Lang: "en", Config: cfg, Profile: p, Decisions: ds, Now: now, Debug: true})
	if got, want := v.Decisions[0].Why, "You looked at Camping 2 times in 3 days."; got != want {
		t.Errorf("Why = %q, want %q", got, want)
	}
	if got, want := v.Decisions[0].Evidence[0], "Camping: 1 page view, 1 long read · last on \u20662026\u201111\u201121\u2069"; got != want {
		t.Errorf("Evidence = %q, want %q", got, want)
	}
	if len(v.Debug) != 2 || !strings.Contains(v.Debug[0], "b (b): outranked") || !strings.Contains(v.Debug[1], "c (c): condition") {
		t.Errorf("Debug = %q", v.Debug)
	}
	// The generated sentence names context in plain words, localized.
	p2 := profile.New()
	ds = engine.Decide(p2, cfg, page, now)
	fr := Build(Input{Lang: "fr", Config: cfg, Profile: p2, Decisions: ds, Now: now})
	if got, want := fr.Decisions[0].Why, "Affiché parce que nous sommes samedi; le lien que vous avez suivi porte utm_campaign=autumn."; got != want {
		t.Errorf("fr Why = %q, want %q", got, want)
	}
	if len(fr.Debug) != 0 {
		t.Errorf("debug shown without ?hearth-debug")
	}
}

// The panel shows the figure the engine decided with, not one of its own: a
// raw score of 1.994 is 1.99 to the engine (which then does not reach
// "atLeast": 2), so the panel says 1.99, not 2.0.
func TestTopicScoreIsTheEngines(t *testing.T) {
	cfg := demo(t)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	p := profile.New()
	p.Visit(now)
	p.Record("camping", profile.View, 1, "/c/camping", now, cfg.HalfLife)
	p.Record("camping", profile.Track, 0.994, "/c/camping", now, cfg.HalfLife)
	page := engine.Page{Path: "/", Slots: []engine.Slot{{Name: "hero", Variants: []string{"camping"}}}}
	ds := engine.Decide(p, cfg, page, now)
	v := Build(Input{Lang: "en", Config: cfg, Profile: p, Decisions: ds, Status: profile.Loaded, Now: now})
	if len(v.Topics) != 1 || v.Topics[0].Score != "1.99" {
		t.Fatalf("Topics = %+v, want camping at 1.99", v.Topics)
	}
	if got := strconv.FormatFloat(engine.Interest(cfg, p, "camping", now), 'f', 2, 64); got != v.Topics[0].Score {
		t.Errorf("the panel shows %s, the engine's figure is %s", v.Topics[0].Score, got)
	}
	if len(v.Decisions) != 0 {
		t.Errorf("the hero was personalized at 1.99 (atLeast 2): %+v", v.Decisions)
	}
}
