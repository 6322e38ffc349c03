package audit

import (
	"strings"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

const measuredConfig = `{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}}},
"experiences": [{"id": "hero", "slot": "hero", "variant": "c", "when": {"visits": {"atLeast": 1}}},
  {"id": "news", "slot": "news", "variant": "b", "when": {"visits": {"atLeast": 1}}}],
"measure": {"id": "w", "start": "2026-01-05", "periodDays": 7, "epsilon": 2,
  "experiences": {"hero": {"goal": "purchase"}, "news": {"goal": {"event": "signup"}}}}}`

// The statistical check passes the module's own mechanism, and fails each
// planted leak: ε ignored, the true answer sent, a size that depends on
// the profile, no report from a bare profile.
func TestMechanismCheckCatchesLeaks(t *testing.T) {
	cfg, err := rules.Parse([]byte(measuredConfig))
	if err != nil {
		t.Fatal(err)
	}
	m := cfg.Measure
	canaries := []string{"hearthcanary01", "hearthcanary02"}
	real := sessionDrawer(measuredConfig, time.Now())
	res, found := checkMechanism(m, real, MeasureDraws, canaries)
	if len(found) > 0 {
		t.Fatalf("the module's mechanism failed the check: %v", found)
	}
	if res.WorstLogRatio < 1.5 || res.WorstLogRatio > 2.5 {
		t.Errorf("largest log ratio %.2f, want about ε = 2", res.WorstLogRatio)
	}
	// leaky re-randomizes the real report's entries with mech.
	leaky := func(mech func(truth measure.Cell) measure.Cell, pad func(seeded bool) int) drawer {
		return func(stored string) (string, error) {
			body, err := real(stored)
			if err != nil || body == "" {
				return body, err
			}
			r, _ := measure.Decode([]byte(body))
			seeded := strings.Contains(stored, "hearthcanary")
			for i := range r.Entries {
				r.Entries[i].Cell = mech(truthOf(stored))
			}
			return string(r.Encode(len(body) + pad(seeded))), nil
		}
	}
	n := 0
	rr := func(eps float64) func(measure.Cell) measure.Cell {
		return func(c measure.Cell) measure.Cell { n++; return measure.Randomize(c, eps, float64(n%997)/997) }
	}
	noPad := func(bool) int { return 0 }
	for _, tc := range []struct {
		name string
		d    drawer
		want string
	}{
		{"ε ignored (randomized at 3ε)", leaky(rr(3*m.Epsilon), noPad), "over e^ε"},
		{"the true answer", leaky(func(c measure.Cell) measure.Cell { return c }, noPad), "never drawn"},
		{"a size that depends on the profile", leaky(rr(m.Epsilon), func(s bool) int { return map[bool]int{true: 64}[s] }), "bytes, want"},
		// The review's plants (#33.6): passed when only answers 0 and 1 were
		// compared, and the nonce was not looked at.
		{"ε doubled when the answer is 2", leaky(func(c measure.Cell) measure.Cell {
			if c == measure.NoGoal {
				return rr(2 * m.Epsilon)(c)
			}
			return rr(m.Epsilon)(c)
		}, noPad), "over e^ε"},
		{"a nonce whose first byte is the answer", func(stored string) (string, error) {
			body, err := real(stored)
			if err != nil || body == "" {
				return body, err
			}
			r, _ := measure.Decode([]byte(body))
			r.Nonce = "0" + string(rune('0'+truthOf(stored))) + r.Nonce[2:]
			return string(r.Encode(len(body))), nil
		}, "nonce"},
		{"a report in another form (a tab in its padding)", func(stored string) (string, error) {
			body, err := real(stored)
			if err != nil || body == "" {
				return body, err
			}
			return body[:len(body)-1] + "\t", nil
		}, "as the device writes it"},
		{"no report from a bare profile", func(stored string) (string, error) {
			if !strings.Contains(stored, "hearthcanary") {
				return "", nil
			}
			return real(stored)
		}, "bytes, want"},
	} {
		if _, found := checkMechanism(m, tc.d, plantDraws(), canaries); len(found) == 0 || !strings.Contains(found[0].Detail, tc.want) {
			t.Errorf("%s: findings %v, want one with %q", tc.name, found, tc.want)
		}
	}
}

// truthOf is the true answer of a stored profile backAfterPeriod made.
func truthOf(stored string) measure.Cell {
	switch {
	case !strings.Contains(stored, "hearthcanary"):
		return measure.NotEligible
	case strings.Contains(stored, `"goal":{}`):
		return measure.NoGoal
	}
	return measure.Goal
}

// plantDraws is how many reports a planted leak's check draws per profile:
// the audit's own count, or in -short mode (make unit) a fifth of it, which
// still shows every plant here by a wide margin.
func plantDraws() int {
	if testing.Short() {
		return MeasureDraws / 5
	}
	return MeasureDraws
}

// A report leaves at the first multiple of 3 s after its module made it
// (or the next, when the module answered just before one): later, or
// between slots, it was held back.
func TestReportOnItsSlot(t *testing.T) {
	for _, c := range []struct {
		left, made float64
		ok         bool
	}{
		{3000, 1200, true}, {3150, 1200, true}, {2900, 1200, true},
		{3500, 1200, false}, // timed between slots
		{6000, 1200, false}, // held back a slot
		{6000, 2900, true},  // made just before 3 s: applied after it
		{3000, 2900, true},
		{6000, 2000, false},
		{6000, 3500, true}, {3000, 3500, false}, // a slow module: the next slot, never before it was made
		{9000, 3500, false},
	} {
		if got := onItsSlot(c.left, c.made); (got == "") != c.ok {
			t.Errorf("left at %.0f ms, made at %.0f ms: %q, want ok %v", c.left, c.made, got, c.ok)
		}
	}
}
