// Package profile is the visitor's profile as Hearth keeps it on the device:
// per-topic interest scores that decay over time with the events behind
// them, declared preferences, blocked topics, visit counters, impressions
// for frequency caps, consent and pause, and the module's last decision per
// page (which the loader replays before the module has started).
//
// Profiles from two tabs merge without losing either's updates (see mergeProfiles),
// and the stored form stays under maxStored bytes whatever the history.
//
// It is pure Go: no browser imports. The browser adapter supplies a Storage.
package profile

import (
	"math"
	"time"

	"github.com/hearth-personalization/hearth/wasm/internal/order"
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
	// they must fit in maxStored on their own. A declaration past it is
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
	// MaxConfigHash bounds the config's hash kept with a replay.
	MaxConfigHash = 16
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
	// Src is where the page said it was about the topic, when the owner
	// wrote no hearth:topics: "tags", "section", "jsonld", "keywords",
	// "path" (rules.Sources). "" for the owner's markup, the API and every
	// event of an older profile.
	Src string
}

// maxSrc bounds an event's source name: a short lower-case word.
const maxSrc = 16

// validSrc reports whether s may name an event's source: "" or a short
// lower-case word (a later version's source reads as it is).
func validSrc(s string) bool {
	if len(s) > maxSrc {
		return false
	}
	for _, c := range []byte(s) {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
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
	if e.Src != f.Src {
		return e.Src < f.Src
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
	// Config identifies the config the decision came from (the page side's
	// hash of its text; "" for one stored before it was kept): the loader
	// replays the decision, and the page side withdraws the replay once the
	// config it fetched turns out to be another.
	Config string
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
	// Measure is the site's private measurement on this device (nil: none
	// yet); MeasureOff is the visitor's switch that stops it (On: stopped).
	Measure    *Measurement
	MeasureOff Flag
	// Spends is the device's ledger of measurement reports sent in the
	// last year (see Spend), kept apart from Measure.
	Spends []Spend
	// Born is when this profile began after the storage was last cleared
	// (Unix milliseconds; 0 for one never cleared): a tab still holding a
	// copy from before the clear must not merge it back (see Store).
	Born int64
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

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	order.Strings(keys)
	return keys
}
