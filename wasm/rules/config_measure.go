package rules

import (
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/hearth-personalization/hearth/internal/jsonv"
	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/wasm/internal/stamp"
)

// Measurement's config (docs/MEASUREMENT.md): off unless the config has a
// "measure" section. A broken section is reported like any other error by
// `hearth check`, but in the browser it turns measurement off and leaves
// personalization working: the site's pages must not lose their content
// over a mistake in what only the owner reads.

// Bounds Hearth enforces on a measurement.
const (
	DefaultEpsilon    = 3.0 // per report: see docs/MEASUREMENT.md for why
	MaxEpsilon        = 4.0
	MinEpsilon        = 0.5
	DefaultPeriodDays = 28
	MinPeriodDays     = 7
	MaxPeriodDays     = 365
	DefaultHoldout    = 0.1
	MinHoldout        = 0.01
	MaxHoldout        = 0.5
	// MaxMeasured bounds the experiences one report covers: each adds ε to
	// what a visitor gives per period.
	MaxMeasured = 4
	// MaxPerPeriod bounds what one visitor gives per period: ε for each
	// measured experience.
	MaxPerPeriod = 8.0
)

// Measure is a config's measurement.
type Measure struct {
	ID string // names it in every report and count
	// Period 0 begins at start (a date, 00:00 UTC, Unix seconds); no
	// period beginning at or after end is measured (hasEnd: it was
	// given). Numbers, not time.Time: a config is read through an
	// interface, and a time.Time anywhere in it keeps time's layout
	// formatter in the module (~11 KB brotli).
	start, end int64
	hasEnd     bool
	PeriodDays int
	Epsilon    float64 // per report
	Holdout    float64 // the comparison group's share, per experience
	Measured   []Measured
}

// Measured is one measured experience and its goal.
type Measured struct {
	Experience string
	Goal       Goal
}

// Goal kinds.
const (
	GoalPurchase = "purchase" // data-hearth-purchased, or hearth.track("purchase", sku)
	GoalPage     = "page"     // a page whose path matches Page
	GoalEvent    = "event"    // hearth.goal(Event)
)

// Goal is what counts as success for a measured experience.
type Goal struct {
	Kind  string
	Page  string // glob, for GoalPage
	Event string // name, for GoalEvent
}

// Names lists the measured experiences, in config order (a report's order).
func (m *Measure) Names() []string {
	out := make([]string, len(m.Measured))
	for i, x := range m.Measured {
		out[i] = x.Experience
	}
	return out
}

// Index is the position of a measured experience, or -1.
func (m *Measure) Index(experience string) int {
	for i, x := range m.Measured {
		if x.Experience == experience {
			return i
		}
	}
	return -1
}

// Open reports whether a period is measured: it began before the end.
func (m *Measure) Open(period int) bool {
	if period < 0 {
		return false
	}
	return !m.hasEnd || m.start+int64(period)*int64(m.PeriodDays)*86400 < m.end
}

// Start is when period 0 begins: a date, 00:00 UTC.
func (m *Measure) Start() time.Time { return time.Unix(m.start, 0).UTC() }

// End is the end given, if one was: no period beginning then or later is
// measured.
func (m *Measure) End() (time.Time, bool) { return time.Unix(m.end, 0).UTC(), m.hasEnd }

// ParseMeasure parses a config for its measurement, for the server, the
// edge worker and `hearth report`: a config that does not parse, a broken
// measure section and a config without one are errors, where the browser
// would run without measuring (Parse).
func ParseMeasure(data []byte) (*Measure, error) {
	cfg, err := Parse(data)
	switch {
	case err != nil:
		return nil, errors.New("\n" + err.Error())
	case len(cfg.MeasureErr) > 0:
		return nil, errors.New("its measure section is broken:\n" + cfg.MeasureErr.Error())
	case cfg.Measure == nil:
		return nil, errors.New(`the config has no "measure" section`)
	}
	return cfg.Measure, nil
}

// Period is the measurement's period running at now (measure.Period over
// its start and period length): the one rule the device, the server, the
// audit and the report all count by.
func (m *Measure) Period(now time.Time) int { return measure.Period(m.Start(), m.PeriodDays, now) }

// ReportSize is the exact size of every report of this measurement: the
// server refuses any other (measure.Size over its id and experiences).
func (m *Measure) ReportSize() int { return measure.Size(m.ID, m.Names()) }

// measure reads the "measure" section. Its errors go to their own list.
func (ps *parser) measure(v *jsonv.Value, cfg *Config) *Measure {
	outer := ps.errs
	ps.errs = nil
	m := ps.measureSection(v, "measure", cfg)
	cfg.MeasureErr, ps.errs = ps.errs, outer
	if len(cfg.MeasureErr) > 0 {
		return nil
	}
	return m
}

func (ps *parser) measureSection(v *jsonv.Value, p path, cfg *Config) *Measure {
	o, ok := ps.object(v, p, "id", "start", "end", "periodDays", "epsilon", "holdout", "experiences")
	if !ok {
		return nil
	}
	m := &Measure{PeriodDays: DefaultPeriodDays, Epsilon: DefaultEpsilon, Holdout: DefaultHoldout}
	if x, ok := o["id"]; !ok {
		ps.failAt(p, v, `missing "id": the name every report and count carries, e.g. "winter-2026"`)
	} else if s, ok := ps.str(x, p.key("id")); ok {
		if !isName(s) {
			ps.failAt(p.key("id"), x, strconv.Quote(s)+" must be letters, digits, '.', '-' or '_' (at most 64)")
		}
		m.ID = s
	}
	if x, ok := o["start"]; ok {
		m.start, _ = ps.day(x, p.key("start"))
	} else {
		ps.failAt(p, v, `missing "start": the first day measured, e.g. "2026-12-01" (periods begin at 00:00 UTC)`)
	}
	if x, ok := o["end"]; ok {
		m.end, m.hasEnd = ps.day(x, p.key("end"))
	}
	if m.hasEnd && m.end <= m.start {
		ps.failAt(p.key("end"), o["end"], "the end must be after the start")
	}
	if x, ok := o["periodDays"]; ok {
		m.PeriodDays, _ = ps.integer(x, p.key("periodDays"), MinPeriodDays, MaxPeriodDays)
	}
	if x, ok := o["epsilon"]; ok {
		if f, ok := ps.num(x, p.key("epsilon"), MinEpsilon, MaxEpsilon); ok {
			m.Epsilon = f
		}
	}
	if x, ok := o["holdout"]; ok {
		if f, ok := ps.num(x, p.key("holdout"), MinHoldout, MaxHoldout); ok {
			m.Holdout = f
		}
	}
	x, ok := o["experiences"]
	if !ok {
		ps.failAt(p, v, `missing "experiences": the experiences to measure, each with its goal`)
		return m
	}
	ep := p.key("experiences")
	if x.Kind != jsonv.Object || len(x.Members) == 0 || len(x.Members) > MaxMeasured {
		ps.failAt(ep, x, "want an object of 1 to "+strconv.Itoa(MaxMeasured)+` experience ids → {"goal": …} (each adds ε to what a visitor gives per period)`)
		return m
	}
	if k := float64(len(x.Members)); k*m.Epsilon > MaxPerPeriod {
		ps.failAt(ep, x, strconv.Itoa(len(x.Members))+" experiences at ε = "+strconv.FormatFloat(m.Epsilon, 'g', -1, 64)+
			" give "+strconv.FormatFloat(k*m.Epsilon, 'g', -1, 64)+" per visitor and period; Hearth allows at most "+
			strconv.FormatFloat(MaxPerPeriod, 'g', -1, 64)+": measure fewer at once, or lower \"epsilon\"")
	}
	known := map[string]*Experience{}
	for i, e := range cfg.Experiences {
		known[e.ID] = &cfg.Experiences[i]
	}
	for _, mem := range x.Members {
		xp := ep.key(mem.Key)
		e := known[mem.Key]
		if e == nil {
			ps.fail(xp, mem.Off, "no experience has the id "+strconv.Quote(mem.Key))
			continue
		}
		if t, ok := sensitiveTopic(cfg, e); ok {
			// A report says whether the experience applied: with a sensitive
			// topic in its conditions, every report would carry the
			// visitor's declaration of it off the device.
			ps.fail(xp, mem.Off, "experience "+strconv.Quote(mem.Key)+" depends on the sensitive topic "+strconv.Quote(t)+
				": its reports would tell who declared it; measure experiences that do not")
			continue
		}
		if m.Index(mem.Key) >= 0 {
			ps.fail(xp, mem.Off, "duplicate experience "+strconv.Quote(mem.Key))
			continue
		}
		g, ok := ps.object(mem.Val, xp, "goal")
		if !ok {
			continue
		}
		gv, ok := g["goal"]
		if !ok {
			ps.failAt(xp, mem.Val, `missing "goal": "purchase", {"page": "/thanks/*"} or {"event": "signup"}`)
			continue
		}
		m.Measured = append(m.Measured, Measured{Experience: mem.Key, Goal: ps.goal(gv, xp.key("goal"))})
	}
	return m
}

// sensitiveTopic names a sensitive topic an experience's conditions read.
func sensitiveTopic(cfg *Config, e *Experience) (string, bool) {
	for _, t := range e.Topics {
		if cfg.Sensitive(t) {
			return t, true
		}
	}
	return "", false
}

// goal reads "purchase", {"page": glob} or {"event": name}.
func (ps *parser) goal(v *jsonv.Value, p path) Goal {
	const want = `want "purchase", {"page": "/thanks/*"} or {"event": "signup"}`
	if v.Kind == jsonv.String {
		if v.Str != GoalPurchase {
			ps.failAt(p, v, want+", got "+strconv.Quote(v.Str))
		}
		return Goal{Kind: GoalPurchase}
	}
	if v.Kind != jsonv.Object || len(v.Members) != 1 {
		ps.failAt(p, v, want)
		return Goal{}
	}
	mem := v.Members[0]
	s, ok := ps.str(mem.Val, p.key(mem.Key))
	if !ok {
		return Goal{}
	}
	switch mem.Key {
	case "page":
		if len(s) == 0 || s[0] != '/' || len(s) > 127 {
			ps.failAt(p.key("page"), mem.Val, "want a path pattern starting with '/' (at most 127 bytes), got "+strconv.Quote(s))
		}
		return Goal{Kind: GoalPage, Page: s}
	case "event":
		if !isName(s) {
			ps.failAt(p.key("event"), mem.Val, "the event name "+strconv.Quote(s)+" must be letters, digits, '.', '-' or '_' (at most 64), as hearth.goal(name) is called")
		}
		return Goal{Kind: GoalEvent, Event: s}
	}
	ps.fail(p.key(mem.Key), mem.Off, want+", got the key "+strconv.Quote(mem.Key))
	return Goal{}
}

// day reads a "YYYY-MM-DD" date as 00:00 UTC, in Unix seconds (periods are
// counted the same on every device and on the server, whatever their time
// zones), and whether it is one.
func (ps *parser) day(v *jsonv.Value, p path) (int64, bool) {
	s, ok := ps.str(v, p)
	if !ok {
		return 0, false
	}
	y, mo, d, ok := stamp.ParseDate(s)
	if !ok {
		ps.failAt(p, v, "want a date \"2026-12-01\" (periods begin at 00:00 UTC), got "+strconv.Quote(s))
		return 0, false
	}
	return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC).Unix(), true
}

// PerPeriod is what one visitor gives per period at most: one report, each
// of its entries randomized at ε.
func (m *Measure) PerPeriod() float64 { return m.Epsilon * float64(len(m.Measured)) }

// PerYear is what one visitor gives in a year at most, by basic
// composition over the periods that begin in a year.
func (m *Measure) PerYear() float64 {
	return m.PerPeriod() * math.Ceil(365/float64(m.PeriodDays))
}
