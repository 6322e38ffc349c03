package profile

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// Pending is a signal the page side stored itself, synchronously, because
// the page may be gone before the module (in its Web Worker) answers: a
// click on a topic-bearing link leaves the page at once. The module counts
// each one exactly once (see Absorb), on this page or the next.
type Pending struct {
	Kind   Kind // only Click so far
	Path   string
	At     int64 // Unix milliseconds, as the page side read the clock
	Topics []string
}

// maxPending bounds the signals waiting to be counted; the oldest go first.
const maxPending = 16

func (a Pending) key() string {
	return string(a.Kind) + "\x00" + a.Path + "\x00" + strings.Join(a.Topics, ",") + "\x00" + strconv.FormatInt(a.At, 10)
}

// AddPending queues a signal; an identical one (the page side's copy of the
// same click) is kept once.
func (p *Profile) AddPending(s Pending) {
	if s.Kind != Click || s.At <= 0 || len(s.Topics) == 0 || len(s.Topics) > 8 {
		return
	}
	s.Path = clip(s.Path, MaxPath)
	for _, t := range s.Topics {
		if t == "" || len(t) > MaxName {
			return
		}
	}
	p.Pending = mergePending(p.Pending, []Pending{s})
}

// mergePending is the union of two queues by identity, oldest first, at
// most maxPending long.
func mergePending(a, b []Pending) []Pending {
	if len(a) == 0 && len(b) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var out []Pending
	for _, s := range append(append([]Pending(nil), a...), b...) {
		if k := s.key(); !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { // not slices: see package order
		x, y := out[i], out[j]
		if x.At != y.At {
			return x.At < y.At
		}
		return x.key() < y.key()
	})
	if len(out) > maxPending {
		out = out[len(out)-maxPending:]
	}
	return out
}

// Absorb counts the pending signals with weight and empties the queue. A
// signal already counted (its topic holds an event of its kind at its time,
// or has folded evidence past it) is not counted again: a queue merged in
// from another copy of the profile adds nothing twice.
func (p *Profile) Absorb(weight float64, halfLife time.Duration) {
	for _, s := range p.Pending {
		for _, t := range s.Topics {
			if p.counted(t, s) {
				continue
			}
			p.Record(t, s.Kind, weight, s.Path, time.UnixMilli(s.At), halfLife)
		}
	}
	p.Pending = nil
}

func (p *Profile) counted(topic string, s Pending) bool {
	t := p.Topics[topic]
	if t == nil {
		return false
	}
	if s.At <= t.Folded {
		return true
	}
	for _, e := range t.Events {
		if e.At == s.At && e.Kind == s.Kind {
			return true
		}
	}
	return false
}
