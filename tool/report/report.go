// Package report turns a measurement's counts into what a site owner reads
// (`hearth report`): per measured experience, the reports and the
// estimated eligible visitors in each arm, the goal rate in each arm with
// its 95% interval, the lift with its own, and a plain verdict; as text,
// and as an HTML page with a plot. The statistics are tool/stats'.
package report

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/server/counts"
	"github.com/hearth-personalization/hearth/tool/stats"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// Result is one measured experience's figures.
type Result struct {
	Experience string
	Goal       rules.Goal
	Shown      Arm
	Held       Arm
	Lift       stats.Rate // shown − held, in goal rate
	Relative   float64    // Lift / held rate
	Verdict    string
	// Implausible says which arm's reports no visitors could have made
	// through the device's randomized response (forged or damaged
	// reports): then no figure is read from them ("": none).
	Implausible string
	// Fragile is the fewest forged reports found that would turn the
	// verdict into another one without being withheld (nil: none found).
	Fragile *Fragile
}

// Arm is one arm's figures.
type Arm struct {
	Reports  float64
	Eligible float64 // estimated
	Rate     stats.Rate
}

// Summary is a measurement's results over the periods counted.
type Summary struct {
	M           *rules.Measure
	First, Last int // the periods with counts (-1: none)
	Current     int // the period running now
	Results     []Result
}

// Analyse reads the rows of one measurement (counts.DB.Read) at now.
func Analyse(m *rules.Measure, rows []counts.Row, now time.Time) Summary {
	s := Summary{M: m, First: -1, Last: -1, Current: m.Period(now)}
	by := map[string]*[2]stats.Counts{}
	for _, r := range rows {
		if m.Index(r.Experience) < 0 || r.Arm < 0 || r.Arm > 1 || r.Cell < 0 || r.Cell >= int(measure.K) {
			continue // an experience no longer measured
		}
		c := by[r.Experience]
		if c == nil {
			c = &[2]stats.Counts{}
			by[r.Experience] = c
		}
		c[r.Arm][r.Cell] += float64(r.N)
		if s.First < 0 || r.Period < s.First {
			s.First = r.Period
		}
		s.Last = max(s.Last, r.Period)
	}
	for _, x := range m.Measured {
		c := by[x.Experience]
		if c == nil {
			c = &[2]stats.Counts{}
		}
		res := judge(*c, m.Epsilon)
		res.Experience, res.Goal = x.Experience, x.Goal
		if res.Implausible == "" {
			res.Fragile = fragility(*c, m.Epsilon, res)
		}
		s.Results = append(s.Results, res)
	}
	return s
}

// judge reads one experience's counts, by arm: each arm's figures, the
// lift, and the verdict.
func judge(c [2]stats.Counts, eps float64) Result {
	var res Result
	res.Shown = arm(c[measure.Shown], eps)
	res.Held = arm(c[measure.Held], eps)
	res.Lift, res.Relative = stats.Lift(c[measure.Shown], c[measure.Held], eps)
	for _, a := range []struct {
		name string
		arm  measure.Arm
	}{{"saw it", measure.Shown}, {"held out", measure.Held}} {
		if why := stats.Implausible(c[a.arm], eps); why != "" && res.Implausible == "" {
			res.Implausible = a.name + ": " + why
		}
	}
	res.Verdict = verdict(res)
	return res
}

func arm(c stats.Counts, eps float64) Arm {
	r, e := stats.GoalRate(c, eps)
	return Arm{Reports: c.N(), Eligible: e, Rate: r}
}

// minReports is the fewest reports per arm before any figure is read.
const minReports = 100

// verdict says in plain words what the figures allow: a lift whose
// interval excludes zero, or how far the measurement is from telling.
func verdict(r Result) string {
	if r.Implausible != "" {
		return "withheld: these reports are not what visitors' browsers send (" + r.Implausible +
			"); some were forged or damaged, and no figure read from them would mean anything"
	}
	n := r.Shown.Reports + r.Held.Reports
	if r.Shown.Reports < minReports || r.Held.Reports < minReports || math.IsNaN(r.Lift.Value) || math.IsInf(r.Lift.SE, 0) {
		return fmt.Sprintf("not enough reports yet (%s shown, %s held out; at least %d in each before any figure means anything)",
			count(r.Shown.Reports), count(r.Held.Reports), minReports)
	}
	half := stats.Z95 * r.Lift.SE
	switch {
	case r.Lift.Low() > 0:
		return fmt.Sprintf("it helps: the goal rate is %s higher with it (95%% interval %s to %s)", points(r.Lift.Value), points(r.Lift.Low()), points(r.Lift.High()))
	case r.Lift.High() < 0:
		return fmt.Sprintf("it hurts: the goal rate is %s lower with it (95%% interval %s to %s)", points(-r.Lift.Value), points(-r.Lift.High()), points(-r.Lift.Low()))
	}
	// The interval's width falls as 1/√n: four times the reports halve it.
	return fmt.Sprintf("not enough visitors yet to tell: the lift is known to ±%s; about %s more reports (at this mix of arms) would make that ±%s",
		points(half), count(3*n), points(half/2))
}

func points(x float64) string {
	return strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%.2f", 100*x), "0"), ".0") + " points"
}

// unit keeps a rate's interval end within [0, 1].
func unit(x float64) float64 { return math.Min(math.Max(x, 0), 1) }

func pct(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	return fmt.Sprintf("%.2f%%", 100*x)
}

// count writes a number of reports or visitors for people: 1,234,567.
func count(x float64) string {
	n := int64(math.Round(math.Max(x, 0)))
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func goalText(g rules.Goal) string {
	switch g.Kind {
	case rules.GoalPage:
		return "a page " + g.Page
	case rules.GoalEvent:
		return `hearth.goal("` + g.Event + `")`
	}
	return "a purchase"
}

// FixedHorizon is the report's word on when to read it.
const FixedHorizon = "These intervals are fixed-horizon: decide beforehand how many periods to run, and read the result then. " +
	"Reading every day and stopping at the first interval that excludes zero overstates the evidence."

// Text writes the summary for a terminal.
func (s Summary) Text(w io.Writer) {
	m := s.M
	fmt.Fprintf(w, "Measurement %q: ε = %g per experience and period, %d-day periods from %s, %.0f%% held out\n",
		m.ID, m.Epsilon, m.PeriodDays, m.Start().Format("2006-01-02"), 100*m.Holdout)
	switch {
	case s.First < 0:
		fmt.Fprintf(w, "No reports yet (period %d is running; each visitor reports a period on their first visit after it).\n", s.Current)
	default:
		fmt.Fprintf(w, "Counted: periods %d to %d (period %d is running; reports of the last %d periods are still arriving).\n", s.First, s.Last, s.Current, measure.Grace)
	}
	for _, r := range s.Results {
		fmt.Fprintf(w, "\n%s (goal: %s)\n", r.Experience, goalText(r.Goal))
		fmt.Fprintf(w, "  %-10s %12s %18s   %s\n", "", "reports", "eligible (est.)", "goal rate among eligible (95% interval)")
		for _, a := range []struct {
			name string
			a    Arm
		}{{"saw it", r.Shown}, {"held out", r.Held}} {
			if r.Implausible != "" {
				fmt.Fprintf(w, "  %-10s %12s %18s   %s\n", a.name, count(a.a.Reports), "—", "—")
				continue
			}
			fmt.Fprintf(w, "  %-10s %12s %18s   %s (%s to %s)\n", a.name, count(a.a.Reports), count(a.a.Eligible), pct(a.a.Rate.Value), pct(unit(a.a.Rate.Low())), pct(unit(a.a.Rate.High())))
		}
		if r.Implausible == "" && !math.IsNaN(r.Lift.Value) && !math.IsInf(r.Lift.SE, 0) {
			fmt.Fprintf(w, "  lift: %+.2f points (%+.2f to %+.2f), %+.0f%% relative\n", 100*r.Lift.Value, 100*r.Lift.Low(), 100*r.Lift.High(), 100*r.Relative)
		}
		fmt.Fprintf(w, "  verdict: %s\n", r.Verdict)
		if f := r.Fragile; f != nil {
			fmt.Fprintf(w, "  forgery: %s forged reports answering %q in the %q group would make it %q (one address may add at most 64 an hour, 256 a period)\n",
				count(float64(f.Reports)), answerWords[f.Answer], f.Arm, f.To)
		}
	}
	fmt.Fprintf(w, "\nEach visitor's report was randomized in their browser (local differential privacy): the figures are estimates\nfrom noisy reports, unbiased, with intervals that include that noise. A report counts a visitor once per period.\n%s\n", FixedHorizon)
}
