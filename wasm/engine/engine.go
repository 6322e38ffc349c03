// Package engine decides, for one page view, which variant each slot shows
// and why. It is pure: (profile, config, page, now) → decisions, with no I/O,
// no globals and a deterministic result.
package engine

import (
	"math"
	"sort"
	"time"

	"hearth/wasm/profile"
	"hearth/wasm/rules"
)

// Page is what the browser adapter read from the document.
type Page struct {
	Path   string
	Topics []string // from <meta name="hearth:topics">
	Slots  []Slot   // in document order
}

// Slot is one [data-hearth-slot] with the variants its page offers.
type Slot struct {
	Name     string
	Variants []string // names from <template data-hearth-variant="slot/name">
}

// Decision is what one slot shows and why.
type Decision struct {
	Slot       string
	Variant    string // "" shows the slot's default content
	Experience string // the winning experience's id
	// Checks are the winning condition's leaves, with the values seen.
	Checks []rules.Check
	// Evidence holds, per topic the condition read, the events behind its score.
	Evidence map[string][]profile.Event
	// Paused is set when the visitor paused personalization.
	Paused bool
}

// Personalized reports whether the slot shows something other than its default.
func (d Decision) Personalized() bool { return d.Variant != "" }

// facts reads the profile for conditions. Scores are compared rounded to
// hundredths, so two views of weight 1 still meet "atLeast": 2 a moment later.
type facts struct {
	p        *profile.Profile
	now      time.Time
	halfLife time.Duration
}

func (f facts) Score(topic string) float64 {
	return math.Round(f.p.Score(topic, f.now, f.halfLife)*100) / 100
}
func (f facts) Declared(topic string) (bool, bool) { return f.p.DeclaredOn(topic) }
func (f facts) Visits() int                        { return f.p.Visits }

// Decide returns one decision per slot, in page order. For each slot the
// matching experience with the highest priority wins; equal priorities go to
// the one listed first in the config. An experience whose variant the page
// does not offer is passed over.
func Decide(p *profile.Profile, cfg *rules.Config, page Page, now time.Time) []Decision {
	f := facts{p: p, now: now, halfLife: cfg.HalfLife}
	out := make([]Decision, 0, len(page.Slots))
	for _, s := range page.Slots {
		d := Decision{Slot: s.Name}
		if p.Paused.On {
			d.Paused = true
			out = append(out, d)
			continue
		}
		for _, i := range candidates(cfg, s) {
			x := cfg.Experiences[i]
			held, checks := x.When.Eval(f)
			if !held {
				continue
			}
			d.Variant, d.Experience, d.Checks = x.Variant, x.ID, checks
			d.Evidence = evidence(p, x.When.Topics())
			break
		}
		out = append(out, d)
	}
	return out
}

// candidates lists the experiences for slot s whose variant the page has,
// best first.
func candidates(cfg *rules.Config, s Slot) []int {
	has := map[string]bool{}
	for _, v := range s.Variants {
		has[v] = true
	}
	var idx []int
	for i, x := range cfg.Experiences {
		if x.Slot == s.Name && has[x.Variant] && x.When != nil {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		return cfg.Experiences[idx[a]].Priority > cfg.Experiences[idx[b]].Priority
	})
	return idx
}

func evidence(p *profile.Profile, topics []string) map[string][]profile.Event {
	ev := map[string][]profile.Event{}
	for _, t := range topics {
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
