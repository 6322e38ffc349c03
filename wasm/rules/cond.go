package rules

import (
	"time"

	"github.com/hearth-personalization/hearth/wasm/internal/order"
)

// Facts is what a condition may read about the visitor and the page. The
// engine provides it; evaluation does no I/O and reads no globals.
type Facts interface {
	Score(topic string) float64           // interest, rounded to hundredths
	Rank(topic string) int                // 1 for the visitor's strongest topic; 0 if none
	Declared(topic string) (on, set bool) // a preference the visitor gave
	Visits() int
	Pages() int
	DaysSinceLastVisit() float64 // -1 on a first visit
	Path() string
	Query(name string) (string, bool)
	Clock() (minute int, day time.Weekday) // local time of day, in minutes
	Language() string                      // the visitor's language tag
	Viewport() string                      // "small", "medium" or "large"
}

// Check is one leaf condition as evaluated: what it asked and what it saw.
// Checks are the reasons a decision carries.
type Check struct {
	Kind     string  // the condition's name: "interest", "top", "declared", ...
	Topic    string  // for interest, top and declared
	Param    string  // for query: the parameter's name
	Want     float64 // the threshold asked for (top: K)
	WantMax  float64 // daysSinceLastVisit: the upper bound, when given
	Got      float64 // the value seen (declared and returning: 1 or 0)
	WantText string  // for text conditions: what was asked
	GotText  string  // for text conditions: what was seen
	Held     bool    // whether the leaf itself held
	Negated  bool    // the leaf sits under an odd number of "not"
}

// Argues reports whether the check speaks for the outcome of its condition:
// a leaf that held, or a negated leaf that did not.
func (c Check) Argues() bool { return c.Held != c.Negated }

// Cond is a compiled condition; the conditions are in files by family:
// cond_profile.go (what the visitor did and said), cond_page.go (the page
// and the browser), cond_time.go (the visitor's clock), cond_logic.go (all,
// any, not), and cond_parse.go compiles them from a config.
type Cond interface {
	// Eval reports whether the condition holds, in one method that also
	// explains: with why, it evaluates every leaf and appends each one's
	// Check, so the reasons are complete and deterministic; with nil, it
	// stops early and allocates nothing, for the many experiences that are
	// only tried.
	Eval(f Facts, why *[]Check) bool
	// Topics lists the topics the condition reads, sorted.
	Topics() []string
}

// note appends c to why when reasons are asked for, and returns c.Held.
func note(why *[]Check, c Check) bool {
	if why != nil {
		*why = append(*why, c)
	}
	return c.Held
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func union(cs []Cond) []string {
	set := map[string]bool{}
	for _, c := range cs {
		for _, t := range c.Topics() {
			set[t] = true
		}
	}
	out := make([]string, 0, len(set))
	for t := range set {
		out = append(out, t)
	}
	order.Strings(out)
	return out
}
