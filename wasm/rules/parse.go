package rules

// The parser: a config read into values with every error collected, each
// with its JSON path and line:column.

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/hearth-personalization/hearth/internal/jsonv"
)

// The keys of a config and of an experience (web/hearth.schema.json lists
// the same; a test keeps them in step).
var (
	topLevelKeys   = []string{"$schema", "version", "consent", "launcher", "darkMode", "items", "pageTopics", "catalog", "topics", "sensitive", "signals", "decay", "retention", "experiences", "complements", "itemComplements", "retargeting", "measure"}
	experienceKeys = []string{"id", "slot", "variant", "priority", "start", "end", "cap", "when", "why"}
)

// parser collects every error found, with its path and position.
type parser struct {
	data []byte
	errs ErrorList
}

func (ps *parser) fail(p path, off int, msg string) {
	e := &Error{Path: string(p), Msg: msg}
	if off >= 0 {
		e.Line, e.Col = lineCol(ps.data, off)
	}
	ps.errs = append(ps.errs, e)
}

// failAt reports a problem with value v.
func (ps *parser) failAt(p path, v *jsonv.Value, msg string) { ps.fail(p, v.Off, msg) }

// Parse reads and validates a config. The error, if any, is an ErrorList
// naming every problem found.
func Parse(data []byte) (*Config, error) {
	if len(data) > MaxConfig {
		return nil, ErrorList{{Msg: "config is " + strconv.Itoa(len(data)) + " bytes, over the " + strconv.Itoa(MaxConfig) + " byte limit"}}
	}
	ps := &parser{data: data}
	if len(strings.TrimSpace(string(data))) == 0 {
		ps.fail("", -1, "the config is empty")
		return nil, ps.errs
	}
	doc, err := jsonv.Parse(data)
	if err != nil {
		se := err.(*jsonv.SyntaxError)
		ps.fail("", se.Off, "invalid JSON: "+se.Msg)
		return nil, ps.errs
	}
	cfg := ps.config(doc)
	if len(ps.errs) > 0 {
		return nil, ps.errs
	}
	cfg.BySlot = map[string][]int{}
	for i, x := range cfg.Experiences {
		cfg.BySlot[x.Slot] = append(cfg.BySlot[x.Slot], i)
	}
	for _, idx := range cfg.BySlot {
		sort.SliceStable(idx, func(a, b int) bool {
			return cfg.Experiences[idx[a]].Priority > cfg.Experiences[idx[b]].Priority
		})
	}
	return cfg, nil
}

// object checks that v is an object with only the allowed keys, each once,
// and returns its members by key.
func (ps *parser) object(v *jsonv.Value, p path, allowed ...string) (map[string]*jsonv.Value, bool) {
	if v.Kind != jsonv.Object {
		ps.failAt(p, v, "want an object, got "+v.Kind.Name())
		return nil, false
	}
	m := make(map[string]*jsonv.Value, len(v.Members))
	for _, mem := range v.Members {
		if _, dup := m[mem.Key]; dup {
			ps.fail(p.key(mem.Key), mem.Off, "duplicate key "+strconv.Quote(mem.Key))
			continue
		}
		known := false
		for _, a := range allowed {
			known = known || a == mem.Key
		}
		if !known {
			msg := "unknown field " + strconv.Quote(mem.Key)
			if s := Closest(mem.Key, allowed); s != "" {
				msg += "; did you mean " + strconv.Quote(s) + "?"
			} else {
				msg += " (known: " + strings.Join(allowed, ", ") + ")"
			}
			ps.fail(p.key(mem.Key), mem.Off, msg)
			continue
		}
		m[mem.Key] = mem.Val
	}
	return m, true
}

func (ps *parser) str(v *jsonv.Value, p path) (string, bool) {
	if v.Kind != jsonv.String {
		ps.failAt(p, v, "want a string, got "+v.Kind.Name())
		return "", false
	}
	return v.Str, true
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func (ps *parser) num(v *jsonv.Value, p path, lo, hi float64) (float64, bool) {
	if v.Kind != jsonv.Number {
		ps.failAt(p, v, "want a number, got "+v.Kind.Name())
		return 0, false
	}
	if v.Num < lo || v.Num > hi {
		ps.failAt(p, v, "want a number from "+fmtNum(lo)+" to "+fmtNum(hi)+", got "+v.NumText)
		return 0, false
	}
	return v.Num, true
}

func (ps *parser) integer(v *jsonv.Value, p path, lo, hi int) (int, bool) {
	f, ok := ps.num(v, p, float64(lo), float64(hi))
	if ok && f != math.Trunc(f) {
		ps.failAt(p, v, "want a whole number, got "+v.NumText)
		return 0, false
	}
	return int(f), ok
}

func (ps *parser) boolean(v *jsonv.Value, p path) (bool, bool) {
	if v.Kind != jsonv.Bool {
		ps.failAt(p, v, "want true or false, got "+v.Kind.Name())
		return false, false
	}
	return v.Bool, true
}

// texts reads a language → text object, such as a label or a why.
func (ps *parser) texts(v *jsonv.Value, p path) map[string]string {
	m, ok := ps.object(v, p, Languages...)
	if !ok {
		return nil
	}
	out := map[string]string{}
	for _, lang := range Languages {
		if raw, ok := m[lang]; ok {
			if s, ok := ps.str(raw, p.key(lang)); ok && s != "" {
				out[lang] = s
			}
		}
	}
	if out["en"] == "" {
		ps.failAt(p, v, `an English ("en") text is required as the fallback`)
	}
	return out
}
