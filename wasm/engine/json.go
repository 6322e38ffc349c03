package engine

import (
	"github.com/hearth-personalization/hearth/internal/jsonv"
	"github.com/hearth-personalization/hearth/wasm/internal/order"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// EncodeDecisions writes decisions as the JSON that hearth.decisions()
// returns and the hearth:applied event carries (documented in docs/GUIDE.md).
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
		if d.Held {
			w.Key("held")
			w.Bool(true)
		}
		if d.Off != "" {
			w.Key("off")
			w.String(d.Off)
		}
		w.Key("checks")
		writeChecks(&w, d.Checks)
		w.Key("evidence")
		w.Open('{')
		topics := make([]string, 0, len(d.Evidence))
		for t := range d.Evidence {
			topics = append(topics, t)
		}
		order.Strings(topics)
		for _, t := range topics {
			w.Key(t)
			w.Open('[')
			for _, e := range d.Evidence[t] {
				e.WriteJSON(&w)
			}
			w.Close(']')
		}
		w.Close('}')
		w.Key("losers")
		w.Open('[')
		for _, l := range d.Losers {
			w.Open('{')
			w.Key("experience")
			w.String(l.Experience)
			w.Key("variant")
			w.String(l.Variant)
			w.Key("reason")
			w.String(l.Reason)
			if len(l.Checks) > 0 {
				w.Key("checks")
				writeChecks(&w, l.Checks)
			}
			w.Close('}')
		}
		w.Close(']')
		w.Close('}')
	}
	w.Close(']')
	return w.Bytes()
}

func writeChecks(w *jsonv.Writer, cs []rules.Check) {
	w.Open('[')
	for _, c := range cs {
		w.Open('{')
		w.Key("kind")
		w.String(c.Kind)
		for _, f := range [][2]string{{"topic", c.Topic}, {"param", c.Param}, {"wantText", c.WantText}, {"gotText", c.GotText}} {
			if f[1] != "" {
				w.Key(f[0])
				w.String(f[1])
			}
		}
		if c.WantText == "" && c.GotText == "" {
			w.Key("want")
			w.Float(c.Want)
			if c.Kind == "daysSinceLastVisit" && c.WantMax >= 0 {
				w.Key("wantMax")
				w.Float(c.WantMax)
			}
			w.Key("got")
			w.Float(c.Got)
		}
		w.Key("held")
		w.Bool(c.Held)
		if c.Negated {
			w.Key("negated")
			w.Bool(true)
		}
		w.Close('}')
	}
	w.Close(']')
}
