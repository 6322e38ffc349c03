package rules

import (
	"sort"
	"strconv"

	"hearth/wasm/internal/jsonv"
)

// Facts is what a condition may read about the visitor. The engine provides
// it from the profile; evaluation does no I/O and reads no globals.
type Facts interface {
	Score(topic string) float64
	Declared(topic string) (on, set bool)
	Visits() int
}

// Check is one leaf condition as evaluated: what it asked, what it saw.
// Checks are the reasons a decision carries.
type Check struct {
	Kind    string  // "interest", "declared" or "visits"
	Topic   string  // for interest and declared
	Want    float64 // the threshold asked for
	Got     float64 // the value seen (declared: 1 on, 0 off or unset)
	Held    bool    // whether the leaf itself held
	Negated bool
}

// Cond is a compiled condition. Eval never panics and evaluates every leaf,
// so the reasons are complete and deterministic.
type Cond interface {
	Eval(f Facts) (bool, []Check)
	// Topics lists the topics the condition reads, sorted.
	Topics() []string
}

type interest struct {
	topic   string
	atLeast float64
}

func (c interest) Eval(f Facts) (bool, []Check) {
	got := f.Score(c.topic)
	ok := got >= c.atLeast
	return ok, []Check{{Kind: "interest", Topic: c.topic, Want: c.atLeast, Got: got, Held: ok}}
}
func (c interest) Topics() []string { return []string{c.topic} }

type declared struct{ topic string }

func (c declared) Eval(f Facts) (bool, []Check) {
	on, _ := f.Declared(c.topic)
	got := 0.0
	if on {
		got = 1
	}
	return on, []Check{{Kind: "declared", Topic: c.topic, Want: 1, Got: got, Held: on}}
}
func (c declared) Topics() []string { return []string{c.topic} }

type visits struct{ atLeast int }

func (c visits) Eval(f Facts) (bool, []Check) {
	got := f.Visits()
	ok := got >= c.atLeast
	return ok, []Check{{Kind: "visits", Want: float64(c.atLeast), Got: float64(got), Held: ok}}
}
func (c visits) Topics() []string { return nil }

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
func (c not) Topics() []string { return c.c.Topics() }

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

// maxDepth bounds nesting so a hostile config cannot exhaust the stack.
const maxDepth = 16

// cond compiles one condition object: exactly one of interest, declared,
// visits, all, any, not.
func (ps *parser) cond(v *jsonv.Value, p path, cfg *Config, depth int) Cond {
	if depth > maxDepth {
		ps.failAt(p, v, "conditions nest deeper than "+strconv.Itoa(maxDepth)+" levels")
		return nil
	}
	m, ok := ps.object(v, p, "interest", "declared", "visits", "all", "any", "not")
	if !ok {
		return nil
	}
	if len(v.Members) != 1 {
		if len(m) > 0 || len(v.Members) == 0 {
			ps.failAt(p, v, "a condition has exactly one of interest, declared, visits, all, any, not; got "+strconv.Itoa(len(v.Members)))
		}
		return nil
	}
	op := v.Members[0].Key
	raw := v.Members[0].Val
	cp := p.key(op)
	switch op {
	case "interest":
		o, ok := ps.object(raw, cp, "topic", "atLeast")
		if !ok {
			return nil
		}
		topic := ps.topicRef(o, raw, cp, cfg)
		if cfg.Topics[topic].Sensitive {
			ps.failAt(cp.key("topic"), o["topic"], "topic "+strconv.Quote(topic)+" is sensitive: only a declared preference may target it, never inferred interest")
		}
		least := 1.0
		if n, ok := o["atLeast"]; ok {
			least, _ = ps.num(n, cp.key("atLeast"), 0, 1e6)
		}
		return interest{topic: topic, atLeast: least}
	case "declared":
		topic, ok := ps.str(raw, cp)
		if _, known := cfg.Topics[topic]; ok && !known {
			ps.failAt(cp, raw, "unknown topic "+strconv.Quote(topic)+`; declare it under "topics"`)
		}
		return declared{topic: topic}
	case "visits":
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
		return visits{atLeast: least}
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

func (ps *parser) topicRef(o map[string]*jsonv.Value, v *jsonv.Value, p path, cfg *Config) string {
	raw, ok := o["topic"]
	if !ok {
		ps.failAt(p, v, `missing "topic"`)
		return ""
	}
	topic, ok := ps.str(raw, p.key("topic"))
	if !ok {
		return ""
	}
	if _, known := cfg.Topics[topic]; !known {
		ps.failAt(p.key("topic"), raw, "unknown topic "+strconv.Quote(topic)+`; declare it under "topics"`)
	}
	return topic
}

// String describes a check for logs and tests.
func (c Check) String() string {
	s := c.Kind
	if c.Topic != "" {
		s += "(" + c.Topic + ")"
	}
	s += " " + fmtNum(c.Got) + " >= " + fmtNum(c.Want) + ": " + strconv.FormatBool(c.Held)
	if c.Negated {
		s = "not " + s
	}
	return s
}
