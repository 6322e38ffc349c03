// Package stats turns the counts of privatized reports into what a site
// owner reads (docs/MEASUREMENT.md): per arm, the share of each cell, the
// goal rate among eligible visitors with its 95% interval, and the lift
// between the arms with its own. Unbiased counts from randomized ones,
// intervals by the delta method; both are tested against known truths by
// simulation through wasm/measure's mechanism.
package stats

import (
	"math"

	"github.com/hearth-personalization/hearth/wasm/measure"
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
	for i := range measure.K {
		f := c[i] / n
		pi[i] = (f - q) / (p - q)
		for j := range measure.K {
			g := c[j] / n
			if i == j {
				cov[i][j] = f * (1 - f) / d
			} else {
				cov[i][j] = -f * g / d
			}
		}
	}
	return pi, cov
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
	return Rate{Value: pi[measure.Goal] / s, SE: math.Sqrt(math.Max(v, 0))}, s * c.N()
}

// Lift is the shown arm's goal rate minus the held arm's, with its standard
// error (the arms are independent), and the relative lift against the held
// arm's rate.
func Lift(shown, held Counts, eps float64) (abs Rate, rel float64) {
	a, _ := GoalRate(shown, eps)
	b, _ := GoalRate(held, eps)
	return Rate{Value: a.Value - b.Value, SE: math.Hypot(a.SE, b.SE)}, (a.Value - b.Value) / b.Value
}
