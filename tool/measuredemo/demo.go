// Package measuredemo is `go run ./build measure-demo` (make run-measure):
// the demo shop with a measure section, and its counts filled with
// simulated visitors' reports, so that `hearth report` has something to
// read before real periods have passed. A developer's tool, kept apart
// from the owner's report package.
package measuredemo

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/server/counts"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// The demo shop with measurement on (`make run-measure`): its config gains a
// measure section, and with -simulate the counts file is filled with that
// many simulated visitors' reports, drawn through the device's mechanism
// (measure) and counted in the real SQLite file, so that `hearth
// report` has something to read before real periods have passed.

// DemoMeasure is the measure section the demo runs with: weekly periods
// from four weeks before today, the banner and the welcome-back tip.
func DemoMeasure(now time.Time) map[string]any {
	return map[string]any{
		"id": "demo", "start": now.UTC().AddDate(0, 0, -28).Format("2006-01-02"), "periodDays": 7, "epsilon": 3, "holdout": 0.5,
		"experiences": map[string]any{
			"hero-camping":  map[string]any{"goal": map[string]any{"event": "signup"}},
			"tip-returning": map[string]any{"goal": map[string]any{"page": "/c/**"}},
		},
	}
}

// RunDemo is `go run ./build measure-demo`.
func RunDemo(root string, args []string, w io.Writer) error {
	fl := flag.NewFlagSet("measure-demo", flag.ContinueOnError)
	fl.SetOutput(w)
	out := fl.String("out", "build/.measure-demo", "where to write the demo site with measurement on (replaced)")
	countsFile := fl.String("counts", "build/.measure-demo-counts.sqlite", "the counts file")
	simulate := fl.Int("simulate", 0, "fill the counts with this many simulated visitors' reports (per period, 4 periods)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	now := time.Now()
	if err := os.RemoveAll(*out); err != nil {
		return err
	}
	if err := os.CopyFS(*out, os.DirFS(filepath.Join(root, "web", "demo"))); err != nil {
		return err
	}
	cfgPath := filepath.Join(*out, "hearth.json")
	b, err := os.ReadFile(cfgPath)
	if err != nil {
		return err
	}
	var cfg map[string]any
	if err := json.Unmarshal(b, &cfg); err != nil {
		return err
	}
	cfg["measure"] = DemoMeasure(now)
	if b, err = json.MarshalIndent(cfg, "", "  "); err != nil {
		return err
	}
	if err := os.WriteFile(cfgPath, append(b, '\n'), 0o644); err != nil {
		return err
	}
	m, err := rules.ParseMeasure(b)
	if err != nil {
		return fmt.Errorf("measure-demo: %w", err)
	}
	fmt.Fprintf(w, "measure-demo: the demo with measurement %q in %s\n", m.ID, *out)
	if *simulate > 0 {
		os.Remove(*countsFile)
		db, err := counts.Open(*countsFile)
		if err != nil {
			return err
		}
		defer db.Close()
		cur := m.Period(now)
		r := rand.New(rand.NewPCG(uint64(now.UnixNano()), 1))
		for p := max(cur-4, 0); p < cur; p++ {
			if err := Simulate(db, m, p, *simulate, r); err != nil {
				return err
			}
		}
		fmt.Fprintf(w, "measure-demo: %d simulated visitors' reports for each of periods %d to %d in %s\n", *simulate, max(cur-4, 0), cur-1, *countsFile)
	}
	return nil
}

// Simulate counts n visitors' reports of one period: each visitor's arm
// drawn with the holdout, 30% eligible for each experience, goal rates 4%
// held out and 5.5% shown for the first experience (a real lift), 10% in
// both arms for the others (none), each answer randomized at the config's ε.
func Simulate(db *counts.DB, m *rules.Measure, period, n int, r *rand.Rand) error {
	for range n {
		rep := measure.Report{Measurement: m.ID, Period: period, Nonce: measure.Nonce([16]byte{})}
		for i, x := range m.Measured {
			arm := measure.Assign(m.Holdout, r.Float64())
			rate := 0.10
			if i == 0 {
				rate = map[measure.Arm]float64{measure.Shown: 0.055, measure.Held: 0.04}[arm]
			}
			elig := r.Float64() < 0.3
			cell := measure.CellOf(elig, elig && r.Float64() < rate)
			rep.Entries = append(rep.Entries, measure.Entry{Experience: x.Experience, Arm: arm, Cell: measure.Randomize(cell, m.Epsilon, r.Float64())})
		}
		if err := db.Add(context.Background(), rep); err != nil {
			return err
		}
	}
	return nil
}
