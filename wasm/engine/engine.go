// Package engine decides, for one page view, which variant each slot shows
// and why. It is pure: (profile, config, page, now) → decisions, with no I/O,
// no globals and a deterministic result.
package engine

import (
	"math"
	"sort"
	"time"

	"github.com/hearth-personalization/hearth/wasm/profile"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// Page is what the browser adapter read from the document and the browser.
type Page struct {
	Path     string
	Query    map[string]string // the page URL's own parameters (first value of each)
	Topics   []string          // from <meta name="hearth:topics">
	Slots    []Slot            // in document order
	Item     string            // the SKU this page is about (<meta name="hearth:item">), if any
	Items    []Item            // the catalog items the page can show
	RecSlots []RecSlot         // its recommendation slots, in document order
	Language string            // the visitor's language tag (navigator.language)
	Viewport string            // rules.ViewportClass of the viewport width
	GPC      bool              // navigator.globalPrivacyControl
	// SinceLastVisit is the time since the previous visit ended; negative on
	// a first visit. The browser adapter reads it before counting this view.
	SinceLastVisit time.Duration
}

// Slot is one [data-hearth-slot] with the variants its page offers.
type Slot struct {
	Name     string
	Label    string   // data-hearth-label: the slot's name for people, if any
	Variants []string // names from <template data-hearth-variant="slot/name">
}

// Why a slot shows its default content although experiences target it, or
// why an experience lost.
const (
	Paused     = "paused"      // the visitor paused personalization
	NoConsent  = "no-consent"  // opt-in without a yes, or the visitor (or GPC) said no
	Unmatched  = "condition"   // its condition did not hold
	Capped     = "capped"      // it reached a frequency cap
	NotStarted = "not-started" // before its start
	Ended      = "ended"       // after its end
	NoTemplate = "no-template" // the page has no template for its variant
	Outranked  = "outranked"   // it matched, but one with a higher priority (or listed first) won
)

// Decision is what one slot shows and why.
type Decision struct {
	Slot       string
	Variant    string // "" shows the slot's default content
	Experience string // the winning experience's id
	// Checks are the winning condition's leaves, with the values seen.
	Checks []rules.Check
	// Evidence holds, per topic the condition read, the events behind its score.
	Evidence map[string][]profile.Event
	// Off says why nothing could be personalized: Paused or NoConsent.
	Off string
	// Held is set by the session when the visitor is in the comparison
	// group of a measured experience that won the slot: Variant is then ""
	// (the default shows) and Experience says which it would have been.
	Held bool
	// Losers are the other experiences for the slot and why each lost, best
	// first, for the site owner's debug view.
	Losers []Loss
}

// Loss is an experience that did not win a slot.
type Loss struct {
	Experience string
	Variant    string
	Reason     string // one of the reasons above
	Checks     []rules.Check
}

// Personalized reports whether the slot shows something other than its default.
func (d Decision) Personalized() bool { return d.Variant != "" }

// Off says why Hearth may neither record nor personalize now (Paused or
// NoConsent), or "": the one gate that deciding, recommending and recording
// all pass through.
func Off(cfg *rules.Config, p *profile.Profile, gpc bool) string {
	switch {
	case p.Paused.On:
		return Paused
	case !Allowed(cfg, p, gpc):
		return NoConsent
	}
	return ""
}

// Allowed reports whether Hearth may record and personalize for this
// visitor: with "opt-in" only after a yes; with "opt-out" unless the visitor
// said no or sends Global Privacy Control and has not said yes in the panel.
func Allowed(cfg *rules.Config, p *profile.Profile, gpc bool) bool {
	switch p.Consent {
	case profile.ConsentGranted:
		return true
	case profile.ConsentDenied:
		return false
	}
	return cfg.Consent == rules.OptOut && !gpc
}

// facts reads the profile and page for conditions. Scores are computed once
// per decision and kept: many experiences read the same topics.
type facts struct {
	p      *profile.Profile
	cfg    *rules.Config
	page   Page
	nowMs  int64 // now, Unix ms, and its zone: not a time.Time (see rules.Measure)
	nowLoc *time.Location
	ranks  map[string]int // computed on the first Rank: few configs ask
	scores map[string]float64
}

// newFacts is what conditions read, for a decision or recommendations.
func newFacts(cfg *rules.Config, p *profile.Profile, page Page, now time.Time) *facts {
	return &facts{p: p, cfg: cfg, page: page, nowMs: now.UnixMilli(), nowLoc: now.Location(), scores: make(map[string]float64, len(p.Topics)+len(p.Declared))}
}

// Interest is the figure the engine decides with for a topic (Score below):
// the panel shows this one, never one of its own, so that what the visitor
// reads is what the conditions compared.
func Interest(cfg *rules.Config, p *profile.Profile, topic string, now time.Time) float64 {
	return newFacts(cfg, p, Page{}, now).Score(topic)
}

// Score is the interest in a topic, rounded to hundredths so that two views
// of weight 1 still meet "atLeast": 2 a moment later. A declared preference
// always wins: "off" makes it 0, "on" adds the declare weight. A sensitive
// topic counts only what the visitor declared, never inferred evidence.
func (f *facts) Score(topic string) float64 {
	if s, ok := f.scores[topic]; ok {
		return s
	}
	s := f.score(topic)
	f.scores[topic] = s
	return s
}

func (f *facts) score(topic string) float64 {
	on, set := f.p.DeclaredOn(topic)
	if set && !on {
		return 0
	}
	s := 0.0
	if !f.cfg.Sensitive(topic) {
		s = f.p.Score(topic, f.now(), f.cfg.HalfLife)
	}
	if on {
		s += f.cfg.Signals.Declare
	}
	return math.Round(s*100) / 100
}

func (f *facts) Rank(topic string) int {
	if f.ranks == nil {
		f.ranks = ranks(f)
	}
	return f.ranks[topic]
}

func (f *facts) Declared(topic string) (bool, bool) { return f.p.DeclaredOn(topic) }
func (f *facts) Visits() int                        { return f.p.Visits }
func (f *facts) Pages() int                         { return f.p.Pages }
func (f *facts) Path() string                       { return f.page.Path }
func (f *facts) Language() string                   { return f.page.Language }
func (f *facts) Viewport() string                   { return f.page.Viewport }
func (f *facts) Query(name string) (string, bool)   { v, ok := f.page.Query[name]; return v, ok }
func (f *facts) Clock() (int, time.Weekday) {
	now := f.now()
	return now.Hour()*60 + now.Minute(), now.Weekday()
}

// now is the decision's time, in the zone it was given in.
func (f *facts) now() time.Time { return time.UnixMilli(f.nowMs).In(f.nowLoc) }

func (f *facts) DaysSinceLastVisit() float64 {
	if f.page.SinceLastVisit < 0 {
		return -1
	}
	return math.Round(f.page.SinceLastVisit.Hours()/24*100) / 100
}

// ranks orders the visitor's topics by score, strongest first (ties by id).
func ranks(f *facts) map[string]int {
	type scored struct {
		name  string
		score float64
	}
	kept := make([]scored, 0, len(f.p.Topics)+len(f.p.Declared))
	for t := range f.p.Topics {
		if s := f.Score(t); s > 0 {
			kept = append(kept, scored{t, s})
		}
	}
	for t := range f.p.Declared {
		if _, inferred := f.p.Topics[t]; !inferred {
			if s := f.Score(t); s > 0 {
				kept = append(kept, scored{t, s})
			}
		}
	}
	sort.Slice(kept, func(i, j int) bool { // not slices: see package order
		a, b := kept[i], kept[j]
		if a.score != b.score {
			return a.score > b.score
		}
		return a.name < b.name
	})
	r := make(map[string]int, len(kept))
	for i, k := range kept {
		r[k.name] = i + 1
	}
	return r
}

// Decide returns one decision per slot, in page order. For each slot the
// experience with the highest priority that is scheduled now, under its caps
// and whose condition holds wins; equal priorities go to the one listed first
// in the config. now is the visitor's local time. Decide leaves Losers
// empty; Explain fills it.
func Decide(p *profile.Profile, cfg *rules.Config, page Page, now time.Time) []Decision {
	return decide(p, cfg, page, now, false)
}

// Explain is Decide with every losing experience and its reasons, for the
// site owner's debug view. It costs more: every condition is evaluated fully.
func Explain(p *profile.Profile, cfg *rules.Config, page Page, now time.Time) []Decision {
	return decide(p, cfg, page, now, true)
}

func decide(p *profile.Profile, cfg *rules.Config, page Page, now time.Time, explain bool) []Decision {
	// Sized for every topic: growing the map was a fifth of Decide's time.
	f := newFacts(cfg, p, page, now)
	off := Off(cfg, p, page.GPC)
	out := make([]Decision, 0, len(page.Slots))
	for _, s := range page.Slots {
		d := Decision{Slot: s.Name, Off: off}
		if off == "" {
			decideSlot(&d, f, s, cfg.BySlot[s.Name], explain)
		}
		out = append(out, d)
	}
	return out
}

// decideSlot tries the slot's experiences, best first (rules.Config.BySlot),
// except that those reading a topic the visitor declared they like come
// before all others: what the visitor said beats what Hearth inferred, as
// the panel promises, whatever the priorities.
func decideSlot(d *Decision, f *facts, s Slot, idx []int, explain bool) {
	cfg := f.cfg
	idx = declaredFirst(f, idx)
	has := make(map[string]bool, len(s.Variants))
	for _, v := range s.Variants {
		has[v] = true
	}
	now := f.now()
	for _, i := range idx {
		x := &cfg.Experiences[i]
		loss := Loss{Experience: x.ID, Variant: x.Variant}
		switch {
		case !has[x.Variant]:
			loss.Reason = NoTemplate
		case !x.Start.Started(now):
			loss.Reason = NotStarted
		case x.End.Ended(now):
			loss.Reason = Ended
		case capped(f.p, x, now):
			loss.Reason = Capped
		case d.Experience == "" && !explain && !x.When.Eval(f, nil):
			loss.Reason = Unmatched
		default:
			var checks []rules.Check
			held := x.When.Eval(f, &checks)
			switch {
			case !held:
				loss.Reason, loss.Checks = Unmatched, checks
			case d.Experience != "":
				loss.Reason, loss.Checks = Outranked, checks
			default:
				d.Variant, d.Experience, d.Checks = x.Variant, x.ID, checks
				d.Evidence = evidence(f.p, x.Topics, cfg)
				if !explain {
					return
				}
				continue
			}
		}
		if explain {
			d.Losers = append(d.Losers, loss)
		}
	}
}

// declaredFirst reorders idx: the experiences whose condition reads a
// topic declared "on" first, each group in its own order.
func declaredFirst(f *facts, idx []int) []int {
	anyOn := false
	for _, fl := range f.p.Declared {
		anyOn = anyOn || fl.On
	}
	if !anyOn {
		return idx
	}
	first := make([]int, 0, len(idx))
	var rest []int
	for _, i := range idx {
		if readsDeclared(f, f.cfg.Experiences[i].Topics) {
			first = append(first, i)
		} else {
			rest = append(rest, i)
		}
	}
	return append(first, rest...)
}

func readsDeclared(f *facts, topics []string) bool {
	for _, t := range topics {
		if on, _ := f.p.DeclaredOn(t); on {
			return true
		}
	}
	return false
}

func capped(p *profile.Profile, x *rules.Experience, now time.Time) bool {
	if x.Cap == (rules.Cap{}) {
		return false
	}
	today, week, total := p.Shown(x.ID, now)
	return (x.Cap.PerDay > 0 && today >= x.Cap.PerDay) ||
		(x.Cap.PerWeek > 0 && week >= x.Cap.PerWeek) ||
		(x.Cap.Total > 0 && total >= x.Cap.Total)
}

// evidence collects the events behind the topics a condition read; never
// for a sensitive topic, whose inferred evidence does not count.
func evidence(p *profile.Profile, topics []string, cfg *rules.Config) map[string][]profile.Event {
	ev := map[string][]profile.Event{}
	for _, t := range topics {
		if cfg.Sensitive(t) {
			continue
		}
		if es := p.EventsOf(t); len(es) > 0 {
			ev[t] = append([]profile.Event(nil), es...)
		}
	}
	if len(ev) == 0 {
		return nil
	}
	return ev
}

// Slots maps each slot to its decided variant: what the loader replays.
func Slots(ds []Decision) map[string]string {
	m := make(map[string]string, len(ds))
	for _, d := range ds {
		m[d.Slot] = d.Variant
	}
	return m
}
