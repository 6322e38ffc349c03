// Package measure is private measurement's one home (docs/MEASUREMENT.md),
// shared by the device (wasm/session), the server (server.Reports), the
// audit, the bench and `hearth report`: the arm a visitor is assigned to
// for a measured experience, the cell that sums up their period (not
// eligible, eligible and reached the goal, eligible without it), the
// randomized response that privatizes that cell before anything leaves,
// the periods, the device's own budget, and the report's wire format and
// exact size. Pure Go, with the randomness given, so that the mechanism is
// tested, and simulated in the bench, as it runs. The config's measure
// section is parsed with the rest of the config (wasm/rules' Measure, whose
// Period and ReportSize apply these rules to it).
package measure

import "math"

// Cell is what a report says of one visitor, experience and period.
type Cell int

// The cells. Their number is the randomized response's domain, K.
const (
	NotEligible Cell = iota // the experience's conditions never held on a page view
	Goal                    // eligible, and reached the goal after the first eligible view
	NoGoal                  // eligible, without the goal
	K                       // how many cells there are
)

// Arm is the group a visitor is in for one measured experience.
type Arm int

// The arms.
const (
	Shown Arm = iota // sees the variant when eligible
	Held             // sees the default instead: the comparison group
)

// Assign draws a visitor's arm: Held with probability held (the config's
// share of the comparison group), from u, a uniform draw in [0, 1).
func Assign(held, u float64) Arm {
	if u < held {
		return Held
	}
	return Shown
}

// CellOf sums up a visitor's period for one experience.
func CellOf(eligible, goal bool) Cell {
	switch {
	case !eligible:
		return NotEligible
	case goal:
		return Goal
	}
	return NoGoal
}

// Keep is the probability that a report tells the true cell, at ε; each
// other cell is told with Other(ε). Keep/Other = e^ε: any two visitors'
// reports are alike within a factor e^ε (ε-local differential privacy).
func Keep(eps float64) float64 { return math.Exp(eps) / (math.Exp(eps) + float64(K-1)) }

// Other is the probability of telling one given other cell, at ε.
func Other(eps float64) float64 { return 1 / (math.Exp(eps) + float64(K-1)) }

// Randomize is k-ary randomized response: the true cell with probability
// Keep(ε), else one of the other cells, each alike; u is a uniform draw in
// [0, 1) (the device's, never the site's).
func Randomize(c Cell, eps, u float64) Cell {
	keep := Keep(eps)
	if u < keep {
		return c
	}
	// The rest of [keep, 1) split evenly among the K-1 other cells, in order.
	i := Cell(math.Floor((u - keep) / Other(eps)))
	i = min(i, K-2)
	if i >= c {
		i++ // skip the true cell
	}
	return i
}
