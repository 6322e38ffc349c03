// Package profile is the visitor's profile as Hearth keeps it on the device:
// per-topic interest scores that decay over time, the events behind them,
// declared preferences, visit counters, and the module's last decision per
// page (which the loader replays before the module has started).
//
// It is pure Go: no browser imports. The browser adapter supplies a Storage.
package profile

import (
	"math"
	"sort"
	"time"
)

// Kind names what produced an event.
type Kind string

// Event kinds. A declared preference is not an event: see Profile.Declared.
const (
	View  Kind = "view"  // the visitor opened a page about the topic
	Click Kind = "click" // the visitor clicked a link or button about the topic
	Track Kind = "track" // the site called hearth.track
)

// Limits that keep the stored value small whatever the history.
const (
	// MaxEventsPerTopic bounds the evidence kept for one topic; older events
	// still count through the decayed score.
	MaxEventsPerTopic = 20
	// MaxTopics bounds how many inferred topics are kept; the weakest go first.
	MaxTopics = 64
	// MaxReplayPages bounds the remembered per-page decisions.
	MaxReplayPages = 32
	// VisitGap is the idle time after which a page view starts a new visit.
	VisitGap = 30 * time.Minute
)

// Event is one recorded interaction, kept as evidence for a topic's score.
type Event struct {
	Kind   Kind
	Path   string
	At     int64 // Unix milliseconds
	Weight float64
}

// Topic is the inferred interest in one topic.
type Topic struct {
	// Score is the decayed sum of event weights as of Updated.
	Score   float64
	Updated int64 // Unix milliseconds
	// Events are the most recent events behind Score, oldest first.
	Events []Event
}

// PageDecision is the module's last decision for one page: slot name to
// variant name ("" is the slot's default content). The loader reads it.
type PageDecision struct {
	Path  string
	Slots map[string]string
}

// Profile is everything Hearth knows about the visitor.
type Profile struct {
	Topics    map[string]*Topic
	Declared  map[string]bool
	Visits    int
	Pages     int
	FirstSeen int64 // Unix milliseconds
	LastSeen  int64 // Unix milliseconds
	Paused    bool
	// Replay holds the last decisions per page, most recent last.
	Replay []PageDecision
}

// New returns an empty profile.
func New() *Profile {
	return &Profile{Topics: map[string]*Topic{}, Declared: map[string]bool{}}
}

// ms converts a time to Unix milliseconds, the unit of every stored time.
func ms(t time.Time) int64 { return t.UnixMilli() }

// decay returns score s, measured at from, as seen at to.
func decay(s float64, from, to int64, halfLife time.Duration) float64 {
	if halfLife <= 0 || to <= from {
		return s
	}
	age := float64(to-from) / float64(halfLife.Milliseconds())
	return s * math.Exp2(-age)
}

// Visit counts a page view: a new visit begins after VisitGap of idleness.
func (p *Profile) Visit(now time.Time) {
	t := ms(now)
	if p.FirstSeen == 0 {
		p.FirstSeen = t
	}
	if p.LastSeen == 0 || t-p.LastSeen >= VisitGap.Milliseconds() {
		p.Visits++
	}
	p.Pages++
	if t > p.LastSeen {
		p.LastSeen = t
	}
}

// Record adds an event of the given weight to topic, decaying the existing
// score to now first. Non-positive weights and empty topics are ignored.
func (p *Profile) Record(topic string, kind Kind, weight float64, path string, now time.Time, halfLife time.Duration) {
	if topic == "" || !(weight > 0) || math.IsInf(weight, 0) {
		return
	}
	if p.Topics == nil {
		p.Topics = map[string]*Topic{}
	}
	t := ms(now)
	tp := p.Topics[topic]
	if tp == nil {
		tp = &Topic{Updated: t}
		p.Topics[topic] = tp
	}
	tp.Score = decay(tp.Score, tp.Updated, t, halfLife) + weight
	if t > tp.Updated {
		tp.Updated = t
	}
	tp.Events = append(tp.Events, Event{Kind: kind, Path: path, At: t, Weight: weight})
	if n := len(tp.Events); n > MaxEventsPerTopic {
		tp.Events = append(tp.Events[:0:0], tp.Events[n-MaxEventsPerTopic:]...)
	}
	p.trimTopics(now, halfLife)
}

// Score is the interest in topic as of now.
func (p *Profile) Score(topic string, now time.Time, halfLife time.Duration) float64 {
	tp := p.Topics[topic]
	if tp == nil {
		return 0
	}
	return decay(tp.Score, tp.Updated, ms(now), halfLife)
}

// EventsOf returns the recorded events behind topic, oldest first.
func (p *Profile) EventsOf(topic string) []Event {
	if tp := p.Topics[topic]; tp != nil {
		return tp.Events
	}
	return nil
}

// TopicNames returns the inferred topics in sorted order.
func (p *Profile) TopicNames() []string {
	names := make([]string, 0, len(p.Topics))
	for n := range p.Topics {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Declare records a preference the visitor gave; it always beats inference.
func (p *Profile) Declare(topic string, on bool) {
	if topic == "" {
		return
	}
	if p.Declared == nil {
		p.Declared = map[string]bool{}
	}
	p.Declared[topic] = on
}

// Prune drops events older than retention and topics that have faded away.
func (p *Profile) Prune(now time.Time, retention, halfLife time.Duration) {
	cutoff := ms(now) - retention.Milliseconds()
	for name, tp := range p.Topics {
		kept := tp.Events[:0]
		for _, e := range tp.Events {
			if e.At >= cutoff {
				kept = append(kept, e)
			}
		}
		tp.Events = kept
		if len(kept) == 0 && (tp.Updated < cutoff || decay(tp.Score, tp.Updated, ms(now), halfLife) < 0.01) {
			delete(p.Topics, name)
		}
	}
}

// trimTopics keeps at most MaxTopics inferred topics, dropping the weakest.
func (p *Profile) trimTopics(now time.Time, halfLife time.Duration) {
	if len(p.Topics) <= MaxTopics {
		return
	}
	names := p.TopicNames()
	sort.SliceStable(names, func(i, j int) bool {
		return p.Score(names[i], now, halfLife) > p.Score(names[j], now, halfLife)
	})
	for _, n := range names[MaxTopics:] {
		delete(p.Topics, n)
	}
}

// SetReplay remembers the decision for path, most recent last, bounded.
func (p *Profile) SetReplay(path string, slots map[string]string) {
	out := p.Replay[:0:0]
	for _, r := range p.Replay {
		if r.Path != path {
			out = append(out, r)
		}
	}
	out = append(out, PageDecision{Path: path, Slots: slots})
	if n := len(out); n > MaxReplayPages {
		out = out[n-MaxReplayPages:]
	}
	p.Replay = out
}

// ReplayFor returns the remembered decision for path, if any.
func (p *Profile) ReplayFor(path string) (map[string]string, bool) {
	for _, r := range p.Replay {
		if r.Path == path {
			return r.Slots, true
		}
	}
	return nil, false
}
