package measuredemo

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/server/counts"
	"github.com/hearth-personalization/hearth/tool/report"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// The measurement demo: the demo site with a measure section that parses,
// and counts simulated through the mechanism that the report reads.
func TestRunDemo(t *testing.T) {
	dir := t.TempDir()
	var out strings.Builder
	if err := RunDemo("../..", []string{"-out", dir + "/site", "-counts", dir + "/c.sqlite", "-simulate", "500"}, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	b, err := os.ReadFile(dir + "/site/hearth.json")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := rules.Parse(b)
	if err != nil || cfg.Measure == nil || len(cfg.Experiences) == 0 {
		t.Fatalf("the demo's config: %v %v", err, cfg.MeasureErr)
	}
	db, err := counts.Open(dir + "/c.sqlite")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Read(cfg.Measure.ID)
	if err != nil {
		t.Fatal(err)
	}
	s := report.Analyse(cfg.Measure, rows, time.Now())
	if len(s.Results) != 2 || s.Results[0].Shown.Reports+s.Results[0].Held.Reports != 2000 {
		t.Errorf("results %+v, want 4 periods of 500 reports for each of 2 experiences", s.Results)
	}
}
