package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// docs/PERFORMANCE.md is what the committed results render to: a page
// edited by hand, or results committed without the page, fail here.
func TestPerformanceDocIsWrittenFromResults(t *testing.T) {
	root := filepath.Join("..", "..")
	r, err := readResults(filepath.Join(root, resultsPath))
	if err != nil {
		t.Fatal(err)
	}
	want, err := renderDoc(r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, docPath))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s is not what %s renders to: run `go run ./build bench -doc` (and edit tool/bench/performance.md.tmpl, not the page)", docPath, resultsPath)
	}
	for _, st := range stages {
		if r.Stages[st.name] == nil {
			t.Errorf("%s has no result for the stage %q: run `go run ./build bench -only %s`", resultsPath, st.name, st.name)
		}
	}
}

// The page says which stages were never measured, and refuses to name a
// stage the bench does not have.
func TestDocSaysWhatIsMissing(t *testing.T) {
	page, err := renderDoc(&results{Stages: map[string]*stageResult{
		"size": {When: "2026-12-07T10:00:00Z", Machine: "linux/amd64, 2 cores", Tables: "a table",
			Figures: []figure{{Name: "module, brotli", Unit: "bytes", Hearth: 110, Baseline: 100, Against: "floor", Ratio: 1.1, Budget: "≤ 1.10×"}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"measured 2026-12-07 10:00 UTC, linux/amd64, 2 cores",
		"| module, brotli | 110 B | 100 B (floor) | 1.10× | ≤ 1.10× |",
		"```\na table\n```",
		"The module is 1.10× the floor",
		"(not measured yet: `go run ./build bench -only pagecost`)",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	saved := docTemplate
	defer func() { docTemplate = saved }()
	docTemplate = `{{tables "nonesuch"}}`
	if _, err := renderDoc(&results{}); err == nil || !strings.Contains(err.Error(), "nonesuch") {
		t.Errorf("a stage the bench does not have: %v", err)
	}
}

// What a stage printed is kept without its progress lines; a stage that
// measured nothing, or only some of Lighthouse's configurations, leaves the
// last whole run's result.
func TestStageResult(t *testing.T) {
	var out strings.Builder
	tb := &tables{w: &out}
	tb.Write([]byte("bench: round 1 of 3…\n\nThe table   \n  a  1\nbench: done\n\n"))
	if got := tb.text(); got != "The table\n  a  1" {
		t.Errorf("kept %q", got)
	}
	if !strings.Contains(out.String(), "bench: round 1") {
		t.Error("the progress lines are not printed any more")
	}
	b := &benchRun{lhRuns: 3, runs: 10}
	if r := b.result("server", "", nil, nil); r != nil {
		t.Errorf("a stage that measured nothing replaced the last result: %+v", r)
	}
	if r := b.result("pagecost", "t", []figure{{Name: "x"}}, nil); r == nil || r.Options != "Lighthouse 12.8.2, 3 rounds" {
		t.Errorf("pagecost: %+v", r)
	}
	b.lhOnly = "mobile home"
	if r := b.result("pagecost", "t", []figure{{Name: "x"}}, nil); r != nil {
		t.Errorf("a partial Lighthouse table replaced the whole one: %+v", r)
	}
}

// Results survive a round trip, and a broken file is refused before a run.
func TestResultsFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bench", "results.json")
	r, err := readResults(p)
	if err != nil || len(r.Stages) != 0 {
		t.Fatalf("a missing file: %v %+v", err, r)
	}
	r.Stages["go"] = &stageResult{When: "w", Figures: []figure{{Name: "Decide", Hearth: 500}}}
	if err := r.write(p); err != nil {
		t.Fatal(err)
	}
	back, err := readResults(p)
	if err != nil || back.Stages["go"].Figures[0].Hearth != 500 {
		t.Fatalf("read back: %v %+v", err, back)
	}
	os.WriteFile(p, []byte("{"), 0o644)
	if _, err := readResults(p); err == nil {
		t.Error("a broken results file was read")
	}
}
