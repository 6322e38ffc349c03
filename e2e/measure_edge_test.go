package e2e

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/server/counts"
	"github.com/hearth-personalization/hearth/tool/edge"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// At the edge, reports are checked as hearthd checks them and counted in
// D1 (wrangler dev's local D1, offline) with the same schema and SQL: the
// file it keeps reads back with the same code `hearth report` uses.
func TestMeasurementAtTheEdge(t *testing.T) {
	t.Parallel() // no browser: its builds overlap the planted-report audits, which mostly wait
	s := demoSite(t)
	start := time.Now().UTC().AddDate(0, 0, -14).Format("2006-01-02")
	config := `{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}}},
"experiences": [{"id": "hero-camping", "slot": "hero", "variant": "camping", "when": {"declared": "camping"}}],
"measure": {"id": "edge", "start": "` + start + `", "periodDays": 7, "experiences": {"hero-camping": {"goal": "purchase"}}}}`
	cfg, err := rules.Parse([]byte(config))
	if err != nil || cfg.Measure == nil {
		t.Fatal(err)
	}
	m := cfg.Measure
	site := t.TempDir()
	os.WriteFile(filepath.Join(site, "index.html"), []byte("<!doctype html><title>edge</title>"), 0o644)
	e, err := edge.Build(s.root, distDir, site, t.TempDir(), server.CSP, config)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Go worker with measurement: %d KB gzip (limit %d KB)", e.WorkerGzip>>10, edge.Limit>>10)
	base, stop, err := edge.StartWrangler(s.root, e.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	period := m.Period(time.Now()) - 1
	size := m.ReportSize()
	report := func(nonce byte, arm measure.Arm, cell measure.Cell) string {
		return string(measure.Report{Measurement: "edge", Period: period, Nonce: measure.Nonce([16]byte{nonce}),
			Entries: []measure.Entry{{Experience: "hero-camping", Arm: arm, Cell: cell}}}.Encode(size))
	}
	post := func(body string) int {
		res, err := http.Post(base+server.ReportPath, "text/plain", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	for i, tc := range []struct {
		body string
		want int
	}{
		{report(1, measure.Held, measure.Goal), 204},
		{report(2, measure.Shown, measure.NoGoal), 204},
		{report(3, measure.Shown, measure.NoGoal), 204},
		{report(1, measure.Held, measure.Goal), 409},        // replayed
		{strings.Repeat(" ", size), 400},                    // malformed
		{report(4, measure.Shown, measure.Goal) + " ", 400}, // oversized
	} {
		if got := post(tc.body); got != tc.want {
			t.Errorf("report %d: %d, want %d", i, got, tc.want)
		}
	}
	if res, err := http.Get(base + server.ReportPath); err != nil || res.StatusCode != 405 {
		t.Errorf("GET %s: %v %v, want 405", server.ReportPath, res.Status, err)
	}
	stop()
	// wrangler dev keeps local D1 as an SQLite file under .wrangler/state.
	var file string
	filepath.WalkDir(filepath.Join(e.Dir, ".wrangler"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(p, "D1DatabaseObject") && strings.HasSuffix(p, ".sqlite") && filepath.Base(p) != "metadata.sqlite" {
			file = p
		}
		return nil
	})
	if file == "" {
		t.Fatal("no local D1 file under .wrangler")
	}
	db, err := counts.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Read("edge")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(rows)
	want, _ := json.Marshal([]counts.Row{{Experience: "hero-camping", Period: period, Arm: 0, Cell: 2, N: 2}, {Experience: "hero-camping", Period: period, Arm: 1, Cell: 1, N: 1}})
	if string(got) != string(want) {
		t.Errorf("D1 counts %s, want %s", got, want)
	}
	// What an owner does with the production database: export the table,
	// then hearth report -d1-export reads it (counts.Import).
	export := filepath.Join(t.TempDir(), "counts.sql")
	// d1 export reads wrangler dev's default place (.wrangler/state); the
	// test's wrangler dev kept it under .wrangler (StartWrangler).
	os.MkdirAll(filepath.Join(e.Dir, ".wrangler", "state"), 0o755)
	if err := os.Symlink(filepath.Join(e.Dir, ".wrangler", "v3"), filepath.Join(e.Dir, ".wrangler", "state", "v3")); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(s.root, "build/.tools/node_modules/.bin/wrangler"), "d1", "export", "hearth-counts", "--local",
		"--table", "counts", "--output", export)
	cmd.Dir = e.Dir
	cmd.Env = append(os.Environ(), "WRANGLER_SEND_METRICS=false", "CLOUDFLARE_CF_FETCH_ENABLED=false", "XDG_CONFIG_HOME="+filepath.Join(e.Dir, ".config"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("wrangler d1 export: %v\n%s", err, out)
	}
	b, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	imported, err := counts.Import(filepath.Join(t.TempDir(), "imported.sqlite"), b)
	if err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	defer imported.Close()
	rows, err = imported.Read("edge")
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := json.Marshal(rows); string(again) != string(want) {
		t.Errorf("exported D1 counts %s, want %s", again, want)
	}
}
