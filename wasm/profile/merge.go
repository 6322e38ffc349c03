package profile

import (
	"sort"
	"strings"
	"time"
)

// mergeProfiles combines two profiles of the same visitor, typically this tab's and
// the one another tab has just stored. It is commutative and idempotent, so
// the order in which tabs write does not matter and rewriting changes nothing:
//   - events are the union of both sides' (a base folded further wins);
//   - declarations, blocks, pause and consent: the later setting wins, and on
//     a tie the more private one (off, blocked, paused, denied);
//   - counters and impressions take the larger count, first seen the earlier;
//   - remembered page decisions: the later one per page.
//
// The one loss it allows: an event that only one side has and that is older
// than everything the other side folded into a topic's base. Each tab merges
// on every write, so that needs more than MaxEventsPerTopic newer events on
// the topic between two writes of the tab.
func mergeProfiles(a, b *Profile, halfLife time.Duration) *Profile {
	// Of two lineages the later-born replaces the other whole: the other
	// is a copy from before the storage was cleared.
	if replaces(a, b) {
		return mergeProfiles(a, a, halfLife)
	}
	if replaces(b, a) {
		return mergeProfiles(b, b, halfLife)
	}
	out := New()
	out.Born = max(a.Born, b.Born)
	for _, name := range unionKeys(a.Topics, b.Topics) {
		if t := mergeTopic(a.Topics[name], b.Topics[name], halfLife); t != nil {
			out.Topics[name] = t
		}
	}
	mergeFlags(out.Declared, a.Declared, b.Declared, false)
	mergeFlags(out.Blocked, a.Blocked, b.Blocked, true)
	for name, f := range out.Blocked {
		if f.On {
			delete(out.Topics, name)
		}
	}
	out.Visits = max(a.Visits, b.Visits)
	out.Pages = max(a.Pages, b.Pages)
	out.FirstSeen = minNonZero(a.FirstSeen, b.FirstSeen)
	out.LastSeen = max(a.LastSeen, b.LastSeen)
	out.PrevSeen = max(a.PrevSeen, b.PrevSeen)
	for _, id := range unionKeys(a.Impressions, b.Impressions) {
		out.Impressions[id] = mergeImpressions(a.Impressions[id], b.Impressions[id])
	}
	for _, sku := range unionKeys(a.Items, b.Items) {
		out.Items[sku] = mergeItem(a.Items[sku], b.Items[sku])
	}
	out.trimItems()
	out.Consent, out.ConsentAt = a.Consent, a.ConsentAt
	if b.ConsentAt > a.ConsentAt || (b.ConsentAt == a.ConsentAt && consentRank(b.Consent) > consentRank(a.Consent)) {
		out.Consent, out.ConsentAt = b.Consent, b.ConsentAt
	}
	out.Paused = laterFlag(a.Paused, b.Paused, true)
	out.Measure = mergeMeasurement(a.Measure, b.Measure)
	out.Spends = mergeSpends(a.Spends, b.Spends)
	out.MeasureOff = laterFlag(a.MeasureOff, b.MeasureOff, true)
	out.Replay = mergeReplay(a.Replay, b.Replay)
	out.Pending = mergePending(a.Pending, b.Pending)
	if len(out.Topics) > MaxTopics {
		last := max(a.LastSeen, b.LastSeen)
		out.trimTopics(time.UnixMilli(last), halfLife)
	}
	return out
}

func unionKeys[V any](a, b map[string]V) []string {
	set := make(map[string]bool, len(a)+len(b))
	for k := range a {
		set[k] = true
	}
	for k := range b {
		set[k] = true
	}
	return sortedKeys(set)
}

func minNonZero(a, b int64) int64 {
	if a == 0 || (b != 0 && b < a) {
		return b
	}
	return a
}

func consentRank(c string) int {
	switch c {
	case ConsentDenied:
		return 2
	case ConsentGranted:
		return 1
	}
	return 0
}

// laterFlag is the later of two settings; on a tie, the one whose On equals
// tieOn (the more private choice).
func laterFlag(a, b Flag, tieOn bool) Flag {
	switch {
	case a.At > b.At:
		return a
	case b.At > a.At:
		return b
	case a.On == tieOn:
		return a
	default:
		return b
	}
}

func mergeFlags(out, a, b map[string]Flag, tieOn bool) {
	for _, k := range unionKeys(a, b) {
		fa, okA := a[k]
		fb, okB := b[k]
		switch {
		case !okA:
			out[k] = fb
		case !okB:
			out[k] = fa
		default:
			out[k] = laterFlag(fa, fb, tieOn)
		}
	}
}

func mergeTopic(a, b *Topic, halfLife time.Duration) *Topic {
	if a == nil {
		a, b = b, a
	}
	if a == nil {
		return nil
	}
	src := a
	if b != nil && baseLess(a, b, halfLife) {
		src = b
	}
	t := &Topic{Base: src.Base, BaseAt: src.BaseAt, Folded: src.Folded}
	all := append([]Event(nil), a.Events...)
	if b != nil {
		all = append(all, b.Events...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].less(all[j]) })
	for i, e := range all {
		if e.At <= t.Folded || (i > 0 && e == all[i-1]) {
			continue
		}
		t.Events = append(t.Events, e)
	}
	t.bound(MaxEventsPerTopic, halfLife)
	return t
}

// baseLess orders the bases of two topics: the one folded further is
// greater; on a tie, the larger base, then the later reference time.
func baseLess(a, b *Topic, halfLife time.Duration) bool {
	if a.Folded != b.Folded {
		return a.Folded < b.Folded
	}
	da, db := decay(a.Base, a.BaseAt, a.Folded, halfLife), decay(b.Base, b.BaseAt, b.Folded, halfLife)
	if da != db {
		return da < db
	}
	if a.BaseAt != b.BaseAt {
		return a.BaseAt < b.BaseAt
	}
	return a.Base < b.Base
}

func mergeImpressions(a, b *Impressions) *Impressions {
	if a == nil {
		a, b = b, a
	}
	out := &Impressions{Total: a.Total}
	days := map[int]int{}
	for _, d := range a.Days {
		days[d.Day] = max(days[d.Day], d.N)
	}
	if b != nil {
		out.Total = max(a.Total, b.Total)
		for _, d := range b.Days {
			days[d.Day] = max(days[d.Day], d.N)
		}
	}
	for day, n := range days {
		out.Days = append(out.Days, Day{Day: day, N: n})
	}
	sort.Slice(out.Days, func(i, j int) bool { return out.Days[i].Day < out.Days[j].Day })
	if n := len(out.Days); n > MaxImpressionDays {
		out.Days = out.Days[n-MaxImpressionDays:]
	}
	return out
}

// sameClear is how close two tabs' records of one clear may be: each dates
// it by its own clock when it hears of it.
const sameClear = 10 * time.Second

// replaces reports whether profile a began after b's lineage was cleared:
// it is born later, beyond sameClear.
func replaces(a, b *Profile) bool {
	return a.Born > b.Born+sameClear.Milliseconds()
}

// replayKey is a canonical form of a replay's slots and items, for
// tie-breaking.
func replayKey(r PageDecision) string {
	var b strings.Builder
	for _, k := range sortedKeys(r.Slots) {
		b.WriteString(k + "\x00" + r.Slots[k] + "\x00")
	}
	for _, skus := range r.Recs {
		b.WriteString("\x01" + strings.Join(skus, "\x00"))
	}
	b.WriteString("\x02" + r.Config)
	return b.String()
}

func mergeReplay(a, b []PageDecision) []PageDecision {
	byPath := map[string]PageDecision{}
	for _, list := range [][]PageDecision{a, b} {
		for _, r := range list {
			cur, ok := byPath[r.Path]
			if !ok || r.At > cur.At || (r.At == cur.At && replayKey(r) > replayKey(cur)) {
				byPath[r.Path] = r
			}
		}
	}
	out := make([]PageDecision, 0, len(byPath))
	for _, r := range byPath {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].At != out[j].At {
			return out[i].At < out[j].At
		}
		return out[i].Path < out[j].Path
	})
	if n := len(out); n > MaxReplayPages {
		out = out[n-MaxReplayPages:]
	}
	return out
}
