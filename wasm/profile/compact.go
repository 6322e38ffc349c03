package profile

import (
	"sort"
	"time"
)

// maxStored is the most bytes the stored profile may take, whatever the
// history: localStorage quotas are small and shared with the site.
const maxStored = 32 << 10

// compactTo makes p encode to at most budget bytes and returns the encoding.
// It gives up evidence before anything else: it folds the oldest events of
// the topics with the most events into their base scores (scores do not
// change), then forgets the oldest remembered page decisions, then the
// weakest topics.
func compactTo(p *Profile, budget int, now time.Time, halfLife time.Duration) []byte {
	for {
		b := Encode(p)
		excess := len(b) - budget
		if excess <= 0 {
			return b
		}
		if p.foldEvidence(excess, halfLife) {
			continue
		}
		if n := len(p.Replay); n > 0 {
			p.Replay = p.Replay[n/2+n%2:] // keep the newer half
			continue
		}
		if len(p.Topics) > 0 {
			names := p.TopicNames()
			t := ms(now)
			sort.SliceStable(names, func(i, j int) bool {
				return p.Topics[names[i]].score(t, halfLife) < p.Topics[names[j]].score(t, halfLife)
			})
			for _, n := range names[:max(1, len(names)/4)] {
				delete(p.Topics, n)
			}
			continue
		}
		return b // nothing left to give up: declarations and counters stay
	}
}

// foldEvidence folds events until about excess bytes are saved, always from
// the topic that has the most events left (ties: the lower name), so the
// evidence that remains is spread over the topics and recent. It reports
// whether it folded anything.
func (p *Profile) foldEvidence(excess int, halfLife time.Duration) bool {
	names := p.TopicNames()
	saved, folded := 0, false
	for saved < excess {
		var best *Topic
		for _, n := range names {
			if t := p.Topics[n]; len(t.Events) > 0 && (best == nil || len(t.Events) > len(best.Events)) {
				best = t
			}
		}
		if best == nil {
			break
		}
		if best.Folded == 0 && best.Base == 0 {
			saved -= 40 // the base fields it now needs
		}
		before := len(best.Events)
		e := best.Events[0]
		best.foldOldest(halfLife)
		saved += (before - len(best.Events)) * (len(e.Path) + 50)
		folded = true
	}
	return folded
}
