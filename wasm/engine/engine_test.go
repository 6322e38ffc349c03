package engine

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/wasm/profile"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// caseNow is the default "now" of the cases: 2026-11-01T12:00:00Z.
const caseNow = 1793534400000

type engineCase struct {
	Name    string          `json:"name"`
	Now     int64           `json:"now"`
	Config  json.RawMessage `json:"config"` // the demo config when absent
	Profile json.RawMessage `json:"profile"`
	Page    struct {
		Path           string            `json:"path"`
		Query          map[string]string `json:"query"`
		Language       string            `json:"language"`
		Viewport       string            `json:"viewport"`
		GPC            bool              `json:"gpc"`
		SinceLastVisit *float64          `json:"sinceLastVisitDays"`
		Slots          []struct {
			Name     string   `json:"name"`
			Variants []string `json:"variants"`
		} `json:"slots"`
	} `json:"page"`
	Want []struct {
		Slot           string   `json:"slot"`
		Variant        string   `json:"variant"`
		Experience     string   `json:"experience"`
		Off            string   `json:"off"`
		EvidenceTopics []string `json:"evidenceTopics"`
		Losers         []string `json:"losers"` // "experience:reason", best first
	} `json:"want"`
}

// TestCases runs testdata/cases.json: engine behaviour as data.
func TestCases(t *testing.T) {
	data, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []engineCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	demo, err := os.ReadFile("../../web/demo/hearth.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			raw := []byte(c.Config)
			if len(raw) == 0 {
				raw = demo
			}
			cfg, err := rules.Parse(raw)
			if err != nil {
				t.Fatalf("config: %v", err)
			}
			p, err := profile.Decode(c.Profile)
			if err != nil {
				t.Fatalf("profile: %v", err)
			}
			page := Page{Path: c.Page.Path, Query: c.Page.Query, Language: c.Page.Language, Viewport: c.Page.Viewport, GPC: c.Page.GPC, SinceLastVisit: -1}
			if page.Viewport == "" {
				page.Viewport = "large"
			}
			if d := c.Page.SinceLastVisit; d != nil {
				page.SinceLastVisit = time.Duration(*d * float64(24*time.Hour))
			}
			for _, s := range c.Page.Slots {
				page.Slots = append(page.Slots, Slot{Name: s.Name, Variants: s.Variants})
			}
			now := c.Now
			if now == 0 {
				now = caseNow
			}
			got := Explain(p, cfg, page, time.UnixMilli(now).UTC())
			// Decide picks the same as Explain, without the losers.
			for i, d := range Decide(p, cfg, page, time.UnixMilli(now).UTC()) {
				if e := got[i]; d.Variant != e.Variant || d.Experience != e.Experience || d.Off != e.Off || !reflect.DeepEqual(d.Checks, e.Checks) {
					t.Errorf("Decide and Explain differ on %s: %+v vs %+v", d.Slot, d, e)
				}
			}
			if len(got) != len(c.Want) {
				t.Fatalf("Decide = %d decisions, want %d", len(got), len(c.Want))
			}
			for i, w := range c.Want {
				g := got[i]
				if g.Slot != w.Slot || g.Variant != w.Variant || g.Experience != w.Experience || g.Off != w.Off {
					t.Errorf("decision %d = {%s %q %q off %q}, want {%s %q %q off %q}", i, g.Slot, g.Variant, g.Experience, g.Off, w.Slot, w.Variant, w.Experience, w.Off)
				}
				if w.Losers != nil {
					var losers []string
					for _, l := range g.Losers {
						losers = append(losers, l.Experience+":"+l.Reason)
					}
					if !reflect.DeepEqual(losers, w.Losers) && !(len(losers) == 0 && len(w.Losers) == 0) {
						t.Errorf("decision %d losers = %q, want %q", i, losers, w.Losers)
					}
				}
				if g.Personalized() && len(g.Checks) == 0 {
					t.Errorf("decision %d is personalized without reasons", i)
				}
				if w.EvidenceTopics != nil {
					var topics []string
					for tp := range g.Evidence {
						topics = append(topics, tp)
					}
					sort.Strings(topics)
					if !reflect.DeepEqual(topics, w.EvidenceTopics) {
						t.Errorf("evidence topics = %v, want %v", topics, w.EvidenceTopics)
					}
				}
			}
			// Deterministic: the same input decides the same way.
			if again := Explain(p, cfg, page, time.UnixMilli(now).UTC()); !reflect.DeepEqual(got, again) {
				t.Errorf("Decide is not deterministic:\n%+v\n%+v", got, again)
			}
		})
	}
}

func TestReasonsCarryValuesSeen(t *testing.T) {
	demo, _ := os.ReadFile("../../web/demo/hearth.json")
	cfg, err := rules.Parse(demo)
	if err != nil {
		t.Fatal(err)
	}
	now := time.UnixMilli(caseNow)
	p := profile.New()
	p.Record("camping", profile.View, 1, "/c/camping", now, cfg.HalfLife)
	p.Record("camping", profile.View, 1, "/c/camping", now.Add(time.Second), cfg.HalfLife)
	ds := Decide(p, cfg, Page{Path: "/", Slots: []Slot{{Name: "hero", Variants: []string{"camping"}}}}, now.Add(time.Minute))
	want := []rules.Check{
		{Kind: "declared", Topic: "camping", Want: 1, Got: 0, Held: false},
		{Kind: "interest", Topic: "camping", Want: 2, Got: 2, Held: true},
	}
	if !reflect.DeepEqual(ds[0].Checks, want) {
		t.Errorf("Checks = %v, want %v", ds[0].Checks, want)
	}
	if got := len(ds[0].Evidence["camping"]); got != 2 {
		t.Errorf("camping evidence = %d events, want 2", got)
	}
	if got := Slots(ds); !reflect.DeepEqual(got, map[string]string{"hero": "camping"}) {
		t.Errorf("Slots = %v", got)
	}
}

func TestEncodeDecisions(t *testing.T) {
	ds := []Decision{
		{Slot: "hero", Variant: "camping", Experience: "hero-camping",
			Checks:   []rules.Check{{Kind: "interest", Topic: "camping", Want: 2, Got: 2.5, Held: true}},
			Evidence: map[string][]profile.Event{"camping": {{Kind: profile.View, Path: "/c/camping", At: 1, Weight: 1}}}},
		{Slot: "tip", Off: Paused, Losers: []Loss{{Experience: "tip-x", Variant: "x", Reason: Capped}}},
	}
	var got []map[string]any
	if err := json.Unmarshal(EncodeDecisions(ds), &got); err != nil {
		t.Fatalf("EncodeDecisions is not JSON: %v", err)
	}
	want := []map[string]any{
		{"slot": "hero", "variant": "camping", "experience": "hero-camping",
			"checks":   []any{map[string]any{"kind": "interest", "topic": "camping", "want": 2.0, "got": 2.5, "held": true}},
			"evidence": map[string]any{"camping": []any{map[string]any{"kind": "view", "path": "/c/camping", "at": 1.0, "weight": 1.0}}},
			"losers":   []any{}},
		{"slot": "tip", "variant": "", "off": "paused", "checks": []any{}, "evidence": map[string]any{},
			"losers": []any{map[string]any{"experience": "tip-x", "variant": "x", "reason": "capped"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("EncodeDecisions =\n%v\nwant\n%v", got, want)
	}
}
