// Package profile is the visitor's profile as Hearth keeps it on the device:
// per-topic interest scores that decay over time with the events behind
// them, declared preferences, blocked topics, visit counters, impressions
// for frequency caps, consent and pause, and the module's last decision per
// page (which the loader replays before the module has started).
//
// Profiles from two tabs merge without losing either's updates (see Merge),
// and the stored form stays under MaxStored bytes whatever the history.
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
	View     Kind = "view"     // the visitor opened a page about the topic
	Click    Kind = "click"    // the visitor clicked a link or button about the topic
	Dwell    Kind = "dwell"    // the visitor stayed on a page about the topic
	Purchase Kind = "purchase" // the visitor bought something about the topic
	Track    Kind = "track"    // the site called hearth.track
)

// knownKind reports whether k is an event kind this version writes.
func knownKind(k Kind) bool {
	switch k {
	case View, Click, Dwell, Purchase, Track:
		return true
	}
	return false
}

// Limits that keep the stored value small whatever the history.
const (
	// MaxEventsPerTopic bounds the evidence kept for one topic; older events
	// still count, folded into the topic's base score.
	MaxEventsPerTopic = 20
	// MaxTopics bounds how many inferred topics are kept; the weakest go first.
	MaxTopics = 64
	// MaxDeclared bounds the topics the visitor declared, and those they
	// removed, each: the visitor's choices are never compacted away, so
	// they must fit in MaxStored on their own. A declaration past it is
	// refused (Declare reports false).
	MaxDeclared = 64
	// MaxWeight bounds one event's weight; Record refuses heavier ones.
	MaxWeight = 1000
	// MaxBase bounds a topic's folded weight: sums saturate there, far
	// below what the codec refuses (1e12), so no run of events can make the
	// stored profile unreadable.
	MaxBase = 1e9
	// MaxReplayPages bounds the remembered per-page decisions.
	MaxReplayPages = 32
	// MaxReplayRecs bounds the recommendation slots remembered for a page.
	MaxReplayRecs = 8
	// MaxReplayItems bounds the items remembered for one of them (a slot
	// shows at most 12).
	MaxReplayItems = 12
	// MaxPath bounds a stored page path.
	MaxPath = 200
	// MaxName bounds topic, slot, variant and experience names.
	MaxName = 64
	// MaxImpressionDays is how many days of impressions are kept per experience.
	MaxImpressionDays = 7
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

// less orders events by time, then by content, so that every operation on
// sets of events is deterministic.
func (e Event) less(f Event) bool {
	if e.At != f.At {
		return e.At < f.At
	}
	if e.Kind != f.Kind {
		return e.Kind < f.Kind
	}
	if e.Path != f.Path {
		return e.Path < f.Path
	}
	return e.Weight < f.Weight
}

// Topic is the inferred interest in one topic: the recent events, and a base
// that stands for the older events folded out of the list to bound it.
type Topic struct {
	Base   float64 // decayed weight of the folded events, as of BaseAt
	BaseAt int64   // Unix milliseconds
	Folded int64   // every event at or before this time is in Base
	Events []Event // oldest first, each after Folded
}

// Flag is a yes/no the visitor set, with when, so that the later of two
// tabs' settings wins a merge.
type Flag struct {
	On bool
	At int64 // Unix milliseconds
}

// Day counts impressions on one day.
type Day struct {
	Day int // days since 1970-01-01 in the visitor's time zone
	N   int
}

// Impressions count how often an experience was shown, for frequency caps.
type Impressions struct {
	Total int
	Days  []Day // the last MaxImpressionDays days with impressions, oldest first
}

// PageDecision is the module's last decision for one page: slot name to
// variant name ("" is the slot's default content). The loader reads it.
type PageDecision struct {
	Path  string
	At    int64
	Slots map[string]string
	// Recs are the SKUs each recommendation slot showed, in document order.
	Recs [][]string
}

// Consent values.
const (
	ConsentUnset   = ""
	ConsentGranted = "granted"
	ConsentDenied  = "denied"
)

// Profile is everything Hearth knows about the visitor.
type Profile struct {
	Topics      map[string]*Topic
	Declared    map[string]Flag // On: the visitor likes it; off: does not want it
	Blocked     map[string]Flag // On: removed by the visitor, never inferred again
	Visits      int
	Pages       int
	FirstSeen   int64 // Unix milliseconds
	LastSeen    int64 // Unix milliseconds
	PrevSeen    int64 // Unix milliseconds: the last page view of the previous visit
	Impressions map[string]*Impressions
	Items       map[string]*Item // catalog items viewed, bought or dismissed, by SKU
	Consent     string
	ConsentAt   int64
	Paused      Flag
	// Replay holds the last decisions per page, most recent last.
	Replay []PageDecision
	// Pending holds signals the page side stored that are not counted yet.
	Pending []Pending
}

// New returns an empty profile.
func New() *Profile {
	return &Profile{
		Topics: map[string]*Topic{}, Declared: map[string]Flag{}, Blocked: map[string]Flag{},
		Impressions: map[string]*Impressions{}, Items: map[string]*Item{},
	}
}

// Empty reports whether the profile holds nothing about the visitor.
func (p *Profile) Empty() bool {
	return len(p.Topics) == 0 && len(p.Declared) == 0 && len(p.Blocked) == 0 && p.Pages == 0 &&
		len(p.Impressions) == 0 && len(p.Items) == 0 && p.Consent == ConsentUnset && !p.Paused.On
}

// ms converts a time to Unix milliseconds, the unit of every stored time.
func ms(t time.Time) int64 { return t.UnixMilli() }

// decay returns score s, measured at from, as seen at to.
func decay(s float64, from, to int64, halfLife time.Duration) float64 {
	if halfLife <= 0 || to <= from || s == 0 {
		return s
	}
	age := float64(to-from) / float64(halfLife.Milliseconds())
	return s * math.Exp2(-age)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Cut on a UTF-8 boundary.
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// Visit counts a page view: a new visit begins after VisitGap of idleness.
func (p *Profile) Visit(now time.Time) {
	t := ms(now)
	if p.FirstSeen == 0 || t < p.FirstSeen {
		p.FirstSeen = t
	}
	if p.LastSeen == 0 || t-p.LastSeen >= VisitGap.Milliseconds() {
		p.Visits++
		p.PrevSeen = p.LastSeen
	}
	p.Pages++
	if t > p.LastSeen {
		p.LastSeen = t
	}
}

// SinceLastVisit is the time from the previous visit's last page view to
// now; negative on a first visit.
func (p *Profile) SinceLastVisit(now time.Time) time.Duration {
	if p.PrevSeen == 0 {
		return -1
	}
	return now.Sub(time.UnixMilli(p.PrevSeen))
}

// Record adds an event of the given weight to topic. Blocked topics, empty
// or over-long names, and weights that are not positive finite numbers are
// ignored.
func (p *Profile) Record(topic string, kind Kind, weight float64, path string, now time.Time, halfLife time.Duration) {
	if topic == "" || len(topic) > MaxName || !(weight > 0) || weight > MaxWeight || !knownKind(kind) {
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
	e := Event{Kind: kind, Path: clip(path, MaxPath), At: ms(now), Weight: weight}
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

// Declare records a preference the visitor gave; it always beats inference.
//
// It reports false, changing nothing, for a name that is empty or too long,
// or a new topic past MaxDeclared.
func (p *Profile) Declare(topic string, on bool, now time.Time) bool {
	if topic == "" || len(topic) > MaxName {
		return false
	}
	if _, ok := p.Declared[topic]; !ok && len(p.Declared) >= MaxDeclared {
		return false
	}
	p.Declared[topic] = Flag{On: on, At: ms(now)}
	return true
}

// DeclaredOn reports whether the visitor declared topic, and which way.
func (p *Profile) DeclaredOn(topic string) (on, set bool) {
	f, set := p.Declared[topic]
	return f.On, set
}

// Block forgets everything inferred about topic and keeps it from being
// inferred again until Unblock.
func (p *Profile) Block(topic string, now time.Time) {
	if topic == "" || len(topic) > MaxName {
		return
	}
	if _, ok := p.Blocked[topic]; !ok && len(p.Blocked) >= MaxDeclared {
		delete(p.Topics, topic) // forgotten, though not kept from returning
		return
	}
	delete(p.Topics, topic)
	p.Blocked[topic] = Flag{On: true, At: ms(now)}
}

// Unblock lets topic be inferred again.
func (p *Profile) Unblock(topic string, now time.Time) {
	if p.Blocked[topic].On {
		p.Blocked[topic] = Flag{On: false, At: ms(now)}
	}
}

// SetPaused pauses or resumes personalization.
func (p *Profile) SetPaused(on bool, now time.Time) { p.Paused = Flag{On: on, At: ms(now)} }

// SetConsent records the visitor's answer (ConsentGranted or ConsentDenied).
func (p *Profile) SetConsent(c string, now time.Time) {
	if c == ConsentGranted || c == ConsentDenied {
		p.Consent, p.ConsentAt = c, ms(now)
	}
}

// Prune drops events older than retention, the base of folded events once
// they are all older than retention, and topics left with nothing.
func (p *Profile) Prune(now time.Time, retention time.Duration) {
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

// dayOf is the day number of now in now's time zone, so "per day" caps
// follow the visitor's calendar.
func dayOf(now time.Time) int {
	_, off := now.Zone()
	return int(math.Floor(float64(now.Unix()+int64(off)) / 86400))
}

// recentDays keeps the days within MaxImpressionDays of today.
func recentDays(days []Day, today int) []Day {
	out := days[:0:0]
	for _, d := range days {
		if d.Day > today-MaxImpressionDays && d.Day <= today {
			out = append(out, d)
		}
	}
	return out
}

// Impress counts one showing of experience id today.
func (p *Profile) Impress(id string, now time.Time) {
	if id == "" || len(id) > MaxName {
		return
	}
	im := p.Impressions[id]
	if im == nil {
		im = &Impressions{}
		p.Impressions[id] = im
	}
	im.Total++
	today := dayOf(now)
	im.Days = recentDays(im.Days, today)
	if n := len(im.Days); n > 0 && im.Days[n-1].Day == today {
		im.Days[n-1].N++
	} else {
		im.Days = append(im.Days, Day{Day: today, N: 1})
	}
}

// Shown returns how often experience id was shown today, in the last 7 days
// (today included) and in total.
func (p *Profile) Shown(id string, now time.Time) (today, week, total int) {
	im := p.Impressions[id]
	if im == nil {
		return 0, 0, 0
	}
	d := dayOf(now)
	for _, day := range im.Days {
		if day.Day == d {
			today += day.N
		}
		if day.Day > d-7 && day.Day <= d {
			week += day.N
		}
	}
	return today, week, im.Total
}

// SetReplay remembers the decision for path (slots, and the items of its
// recommendation slots), most recent last, bounded.
func (p *Profile) SetReplay(path string, slots map[string]string, recs [][]string, now time.Time) {
	var kept [][]string
	some := false
	for i, r := range recs {
		if i == MaxReplayRecs {
			break
		}
		skus := append([]string(nil), r[:min(len(r), MaxReplayItems)]...)
		for _, sku := range skus {
			if sku == "" || len(sku) > MaxName {
				skus = nil // what cannot be stored is not replayed: the slot waits for the module
				break
			}
		}
		kept = append(kept, skus)
		some = some || len(skus) > 0
	}
	if !some {
		kept = nil
	}
	recs = kept
	path = clip(path, MaxPath)
	out := p.Replay[:0:0]
	for _, r := range p.Replay {
		if r.Path != path {
			out = append(out, r)
		}
	}
	out = append(out, PageDecision{Path: path, At: ms(now), Slots: slots, Recs: recs})
	if n := len(out); n > MaxReplayPages {
		out = out[n-MaxReplayPages:]
	}
	p.Replay = out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
