package engine

import (
	"sort"

	"hearth/wasm/internal/jsonv"
)

// EncodeDecisions writes decisions as the JSON that hearth.decisions()
// returns and the hearth:applied event carries (documented in README).
func EncodeDecisions(ds []Decision) []byte {
	var w jsonv.Writer
	w.Open('[')
	for _, d := range ds {
		w.Open('{')
		w.Key("slot")
		w.String(d.Slot)
		w.Key("variant")
		w.String(d.Variant)
		if d.Experience != "" {
			w.Key("experience")
			w.String(d.Experience)
		}
		if d.Paused {
			w.Key("paused")
			w.Bool(true)
		}
		w.Key("checks")
		w.Open('[')
		for _, c := range d.Checks {
			w.Open('{')
			w.Key("kind")
			w.String(c.Kind)
			if c.Topic != "" {
				w.Key("topic")
				w.String(c.Topic)
			}
			w.Key("want")
			w.Float(c.Want)
			w.Key("got")
			w.Float(c.Got)
			w.Key("held")
			w.Bool(c.Held)
			if c.Negated {
				w.Key("negated")
				w.Bool(true)
			}
			w.Close('}')
		}
		w.Close(']')
		w.Key("evidence")
		w.Open('{')
		topics := make([]string, 0, len(d.Evidence))
		for t := range d.Evidence {
			topics = append(topics, t)
		}
		sort.Strings(topics)
		for _, t := range topics {
			w.Key(t)
			w.Open('[')
			for _, e := range d.Evidence[t] {
				w.Open('{')
				w.Key("kind")
				w.String(string(e.Kind))
				w.Key("path")
				w.String(e.Path)
				w.Key("at")
				w.Int(e.At)
				w.Key("weight")
				w.Float(e.Weight)
				w.Close('}')
			}
			w.Close(']')
		}
		w.Close('}')
		w.Close('}')
	}
	w.Close(']')
	return w.Bytes()
}
