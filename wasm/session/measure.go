package session

import (
	"math/rand/v2"
	"time"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/wasm/profile"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// Private measurement on the device (docs/MEASUREMENT.md). On each page
// view the session keeps the visitor's arms and what happened in the
// period; on the first page view of a later period it makes one randomized
// report of the last, which the page side sends. The module itself makes
// no request.

// random is the device's randomness: uniform draws for arms and randomized
// response, and the nonce. In the browser, math/rand/v2's generator is
// seeded by the runtime from crypto.getRandomValues; tests give their own.
type random struct {
	float func() float64
	nonce func() [16]byte
}

var deviceRandom = random{
	float: rand.Float64,
	nonce: func() (b [16]byte) {
		for i := range b {
			b[i] = byte(rand.Uint32())
		}
		return b
	},
}

// measuring reports whether measurement runs now: the config turns it on,
// Hearth may record (not paused, consent, no Global Privacy Control), and
// the visitor has not switched it off.
func (s *Session) measuring() bool {
	return s.cfg.Measure != nil && s.recording() && !s.p.MeasureOff.On
}

// measureView starts this page view's measurement: a report of the last
// period if this is the first view of a later one and the device's budget
// allows it, a fresh period's tallies, and an arm for every measured
// experience still without one. A config whose id, start, period or
// holdout differs from the one the state was drawn under starts a new
// measurement: new arms, and no report before its first period is over.
func (s *Session) measureView(now time.Time) {
	if !s.measuring() {
		return
	}
	m := s.cfg.Measure
	period := m.Period(now)
	if period < 0 {
		return
	}
	basis := BasisOf(m)
	st := s.p.Measure
	if st != nil && (st.ID != m.ID || st.Basis != basis) {
		st = nil // another measurement: its arms and tallies go with it
	}
	if st != nil && period > st.Period {
		if period-st.Period <= measure.Grace && m.Open(st.Period) && s.mayReport(now) {
			s.report(st, now)
		}
		sent := st.Sent
		arms := st.Arms
		st = profile.NewMeasurement(m.ID, basis, period, now.UnixMilli())
		st.Arms, st.Sent = arms, sent
	}
	if st == nil {
		st = profile.NewMeasurement(m.ID, basis, period, now.UnixMilli())
	}
	s.assign(st, now)
	s.p.Measure = st
}

// BasisOf is what a measurement's arms and periods are drawn under: a
// stored state with another basis is a new measurement's (the audit and
// the tests make stored states with it).
func BasisOf(m *rules.Measure) profile.Basis {
	return profile.Basis{Start: m.Start().Unix(), Days: m.PeriodDays, Holdout: m.Holdout}
}

// mayReport reports whether the device's own budget allows a report of
// this measurement now, whatever the config says (measure's budget).
func (s *Session) mayReport(now time.Time) bool {
	at, eps := s.p.Spent()
	return measure.MayReport(at, eps, s.cfg.Measure.PerPeriod(), now.UnixMilli())
}

// assign draws the arm of each measured experience that has none.
func (s *Session) assign(st *profile.Measurement, now time.Time) {
	for _, x := range s.cfg.Measure.Measured {
		if _, ok := st.Arms[x.Experience]; !ok {
			st.Arms[x.Experience] = profile.Assigned{Arm: measure.Assign(s.cfg.Measure.Holdout, s.rand.float()), At: now.UnixMilli()}
		}
	}
}

// report makes the report of st's period: for every measured experience,
// its arm and its randomized cell, padded to the measurement's size.
func (s *Session) report(st *profile.Measurement, now time.Time) {
	m := s.cfg.Measure
	s.assign(st, now)
	r := measure.Report{Measurement: m.ID, Period: st.Period, Nonce: measure.Nonce(s.rand.nonce())}
	for _, x := range m.Measured {
		cell := measure.CellOf(st.Eligible[x.Experience] != 0, st.Goal[x.Experience] != 0)
		r.Entries = append(r.Entries, measure.Entry{
			Experience: x.Experience,
			Arm:        st.Arms[x.Experience].Arm,
			Cell:       measure.Randomize(cell, m.Epsilon, s.rand.float()),
		})
	}
	s.outbox = string(r.Encode(m.ReportSize()))
	r.Nonce = "" // the panel shows the report as sent, but the nonce is never stored
	st.Sent = profile.Sent{Period: st.Period, At: now.UnixMilli(), Body: string(r.Encode(0))}
	s.p.Spend(now.UnixMilli(), m.PerPeriod())
}

// holdOut applies the arms to the engine's decisions: a measured
// experience that applies on this page makes the visitor eligible in the
// period, and a visitor held out of it sees the slot's default instead.
// Its impression is counted all the same (caps then run alike in both
// arms, so that the arms stay comparable in later periods).
func (s *Session) holdOut(now time.Time) {
	st := s.p.Measure
	if !s.measuring() || st == nil || st.ID != s.cfg.Measure.ID || !s.cfg.Measure.Open(st.Period) {
		return
	}
	for i, d := range s.decisions {
		if !d.Personalized() || s.cfg.Measure.Index(d.Experience) < 0 {
			continue
		}
		if st.Eligible[d.Experience] == 0 {
			st.Eligible[d.Experience] = now.UnixMilli()
		}
		if st.Arms[d.Experience].Arm == measure.Held {
			s.decisions[i].Variant = ""
			s.decisions[i].Held = true
		}
	}
}

// goal records that the visitor reached a goal: for every measured
// experience with that goal, once, and only after they were eligible in
// the period. Never on a page whose path Hearth hides (about a sensitive
// topic the visitor has not declared): a goal reached there would leave
// in the next report.
func (s *Session) goal(kind, name string, now time.Time) bool {
	st := s.p.Measure
	if !s.measuring() || st == nil || st.ID != s.cfg.Measure.ID || s.path() == "" {
		return false
	}
	changed := false
	for _, x := range s.cfg.Measure.Measured {
		g := x.Goal
		hit := g.Kind == kind && (kind == rules.GoalPurchase ||
			kind == rules.GoalPage && rules.Glob(g.Page, name) ||
			kind == rules.GoalEvent && g.Event == name)
		if hit && st.Eligible[x.Experience] != 0 && st.Goal[x.Experience] == 0 {
			st.Goal[x.Experience] = now.UnixMilli()
			changed = true
		}
	}
	return changed
}

// pageGoals records the goals this page view reaches: the page itself, and
// a purchase it confirms.
func (s *Session) pageGoals(now time.Time) bool {
	a := s.goal(rules.GoalPage, s.page.Path, now)
	b := len(s.facts.Purchased) > 0 && s.goal(rules.GoalPurchase, "", now)
	return a || b
}
