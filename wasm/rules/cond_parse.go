package rules

import (
	"strconv"
	"strings"

	"github.com/hearth-personalization/hearth/internal/jsonv"
)

// condKind is a condition kind and the function that compiles its value.
type condKind struct {
	name  string
	parse func(ps *parser, op string, raw *jsonv.Value, cp path, cfg *Config, depth int) Cond
}

// conditionKinds are the condition kinds: a new kind is a parse function
// beside its type and a line here (and its words in wasm/panel/format.go,
// which the panel's test asks for). Set in init: "all", "any" and "not"
// compile their parts through cond, which reads this table.
var conditionKinds []condKind

// conditionNames are the keys a condition object may have: exactly one.
var conditionNames []string

func init() {
	conditionKinds = []condKind{
		{"interest", condInterest},
		{"top", condTop},
		{"declared", condDeclared},
		{"visits", condCounter},
		{"pages", condCounter},
		{"daysSinceLastVisit", condSinceLast},
		{"returning", condReturning},
		{"path", condPath},
		{"query", condQuery},
		{"time", condTime},
		{"weekday", condWeekday},
		{"language", condLanguage},
		{"viewport", condViewport},
		{"all", condAllAny},
		{"any", condAllAny},
		{"not", condNot},
	}
	for _, k := range conditionKinds {
		conditionNames = append(conditionNames, k.name)
	}
}

// CheckKinds are the kinds a Check may have: every condition but the
// combinations (all, any, not). The panel has words for each, and its test
// holds it to this list, so a new kind cannot reach visitors unexplained.
func CheckKinds() []string {
	var out []string
	for _, n := range conditionNames {
		if n != "all" && n != "any" && n != "not" {
			out = append(out, n)
		}
	}
	return out
}

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
	for _, k := range conditionKinds {
		if k.name == op {
			return k.parse(ps, op, raw, p.key(op), cfg, depth)
		}
	}
	return nil
}

// condInterest: an interest score in a topic, at least atLeast.
func condInterest(ps *parser, op string, raw *jsonv.Value, cp path, cfg *Config, depth int) Cond {
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
}

// condTop: a topic among the visitor's k strongest.
func condTop(ps *parser, op string, raw *jsonv.Value, cp path, cfg *Config, depth int) Cond {
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
}

// condDeclared: a topic the visitor declared.
func condDeclared(ps *parser, op string, raw *jsonv.Value, cp path, cfg *Config, depth int) Cond {
	topic, ok := ps.str(raw, cp)
	if _, known := cfg.Topics[topic]; ok && !known {
		ps.failAt(cp, raw, unknownTopic(topic, cfg))
	}
	return declared{topic: topic}
}

// condCounter: at least so many visits (or pages).
func condCounter(ps *parser, op string, raw *jsonv.Value, cp path, cfg *Config, depth int) Cond {
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
}

// condSinceLast: days since the last visit, within bounds.
func condSinceLast(ps *parser, op string, raw *jsonv.Value, cp path, cfg *Config, depth int) Cond {
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
}

// condReturning: a returning visitor, or a new one.
func condReturning(ps *parser, op string, raw *jsonv.Value, cp path, cfg *Config, depth int) Cond {
	b, _ := ps.boolean(raw, cp)
	return returning(b)
}

// condPath: the page's path matches a glob.
func condPath(ps *parser, op string, raw *jsonv.Value, cp path, cfg *Config, depth int) Cond {
	s, ok := ps.str(raw, cp)
	if ok && !strings.HasPrefix(s, "/") {
		ps.failAt(cp, raw, "a path pattern starts with \"/\", like \"/c/*\"")
	}
	return pathGlob(s)
}

// condQuery: the page's query parameters.
func condQuery(ps *parser, op string, raw *jsonv.Value, cp path, cfg *Config, depth int) Cond {
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
}

// condTime: a window of local time.
func condTime(ps *parser, op string, raw *jsonv.Value, cp path, cfg *Config, depth int) Cond {
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
}

// condWeekday: local weekdays.
func condWeekday(ps *parser, op string, raw *jsonv.Value, cp path, cfg *Config, depth int) Cond {
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
}

// condLanguage: the browser's languages.
func condLanguage(ps *parser, op string, raw *jsonv.Value, cp path, cfg *Config, depth int) Cond {
	names := ps.strList(raw, cp)
	var l language
	for i, n := range names {
		if len(n) < 2 || len(n) > 8 || strings.ContainsAny(n, "-_ ") {
			ps.failAt(cp.idx(i), raw.Elems[i], "want a primary language subtag like \"de\", got "+strconv.Quote(n))
		}
		l = append(l, strings.ToLower(n))
	}
	return l
}

// condViewport: viewport classes.
func condViewport(ps *parser, op string, raw *jsonv.Value, cp path, cfg *Config, depth int) Cond {
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
}

// condAllAny: every one, or any, of a list of conditions.
func condAllAny(ps *parser, op string, raw *jsonv.Value, cp path, cfg *Config, depth int) Cond {
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
}

// condNot: a condition that must not hold.
func condNot(ps *parser, op string, raw *jsonv.Value, cp path, cfg *Config, depth int) Cond {
	if c := ps.cond(raw, cp, cfg, depth+1); c != nil {
		return not{c}
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
