package session

import (
	"time"

	"github.com/hearth-personalization/hearth/internal/jsonv"
	"github.com/hearth-personalization/hearth/wasm/engine"
	"github.com/hearth-personalization/hearth/wasm/internal/order"
	"github.com/hearth-personalization/hearth/wasm/panel"
	"github.com/hearth-personalization/hearth/wasm/profile"
)

// update writes what the page side must do now, as JSON:
//
//	slots     every slot's decision: {slot, variant ("" = default), why}
//	recs      per recommendation slot, in page order: [{sku, dismiss}], and
//	          for an item of the site's catalog its url, title and summary
//	          (the slot's card shows them)
//	catalog   true on the answer the catalog's arrival made, which answers
//	          no message of the page side's; false on the first answer
//	          when the catalog is on its way
//	why       the "Why?" buttons' text
//	recording whether signals may be stored (not paused, consent allows)
//	launcher  {label, position}
//	declared  the page's preference checkboxes: topic → checked
//	profile   the profile's JSON text (hearth.profile(), export()), when it
//	          changed since the last answer
//	decisions hearth.decisions(), when they changed
//	write     the value to store under hearth:v1, or remove: true
//	view      the panel's view while it is open (see panel.View.WriteJSON)
//	dwell     seconds of dwell that count as a signal (0: none), on boot
//	sensitive the sensitive categories in force (a topic is one, or starts
//	          with one and - or _), on boot: the page side queues no click on
//	          one the visitor has not declared
//	parseMs   how long the config took to parse, on boot
//	darkMode  the config's selector for the page's dark mode, on boot
//	cfg       the config's hash (ConfigHash), on boot: the page side compares
//	          a stored replay's with it after a swap
//	report    a private measurement report to send, once (see measure.go)
//	log       console lines: [[level, text], …]
func (s *Session) update(boot bool, now time.Time) []byte {
	var w jsonv.Writer
	w.Open('{')
	w.Key("slots")
	w.Open('[')
	for _, d := range s.decisions {
		w.Open('{')
		w.Key("slot")
		w.String(d.Slot)
		w.Key("variant")
		w.String(d.Variant)
		w.Key("why")
		w.Bool(d.Personalized() || d.Held)
		w.Close('}')
	}
	w.Close(']')
	if s.unaskedNext || boot && s.catalogDue {
		w.Key("catalog")
		w.Bool(s.unaskedNext)
		s.unaskedNext = false
	}
	if len(s.page.RecSlots) > 0 {
		names, urls := s.itemNames()
		w.Key("recs")
		w.Open('[')
		for _, rs := range s.recs {
			w.Open('[')
			for _, r := range rs {
				name := names[r.SKU]
				if name == "" {
					name = r.SKU
				}
				w.Open('{')
				w.Key("sku")
				w.String(r.SKU)
				w.Key("dismiss")
				w.String(panel.DismissLabel(s.lang, name))
				if u := urls[r.SKU]; u != "" {
					w.Key("url")
					w.String(u)
					w.Key("title")
					w.String(name)
					if sum := s.catalog.summary[r.SKU]; sum != "" {
						w.Key("summary")
						w.String(sum)
					}
				}
				w.Close('}')
			}
			w.Close(']')
		}
		w.Close(']')
	}
	w.Key("why")
	w.String(panel.WhyLabel(s.lang))
	w.Key("recording")
	w.Bool(s.recording())
	w.Key("launcher")
	w.Open('{')
	w.Key("label")
	w.String(panel.LauncherLabel(s.lang, s.cfg, s.p))
	w.Key("position")
	w.String(s.cfg.Launcher)
	w.Close('}')
	w.Key("declared")
	w.Open('{')
	topics := make([]string, 0, len(s.p.Declared))
	for t := range s.p.Declared {
		topics = append(topics, t)
	}
	order.Strings(topics)
	for _, t := range topics {
		w.Key(t)
		w.Bool(s.p.Declared[t].On)
	}
	w.Close('}')
	if p := string(profile.Encode(s.p)); p != s.sentProfile {
		w.Key("profile")
		w.String(p)
		s.sentProfile = p
	}
	if d := string(engine.EncodeDecisions(s.decisions)); d != s.sentDecisions {
		w.Key("decisions")
		w.String(d)
		s.sentDecisions = d
	}
	if v, dirty, remove := s.mirror.take(); dirty && remove {
		w.Key("remove")
		w.Bool(true)
	} else if dirty {
		w.Key("write")
		w.String(v)
	}
	if s.open {
		w.Key("view")
		s.view(now).WriteJSON(&w)
	}
	if boot && len(s.page.Topics) > 0 && s.cfg.Signals.Dwell > 0 {
		w.Key("dwell")
		w.Float(s.cfg.Signals.DwellSeconds)
	}
	if boot {
		w.Key("cfg")
		w.String(s.cfgHash)
		// The page side queues clicks in storage itself: it must know which
		// topics it may not write there (see Session.unsaid).
		w.Key("sensitive")
		w.Open('[')
		for _, c := range s.cfg.SensitiveCategories() {
			w.String(c)
		}
		w.Close(']')
		w.Key("parseMs")
		w.Float(float64(s.parse.Microseconds()) / 1000)
		if s.cfg.DarkMode != "" {
			w.Key("darkMode")
			w.String(s.cfg.DarkMode)
		}
	}
	if s.outbox != "" {
		w.Key("report")
		w.String(s.outbox)
		s.outbox = ""
	}
	if len(s.logs) > 0 {
		w.Key("log")
		w.Open('[')
		for _, l := range s.logs {
			w.Open('[')
			w.String(l.level)
			w.String(l.msg)
			w.Close(']')
		}
		w.Close(']')
		s.logs = s.logs[:0]
	}
	w.Close('}')
	return w.Bytes()
}

// itemNames are the page's items' names, and the links of those that
// come from the catalog, by SKU (the first listed wins).
func (s *Session) itemNames() (names, urls map[string]string) {
	names, urls = map[string]string{}, map[string]string{}
	for _, it := range s.page.Items {
		if _, dup := names[it.SKU]; !dup {
			names[it.SKU] = it.Name
			if it.URL != "" {
				urls[it.SKU] = it.URL
			}
		}
	}
	return names, urls
}

// view is the panel's view model; the panel only formats what the engine
// and the profile computed.
func (s *Session) view(now time.Time) panel.View {
	labels := map[string]string{}
	for _, sl := range s.page.Slots {
		labels[sl.Name] = sl.Label
	}
	var recs []engine.Rec
	for _, rs := range s.recs {
		recs = append(recs, rs...)
	}
	stored := 0
	if v, ok, err := s.mirror.Load(); err == nil && ok {
		stored = len(v)
	}
	itemNames, _ := s.itemNames()
	return panel.Build(panel.Input{
		SlotLabels: labels, Recs: recs, ItemNames: itemNames,
		Lang: s.lang, Config: s.cfg, Profile: s.p, Decisions: s.decisions,
		Status: s.status, Memory: s.store.Memory(), Now: now, Debug: s.facts.Debug,
		GPC: s.page.GPC, Stored: stored, BundleSHA: s.sha, Files: s.facts.Files,
	})
}
