package rules

import (
	"strings"
	"testing"
	"time"
)

// compile parses a config whose only experience has the condition when.
func compile(t *testing.T, when string) Cond {
	t.Helper()
	cfg, err := Parse([]byte(`{"version": 1, "topics": {"a": {"label": {"en": "A"}}, "b": {"label": {"en": "B"}}},
		"experiences": [{"id": "x", "slot": "s", "variant": "v", "when": ` + when + `}]}`))
	if err != nil {
		t.Fatalf("Parse(%s): %v", when, err)
	}
	return cfg.Experiences[0].When
}

func TestConditionKinds(t *testing.T) {
	base := fakeFacts{
		scores: map[string]float64{"a": 3, "b": 1}, ranks: map[string]int{"a": 1, "b": 2},
		declared: map[string]bool{"a": true}, visits: 3, pages: 12, since: 2.5,
		path: "/c/camping/tents", query: map[string]string{"utm_campaign": "spring"},
		minute: 9*60 + 30, day: time.Saturday, lang: "de-AT", viewport: "small",
	}
	for _, tc := range []struct {
		when string
		want bool
	}{
		{`{"interest": {"topic": "a", "atLeast": 3}}`, true},
		{`{"interest": {"topic": "b", "atLeast": 1.5}}`, false},
		{`{"top": {"topic": "b", "k": 2}}`, true},
		{`{"top": {"topic": "b"}}`, false},
		{`{"declared": "a"}`, true},
		{`{"declared": "b"}`, false},
		{`{"visits": {"atLeast": 3}}`, true},
		{`{"pages": {"atLeast": 13}}`, false},
		{`{"daysSinceLastVisit": {"atLeast": 2}}`, true},
		{`{"daysSinceLastVisit": {"atLeast": 1, "atMost": 2}}`, false},
		{`{"returning": true}`, true},
		{`{"returning": false}`, false},
		{`{"path": "/c/*/tents"}`, true},
		{`{"path": "/c/*"}`, false},
		{`{"path": "/c/**"}`, true},
		{`{"query": {"utm_campaign": "spring"}}`, true},
		{`{"query": {"utm_campaign": "*", "utm_source": "*"}}`, false},
		{`{"time": {"from": "09:00", "to": "12:00"}}`, true},
		{`{"time": {"from": "22:00", "to": "09:30"}}`, false},
		{`{"time": {"from": "22:00", "to": "10:00"}}`, true},
		{`{"weekday": ["sat", "sun"]}`, true},
		{`{"weekday": ["mon"]}`, false},
		{`{"language": ["de", "fr"]}`, true},
		{`{"language": ["en"]}`, false},
		{`{"viewport": "small"}`, true},
		{`{"viewport": ["medium", "large"]}`, false},
		{`{"not": {"viewport": "large"}}`, true},
	} {
		var checks []Check
		got := compile(t, tc.when).Eval(base, &checks)
		if got != tc.want {
			t.Errorf("%s = %v, want %v (checks %v)", tc.when, got, tc.want, checks)
		}
		if len(checks) == 0 {
			t.Errorf("%s gave no checks", tc.when)
		}
	}
	// A first visit has no "days since the last visit".
	first := base
	first.since = -1
	if compile(t, `{"daysSinceLastVisit": {"atLeast": 0}}`).Eval(first, nil) {
		t.Errorf("daysSinceLastVisit held on a first visit")
	}
}

func TestConditionErrors(t *testing.T) {
	for when, want := range map[string]string{
		`{"time": {"from": "25:00", "to": "10:00"}}`:          `time.from: want a local time as "HH:MM"`,
		`{"time": {"from": "10:00", "to": "10:00"}}`:          `the window is empty`,
		`{"weekday": ["someday"]}`:                            `weekday[0]: unknown weekday "someday"`,
		`{"viewport": "huge"}`:                                `unknown viewport class "huge"`,
		`{"path": "c/*"}`:                                     `a path pattern starts with "/"`,
		`{"daysSinceLastVisit": {"atLeast": 5, "atMost": 2}}`: `it can never hold`,
		`{"language": ["de-AT"]}`:                             `want a primary language subtag`,
		`{"top": {"topic": "a", "k": 0}}`:                     `top.k: want a number from 1 to 50`,
		`{"query": {}}`:                                       `want an object of parameter`,
		`{"intrest": {"topic": "a"}}`:                         `unknown field "intrest"; did you mean "interest"?`,
	} {
		_, err := Parse([]byte(`{"version": 1, "topics": {"a": {"label": {"en": "A"}}},
			"experiences": [{"id": "x", "slot": "s", "variant": "v", "when": ` + when + `}]}`))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want it to contain %q", when, err, want)
		}
	}
}

func TestSensitiveByDefault(t *testing.T) {
	cfg, err := Parse([]byte(`{"version": 1, "topics": {"health-insurance": {"label": {"en": "Health insurance"}},
		"tents": {"label": {"en": "Tents"}}, "diet": {"label": {"en": "Diet"}}}, "sensitive": ["diet"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Topics["health-insurance"].Sensitive || cfg.Topics["tents"].Sensitive || !cfg.Topics["diet"].Sensitive {
		t.Errorf("sensitive = %v, %v, %v; want true, false, true",
			cfg.Topics["health-insurance"].Sensitive, cfg.Topics["tents"].Sensitive, cfg.Topics["diet"].Sensitive)
	}
	_, err = Parse([]byte(`{"version": 1, "topics": {"religion": {"label": {"en": "Religion"}, "sensitive": false}}}`))
	if err == nil || !strings.Contains(err.Error(), "never remove one") {
		t.Errorf("un-sensitive built-in category: %v", err)
	}
	_, err = Parse([]byte(`{"version": 1, "topics": {"pregnancy": {"label": {"en": "Pregnancy"}}},
		"experiences": [{"id": "x", "slot": "s", "variant": "v", "when": {"top": {"topic": "pregnancy", "k": 3}}}]}`))
	if err == nil || !strings.Contains(err.Error(), `topic "pregnancy" is sensitive`) {
		t.Errorf("top on a default-sensitive topic: %v", err)
	}
}

func TestExperienceSchedulingAndCaps(t *testing.T) {
	cfg, err := Parse([]byte(`{"version": 1, "topics": {},
		"experiences": [{"id": "x", "slot": "s", "variant": "v", "start": "2026-12-01", "end": "2026-12-24T18:00:00+01:00",
		"cap": {"perDay": 2, "total": 5}, "when": {"visits": {"atLeast": 0}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	x := cfg.Experiences[0]
	berlin := time.FixedZone("CET", 3600)
	for _, tc := range []struct {
		now            time.Time
		started, ended bool
	}{
		{time.Date(2026, 11, 30, 23, 59, 0, 0, berlin), false, false},
		{time.Date(2026, 12, 1, 0, 0, 0, 0, berlin), true, false},
		{time.Date(2026, 12, 24, 17, 59, 0, 0, berlin), true, false},
		{time.Date(2026, 12, 24, 18, 1, 0, 0, berlin), true, true},
	} {
		if s, e := x.Start.Started(tc.now), x.End.Ended(tc.now); s != tc.started || e != tc.ended {
			t.Errorf("at %v: started %v ended %v; want %v %v", tc.now, s, e, tc.started, tc.ended)
		}
	}
	if x.Cap != (Cap{PerDay: 2, Total: 5}) {
		t.Errorf("Cap = %+v", x.Cap)
	}
	for when, want := range map[string]string{
		`"cap": {"perDay": -1}`:                      "cap.perDay: want a number from 1",
		`"cap": {"perDay": 0}`:                       "cap.perDay: want a number from 1",
		`"cap": {}`:                                  "want at least one of",
		`"start": "2026-13-01"`:                      `start: want a date "2026-12-01"`,
		`"start": "2026-12-02", "end": "2026-12-01"`: "is before the start",
	} {
		_, err := Parse([]byte(`{"version": 1, "topics": {}, "experiences": [{"id": "x", "slot": "s", "variant": "v", ` + when + `, "when": {"visits": {"atLeast": 0}}}]}`))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want it to contain %q", when, err, want)
		}
	}
}

// Holds and Eval agree on every condition kind, including under not/all/any.
func TestHoldsAgreesWithEval(t *testing.T) {
	f := fakeFacts{scores: map[string]float64{"a": 2}, ranks: map[string]int{"a": 1}, declared: map[string]bool{"b": true},
		visits: 2, pages: 5, since: 3, path: "/x/y", query: map[string]string{"q": "1"}, minute: 600, day: time.Monday, lang: "fr", viewport: "medium"}
	for _, when := range []string{
		`{"interest": {"topic": "a", "atLeast": 2}}`, `{"top": {"topic": "a", "k": 1}}`, `{"declared": "b"}`,
		`{"visits": {"atLeast": 3}}`, `{"pages": {"atLeast": 5}}`, `{"daysSinceLastVisit": {"atMost": 2}}`,
		`{"returning": true}`, `{"path": "/x/*"}`, `{"query": {"q": "2"}}`, `{"time": {"from": "09:00", "to": "10:00"}}`,
		`{"weekday": ["mon"]}`, `{"language": ["fr"]}`, `{"viewport": "large"}`,
		`{"all": [{"returning": true}, {"not": {"viewport": "large"}}]}`, `{"any": [{"returning": false}, {"weekday": ["tue"]}]}`,
	} {
		c := compile(t, when)
		var why []Check
		held := c.Eval(f, &why)
		if c.Eval(f, nil) != held {
			t.Errorf("%s: without reasons %v, with reasons %v", when, !held, held)
		}
	}
}
