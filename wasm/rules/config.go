// Package rules is the site owner's config (hearth.json): its parsing, its
// validation with errors that name the JSON path and line:column, and the
// conditions of each experience, compiled once and evaluated purely.
package rules

import (
	"sync"
	"time"

	"github.com/hearth-personalization/hearth/wasm/internal/order"
	"github.com/hearth-personalization/hearth/wasm/internal/stamp"
)

// Version is the config format this package reads.
const Version = 1

// Languages are the visitor-facing languages Hearth ships; English is the fallback.
var Languages = []string{"en", "es", "de", "fr", "ar"}

// Defaults for what a config may leave out.
const (
	DefaultHalfLife     = 14 * 24 * time.Hour
	DefaultRetention    = 30 * 24 * time.Hour
	DefaultView         = 1.0
	DefaultClick        = 3.0
	DefaultDwell        = 2.0
	DefaultDwellSeconds = 30.0
	DefaultDeclare      = 5.0
	DefaultTrack        = 1.0
)

// Consent modes.
const (
	OptOut = "opt-out" // personalize unless the visitor says no (or sends Global Privacy Control)
	OptIn  = "opt-in"  // record and personalize nothing before the visitor says yes
)

// MaxConfig is the largest config accepted, far above any real one.
const MaxConfig = 1 << 20

// Config is a parsed, validated site config.
type Config struct {
	// names is Topics' ids and labels made ids (singular), for PageTopics:
	// built once, on the first page that needs it.
	names     map[string]string
	namesOnce sync.Once

	Topics  map[string]Topic
	Signals Signals
	Consent string // OptOut or OptIn
	// Launcher places the floating button that opens the panel:
	// "bottom-right" (default), "bottom-left" or "none" (the site links to
	// it itself: an element #hearth-launcher, or hearth.open()).
	Launcher    string
	HalfLife    time.Duration // score half-life
	Retention   time.Duration // how long events are kept
	Experiences []Experience  // in config order
	// Complements maps a topic to the topics that go with it (coats →
	// gloves, hats, scarves), for recommendations.
	Complements map[string][]string
	// ItemComplements maps an item's SKU to items that go with it.
	ItemComplements map[string][]string
	Retargeting     Retargeting
	// BySlot lists, per slot, the indexes of its experiences, best first:
	// higher priority, then config order.
	BySlot map[string][]int
	// Items names the site's kind of items for the panel's words:
	// "products", "articles", "posts", "recipes", "pages" (a docs site);
	// "" says items.
	Items string
	// DarkMode is a CSS selector that matches when the page is dark (a
	// theme's toggle sets a class: "html.dark"): the panel follows it.
	// Empty: the page's color-scheme, else the visitor's system setting.
	DarkMode string
	// OnlyKnownTopics ("pageTopics": "known") records only the topics the
	// config names; by default every topic a page names is recorded (a blog
	// with 80 tags need not label each).
	OnlyKnownTopics bool
	// Catalog is the path of the site's catalog (package catalog, written
	// by `hearth index`): the module fetches it, the same file for every
	// visitor, and recommendation slots draw from every item it lists.
	// Empty: the page's own item templates only.
	Catalog string
	// ExtraSensitive are the categories the site added to the built-in
	// ones ("sensitive").
	ExtraSensitive []string
	// Measure is the private measurement; nil: off (the default), or its
	// section is broken, and then MeasureErr says how.
	Measure    *Measure
	MeasureErr ErrorList
}

// Sensitive reports whether topic is sensitive on this site: a topic the
// config marks so, or any id under a built-in or added category, whether
// or not the config names it (a page may carry tags the config lacks).
func (c *Config) Sensitive(topic string) bool {
	return c.Topics[topic].Sensitive || IsSensitive(topic, c.ExtraSensitive)
}

// SensitiveCategories lists the categories in force on this site, for the
// page side, which must not queue a click on them (see IsSensitive).
func (c *Config) SensitiveCategories() []string {
	out := append(append([]string(nil), SensitiveCategories...), c.ExtraSensitive...)
	for id, t := range c.Topics {
		if t.Sensitive && !IsSensitive(id, c.ExtraSensitive) {
			out = append(out, id)
		}
	}
	order.Strings(out[len(SensitiveCategories)+len(c.ExtraSensitive):])
	return out
}

// Topic is one entry of the site's interest taxonomy.
type Topic struct {
	Labels    map[string]string // language → label
	Sensitive bool              // only a declared preference may drive it
}

// Signals are the weights of what the visitor does.
type Signals struct {
	View  float64 // a page about the topic was opened
	Click float64 // a link about the topic was clicked
	Dwell float64 // the page stayed visible DwellSeconds
	// DwellSeconds is how long a page must stay visible to count as dwell.
	DwellSeconds float64
	// Declare is added to the interest in a topic the visitor declared.
	Declare float64
	Track   float64 // hearth.track without a weight
}

// Experience shows Variant in Slot when When holds, between Start and End,
// under its Cap.
type Experience struct {
	ID       string
	Slot     string
	Variant  string
	Priority int
	When     Cond
	Topics   []string // the topics When reads, sorted: computed once, when the config is read
	Start    Bound    // zero: no start
	End      Bound    // zero: no end
	Cap      Cap
	Why      map[string]string // language → sentence with {topic}, {count}, {days}
}

// Retargeting limits "recently viewed" reminders, per item.
type Retargeting struct {
	PerDay, PerWeek int           // 0: no limit
	CoolDown        time.Duration // no reminder this long after a purchase or a dismissal
}

// Cap limits how often an experience is shown; 0 means no limit.
type Cap struct{ PerDay, PerWeek, Total int }

// Bound is an experience's start or end: a whole local day ("2026-12-01",
// inclusive), or an instant with its time zone (RFC 3339).
type Bound struct {
	// instant, in Unix ms, and the zone offset it was written with
	// (seconds east): not a time.Time, which would keep time's layout
	// formatter in the module (see Measure).
	instant  int64
	offset   int
	DateOnly bool
	Y, M, D  int
	set      bool
}

// Started reports whether now is at or after a start bound.
func (b Bound) Started(now time.Time) bool {
	if !b.set {
		return true
	}
	if b.DateOnly {
		y, m, d := now.Date()
		return dateKey(y, int(m), d) >= dateKey(b.Y, b.M, b.D)
	}
	return now.UnixMilli() >= b.instant
}

// Ended reports whether now is past an end bound (an end date includes its day).
func (b Bound) Ended(now time.Time) bool {
	if !b.set {
		return false
	}
	if b.DateOnly {
		y, m, d := now.Date()
		return dateKey(y, int(m), d) > dateKey(b.Y, b.M, b.D)
	}
	return now.UnixMilli() > b.instant
}

// Instant is the bound's instant, at the offset it was written with (for a
// DateOnly bound, meaningless: see startInstant).
func (b Bound) Instant() time.Time {
	return time.UnixMilli(b.instant).In(time.FixedZone("", b.offset))
}

func dateKey(y, m, d int) int { return y*10000 + m*100 + d }

// String is the bound as written.
func (b Bound) String() string {
	if b.DateOnly {
		return stamp.Date(time.Date(b.Y, time.Month(b.M), b.D, 0, 0, 0, 0, time.UTC))
	}
	return stamp.RFC3339(b.Instant())
}

// Label returns topic's label in lang, falling back to English, then the id.
func (c *Config) Label(topic, lang string) string {
	t := c.Topics[topic]
	if l := t.Labels[lang]; l != "" {
		return l
	}
	if l := t.Labels["en"]; l != "" {
		return l
	}
	return readable(topic)
}

// readable makes a topic id the config does not label readable: a tag
// "leave-no-trace" reads "Leave no trace".
func readable(id string) string {
	b := []byte(id)
	for i, c := range b {
		if c == '-' || c == '_' {
			b[i] = ' '
		}
	}
	if len(b) > 0 && b[0] >= 'a' && b[0] <= 'z' {
		b[0] -= 'a' - 'A'
	}
	return string(b)
}

// Records reports whether a topic a page names is recorded at all.
func (c *Config) Records(topic string) bool {
	if !c.OnlyKnownTopics {
		return true
	}
	_, ok := c.Topics[topic]
	return ok
}

// TopicNames returns the taxonomy's ids in sorted order.
func (c *Config) TopicNames() []string {
	names := make([]string, 0, len(c.Topics))
	for n := range c.Topics {
		names = append(names, n)
	}
	order.Strings(names)
	return names
}

// isID reports whether s is a topic id: lowercase letters, digits, - and _,
// starting with a letter or digit, at most 64 bytes.
func isID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i, c := range []byte(s) {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || i > 0 && (c == '-' || c == '_')
		if !ok {
			return false
		}
	}
	return true
}

// isName reports whether s is an experience, slot or variant name: letters,
// digits, '.', '-' and '_', starting with a letter or digit, at most 64 bytes.
func isName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i, c := range []byte(s) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			i > 0 && (c == '-' || c == '_' || c == '.')
		if !ok {
			return false
		}
	}
	return true
}
