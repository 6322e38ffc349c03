package rules

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func TestParseDemo(t *testing.T) {
	data, err := os.ReadFile("../../web/demo/hearth.json")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse(demo) error: %v", err)
	}
	if got := len(cfg.Experiences); got != 7 {
		t.Errorf("len(Experiences) = %d, want 7", got)
	}
	if cfg.HalfLife != 14*24*time.Hour {
		t.Errorf("HalfLife = %v, want 336h", cfg.HalfLife)
	}
	if got := cfg.Label("running", "de"); got != "Laufen" {
		t.Errorf("Label(running, de) = %q, want Laufen", got)
	}
	if got := cfg.Label("running", "xx"); got != "Running" {
		t.Errorf("Label(running, xx) = %q, want the English fallback", got)
	}
	if !cfg.Topics["health"].Sensitive {
		t.Errorf("health not sensitive")
	}
}

const minimal = `{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}}}}`

func TestParseDefaults(t *testing.T) {
	cfg, err := Parse([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Signals != (Signals{View: DefaultView, Click: DefaultClick, Dwell: DefaultDwell, DwellSeconds: DefaultDwellSeconds, Declare: DefaultDeclare, Track: DefaultTrack}) || cfg.Consent != OptOut {
		t.Errorf("Signals = %+v, want defaults", cfg.Signals)
	}
	if cfg.Retention != DefaultRetention || cfg.HalfLife != DefaultHalfLife {
		t.Errorf("Retention, HalfLife = %v, %v; want defaults", cfg.Retention, cfg.HalfLife)
	}
}

func TestParseErrorsNamePathAndPosition(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string // substrings of the error, in order
	}{
		{"syntax", "{\n  \"version\": 1,\n  \"topics\": {,}\n}", []string{"rules: 3:14: invalid JSON"}},
		{"truncated", `{"version": 1, "topics": {`, []string{"rules: 1:27: invalid JSON: unexpected end of input"}},
		{"trailing", minimal + ` {}`, []string{"unexpected data after"}},
		{"not an object", `[]`, []string{"rules: 1:1: want an object, got an array"}},
		{"version", `{"version": 2, "topics": {}}`, []string{"rules: 1:13: version: unsupported version 2"}},
		{"missing version", `{"topics": {}}`, []string{`missing "version"`}},
		{"unknown field", `{"version": 1, "topics": {}, "colour": 1}`, []string{`rules: 1:30: colour: unknown field "colour" (known: $schema, version`}},
		{"misspelled field", "{\"version\": 1, \"topics\": {},\n \"experiencez\": []}", []string{`rules: 2:2: experiencez: unknown field "experiencez"; did you mean "experiences"?`}},
		{"empty", " \n ", []string{"rules: the config is empty"}},
		{"duplicate key", `{"version": 1, "version": 1, "topics": {}}`, []string{`rules: 1:16: version: duplicate key "version"`}},
		{"wrong type", `{"version": "1", "topics": []}`, []string{"rules: 1:13: version: want a number, got a string", "rules: 1:28: topics: want an object of topic id"}},
		{"label needs en", `{"version": 1, "topics": {"a": {"label": {"de": "A"}}}}`, []string{`topics.a.label: an English ("en") text is required`}},
		{"bad topic id", `{"version": 1, "topics": {"Big Topic": {"label": {"en": "A"}}}}`, []string{`topics.Big Topic: topic id`}},
		{"unknown topic", "{\"version\": 1, \"topics\": {},\n \"experiences\": [{\"id\": \"x\", \"slot\": \"hero\", \"variant\": \"v\",\n  \"when\": {\"interest\": {\"topic\": \"nope\"}}}]}",
			[]string{`rules: 3:34: experiences[0].when.interest.topic: unknown topic "nope"`}},
		{"sensitive inferred", `{"version": 1, "topics": {"health": {"label": {"en": "Health"}, "sensitive": true}},
			"experiences": [{"id": "x", "slot": "s", "variant": "v", "when": {"not": {"interest": {"topic": "health"}}}}]}`,
			[]string{`experiences[0].when.not.interest.topic: topic "health" is sensitive`}},
		{"two operators", `{"version": 1, "topics": {}, "experiences": [{"id": "x", "slot": "s", "variant": "v", "when": {"visits": {"atLeast": 1}, "declared": "a"}}]}`,
			[]string{`experiences[0].when: a condition has exactly one`}},
		{"every error reported", `{"version": 1, "topics": {}, "experiences": [
			{"id": "x", "slot": "s", "variant": "v", "when": {"visits": {"atLeast": -1}}},
			{"id": "x", "slot": "s", "variant": "v", "priority": 1.5, "when": {"all": []}}]}`,
			[]string{"experiences[0].when.visits.atLeast: want a number from 0", `experiences[1].id: duplicate id "x"`, "experiences[1].priority: want a whole number", "experiences[1].when.all: want a non-empty array"}},
		{"missing when", `{"version": 1, "topics": {}, "experiences": [{"id": "x", "slot": "s", "variant": "v"}]}`, []string{`experiences[0]: missing "when"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.in))
			if err == nil {
				t.Fatalf("Parse(%s) = nil error, want %q", tc.in, tc.want)
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %T is not an ErrorList", err)
			}
			msg := err.Error()
			rest := msg
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("Parse error =\n%s\nwant it to contain (in order) %q", msg, w)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

func TestConditionsEvaluate(t *testing.T) {
	cfg, err := Parse([]byte(`{"version": 1, "topics": {"a": {"label": {"en": "A"}}, "b": {"label": {"en": "B"}}},
		"experiences": [{"id": "x", "slot": "s", "variant": "v", "when":
		{"all": [{"interest": {"topic": "a", "atLeast": 2}}, {"not": {"declared": "b"}}, {"any": [{"visits": {"atLeast": 3}}, {"declared": "a"}]}]}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	when := cfg.Experiences[0].When
	if got, want := strings.Join(when.Topics(), ","), "a,b"; got != want {
		t.Errorf("Topics() = %s, want %s", got, want)
	}
	for _, tc := range []struct {
		f    fakeFacts
		want bool
	}{
		{fakeFacts{scores: map[string]float64{"a": 2}, visits: 3}, true},
		{fakeFacts{scores: map[string]float64{"a": 1.9}, visits: 3}, false},
		{fakeFacts{scores: map[string]float64{"a": 2}, visits: 3, declared: map[string]bool{"b": true}}, false},
		{fakeFacts{scores: map[string]float64{"a": 5}, visits: 1}, false},
		{fakeFacts{scores: map[string]float64{"a": 5}, visits: 1, declared: map[string]bool{"a": true}}, true},
	} {
		var checks []Check
		got := when.Eval(tc.f, &checks)
		if got != tc.want {
			t.Errorf("Eval(%+v) = %v, want %v; checks %v", tc.f, got, tc.want, checks)
		}
		if len(checks) != 4 {
			t.Errorf("Eval(%+v) gave %d checks, want all 4 leaves", tc.f, len(checks))
		}
	}
}

type fakeFacts struct {
	scores   map[string]float64
	ranks    map[string]int
	declared map[string]bool
	visits   int
	pages    int
	since    float64
	path     string
	query    map[string]string
	minute   int
	day      time.Weekday
	lang     string
	viewport string
}

func (f fakeFacts) Score(t string) float64 { return f.scores[t] }
func (f fakeFacts) Rank(t string) int      { return f.ranks[t] }
func (f fakeFacts) Declared(t string) (bool, bool) {
	on, set := f.declared[t]
	return on, set
}
func (f fakeFacts) Visits() int                 { return f.visits }
func (f fakeFacts) Pages() int                  { return f.pages }
func (f fakeFacts) DaysSinceLastVisit() float64 { return f.since }
func (f fakeFacts) Path() string                { return f.path }
func (f fakeFacts) Query(n string) (string, bool) {
	v, ok := f.query[n]
	return v, ok
}
func (f fakeFacts) Clock() (int, time.Weekday) { return f.minute, f.day }
func (f fakeFacts) Language() string           { return f.lang }
func (f fakeFacts) Viewport() string           { return f.viewport }

func FuzzParse(f *testing.F) {
	demo, _ := os.ReadFile("../../web/demo/hearth.json")
	f.Add(demo)
	f.Add([]byte(minimal))
	f.Add([]byte(`{"version":1,"topics":{},"experiences":[{"when":{"not":{"not":{"all":[{"visits":{"atLeast":1}}]}}}}]}`))
	f.Add([]byte(measured(`{"id": "w", "start": "2026-12-01", "end": "2027-01-01", "epsilon": 2, "holdout": 0.2,
  "experiences": {"hero": {"goal": "purchase"}, "signup": {"goal": {"page": "/t/**"}}}}`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(data)
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %v is not a non-empty ErrorList", err)
			}
			return
		}
		for _, x := range cfg.Experiences {
			if x.When == nil {
				t.Fatalf("experience %q parsed without a condition", x.ID)
			}
			f := fakeFacts{scores: map[string]float64{"a": 1}, visits: 2, path: "/a/b", minute: 300, day: time.Friday}
			var why []Check
			if x.When.Eval(f, &why) != x.When.Eval(f, nil) {
				t.Fatalf("experience %q: the outcome with reasons and without disagree", x.ID)
			}
		}
	})
}

// A misspelled topic names the closest one, wherever a topic is read.
func TestUnknownTopicSuggests(t *testing.T) {
	for _, when := range []string{`{"interest": {"topic": "campign"}}`, `{"declared": "campign"}`, `{"top": {"topic": "campign"}}`} {
		_, err := Parse([]byte(`{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}}, "running": {"label": {"en": "Running"}}},
			"experiences": [{"id": "x", "slot": "hero", "variant": "v", "when": ` + when + `}]}`))
		if err == nil || !strings.Contains(err.Error(), `unknown topic "campign"; did you mean "camping"?`) {
			t.Errorf("when %s: error %v, want the closest topic named", when, err)
		}
	}
}
