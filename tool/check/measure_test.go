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
}
