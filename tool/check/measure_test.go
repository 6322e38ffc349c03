package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A broken measure section is an error with its line and column, and the
// note that personalization still works; a good one says what a visitor
// gives per period and per year.
func TestCheckMeasureSection(t *testing.T) {
	cfg := func(eps string) string {
		return `{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}}},
"experiences": [{"id": "hero", "slot": "hero", "variant": "c", "when": {"visits": {"atLeast": 1}}}],
"measure": {"id": "w", "start": "2026-12-01",
  "epsilon": ` + eps + `, "experiences": {"hero": {"goal": "purchase"}}}}`
	}
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "bad.json"), filepath.Join(dir, "good.json")
	os.WriteFile(bad, []byte(cfg("9")), 0o644)
	os.WriteFile(good, []byte(cfg("2")), 0o644)
	var out strings.Builder
	err := Run([]string{bad}, &out)
	if err == nil || !strings.Contains(out.String(), "bad.json:4:14: measure.epsilon: want a number from 0.5 to 4") || !strings.Contains(out.String(), "personalization works") {
		t.Errorf("broken section: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := Run([]string{good}, &out); err != nil || !strings.Contains(out.String(), `measurement "w": 1 experience, ε = 2 each: a visitor gives at most 2 per 28-day period, 28 a year`) {
		t.Errorf("good section: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "starts a new measurement on every device") || strings.Contains(out.String(), "warning:") {
		t.Errorf("good section: want the note on changes and no warning\n%s", out.String())
	}
	// Weekly periods at ε 4: 4 × 53 = 212 a year asked, 64 given by a device.
	weekly := filepath.Join(dir, "weekly.json")
	os.WriteFile(weekly, []byte(strings.Replace(cfg("4"), `"epsilon"`, `"periodDays": 7, "epsilon"`, 1)), 0o644)
	out.Reset()
	err = Run([]string{weekly}, &out)
	if !strings.Contains(out.String(), "a visitor gives at most 4 per 7-day period, 64 a year") || !strings.Contains(out.String(), "asks 212 a year; a device gives at most 64") {
		t.Errorf("weekly at ε 4: %v\n%s", err, out.String())
	}
}
