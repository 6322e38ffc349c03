package rules

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"hearth/wasm/internal/jsonv"
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

// Cond is a compiled condition. Eval never panics and evaluates every leaf,
// so the reasons are complete and deterministic.
type Cond interface {
	// Holds is Eval without the reasons: it stops early and allocates nothing,
	// for the many experiences that are only tried.
	Holds(f Facts) bool
	Eval(f Facts) (bool, []Check)
	// Topics lists the topics the condition reads, sorted.
	Topics() []string
}

func one(c Check) (bool, []Check) { return c.Held, []Check{c} }

type interest struct {
	topic   string
	atLeast float64
}

func (c interest) Eval(f Facts) (bool, []Check) {
	got := f.Score(c.topic)
	return one(Check{Kind: "interest", Topic: c.topic, Want: c.atLeast, Got: got, Held: got >= c.atLeast})
}
func (c interest) Topics() []string   { return []string{c.topic} }
func (c interest) Holds(f Facts) bool { return f.Score(c.topic) >= c.atLeast }

type top struct {
	topic string
	k     int
}

func (c top) Eval(f Facts) (bool, []Check) {
	r := f.Rank(c.topic)
	return one(Check{Kind: "top", Topic: c.topic, Want: float64(c.k), Got: float64(r), Held: r > 0 && r <= c.k})
}
func (c top) Topics() []string   { return []string{c.topic} }
func (c top) Holds(f Facts) bool { r := f.Rank(c.topic); return r > 0 && r <= c.k }

type declared struct{ topic string }

func (c declared) Eval(f Facts) (bool, []Check) {
	on, _ := f.Declared(c.topic)
	return one(Check{Kind: "declared", Topic: c.topic, Want: 1, Got: b2f(on), Held: on})
}
func (c declared) Topics() []string   { return []string{c.topic} }
func (c declared) Holds(f Facts) bool { on, _ := f.Declared(c.topic); return on }

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// counter is visits or pages at least N.
type counter struct {
	kind    string
	atLeast int
}

func (c counter) Eval(f Facts) (bool, []Check) {
	got := f.Visits()
	if c.kind == "pages" {
		got = f.Pages()
	}
	return one(Check{Kind: c.kind, Want: float64(c.atLeast), Got: float64(got), Held: got >= c.atLeast})
}
func (c counter) Topics() []string { return nil }
func (c counter) Holds(f Facts) bool {
	if c.kind == "pages" {
		return f.Pages() >= c.atLeast
	}
	return f.Visits() >= c.atLeast
}

type sinceLast struct {
	atLeast, atMost float64 // atMost < 0: no upper bound
}

func (c sinceLast) Eval(f Facts) (bool, []Check) {
	d := f.DaysSinceLastVisit()
	ok := d >= 0 && d >= c.atLeast && (c.atMost < 0 || d <= c.atMost)
	return one(Check{Kind: "daysSinceLastVisit", Want: c.atLeast, WantMax: c.atMost, Got: d, Held: ok})
}
func (c sinceLast) Topics() []string   { return nil }
func (c sinceLast) Holds(f Facts) bool { ok, _ := c.Eval(f); return ok }

type returning bool

func (c returning) Eval(f Facts) (bool, []Check) {
	r := f.Visits() > 1
	return one(Check{Kind: "returning", Want: b2f(bool(c)), Got: b2f(r), Held: r == bool(c)})
}
func (c returning) Topics() []string   { return nil }
func (c returning) Holds(f Facts) bool { return (f.Visits() > 1) == bool(c) }

type pathGlob string

func (c pathGlob) Eval(f Facts) (bool, []Check) {
	p := f.Path()
	return one(Check{Kind: "path", WantText: string(c), GotText: p, Held: Glob(string(c), p)})
}
func (c pathGlob) Topics() []string   { return nil }
func (c pathGlob) Holds(f Facts) bool { return Glob(string(c), f.Path()) }

// query: every named parameter of the page's own URL has the value ("*": any).
type query []struct{ name, value string }

func (c query) Eval(f Facts) (bool, []Check) {
	ok, checks := true, make([]Check, 0, len(c))
	for _, q := range c {
		got, present := f.Query(q.name)
		held := present && (q.value == "*" || got == q.value)
		ok = ok && held
		checks = append(checks, Check{Kind: "query", Param: q.name, WantText: q.value, GotText: got, Held: held})
	}
	return ok, checks
}
func (c query) Topics() []string { return nil }
func (c query) Holds(f Facts) bool {
	for _, q := range c {
		got, present := f.Query(q.name)
		if !present || (q.value != "*" && got != q.value) {
			return false
		}
	}
	return true
}

// timeOfDay holds from from (inclusive) to to (exclusive), in local minutes;
// from > to wraps past midnight.
type timeOfDay struct{ from, to int }

func (c timeOfDay) Eval(f Facts) (bool, []Check) {
	m, _ := f.Clock()
	ok := m >= c.from && m < c.to
	if c.from > c.to {
		ok = m >= c.from || m < c.to
	}
	return one(Check{Kind: "time", WantText: hhmm(c.from) + "–" + hhmm(c.to), GotText: hhmm(m), Held: ok})
}
func (c timeOfDay) Topics() []string { return nil }
func (c timeOfDay) Holds(f Facts) bool {
	m, _ := f.Clock()
	if c.from > c.to {
		return m >= c.from || m < c.to
	}
	return m >= c.from && m < c.to
}

func hhmm(m int) string {
	h, mm := m/60, m%60
	return string([]byte{byte('0' + h/10), byte('0' + h%10), ':', byte('0' + mm/10), byte('0' + mm%10)})
}

var weekdays = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

type weekday uint8 // bit d set: time.Weekday(d) allowed

func (c weekday) Eval(f Facts) (bool, []Check) {
	_, d := f.Clock()
	var want []string
	for i, n := range weekdays {
		if c&(1<<i) != 0 {
			want = append(want, n)
		}
	}
	return one(Check{Kind: "weekday", WantText: strings.Join(want, ","), GotText: weekdays[d], Held: c&(1<<d) != 0})
}
func (c weekday) Topics() []string   { return nil }
func (c weekday) Holds(f Facts) bool { _, d := f.Clock(); return c&(1<<d) != 0 }

type language []string // primary subtags, lowercase

func (c language) Eval(f Facts) (bool, []Check) {
	got := f.Language()
	primary := strings.ToLower(got)
	if i := strings.IndexAny(primary, "-_"); i >= 0 {
		primary = primary[:i]
	}
	ok := false
	for _, l := range c {
		ok = ok || l == primary
	}
	return one(Check{Kind: "language", WantText: strings.Join(c, ","), GotText: got, Held: ok})
}
func (c language) Topics() []string   { return nil }
func (c language) Holds(f Facts) bool { ok, _ := c.Eval(f); return ok }

// Viewport classes, by the viewport's CSS width.
var viewports = []string{"small", "medium", "large"}

// ViewportClass names the class of a viewport width in CSS pixels: small
// below 640, medium below 1024, large from 1024.
func ViewportClass(width float64) string {
	switch {
	case width < 640:
		return "small"
	case width < 1024:
		return "medium"
	}
	return "large"
}

type viewport []string

func (c viewport) Eval(f Facts) (bool, []Check) {
	got := f.Viewport()
	ok := false
	for _, v := range c {
		ok = ok || v == got
	}
	return one(Check{Kind: "viewport", WantText: strings.Join(c, ","), GotText: got, Held: ok})
}
func (c viewport) Topics() []string { return nil }
func (c viewport) Holds(f Facts) bool {
	got := f.Viewport()
	for _, v := range c {
		if v == got {
			return true
		}
	}
	return false
}

type all []Cond

func (c all) Eval(f Facts) (bool, []Check) {
	ok, checks := true, []Check(nil)
	for _, sub := range c {
		held, cs := sub.Eval(f)
		ok = ok && held
		checks = append(checks, cs...)
	}
	return ok, checks
}
func (c all) Topics() []string { return union(c) }
func (c all) Holds(f Facts) bool {
	for _, sub := range c {
		if !sub.Holds(f) {
			return false
		}
	}
	return true
}

type anyOf []Cond

func (c anyOf) Eval(f Facts) (bool, []Check) {
	ok, checks := false, []Check(nil)
	for _, sub := range c {
		held, cs := sub.Eval(f)
		ok = ok || held
		checks = append(checks, cs...)
	}
	return ok, checks
}
func (c anyOf) Topics() []string { return union(c) }
func (c anyOf) Holds(f Facts) bool {
	for _, sub := range c {
		if sub.Holds(f) {
			return true
		}
	}
	return false
}

type not struct{ c Cond }

func (c not) Eval(f Facts) (bool, []Check) {
	held, cs := c.c.Eval(f)
	out := make([]Check, len(cs))
	for i, ch := range cs {
		ch.Negated = !ch.Negated
		out[i] = ch
	}
	return !held, out
}
func (c not) Topics() []string   { return c.c.Topics() }
func (c not) Holds(f Facts) bool { return !c.c.Holds(f) }

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
	sort.Strings(out)
	return out
}

// conditionNames are the keys a condition object may have: exactly one.
var conditionNames = []string{"interest", "top", "declared", "visits", "pages", "daysSinceLastVisit",
	"returning", "path", "query", "time", "weekday", "language", "viewport", "all", "any", "not"}

// maxDepth bounds nesting so a hostile config cannot exhaust the stack.
const maxDepth = 16

// cond compiles one condition object.
func (ps *parser) cond(v *jsonv.Value, p path, cfg *Config, depth int) Cond {
	if depth > maxDepth {
		ps.failAt(p, v, "conditions nest deeper than "+strconv.Itoa(maxDepth)+" levels")
		return nil
	}
	m, ok := ps.object(v, p, conditionNames...)
	if !ok {
		return nil
	}
	if len(v.Members) != 1 {
		if len(m) > 0 || len(v.Members) == 0 {
			ps.failAt(p, v, "a condition has exactly one of "+strings.Join(conditionNames, ", ")+"; got "+strconv.Itoa(len(v.Members)))
		}
		return nil
	}
	op, raw := v.Members[0].Key, v.Members[0].Val
	cp := p.key(op)
	switch op {
	case "interest":
		o, ok := ps.object(raw, cp, "topic", "atLeast")
		if !ok {
			return nil
		}
		topic := ps.inferredTopic(o, raw, cp, cfg)
		least := 1.0
		if n, ok := o["atLeast"]; ok {
			least, _ = ps.num(n, cp.key("atLeast"), 0, 1e6)
		}
		return interest{topic: topic, atLeast: least}
	case "top":
		o, ok := ps.object(raw, cp, "topic", "k")
		if !ok {
			return nil
		}
		topic := ps.inferredTopic(o, raw, cp, cfg)
		k := 1
		if n, ok := o["k"]; ok {
			k, _ = ps.integer(n, cp.key("k"), 1, 50)
		}
		return top{topic: topic, k: k}
	case "declared":
		topic, ok := ps.str(raw, cp)
		if _, known := cfg.Topics[topic]; ok && !known {
			ps.failAt(cp, raw, unknownTopic(topic, cfg))
		}
		return declared{topic: topic}
	case "visits", "pages":
		o, ok := ps.object(raw, cp, "atLeast")
		if !ok {
			return nil
		}
		n, ok := o["atLeast"]
		if !ok {
			ps.failAt(cp, raw, `missing "atLeast"`)
			return nil
		}
		least, _ := ps.integer(n, cp.key("atLeast"), 0, 1<<30)
		return counter{kind: op, atLeast: least}
	case "daysSinceLastVisit":
		o, ok := ps.object(raw, cp, "atLeast", "atMost")
		if !ok {
			return nil
		}
		c := sinceLast{atLeast: 0, atMost: -1}
		if n, ok := o["atLeast"]; ok {
			c.atLeast, _ = ps.num(n, cp.key("atLeast"), 0, 3650)
		}
		if n, ok := o["atMost"]; ok {
			c.atMost, _ = ps.num(n, cp.key("atMost"), 0, 3650)
		}
		if len(o) == 0 {
			ps.failAt(cp, raw, `want "atLeast", "atMost" or both`)
		} else if c.atMost >= 0 && c.atMost < c.atLeast {
			ps.failAt(cp, raw, `"atMost" is below "atLeast": it can never hold`)
		}
		return c
	case "returning":
		b, _ := ps.boolean(raw, cp)
		return returning(b)
	case "path":
		s, ok := ps.str(raw, cp)
		if ok && !strings.HasPrefix(s, "/") {
			ps.failAt(cp, raw, "a path pattern starts with \"/\", like \"/c/*\"")
		}
		return pathGlob(s)
	case "query":
		if raw.Kind != jsonv.Object || len(raw.Members) == 0 {
			ps.failAt(cp, raw, `want an object of parameter → value ("*" for any value), like {"utm_campaign": "spring"}`)
			return nil
		}
		var q query
		for _, mem := range raw.Members {
			val, _ := ps.str(mem.Val, cp.key(mem.Key))
			if mem.Key == "" {
				ps.fail(cp, mem.Off, "empty parameter name")
			}
			q = append(q, struct{ name, value string }{mem.Key, val})
		}
		return q
	case "time":
		o, ok := ps.object(raw, cp, "from", "to")
		if !ok {
			return nil
		}
		var c timeOfDay
		for _, f := range []struct {
			key string
			dst *int
		}{{"from", &c.from}, {"to", &c.to}} {
			fv, ok := o[f.key]
			if !ok {
				ps.failAt(cp, raw, "missing "+strconv.Quote(f.key))
				continue
			}
			s, _ := ps.str(fv, cp.key(f.key))
			m, ok := parseHHMM(s)
			if !ok {
				ps.failAt(cp.key(f.key), fv, "want a local time as \"HH:MM\" (00:00 to 24:00), got "+strconv.Quote(s))
			}
			*f.dst = m
		}
		if c.from == c.to {
			ps.failAt(cp, raw, `"from" equals "to": the window is empty`)
		}
		return c
	case "weekday":
		names := ps.strList(raw, cp)
		var w weekday
		for i, n := range names {
			found := false
			for d, wd := range weekdays {
				if strings.EqualFold(n, wd) {
					w |= 1 << d
					found = true
				}
			}
			if !found {
				ps.failAt(cp.idx(i), raw.Elems[i], "unknown weekday "+strconv.Quote(n)+" (use "+strings.Join(weekdays, ", ")+")")
			}
		}
		return w
	case "language":
		names := ps.strList(raw, cp)
		var l language
		for i, n := range names {
			if len(n) < 2 || len(n) > 8 || strings.ContainsAny(n, "-_ ") {
				ps.failAt(cp.idx(i), raw.Elems[i], "want a primary language subtag like \"de\", got "+strconv.Quote(n))
			}
			l = append(l, strings.ToLower(n))
		}
		return l
	case "viewport":
		var names []string
		if raw.Kind == jsonv.String {
			names = []string{raw.Str}
		} else {
			names = ps.strList(raw, cp)
		}
		for _, n := range names {
			known := false
			for _, v := range viewports {
				known = known || v == n
			}
			if !known {
				ps.failAt(cp, raw, "unknown viewport class "+strconv.Quote(n)+" (use "+strings.Join(viewports, ", ")+")")
			}
		}
		return viewport(names)
	case "all", "any":
		if raw.Kind != jsonv.Array || len(raw.Elems) == 0 {
			ps.failAt(cp, raw, "want a non-empty array of conditions")
			return nil
		}
		subs := make([]Cond, 0, len(raw.Elems))
		for i, s := range raw.Elems {
			if c := ps.cond(s, cp.idx(i), cfg, depth+1); c != nil {
				subs = append(subs, c)
			}
		}
		if op == "all" {
			return all(subs)
		}
		return anyOf(subs)
	case "not":
		if c := ps.cond(raw, cp, cfg, depth+1); c != nil {
			return not{c}
		}
	}
	return nil
}

// strList reads a non-empty array of strings.
func (ps *parser) strList(v *jsonv.Value, p path) []string {
	if v.Kind != jsonv.Array || len(v.Elems) == 0 {
		ps.failAt(p, v, "want a non-empty array of strings")
		return nil
	}
	out := make([]string, len(v.Elems))
	for i, e := range v.Elems {
		out[i], _ = ps.str(e, p.idx(i))
	}
	return out
}

func parseHHMM(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	h, err1 := strconv.Atoi(s[:2])
	m, err2 := strconv.Atoi(s[3:])
	if err1 != nil || err2 != nil || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, false
	}
	return h*60 + m, true
}

// inferredTopic reads the topic of a condition on inferred interest, which a
// sensitive topic never allows.
func (ps *parser) inferredTopic(o map[string]*jsonv.Value, v *jsonv.Value, p path, cfg *Config) string {
	raw, ok := o["topic"]
	if !ok {
		ps.failAt(p, v, `missing "topic"`)
		return ""
	}
	topic, ok := ps.str(raw, p.key("topic"))
	if !ok {
		return ""
	}
	t, known := cfg.Topics[topic]
	switch {
	case !known:
		ps.failAt(p.key("topic"), raw, unknownTopic(topic, cfg))
	case t.Sensitive:
		ps.failAt(p.key("topic"), raw, "topic "+strconv.Quote(topic)+" is sensitive: only a declared preference may target it, never inferred interest")
	}
	return topic
}

// String describes a check for logs and tests.
func (c Check) String() string {
	s := c.Kind
	if c.Topic != "" {
		s += "(" + c.Topic + ")"
	}
	if c.Param != "" {
		s += "(" + c.Param + ")"
	}
	if c.WantText != "" || c.GotText != "" {
		s += " " + strconv.Quote(c.GotText) + " ~ " + strconv.Quote(c.WantText)
	} else {
		s += " " + fmtNum(c.Got) + " >= " + fmtNum(c.Want)
	}
	s += ": " + strconv.FormatBool(c.Held)
	if c.Negated {
		s = "not " + s
	}
	return s
}
