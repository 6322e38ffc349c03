package profile

// Interest: recording events per topic, their decayed score, and keeping
// the profile within its bounds (retention, the 32 KB size).

import (
	"sort"
	"time"
)

// Record adds an event of the given weight to topic. Blocked topics, empty
// or over-long names, and weights that are not positive finite numbers are
// ignored.
func (p *Profile) Record(topic string, kind Kind, weight float64, path string, now time.Time, halfLife time.Duration) {
	p.RecordFrom(topic, "", kind, weight, path, now, halfLife)
}

// RecordFrom is Record of an event whose topic the page gave in its own
// metadata, src naming where (Event.Src).
func (p *Profile) RecordFrom(topic, src string, kind Kind, weight float64, path string, now time.Time, halfLife time.Duration) {
	if !validSrc(src) || topic == "" || len(topic) > MaxName || !(weight > 0) || weight > MaxWeight || !knownKind(kind) {
		return
	}
	if p.Blocked[topic].On {
		return
	}
	t := p.Topics[topic]
	if t == nil {
		t = &Topic{}
		p.Topics[topic] = t
	}
	e := Event{Kind: kind, Path: clip(path, MaxPath), At: ms(now), Weight: weight, Src: src}
	if e.At <= t.Folded {
		// Older than what is folded (a clock gone backwards): count it in the base.
		t.Base = min(MaxBase, decay(t.Base, t.BaseAt, t.Folded, halfLife)+decay(e.Weight, e.At, t.Folded, halfLife))
		t.BaseAt = t.Folded
	} else {
		t.Events = append(t.Events, e)
		sort.SliceStable(t.Events, func(i, j int) bool { return t.Events[i].less(t.Events[j]) })
	}
	t.bound(MaxEventsPerTopic, halfLife)
	p.trimTopics(now, halfLife)
}

// bound folds the oldest events into the base until at most n remain.
func (t *Topic) bound(n int, halfLife time.Duration) {
	for len(t.Events) > n {
		t.foldOldest(halfLife)
	}
}

// foldOldest moves the oldest event, and any at the same time, into Base.
func (t *Topic) foldOldest(halfLife time.Duration) {
	at := t.Events[0].At
	base := decay(t.Base, t.BaseAt, at, halfLife)
	i := 0
	for ; i < len(t.Events) && t.Events[i].At == at; i++ {
		base += t.Events[i].Weight
	}
	t.Base, t.BaseAt, t.Folded = min(base, MaxBase), at, at
	t.Events = append(t.Events[:0:0], t.Events[i:]...)
}

// score is the topic's interest as of now.
func (t *Topic) score(now int64, halfLife time.Duration) float64 {
	s := decay(t.Base, t.BaseAt, now, halfLife)
	for _, e := range t.Events {
		s += decay(e.Weight, e.At, now, halfLife)
	}
	return s
}

// Score is the interest in topic as of now.
func (p *Profile) Score(topic string, now time.Time, halfLife time.Duration) float64 {
	t := p.Topics[topic]
	if t == nil {
		return 0
	}
	return t.score(ms(now), halfLife)
}

// EventsOf returns the recorded events behind topic, oldest first.
func (p *Profile) EventsOf(topic string) []Event {
	if t := p.Topics[topic]; t != nil {
		return t.Events
	}
	return nil
}

// TopicNames returns the inferred topics in sorted order.
func (p *Profile) TopicNames() []string { return sortedKeys(p.Topics) }

// prune drops events older than retention, the base of folded events once
// they are all older than retention, and topics left with nothing.
func (p *Profile) prune(now time.Time, retention time.Duration) {
	cutoff := ms(now) - retention.Milliseconds()
	for name, t := range p.Topics {
		kept := t.Events[:0]
		for _, e := range t.Events {
			if e.At >= cutoff {
				kept = append(kept, e)
			}
		}
		t.Events = kept
		if t.Folded < cutoff {
			t.Base, t.BaseAt = 0, 0
		}
		if len(t.Events) == 0 && t.Base == 0 {
			delete(p.Topics, name)
		}
	}
	p.pruneItems(now, retention)
	today := dayOf(now)
	for id, im := range p.Impressions {
		im.Days = recentDays(im.Days, today)
		if im.Total == 0 {
			delete(p.Impressions, id)
		}
	}
}

// trimTopics keeps at most MaxTopics inferred topics, dropping the weakest.
func (p *Profile) trimTopics(now time.Time, halfLife time.Duration) {
	if len(p.Topics) <= MaxTopics {
		return
	}
	names := p.TopicNames()
	t := ms(now)
	sort.SliceStable(names, func(i, j int) bool {
		return p.Topics[names[i]].score(t, halfLife) > p.Topics[names[j]].score(t, halfLife)
	})
	for _, n := range names[MaxTopics:] {
		delete(p.Topics, n)
	}
}
