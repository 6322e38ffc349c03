package rules

import (
	"strings"
	"testing"
	"time"
)

// measured is a config with two experiences, and a measure section put in
// its place.
func measured(section string) string {
	return `{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}}},
"experiences": [
 {"id": "hero", "slot": "hero", "variant": "camping", "when": {"interest": {"topic": "camping", "atLeast": 1}}},
 {"id": "signup", "slot": "news", "variant": "b", "when": {"visits": {"atLeast": 1}}}
],
"measure": ` + section + `}`
}

func TestMeasureSection(t *testing.T) {
	cfg, err := Parse([]byte(measured(`{"id": "winter", "start": "2026-12-01", "experiences": {
  "hero": {"goal": "purchase"}, "signup": {"goal": {"event": "signup"}}}}`)))
	if err != nil {
		t.Fatal(err)
	}
	m := cfg.Measure
	if m == nil || m.ID != "winter" || m.Epsilon != DefaultEpsilon || m.PeriodDays != DefaultPeriodDays || m.Holdout != DefaultHoldout {
		t.Fatalf("Measure = %+v, want the defaults", m)
	}
	if end, set := m.End(); !m.Start().Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) || set {
		t.Errorf("Start, End = %v, %v %v", m.Start(), end, set)
	}
	if got := strings.Join(m.Names(), ","); got != "hero,signup" {
		t.Errorf("Names = %s, want config order", got)
	}
	if m.Measured[0].Goal.Kind != GoalPurchase || m.Measured[1].Goal != (Goal{Kind: GoalEvent, Event: "signup"}) {
		t.Errorf("goals = %+v", m.Measured)
	}
	if m.PerPeriod() != 6 || m.PerYear() != 6*14 {
		t.Errorf("PerPeriod, PerYear = %v, %v; want 6 and 84 (14 periods begin in 365 days)", m.PerPeriod(), m.PerYear())
	}
	if !m.Open(0) || m.Open(-1) {
		t.Errorf("Open")
	}
	cfg, _ = Parse([]byte(measured(`{"id": "w", "start": "2026-12-01", "end": "2027-01-01", "periodDays": 7, "experiences": {"hero": {"goal": {"page": "/thanks/*"}}}}`)))
	if m := cfg.Measure; !m.Open(4) || m.Open(5) {
		t.Errorf("with an end on 2027-01-01 and weekly periods, want periods 0–4 open (period 4 starts Dec 29), 5 closed")
	}
}

// A broken measure section is an error of its own: the config still
// parses, personalization works, measurement is off; check prints the
// errors with their line and column.
func TestMeasureErrorsLeavePersonalization(t *testing.T) {
	for _, tc := range []struct{ section, want string }{
		{`{"start": "2026-12-01", "experiences": {"hero": {"goal": "purchase"}}}`, `measure: missing "id"`},
		{`{"id": "w", "experiences": {"hero": {"goal": "purchase"}}}`, `missing "start"`},
		{`{"id": "w", "start": "1 Dec", "experiences": {"hero": {"goal": "purchase"}}}`, `measure.start: want a date`},
		{`{"id": "w", "start": "2026-12-01", "epsilon": 8, "experiences": {"hero": {"goal": "purchase"}}}`, `measure.epsilon`},
		{`{"id": "w", "start": "2026-12-01", "periodDays": 1, "experiences": {"hero": {"goal": "purchase"}}}`, `measure.periodDays`},
		{`{"id": "w", "start": "2026-12-01", "holdout": 0.9, "experiences": {"hero": {"goal": "purchase"}}}`, `measure.holdout`},
		{`{"id": "w", "start": "2026-12-01", "experiences": {"nope": {"goal": "purchase"}}}`, `measure.experiences.nope: no experience has the id "nope"`},
		{`{"id": "w", "start": "2026-12-01", "experiences": {"hero": {"goal": "buy"}}}`, `measure.experiences.hero.goal: want "purchase"`},
		{`{"id": "w", "start": "2026-12-01", "experiences": {"hero": {"goal": {"page": "thanks"}}}}`, `goal.page: want a path pattern`},
		{`{"id": "w", "start": "2026-12-01", "experiences": {"hero": {"goal": {"url": "/x"}}}}`, `got the key "url"`},
		{`{"id": "w", "start": "2026-12-01", "experiences": {"hero": {}}}`, `missing "goal"`},
		{`{"id": "w", "start": "2026-12-01", "experiences": {}}`, `1 to 4`},
		{`{"id": "w", "start": "2026-12-01", "epsilon": 4, "experiences": {"hero": {"goal": "purchase"}, "signup": {"goal": "purchase"}, "x": {"goal": "purchase"}}}`, `give 12 per visitor and period`},
		{`{"id": "w", "start": "2026-12-01", "end": "2026-11-01", "experiences": {"hero": {"goal": "purchase"}}}`, `the end must be after the start`},
		{`{"id": "w", "start": "2026-12-01", "experiences": {"hero": {"goal": "purchase"}}, "extra": 1}`, `extra`},
	} {
		cfg, err := Parse([]byte(measured(tc.section)))
		if err != nil {
			t.Errorf("%s: the config must still parse, got %v", tc.section, err)
			continue
		}
		if cfg.Measure != nil || len(cfg.Experiences) != 2 {
			t.Errorf("%s: Measure = %+v, want nil and personalization kept", tc.section, cfg.Measure)
		}
		got := cfg.MeasureErr.Error()
		if !strings.Contains(got, tc.want) || !strings.Contains(got, "rules: 6:") {
			t.Errorf("%s: errors %q, want %q with line 6's position", tc.section, got, tc.want)
		}
	}
}

// An experience that reads a sensitive topic (only a declared preference may)
// is never measured: whether it applied would leave the device in every
// report (#33.2). The section is refused, with the topic named.
func TestMeasureRefusesSensitiveExperience(t *testing.T) {
	cfg, err := Parse([]byte(`{"version": 1, "topics": {"health": {"label": {"en": "Health"}}},
"experiences": [
 {"id": "care", "slot": "hero", "variant": "care", "when": {"declared": "health"}},
 {"id": "plain", "slot": "news", "variant": "b", "when": {"visits": {"atLeast": 1}}}
],
"measure": {"id": "w", "start": "2026-12-01", "experiences": {"care": {"goal": "purchase"}, "plain": {"goal": "purchase"}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.MeasureErr.Error(); cfg.Measure != nil || !strings.Contains(got, `measure.experiences.care: experience "care" depends on the sensitive topic "health"`) {
		t.Errorf("Measure = %+v, errors %q; want it refused, naming health", cfg.Measure, got)
	}
}
