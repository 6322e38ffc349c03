// Package stats turns the counts of privatized reports into what a site
// owner reads (docs/MEASUREMENT.md): per arm, the share of each cell, the
// goal rate among eligible visitors with its 95% interval, and the lift
// between the arms with its own. Unbiased counts from randomized ones,
// intervals by the delta method; both are tested against known truths by
// simulation through measure's mechanism.
package stats

import (
	"fmt"
	"math"

	"github.com/hearth-personalization/hearth/measure"
)

// Z95 is the two-sided 95% normal quantile.
const Z95 = 1.959963984540054

// Counts are the reports of one arm, by reported cell.
type Counts [measure.K]float64

// N is how many reports there are.
func (c Counts) N() float64 {
	n := 0.0
	for _, x := range c {
		n += x
	}
	return n
}

// Shares is the unbiased estimate of the true share of each cell among the
// arm's visitors, and its covariance: observed frequencies f, de-biased as
// (f − q)/(p − q) with p = Keep(ε), q = Other(ε). ε = +Inf reads the
// counts as they are (no noise).
func Shares(c Counts, eps float64) (pi [measure.K]float64, cov [measure.K][measure.K]float64) {
	n := c.N()
	if n == 0 {
		return pi, cov
	}
	p, q := 1.0, 0.0
	if !math.IsInf(eps, 1) {
		p, q = measure.Keep(eps), measure.Other(eps)
	}
	d := (p - q) * (p - q) * n
	// A cell no report fell in, or every report did, would give a zero
	// variance, and a zero-width interval: its share is nudged off 0 or 1
	// by half a report for the covariance.
	smooth := func(x float64) float64 {
		if x == 0 || x == n {
			return (x + 0.5) / (n + 1)
		}
		return x / n
	}
	for i := range measure.K {
		pi[i] = (c[i]/n - q) / (p - q)
		f := smooth(c[i])
		for j := range measure.K {
			g := smooth(c[j])
			if i == j {
				cov[i][j] = f * (1 - f) / d
			} else {
				cov[i][j] = -f * g / d
			}
		}
	}
	return pi, cov
}

// Implausible names the first cell whose share of the reports no visitors
// could produce through randomized response at ε, and how: a cell is
// reported with a probability from Other(ε) (no visitor in it) to Keep(ε)
// (every visitor), so its share of n reports lies in that range up to
// sampling error, here 4 standard errors at the nearer end (a false alarm
// about once in 15,000 arms). Forged or damaged reports show this way
// (300 forged ones printed a goal rate of −4.98%). "" when every cell is
// plausible, or there are no reports.
func Implausible(c Counts, eps float64) string {
	n := c.N()
	if n == 0 || math.IsInf(eps, 1) {
		return ""
	}
	p, q := measure.Keep(eps), measure.Other(eps)
	for i := range measure.K {
		f := c[i] / n
		if lo := q - 4*math.Sqrt(q*(1-q)/n); f < lo {
			return fmt.Sprintf("answer %d in %.1f%% of the reports, where at least %.1f%% must be", i, 100*f, 100*q)
		}
		if hi := p + 4*math.Sqrt(p*(1-p)/n); f > hi {
			return fmt.Sprintf("answer %d in %.1f%% of the reports, where at most %.1f%% can be", i, 100*f, 100*p)
		}
	}
	return ""
}

// Rate is an estimate with its standard error.
type Rate struct {
	Value, SE float64
}

// Low and High are the 95% interval's ends.
func (r Rate) Low() float64  { return r.Value - Z95*r.SE }
func (r Rate) High() float64 { return r.Value + Z95*r.SE }

// GoalRate is the goal rate among the arm's eligible visitors, Goal / (Goal
// + NoGoal), with its delta-method standard error, and the estimated number
// of eligible visitors.
func GoalRate(c Counts, eps float64) (rate Rate, eligible float64) {
	pi, cov := Shares(c, eps)
	s := pi[measure.Goal] + pi[measure.NoGoal]
	if s <= 0 {
		return Rate{Value: math.NaN(), SE: math.Inf(1)}, 0
	}
	g := [measure.K]float64{}
	g[measure.Goal] = pi[measure.NoGoal] / (s * s)
	g[measure.NoGoal] = -pi[measure.Goal] / (s * s)
	v := 0.0
	for i := range measure.K {
		for j := range measure.K {
			v += g[i] * cov[i][j] * g[j]
		}
	}
	// A rate lies in [0, 1]: an estimate past either end (sampling
	// error near them) is read as that end.
	return Rate{Value: math.Min(math.Max(pi[measure.Goal]/s, 0), 1), SE: math.Sqrt(math.Max(v, 0))}, math.Min(s, 1) * c.N()
}

// Lift is the shown arm's goal rate minus the held arm's, with its standard
// error (the arms are independent), and the relative lift against the held
// arm's rate.
func Lift(shown, held Counts, eps float64) (abs Rate, rel float64) {
	a, _ := GoalRate(shown, eps)
	b, _ := GoalRate(held, eps)
	return Rate{Value: a.Value - b.Value, SE: math.Hypot(a.SE, b.SE)}, (a.Value - b.Value) / b.Value
}
