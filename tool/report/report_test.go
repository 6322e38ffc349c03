package report

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/server/counts"
	"github.com/hearth-personalization/hearth/tool/stats"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

func testMeasure(t *testing.T) *rules.Measure {
	cfg, err := rules.Parse([]byte(`{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}}},
"experiences": [{"id": "hero", "slot": "hero", "variant": "c", "when": {"visits": {"atLeast": 1}}},
  {"id": "news", "slot": "news", "variant": "b", "when": {"visits": {"atLeast": 1}}}],
"measure": {"id": "winter", "start": "2026-11-01", "periodDays": 7, "epsilon": 3, "holdout": 0.5,
  "experiences": {"hero": {"goal": "purchase"}, "news": {"goal": {"event": "signup"}}}}}`))
	if err != nil || cfg.Measure == nil {
		t.Fatal(err, cfg.MeasureErr)
	}
	return cfg.Measure
}

// simulate draws n visitors per arm through the device's mechanism: 30%
// eligible, goal rates held and shown; hero has the lift, news none.
func simulate(m *rules.Measure, n int, held, shown float64, r *rand.Rand) []counts.Row {
	tally := map[[3]int]int64{}
	for e, exp := range []string{"hero", "news"} {
		for a := range 2 {
			rate := held
			if a == int(measure.Shown) && exp == "hero" {
				rate = shown
			}
			for range n {
				elig := r.Float64() < 0.3
				cell := measure.CellOf(elig, elig && r.Float64() < rate)
				tally[[3]int{e, a, int(measure.Randomize(cell, m.Epsilon, r.Float64()))}]++
			}
		}
	}
	var rows []counts.Row
	for k, v := range tally {
		rows = append(rows, counts.Row{Experience: []string{"hero", "news"}[k[0]], Period: 2, Arm: k[1], Cell: k[2], N: v})
	}
	return rows
}

// With a large real lift the verdict says it helps; with no lift it says
// how far the measurement is from telling; with few reports, that too few
// came. The HTML plots each experience.
func TestVerdicts(t *testing.T) {
	m := testMeasure(t)
	now := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewPCG(5, 6)) // fixed: "news" has no lift, and 1 seed in 20 reads one at a 95% level
	s := Analyse(m, simulate(m, 400_000, 0.04, 0.08, r), now)
	if !strings.HasPrefix(s.Results[0].Verdict, "it helps") {
		t.Errorf("hero: %s", s.Results[0].Verdict)
	}
	if !strings.HasPrefix(s.Results[1].Verdict, "not enough visitors yet to tell") {
		t.Errorf("news: %s", s.Results[1].Verdict)
	}
	if got := s.Results[0].Shown.Eligible / 400_000; got < 0.29 || got > 0.31 {
		t.Errorf("eligible share %.3f, want 0.30", got)
	}
	var text, html strings.Builder
	s.Text(&text)
	if !strings.Contains(text.String(), "Counted: periods 2 to 2 (period 5 is running") || !strings.Contains(text.String(), "fixed-horizon") {
		t.Errorf("text:\n%s", text.String())
	}
	if err := s.HTML(&html); err != nil || !strings.Contains(html.String(), "<svg") || strings.Count(html.String(), "<circle") != 2 {
		t.Errorf("html: %v\n%s", err, html.String())
	}
	few := Analyse(m, simulate(m, 50, 0.04, 0.08, r), now)
	if !strings.HasPrefix(few.Results[0].Verdict, "not enough reports yet") {
		t.Errorf("few: %s", few.Results[0].Verdict)
	}
	none := Analyse(m, nil, now)
	text.Reset()
	none.Text(&text)
	if !strings.Contains(text.String(), "No reports yet") {
		t.Errorf("none:\n%s", text.String())
	}
}

// Forged reports (#33.11): 300 reports all saying "applied, no goal" for
// the held arm, next to real ones for the shown arm, printed a goal rate
// of −4.98% (−4.98% to −4.98%), 104.98% and "it hurts … 109.96 points".
// Reports no browser's randomized response could send withhold the
// verdict; real ones never do; no rate leaves [0, 1] and no interval has
// zero width.
func TestForgedReportsWithheld(t *testing.T) {
	m := testMeasure(t)
	now := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewPCG(7, 8))
	rows := simulate(m, 2000, 0.04, 0.08, r)
	kept := rows[:0]
	for _, row := range rows {
		if !(row.Experience == "hero" && row.Arm == int(measure.Held)) {
			kept = append(kept, row)
		}
	}
	forged := append(kept, counts.Row{Experience: "hero", Period: 2, Arm: int(measure.Held), Cell: int(measure.NoGoal), N: 300})
	s := Analyse(m, forged, now)
	if v := s.Results[0].Verdict; !strings.HasPrefix(v, "withheld") || !strings.Contains(v, "held out") {
		t.Errorf("forged held arm: %s", v)
	}
	var text strings.Builder
	s.Text(&text)
	_, hero, _ := strings.Cut(text.String(), "\nhero (goal")
	hero, _, _ = strings.Cut(hero, "\nnews (goal")
	figures := ""
	for _, line := range strings.Split(hero, "\n") {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "saw it") || strings.HasPrefix(t, "held out") {
			figures += line
		}
	}
	if strings.Contains(hero, "lift:") || strings.Contains(figures, "%") {
		t.Errorf("a figure read from forged reports:\n%s", text.String())
	}
	// Real reports, 200 seeds: never withheld (the check's false alarms).
	for seed := range uint64(200) {
		s := Analyse(m, simulate(m, 3000, 0.04, 0.08, rand.New(rand.NewPCG(seed, 99))), now)
		for _, res := range s.Results {
			if res.Implausible != "" {
				t.Fatalf("seed %d: real reports withheld: %s", seed, res.Implausible)
			}
			for _, a := range []Arm{res.Shown, res.Held} {
				if a.Rate.Value < 0 || a.Rate.Value > 1 || a.Rate.SE <= 0 {
					t.Fatalf("seed %d: rate %+v", seed, a.Rate)
				}
			}
		}
	}
}

// The report says how many forged reports would change each verdict
// (#33.10: 218 turned "not enough visitors" into "it hurts"): the number
// it gives does, plausibly (the report would not be withheld), and no
// smaller number of reports of one answer in one arm does.
func TestForgeryCount(t *testing.T) {
	m := testMeasure(t)
	now := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		n     int
		shown float64
		from  string
	}{
		{3000, 0.04, "not enough visitors yet to tell"},
		{60_000, 0.08, "it helps"},
	} {
		s := Analyse(m, simulate(m, tc.n, 0.04, tc.shown, rand.New(rand.NewPCG(11, uint64(tc.n)))), now)
		res := s.Results[0]
		if !strings.HasPrefix(res.Verdict, tc.from) || res.Fragile == nil {
			t.Fatalf("%d visitors an arm: verdict %q, forgery %+v", tc.n, res.Verdict, res.Fragile)
		}
		var c [2]stats.Counts
		for _, row := range simulate(m, tc.n, 0.04, tc.shown, rand.New(rand.NewPCG(11, uint64(tc.n)))) {
			if row.Experience == "hero" {
				c[row.Arm][row.Cell] += float64(row.N)
			}
		}
		f := res.Fragile
		arm := map[string]int{"saw it": int(measure.Shown), "held out": int(measure.Held)}[f.Arm]
		with := func(a, ans, k int) Result {
			d := c
			d[a][ans] += float64(k)
			return judge(d, m.Epsilon)
		}
		if r := with(arm, f.Answer, f.Reports); r.Implausible != "" || kindOf(r.Verdict) != f.To || f.To == kindOf(res.Verdict) {
			t.Errorf("%d visitors: %d forged reports of answer %d in %q give %q (withheld: %q), not %q", tc.n, f.Reports, f.Answer, f.Arm, r.Verdict, r.Implausible, f.To)
		}
		for a := range 2 {
			for ans := range int(measure.K) {
				for k := 1; k < f.Reports; k++ {
					if r := with(a, ans, k); r.Implausible == "" && kindOf(r.Verdict) != kindOf(res.Verdict) {
						t.Fatalf("%d visitors: %d reports of answer %d in arm %d change the verdict to %q, fewer than the %d the report names", tc.n, k, ans, a, r.Verdict, f.Reports)
					}
				}
			}
		}
		var text strings.Builder
		s.Text(&text)
		if !strings.Contains(text.String(), "  forgery: "+count(float64(f.Reports))+" forged reports") {
			t.Errorf("the text does not say how many forged reports would change the verdict:\n%s", text.String())
		}
		t.Logf("%d visitors an arm, %s: %d forged reports of answer %d in %q make it %q", tc.n, kindOf(res.Verdict), f.Reports, f.Answer, f.Arm, f.To)
	}
}
