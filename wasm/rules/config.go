// Package rules is the site owner's config (hearth.json): its parsing, its
// validation with errors that name the JSON path and line:column, and the
// conditions of each experience, compiled once and evaluated purely.
package rules

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"hearth/wasm/internal/jsonv"
	"hearth/wasm/internal/stamp"
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
	Start    Bound // zero: no start
	End      Bound // zero: no end
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
	Instant  time.Time
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
	return !now.Before(b.Instant)
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
	return now.After(b.Instant)
}

func dateKey(y, m, d int) int { return y*10000 + m*100 + d }

// String is the bound as written.
func (b Bound) String() string {
	if b.DateOnly {
		return stamp.Date(time.Date(b.Y, time.Month(b.M), b.D, 0, 0, 0, 0, time.UTC))
	}
	return stamp.RFC3339(b.Instant)
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
	return topic
}

// TopicNames returns the taxonomy's ids in sorted order.
func (c *Config) TopicNames() []string {
	names := make([]string, 0, len(c.Topics))
	for n := range c.Topics {
		names = append(names, n)
	}
	sort.Strings(names)
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

// The keys of a config and of an experience (web/hearth.schema.json lists
// the same; a test keeps them in step).
var (
	topLevelKeys   = []string{"$schema", "version", "consent", "launcher", "topics", "sensitive", "signals", "decay", "retention", "experiences", "complements", "itemComplements", "retargeting"}
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

func (ps *parser) config(doc *jsonv.Value) *Config {
	var root path
	m, ok := ps.object(doc, root, topLevelKeys...)
	if !ok {
		return nil
	}
	cfg := &Config{
		Topics: map[string]Topic{},
		Signals: Signals{View: DefaultView, Click: DefaultClick, Dwell: DefaultDwell,
			DwellSeconds: DefaultDwellSeconds, Declare: DefaultDeclare, Track: DefaultTrack},
		Consent:     OptOut,
		Launcher:    "bottom-right",
		Retargeting: Retargeting{PerDay: 3, PerWeek: 10, CoolDown: 14 * 24 * time.Hour},
		HalfLife:    DefaultHalfLife,
		Retention:   DefaultRetention,
	}
	if v, ok := m["version"]; !ok {
		ps.failAt(root, doc, `missing "version": `+strconv.Itoa(Version))
	} else if n, ok := ps.integer(v, "version", 0, 1<<30); ok && n != Version {
		ps.failAt("version", v, "unsupported version "+strconv.Itoa(n)+"; this Hearth reads version "+strconv.Itoa(Version))
	}
	if v, ok := m["consent"]; ok {
		if c, ok := ps.str(v, "consent"); ok {
			if c != OptIn && c != OptOut {
				ps.failAt("consent", v, "want \""+OptIn+"\" or \""+OptOut+"\", got "+strconv.Quote(c))
			}
			cfg.Consent = c
		}
	}
	if v, ok := m["launcher"]; ok {
		if l, ok := ps.str(v, "launcher"); ok {
			if l != "bottom-right" && l != "bottom-left" && l != "none" {
				ps.failAt("launcher", v, "want \"bottom-right\", \"bottom-left\" or \"none\", got "+strconv.Quote(l))
			}
			cfg.Launcher = l
		}
	}
	extra := ps.sensitiveList(m["sensitive"])
	if v, ok := m["topics"]; ok {
		ps.topics(v, "topics", cfg, extra)
	} else {
		ps.failAt(root, doc, `missing "topics": the site's interest taxonomy`)
	}
	if v, ok := m["signals"]; ok {
		if s, ok := ps.object(v, "signals", "view", "click", "dwell", "dwellSeconds", "declare", "track"); ok {
			for _, f := range []struct {
				key     string
				dst     *float64
				min, mx float64
			}{
				{"view", &cfg.Signals.View, 0, 1000}, {"click", &cfg.Signals.Click, 0, 1000},
				{"dwell", &cfg.Signals.Dwell, 0, 1000}, {"dwellSeconds", &cfg.Signals.DwellSeconds, 1, 3600},
				{"declare", &cfg.Signals.Declare, 0, 1000}, {"track", &cfg.Signals.Track, 0, 1000},
			} {
				if raw, ok := s[f.key]; ok {
					if w, ok := ps.num(raw, path("signals").key(f.key), f.min, f.mx); ok {
						*f.dst = w
					}
				}
			}
		}
	}
	if v, ok := m["decay"]; ok {
		if d, ok := ps.object(v, "decay", "halfLifeDays"); ok {
			if raw, ok := d["halfLifeDays"]; ok {
				if f, ok := ps.num(raw, "decay.halfLifeDays", 0.01, 3650); ok {
					cfg.HalfLife = time.Duration(f * float64(24*time.Hour))
				}
			}
		}
	}
	if v, ok := m["retention"]; ok {
		if d, ok := ps.object(v, "retention", "days"); ok {
			if raw, ok := d["days"]; ok {
				if f, ok := ps.num(raw, "retention.days", 1, 3650); ok {
					cfg.Retention = time.Duration(f * float64(24*time.Hour))
				}
			}
		}
	}
	if v, ok := m["experiences"]; ok {
		ps.experiences(v, "experiences", cfg)
	}
	if v, ok := m["complements"]; ok {
		cfg.Complements = ps.graph(v, "complements", func(p path, v *jsonv.Value, s string) {
			if _, known := cfg.Topics[s]; !known {
				ps.failAt(p, v, unknownTopic(s, cfg))
			}
		})
	}
	if v, ok := m["itemComplements"]; ok {
		cfg.ItemComplements = ps.graph(v, "itemComplements", func(p path, v *jsonv.Value, s string) {
			if !isName(s) {
				ps.failAt(p, v, "SKU "+strconv.Quote(s)+" must be letters, digits, '.', '-' or '_' (at most 64)")
			}
		})
	}
	if v, ok := m["retargeting"]; ok {
		if o, ok := ps.object(v, "retargeting", "perDay", "perWeek", "coolDownDays"); ok {
			if n, ok := o["perDay"]; ok {
				cfg.Retargeting.PerDay, _ = ps.integer(n, "retargeting.perDay", 1, 1000)
			}
			if n, ok := o["perWeek"]; ok {
				cfg.Retargeting.PerWeek, _ = ps.integer(n, "retargeting.perWeek", 1, 10000)
			}
			if n, ok := o["coolDownDays"]; ok {
				if f, ok := ps.num(n, "retargeting.coolDownDays", 0, 3650); ok {
					cfg.Retargeting.CoolDown = time.Duration(f * float64(24*time.Hour))
				}
			}
		}
	}
	return cfg
}

func (ps *parser) topics(v *jsonv.Value, p path, cfg *Config, extra []string) {
	if v.Kind != jsonv.Object {
		ps.failAt(p, v, "want an object of topic id → topic, got "+v.Kind.Name())
		return
	}
	for _, mem := range v.Members {
		id, tp := mem.Key, p.key(mem.Key)
		if _, dup := cfg.Topics[id]; dup {
			ps.fail(tp, mem.Off, "duplicate topic "+strconv.Quote(id))
			continue
		}
		if !isID(id) {
			ps.fail(tp, mem.Off, "topic id "+strconv.Quote(id)+" must be lowercase letters, digits, - or _ (at most 64)")
			continue
		}
		t, ok := ps.object(mem.Val, tp, "label", "sensitive")
		if !ok {
			continue
		}
		var topic Topic
		if l, ok := t["label"]; ok {
			topic.Labels = ps.texts(l, tp.key("label"))
		} else {
			ps.failAt(tp, mem.Val, `missing "label"`)
		}
		builtin := IsSensitive(id, extra)
		topic.Sensitive = builtin
		if s, ok := t["sensitive"]; ok {
			b, ok := ps.boolean(s, tp.key("sensitive"))
			if ok && !b && builtin {
				ps.failAt(tp.key("sensitive"), s, "topic "+strconv.Quote(id)+" is a sensitive category: a site may add sensitive topics, never remove one")
			}
			topic.Sensitive = topic.Sensitive || b
		}
		cfg.Topics[id] = topic
	}
}

func (ps *parser) experiences(v *jsonv.Value, p path, cfg *Config) {
	if v.Kind != jsonv.Array {
		ps.failAt(p, v, "want an array of experiences, got "+v.Kind.Name())
		return
	}
	seen := map[string]int{}
	for i, raw := range v.Elems {
		ep := p.idx(i)
		m, ok := ps.object(raw, ep, experienceKeys...)
		if !ok {
			continue
		}
		var x Experience
		for _, f := range []struct {
			key string
			dst *string
		}{{"id", &x.ID}, {"slot", &x.Slot}, {"variant", &x.Variant}} {
			fv, ok := m[f.key]
			if !ok {
				ps.failAt(ep, raw, "missing "+strconv.Quote(f.key))
				continue
			}
			if s, ok := ps.str(fv, ep.key(f.key)); ok {
				if !isName(s) {
					ps.failAt(ep.key(f.key), fv, strconv.Quote(s)+" must be letters, digits, '.', '-' or '_' (at most 64)")
				}
				*f.dst = s
			}
		}
		if x.ID != "" {
			if j, dup := seen[x.ID]; dup {
				ps.failAt(ep.key("id"), m["id"], "duplicate id "+strconv.Quote(x.ID)+" (also experiences["+strconv.Itoa(j)+"])")
			} else {
				seen[x.ID] = i
			}
		}
		if fv, ok := m["priority"]; ok {
			x.Priority, _ = ps.integer(fv, ep.key("priority"), -1000000, 1000000)
		}
		if fv, ok := m["start"]; ok {
			x.Start = ps.bound(fv, ep.key("start"))
		}
		if fv, ok := m["end"]; ok {
			x.End = ps.bound(fv, ep.key("end"))
		}
		if x.Start.set && x.End.set && x.End.Ended(startInstant(x.Start)) {
			ps.failAt(ep.key("end"), m["end"], "the end ("+x.End.String()+") is before the start ("+x.Start.String()+"): it would never show")
		}
		if fv, ok := m["cap"]; ok {
			x.Cap = ps.cap(fv, ep.key("cap"))
		}
		if fv, ok := m["when"]; ok {
			x.When = ps.cond(fv, ep.key("when"), cfg, 0)
		} else {
			ps.failAt(ep, raw, `missing "when": the condition under which the variant is shown`)
		}
		if fv, ok := m["why"]; ok {
			x.Why = ps.texts(fv, ep.key("why"))
		}
		cfg.Experiences = append(cfg.Experiences, x)
	}
}

// startInstant is the first moment a start bound allows (date bounds in UTC,
// which is close enough to compare with an end).
func startInstant(b Bound) time.Time {
	if b.DateOnly {
		return time.Date(b.Y, time.Month(b.M), b.D, 0, 0, 0, 0, time.UTC)
	}
	return b.Instant
}

// bound reads "YYYY-MM-DD" (a local day) or an RFC 3339 instant.
func (ps *parser) bound(v *jsonv.Value, p path) Bound {
	s, ok := ps.str(v, p)
	if !ok {
		return Bound{}
	}
	if y, m, d, ok := stamp.ParseDate(s); ok {
		return Bound{DateOnly: true, Y: y, M: m, D: d, set: true}
	}
	if t, ok := stamp.ParseRFC3339(s); ok {
		return Bound{Instant: t, set: true}
	}
	ps.failAt(p, v, "want a date \"2026-12-01\" or a time with its zone \"2026-12-01T08:00:00+01:00\", got "+strconv.Quote(s))
	return Bound{}
}

// cap reads a frequency cap; each limit is a whole number of at least 1.
func (ps *parser) cap(v *jsonv.Value, p path) Cap {
	o, ok := ps.object(v, p, "perDay", "perWeek", "total")
	if !ok {
		return Cap{}
	}
	if len(o) == 0 {
		ps.failAt(p, v, `want at least one of "perDay", "perWeek", "total"`)
	}
	var c Cap
	for _, f := range []struct {
		key string
		dst *int
	}{{"perDay", &c.PerDay}, {"perWeek", &c.PerWeek}, {"total", &c.Total}} {
		if n, ok := o[f.key]; ok {
			*f.dst, _ = ps.integer(n, p.key(f.key), 1, 1000000)
		}
	}
	return c
}

// graph reads an object of name → [names], checking each name with check
// (keys and values alike).
func (ps *parser) graph(v *jsonv.Value, p path, check func(path, *jsonv.Value, string)) map[string][]string {
	if v.Kind != jsonv.Object {
		ps.failAt(p, v, "want an object of name → [names], got "+v.Kind.Name())
		return nil
	}
	out := map[string][]string{}
	for _, mem := range v.Members {
		kp := p.key(mem.Key)
		if _, dup := out[mem.Key]; dup {
			ps.fail(kp, mem.Off, "duplicate key "+strconv.Quote(mem.Key))
			continue
		}
		check(kp, &jsonv.Value{Kind: jsonv.String, Off: mem.Off}, mem.Key)
		names := ps.strList(mem.Val, kp)
		for i, n := range names {
			check(kp.idx(i), mem.Val.Elems[i], n)
			if n == mem.Key {
				ps.failAt(kp.idx(i), mem.Val.Elems[i], strconv.Quote(n)+" cannot complement itself")
			}
		}
		out[mem.Key] = names
	}
	return out
}
