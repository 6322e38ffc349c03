package rules

// Reading each part of a config: top level, topics, experiences, bounds,
// caps and the complement graphs.

import (
	"github.com/hearth-personalization/hearth/catalog"
	"strconv"
	"time"

	"github.com/hearth-personalization/hearth/internal/jsonv"
	"github.com/hearth-personalization/hearth/wasm/internal/stamp"
)

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
	if v, ok := m["items"]; ok {
		if k, ok := ps.str(v, "items"); ok {
			switch k {
			case "products", "articles", "posts", "recipes", "pages":
				cfg.Items = k
			default:
				ps.failAt("items", v, "want what the site's items are, for the panel's words: \"products\", \"articles\", \"posts\", \"recipes\" or \"pages\", got "+strconv.Quote(k))
			}
		}
	}
	if v, ok := m["darkMode"]; ok {
		if sel, ok := ps.str(v, "darkMode"); ok {
			if sel == "" || len(sel) > 200 {
				ps.failAt("darkMode", v, "want a CSS selector that matches when the page is dark, e.g. \"html.dark\" (at most 200 characters)")
			}
			cfg.DarkMode = sel
		}
	}
	if v, ok := m["pageTopics"]; ok {
		if l, ok := ps.str(v, "pageTopics"); ok {
			if l != "any" && l != "known" {
				ps.failAt("pageTopics", v, "want \"any\" (record every topic a page names) or \"known\" (only those under \"topics\"), got "+strconv.Quote(l))
			}
			cfg.OnlyKnownTopics = l == "known"
		}
	}
	if v, ok := m["catalog"]; ok {
		if u, ok := ps.str(v, "catalog"); ok {
			if !catalog.SitePath(u) || len(u) > catalog.MaxField {
				ps.failAt("catalog", v, "want the path of the site's catalog, as `hearth index` wrote it, e.g. \"/catalog.json\" (on the page's own origin, one leading /), got "+strconv.Quote(u))
			}
			cfg.Catalog = u
		}
	}
	extra := ps.sensitiveList(m["sensitive"])
	cfg.ExtraSensitive = extra
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
	if v, ok := m["measure"]; ok {
		cfg.Measure = ps.measure(v, cfg)
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
			if x.When != nil {
				x.Topics = x.When.Topics()
			}
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
	return b.Instant()
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
		_, off := t.Zone()
		return Bound{instant: t.UnixMilli(), offset: off, set: true}
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
