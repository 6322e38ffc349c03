package session

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/wasm/profile"
)

// measuredConfig measures hero-camping (goal: hearth.goal("signup")) and
// hero-running (goal: a purchase), weekly from t0's day, 10% held out.
var measuredConfig = strings.Replace(testConfig, `"experiences": [`, `"measure": {"id": "winter", "start": "2026-12-01", "periodDays": 7, "epsilon": 2,
    "experiences": {"hero-camping": {"goal": {"event": "signup"}}, "hero-running": {"goal": "purchase"}}},
  "experiences": [`, 1)

// withRandom runs f with the device's randomness drawing u every time.
func withRandom(t *testing.T, u float64) {
	t.Helper()
	old := deviceRandom
	deviceRandom = random{float: func() float64 { return u }, nonce: func() [16]byte { return [16]byte{0xab} }}
	t.Cleanup(func() { deviceRandom = old })
}

type measuredAnswer struct {
	answer
	Report string
	View   *struct {
		Measure *struct{ Body, Last, Report, Toggle, Note string }
	}
}

func mread(t *testing.T, b []byte) measuredAnswer {
	var a measuredAnswer
	a.answer = read(t, b)
	if err := jsonUnmarshal(b, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// visit boots a page view at now with what is stored, keeps what it wrote.
func visit(t *testing.T, stored **string, f map[string]any, now time.Time) (*Session, measuredAnswer) {
	t.Helper()
	return visitWith(t, measuredConfig, stored, f, now)
}

// visitWith is visit with a config of its own.
func visitWith(t *testing.T, cfg string, stored **string, f map[string]any, now time.Time) (*Session, measuredAnswer) {
	t.Helper()
	m := map[string]any{"t": "boot", "config": cfg, "facts": f, "storage": true}
	if *stored != nil {
		m["stored"] = **stored
	}
	s, out, err := Boot(msg(t, m), now)
	if err != nil {
		t.Fatal(err)
	}
	a := mread(t, out)
	if a.Write != nil {
		v := *a.Write
		*stored = &v
	}
	return s, a
}

func stateOf(t *testing.T, stored *string) *profile.Measurement {
	p, err := profile.Decode([]byte(*stored))
	if err != nil {
		t.Fatal(err)
	}
	return p.Measure
}

// A visitor drawn into the comparison group who would see the camping
// banner sees the default, with a Why? that says so; the period records
// them eligible all the same; their next period's first page view makes
// one report of fixed size, with the true cell when the draw keeps it.
func TestMeasureHeldVisitor(t *testing.T) {
	withRandom(t, 0.05) // under the 10% holdout: held; under Keep(2): the true cell
	var stored *string
	visit(t, &stored, facts("/c/camping/", "camping"), t0)
	s, a := visit(t, &stored, facts("/c/camping/", "camping"), t0.Add(time.Minute))
	if variant(a.answer, "hero") != "" || !a.Slots[0].Why {
		t.Fatalf("held visitor: hero %+v, want the default with a Why?", a.Slots)
	}
	st := stateOf(t, stored)
	if st.Arms["hero-camping"].Arm != 1 || st.Eligible["hero-camping"] == 0 || st.Period != 0 {
		t.Fatalf("state %+v, want held and eligible in period 0", st)
	}
	if strings.Contains(*stored, `"hero":"camping"`) {
		t.Errorf("the replay must show the held visitor the default too: %s", *stored)
	}
	v := mread(t, s.Handle(msg(t, map[string]any{"t": "open", "lang": "en"}), t0.Add(2*time.Minute)))
	if v.View == nil || v.View.Measure == nil || !strings.Contains(v.View.Measure.Body, "true one 79% of the time") || v.View.Measure.Last != "No report sent yet." {
		t.Errorf("panel's measurement section %+v", v.View)
	}
	if a.Report != "" {
		t.Errorf("no report within the period, got %s", a.Report)
	}

	// Period 1: the first view reports period 0, once.
	_, b := visit(t, &stored, facts("/", ""), t0.Add(7*24*time.Hour))
	size := measure.Size("winter", []string{"hero-camping", "hero-running"})
	if len(b.Report) != size {
		t.Fatalf("report %q: %d bytes, want %d", b.Report, len(b.Report), size)
	}
	r, err := measure.Decode([]byte(b.Report))
	if err != nil {
		t.Fatal(err)
	}
	want := []measure.Entry{{Experience: "hero-camping", Arm: measure.Held, Cell: measure.NoGoal}, {Experience: "hero-running", Arm: measure.Held, Cell: measure.NotEligible}}
	if r.Measurement != "winter" || r.Period != 0 || len(r.Entries) != 2 || r.Entries[0] != want[0] || r.Entries[1] != want[1] {
		t.Errorf("report %+v, want period 0 and %+v", r, want)
	}
	kept := strings.Replace(strings.TrimRight(b.Report, " "), r.Nonce, "", 1)
	if st := stateOf(t, stored); st.Period != 1 || len(st.Eligible) != 0 || st.Sent.Body != kept || st.Arms["hero-camping"].Arm != 1 {
		t.Errorf("after the report: %+v, want period 1's fresh tallies, the same arms, the report kept without its nonce", st)
	}
	if strings.Contains(*stored, r.Nonce) {
		t.Errorf("the nonce %s is stored: %s", r.Nonce, *stored)
	}
	if _, c := visit(t, &stored, facts("/", ""), t0.Add(7*24*time.Hour+time.Hour)); c.Report != "" {
		t.Errorf("a second view of period 1 sent another report")
	}
}

// A shown visitor sees the variant; a goal counts only after they were
// eligible in the period, and the report tells it (draw kept).
func TestMeasureShownVisitorGoal(t *testing.T) {
	withRandom(t, 0.5) // over the holdout: shown; under Keep(2) ≈ 0.787: the true cell
	var stored *string
	s, _ := visit(t, &stored, facts("/", ""), t0)
	s.Handle(msg(t, map[string]any{"t": "goal", "name": "signup", "stored": *stored}), t0.Add(time.Second))
	visit(t, &stored, facts("/c/camping/", "camping"), t0.Add(time.Minute))
	s, a := visit(t, &stored, facts("/c/camping/", "camping"), t0.Add(2*time.Minute))
	if variant(a.answer, "hero") != "camping" {
		t.Fatalf("shown visitor: hero %+v", a.Slots)
	}
	if st := stateOf(t, stored); st.Goal["hero-camping"] != 0 {
		t.Fatalf("a goal before eligibility counted: %+v", st)
	}
	u := mread(t, s.Handle(msg(t, map[string]any{"t": "goal", "name": "signup", "stored": *stored}), t0.Add(3*time.Minute)))
	if u.Write == nil {
		t.Fatal("the goal was not stored")
	}
	stored = u.Write
	if st := stateOf(t, stored); st.Goal["hero-camping"] == 0 || st.Goal["hero-running"] != 0 {
		t.Fatalf("goal state %+v, want hero-camping's only", st)
	}
	_, b := visit(t, &stored, facts("/", ""), t0.Add(8*24*time.Hour))
	r, err := measure.Decode([]byte(b.Report))
	if err != nil || r.Entries[0] != (measure.Entry{Experience: "hero-camping", Arm: measure.Shown, Cell: measure.Goal}) {
		t.Errorf("report %+v (%v), want hero-camping shown with the goal", r, err)
	}
}

// Pause, Global Privacy Control and the visitor's switch: nothing is
// measured, nothing reported; and a visitor back after more than Grace
// periods reports nothing of the old one.
func TestMeasureNothingWhenOff(t *testing.T) {
	withRandom(t, 0.05)
	for _, tc := range []struct {
		name string
		msg  string
		gpc  bool
	}{{"paused", "pause", false}, {"switched off", "toggle-measure", false}, {"GPC", "", true}} {
		t.Run(tc.name, func(t *testing.T) {
			var stored *string
			f := facts("/c/camping/", "camping")
			f["gpc"] = tc.gpc
			visit(t, &stored, f, t0)
			s, _ := visit(t, &stored, f, t0.Add(time.Second))
			if tc.msg != "" {
				u := mread(t, s.Handle(msg(t, map[string]any{"t": tc.msg, "stored": *stored}), t0.Add(time.Second)))
				stored = u.Write
			}
			_, same := visit(t, &stored, f, t0.Add(time.Minute))
			_, a := visit(t, &stored, f, t0.Add(8*24*time.Hour))
			if a.Report != "" {
				t.Errorf("sent %s", a.Report)
			}
			if tc.msg == "toggle-measure" && variant(same.answer, "hero") != "camping" {
				t.Errorf("a visitor who stopped measurement sees what Hearth decided, not the holdout: %+v", same.Slots)
			}
		})
	}
	var stored *string
	visit(t, &stored, facts("/", ""), t0)
	if _, a := visit(t, &stored, facts("/", ""), t0.Add(time.Duration(measure.Grace+1)*7*24*time.Hour)); a.Report != "" {
		t.Errorf("a report %d periods late: %s", measure.Grace+1, a.Report)
	}
}

// A broken measure section leaves personalization working and says why on
// the console.
func TestMeasureBrokenSection(t *testing.T) {
	cfg := strings.Replace(measuredConfig, `"epsilon": 2`, `"epsilon": 20`, 1)
	var stored *string
	bootCfg(t, cfg, facts("/c/camping/", "camping"), &stored, t0)
	_, a := bootCfg(t, cfg, facts("/c/camping/", "camping"), &stored, t0.Add(time.Minute))
	if variant(a, "hero") != "camping" || len(a.Log) == 0 || !strings.Contains(a.Log[0][1], "measure.epsilon") {
		t.Errorf("hero %q, log %v", variant(a, "hero"), a.Log)
	}
	if strings.Contains(*stored, `"measure"`) {
		t.Errorf("stored measurement state with measurement off: %s", *stored)
	}
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// A page goal counts on reaching a page that matches; a purchase goal on a
// page that confirms one (data-hearth-purchased) and on
// hearth.track("purchase", sku); each only after the visitor was eligible.
func TestMeasurePageAndPurchaseGoals(t *testing.T) {
	withRandom(t, 0.5) // shown
	cfg := strings.Replace(measuredConfig, `"hero-running": {"goal": "purchase"}`, `"hero-running": {"goal": {"page": "/thanks/**"}}`, 1)
	cfg = strings.Replace(cfg, `"hero-camping": {"goal": {"event": "signup"}}`, `"hero-camping": {"goal": "purchase"}`, 1)
	var stored *string
	// Not yet eligible for either: neither goal counts.
	thanks := facts("/thanks/order/", "")
	thanks["purchased"] = []string{"tent"}
	bootCfg(t, cfg, thanks, &stored, t0)
	if st := stateOf(t, stored); len(st.Goal) != 0 {
		t.Fatalf("goals before eligibility: %+v", st.Goal)
	}
	// Eligible for hero-camping (two camping pages), then a confirmed
	// purchase on a page that is also running's goal page: only camping's
	// goal counts (running was never eligible).
	bootCfg(t, cfg, facts("/c/camping/", "camping"), &stored, t0.Add(time.Minute))
	bootCfg(t, cfg, facts("/c/camping/", "camping"), &stored, t0.Add(2*time.Minute))
	bootCfg(t, cfg, thanks, &stored, t0.Add(3*time.Minute))
	st := stateOf(t, stored)
	if st.Goal["hero-camping"] == 0 || st.Goal["hero-running"] != 0 {
		t.Fatalf("goals %+v, want hero-camping's only", st.Goal)
	}
	// hearth.track("purchase", sku) counts as well, for a fresh period.
	s, _ := bootCfg(t, cfg, facts("/c/camping/", "camping"), &stored, t0.Add(8*24*time.Hour))
	if st := stateOf(t, stored); st.Period != 1 || st.Eligible["hero-camping"] == 0 || st.Goal["hero-camping"] != 0 {
		t.Fatalf("period 1: %+v", st)
	}
	u := read(t, s.Handle(msg(t, map[string]any{"t": "track", "topic": "purchase", "weight": "tent", "stored": *stored}), t0.Add(8*24*time.Hour+time.Minute)))
	stored = u.Write
	if st := stateOf(t, stored); st.Goal["hero-camping"] == 0 {
		t.Errorf("hearth.track purchase did not count: %+v", st.Goal)
	}
	// A page goal: running declared, so hero-running wins the hero.
	var other *string
	s, _ = bootCfg(t, cfg, facts("/", ""), &other, t0)
	u = read(t, s.Handle(msg(t, map[string]any{"t": "declare", "topic": "running", "on": true, "stored": *other}), t0.Add(time.Second)))
	other = u.Write
	bootCfg(t, cfg, facts("/thanks/newsletter/", ""), &other, t0.Add(time.Minute))
	if st := stateOf(t, other); st.Eligible["hero-running"] == 0 || st.Goal["hero-running"] == 0 {
		t.Errorf("page goal: %+v", st)
	}
}

// On an opt-in site, a visitor who has not said yes is not measured: a
// state left from before (the site switched to opt-in) reports nothing a
// period later, and a new visitor's first view keeps none.
func TestMeasureOptInWithoutYes(t *testing.T) {
	withRandom(t, 0.05)
	cfg := strings.Replace(measuredConfig, `{"version": 1,`, `{"version": 1, "consent": "opt-in",`, 1)
	old := `{"v":1,"pages":3,"visits":1,"firstSeen":1,"lastSeen":1,"measure":{"id":"winter","period":0,"at":1,"start":1796083200,"days":7,"holdout":0.1,"arms":{"hero-camping":{"arm":1,"at":1}},"eligible":{"hero-camping":2},"goal":{}}}`
	// The same stored state on an opt-out site reports: the test can fail.
	for _, tc := range []struct {
		cfg    string
		report bool
	}{{measuredConfig, true}, {cfg, false}} {
		_, out, err := Boot(msg(t, map[string]any{"t": "boot", "config": tc.cfg, "facts": facts("/", ""), "storage": true, "stored": old}), t0.Add(8*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if a := mread(t, out); (a.Report != "") != tc.report {
			t.Errorf("opt-in %v: report %q, want one: %v", tc.cfg == cfg, a.Report, tc.report)
		}
	}
	var stored *string
	bootCfg(t, cfg, facts("/c/camping/", "camping"), &stored, t0)
	if stored != nil && strings.Contains(*stored, `"measure"`) {
		t.Errorf("measurement state kept without consent: %s", *stored)
	}
}

// The opt-in prompt promises nothing is sent only where nothing is: on a
// measuring site it says what leaves instead.
func TestConsentPromptSaysWhatLeaves(t *testing.T) {
	for _, tc := range []struct {
		cfg, want, not string
	}{
		{strings.Replace(testConfig, `{"version": 1,`, `{"version": 1, "consent": "opt-in",`, 1), "Nothing about you is sent anywhere", "randomized report"},
		{strings.Replace(measuredConfig, `{"version": 1,`, `{"version": 1, "consent": "opt-in",`, 1), "one randomized report", "Nothing about you is sent anywhere"},
	} {
		var stored *string
		s, _ := bootCfg(t, tc.cfg, facts("/", ""), &stored, t0)
		out := string(s.Handle(msg(t, map[string]any{"t": "open", "lang": "en"}), t0.Add(time.Second)))
		if !strings.Contains(out, tc.want) || strings.Contains(out, tc.not) {
			t.Errorf("prompt lacks %q or says %q:\n%s", tc.want, tc.not, out)
		}
	}
}
