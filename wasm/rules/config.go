// Package rules is the site owner's config (hearth.json): its parsing, its
// validation with errors that name the JSON path and line:column, and the
// conditions of each experience, compiled once and evaluated purely.
package rules

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"time"
)

// Version is the config format this package reads.
const Version = 1

// Languages are the visitor-facing languages Hearth ships; English is the fallback.
var Languages = []string{"en", "es", "de", "fr", "ar"}

// Defaults for what a config may leave out.
const (
	DefaultHalfLife  = 14 * 24 * time.Hour
	DefaultRetention = 30 * 24 * time.Hour
	DefaultView      = 1.0
	DefaultClick     = 3.0
	DefaultTrack     = 1.0
)

// MaxConfig is the largest config accepted, far above any real one.
const MaxConfig = 1 << 20

// Config is a parsed, validated site config.
type Config struct {
	Topics      map[string]Topic
	Signals     Signals
	HalfLife    time.Duration // score half-life
	Retention   time.Duration // how long events are kept
	Experiences []Experience  // in config order
}

// Topic is one entry of the site's interest taxonomy.
type Topic struct {
	Labels    map[string]string // language → label
	Sensitive bool              // only a declared preference may drive it
}

// Signals are the weights of what the visitor does.
type Signals struct {
	View, Click, Track float64
}

// Experience shows Variant in Slot when When holds.
type Experience struct {
	ID       string
	Slot     string
	Variant  string
	Priority int
	When     Cond
	Why      map[string]string // language → sentence with {topic} placeholders
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

var (
	idRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
	nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)
)

// parser collects every error found, with its path.
type parser struct {
	data []byte
	errs ErrorList
}

func (ps *parser) fail(p path, format string, args ...any) {
	e := &Error{Path: p.String(), Msg: fmt.Sprintf(format, args...)}
	if l, c, ok := locate(ps.data, p); ok {
		e.Line, e.Col = l, c
	}
	ps.errs = append(ps.errs, e)
}

// Parse reads and validates a config. The error, if any, is an ErrorList
// naming every problem found.
func Parse(data []byte) (*Config, error) {
	if len(data) > MaxConfig {
		return nil, ErrorList{{Msg: fmt.Sprintf("config is %d bytes, over the %d byte limit", len(data), MaxConfig)}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, ErrorList{syntaxError(data, err)}
	}
	if _, err := dec.Token(); err == nil {
		l, c := lineCol(data, dec.InputOffset())
		return nil, ErrorList{{Line: l, Col: c, Msg: "unexpected data after the config object"}}
	}
	ps := &parser{data: data}
	cfg := ps.config(doc)
	if len(ps.errs) > 0 {
		return nil, ps.errs
	}
	return cfg, nil
}

func syntaxError(data []byte, err error) *Error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset counts the offending byte; point at it, not past it.
		l, c := lineCol(data, max(se.Offset-1, 0))
		return &Error{Line: l, Col: c, Msg: "invalid JSON: " + se.Error()}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		l, c := lineCol(data, int64(len(data)))
		return &Error{Line: l, Col: c, Msg: "invalid JSON: unexpected end of input"}
	}
	return &Error{Msg: "invalid JSON: " + err.Error()}
}

// object checks that v is an object with only the allowed keys.
func (ps *parser) object(v any, p path, allowed ...string) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		ps.fail(p, "want an object, got %s", kind(v))
		return nil, false
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		found := false
		for _, a := range allowed {
			found = found || a == k
		}
		if !found {
			ps.fail(p.key(k), "unknown field %q (known: %v)", k, allowed)
		}
	}
	return m, true
}

func (ps *parser) str(v any, p path) (string, bool) {
	s, ok := v.(string)
	if !ok {
		ps.fail(p, "want a string, got %s", kind(v))
	}
	return s, ok
}

func (ps *parser) num(v any, p path, min, max float64) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		ps.fail(p, "want a number, got %s", kind(v))
		return 0, false
	}
	f, err := n.Float64()
	if err != nil || math.IsInf(f, 0) || f < min || f > max {
		ps.fail(p, "want a number from %g to %g, got %s", min, max, n)
		return 0, false
	}
	return f, true
}

func (ps *parser) integer(v any, p path, min, max int) (int, bool) {
	f, ok := ps.num(v, p, float64(min), float64(max))
	if ok && f != math.Trunc(f) {
		ps.fail(p, "want a whole number, got %v", f)
		return 0, false
	}
	return int(f), ok
}

func (ps *parser) boolean(v any, p path) (bool, bool) {
	b, ok := v.(bool)
	if !ok {
		ps.fail(p, "want true or false, got %s", kind(v))
	}
	return b, ok
}

// texts reads a language → text object, such as a label or a why.
func (ps *parser) texts(v any, p path) map[string]string {
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
		ps.fail(p, "an English (\"en\") text is required as the fallback")
	}
	return out
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func (ps *parser) config(doc any) *Config {
	var root path
	m, ok := ps.object(doc, root, "$schema", "version", "topics", "signals", "decay", "retention", "experiences")
	if !ok {
		return nil
	}
	cfg := &Config{
		Topics:    map[string]Topic{},
		Signals:   Signals{View: DefaultView, Click: DefaultClick, Track: DefaultTrack},
		HalfLife:  DefaultHalfLife,
		Retention: DefaultRetention,
	}
	if v, ok := m["version"]; !ok {
		ps.fail(root, "missing \"version\": %d", Version)
	} else if n, ok := ps.integer(v, root.key("version"), 0, 1<<30); ok && n != Version {
		ps.fail(root.key("version"), "unsupported version %d; this Hearth reads version %d", n, Version)
	}
	if v, ok := m["topics"]; ok {
		ps.topics(v, root.key("topics"), cfg)
	} else {
		ps.fail(root, "missing \"topics\": the site's interest taxonomy")
	}
	if v, ok := m["signals"]; ok {
		p := root.key("signals")
		if s, ok := ps.object(v, p, "view", "click", "track"); ok {
			for k, dst := range map[string]*float64{"view": &cfg.Signals.View, "click": &cfg.Signals.Click, "track": &cfg.Signals.Track} {
				if raw, ok := s[k]; ok {
					if f, ok := ps.num(raw, p.key(k), 0, 1000); ok {
						*dst = f
					}
				}
			}
		}
	}
	if v, ok := m["decay"]; ok {
		p := root.key("decay")
		if d, ok := ps.object(v, p, "halfLifeDays"); ok {
			if raw, ok := d["halfLifeDays"]; ok {
				if f, ok := ps.num(raw, p.key("halfLifeDays"), 0.01, 3650); ok {
					cfg.HalfLife = time.Duration(f * float64(24*time.Hour))
				}
			}
		}
	}
	if v, ok := m["retention"]; ok {
		p := root.key("retention")
		if d, ok := ps.object(v, p, "days"); ok {
			if raw, ok := d["days"]; ok {
				if f, ok := ps.num(raw, p.key("days"), 1, 3650); ok {
					cfg.Retention = time.Duration(f * float64(24*time.Hour))
				}
			}
		}
	}
	if v, ok := m["experiences"]; ok {
		ps.experiences(v, root.key("experiences"), cfg)
	}
	return cfg
}

func (ps *parser) topics(v any, p path, cfg *Config) {
	m, ok := v.(map[string]any)
	if !ok {
		ps.fail(p, "want an object of topic id → topic, got %s", kind(v))
		return
	}
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		raw := m[id]
		tp := p.key(id)
		if !idRE.MatchString(id) {
			ps.fail(tp, "topic id %q must be lowercase letters, digits, - or _ (at most 64)", id)
			continue
		}
		t, ok := ps.object(raw, tp, "label", "sensitive")
		if !ok {
			continue
		}
		var topic Topic
		if l, ok := t["label"]; ok {
			topic.Labels = ps.texts(l, tp.key("label"))
		} else {
			ps.fail(tp, "missing \"label\"")
		}
		if s, ok := t["sensitive"]; ok {
			topic.Sensitive, _ = ps.boolean(s, tp.key("sensitive"))
		}
		cfg.Topics[id] = topic
	}
}

func (ps *parser) experiences(v any, p path, cfg *Config) {
	list, ok := v.([]any)
	if !ok {
		ps.fail(p, "want an array of experiences, got %s", kind(v))
		return
	}
	seen := map[string]int{}
	for i, raw := range list {
		ep := p.idx(i)
		m, ok := ps.object(raw, ep, "id", "slot", "variant", "priority", "when", "why")
		if !ok {
			continue
		}
		var x Experience
		for _, f := range []struct {
			key string
			dst *string
		}{{"id", &x.ID}, {"slot", &x.Slot}, {"variant", &x.Variant}} {
			raw, ok := m[f.key]
			if !ok {
				ps.fail(ep, "missing %q", f.key)
				continue
			}
			if s, ok := ps.str(raw, ep.key(f.key)); ok {
				if !nameRE.MatchString(s) {
					ps.fail(ep.key(f.key), "%q must be letters, digits, '.', '-' or '_' (at most 64)", s)
				}
				*f.dst = s
			}
		}
		if x.ID != "" {
			if j, dup := seen[x.ID]; dup {
				ps.fail(ep.key("id"), "duplicate id %q (also experiences[%d])", x.ID, j)
			}
			seen[x.ID] = i
		}
		if raw, ok := m["priority"]; ok {
			x.Priority, _ = ps.integer(raw, ep.key("priority"), -1000000, 1000000)
		}
		if raw, ok := m["when"]; ok {
			x.When = ps.cond(raw, ep.key("when"), cfg, 0)
		} else {
			ps.fail(ep, "missing \"when\": the condition under which the variant is shown")
		}
		if raw, ok := m["why"]; ok {
			x.Why = ps.texts(raw, ep.key("why"))
		}
		cfg.Experiences = append(cfg.Experiences, x)
	}
}
