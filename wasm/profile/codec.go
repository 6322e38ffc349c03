package profile

import (
	"errors"

	"github.com/hearth-personalization/hearth/internal/jsonv"
)

// Version is the format of the value stored under the key "hearth:v1".
// A later format gets a new key and a migration from this one.
const Version = 1

// maxEncoded is the largest stored value Decode accepts; anything larger was
// not written by Hearth.
const maxEncoded = 256 << 10

// errCorrupt is wrapped by every Decode error: the stored value is not a
// Hearth profile (truncated, edited by hand, or written by someone else).
var errCorrupt = errors.New("profile: stored value is not a readable hearth profile")

// corrupt wraps errCorrupt with what was wrong.
type corrupt struct{ msg string }

func (e *corrupt) Error() string { return errCorrupt.Error() + ": " + e.msg }
func (e *corrupt) Unwrap() error { return errCorrupt }

func bad(msg string) error { return &corrupt{msg} }

// Encode returns the stored form of p: compact JSON with a version field,
// keys in a fixed order, so equal profiles encode to equal bytes. The format
// is documented in web/profile.schema.json.
func Encode(p *Profile) []byte {
	var w jsonv.Writer
	w.Open('{')
	w.Key("v")
	w.Int(Version)
	w.Key("topics")
	w.Open('{')
	for _, name := range sortedKeys(p.Topics) {
		t := p.Topics[name]
		w.Key(name)
		w.Open('{')
		if t.Folded != 0 || t.Base != 0 {
			w.Key("base")
			w.Float(t.Base)
			w.Key("baseAt")
			w.Int(t.BaseAt)
			w.Key("folded")
			w.Int(t.Folded)
		}
		w.Key("events")
		w.Open('[')
		for _, e := range t.Events {
			e.WriteJSON(&w)
		}
		w.Close(']')
		w.Close('}')
	}
	w.Close('}')
	writeFlags(&w, "declared", p.Declared)
	writeFlags(&w, "blocked", p.Blocked)
	w.Key("visits")
	w.Int(int64(p.Visits))
	w.Key("pages")
	w.Int(int64(p.Pages))
	if p.FirstSeen != 0 {
		w.Key("firstSeen")
		w.Int(p.FirstSeen)
	}
	if p.LastSeen != 0 {
		w.Key("lastSeen")
		w.Int(p.LastSeen)
	}
	if p.PrevSeen != 0 {
		w.Key("prevSeen")
		w.Int(p.PrevSeen)
	}
	if p.Born != 0 {
		w.Key("born")
		w.Int(p.Born)
	}
	if len(p.Impressions) > 0 {
		w.Key("impressions")
		w.Open('{')
		for _, id := range sortedKeys(p.Impressions) {
			im := p.Impressions[id]
			w.Key(id)
			w.Open('{')
			w.Key("total")
			w.Int(int64(im.Total))
			w.Key("days")
			writeDays(&w, im.Days)
			w.Close('}')
		}
		w.Close('}')
	}
	if len(p.Items) > 0 {
		w.Key("items")
		w.Open('{')
		for _, sku := range sortedKeys(p.Items) {
			it := p.Items[sku]
			w.Key(sku)
			w.Open('{')
			if it.Name != "" {
				w.Key("name")
				w.String(it.Name)
			}
			w.Key("topics")
			w.Open('[')
			for _, t := range it.Topics {
				w.String(t)
			}
			w.Close(']')
			for _, f := range []struct {
				k string
				v int64
			}{{"views", int64(it.Views)}, {"firstSeen", it.FirstSeen}, {"lastSeen", it.LastSeen}, {"bought", it.Bought}, {"dismissed", it.Dismissed}} {
				if f.v != 0 {
					w.Key(f.k)
					w.Int(f.v)
				}
			}
			if len(it.Shown) > 0 {
				w.Key("shown")
				writeDays(&w, it.Shown)
			}
			w.Close('}')
		}
		w.Close('}')
	}
	if p.Consent != ConsentUnset {
		w.Key("consent")
		w.String(p.Consent)
		w.Key("consentAt")
		w.Int(p.ConsentAt)
	}
	if p.Paused != (Flag{}) {
		w.Key("paused")
		writeFlag(&w, p.Paused)
	}
	if p.Measure != nil {
		w.Key("measure")
		writeMeasurement(&w, p.Measure)
	}
	if p.MeasureOff != (Flag{}) {
		w.Key("measureOff")
		writeFlag(&w, p.MeasureOff)
	}
	if len(p.Spends) > 0 {
		w.Key("spent")
		writeSpends(&w, p.Spends)
	}
	if len(p.Pending) > 0 {
		w.Key("pending")
		w.Open('[')
		for _, s := range p.Pending {
			w.Open('{')
			w.Key("kind")
			w.String(string(s.Kind))
			w.Key("path")
			w.String(s.Path)
			w.Key("at")
			w.Int(s.At)
			w.Key("topics")
			w.Open('[')
			for _, t := range s.Topics {
				w.String(t)
			}
			w.Close(']')
			w.Close('}')
		}
		w.Close(']')
	}
	if len(p.Replay) > 0 {
		w.Key("replay")
		w.Open('[')
		for _, r := range p.Replay {
			w.Open('{')
			w.Key("path")
			w.String(r.Path)
			w.Key("at")
			w.Int(r.At)
			if r.Config != "" {
				w.Key("cfg")
				w.String(r.Config)
			}
			w.Key("slots")
			w.Open('{')
			for _, k := range sortedKeys(r.Slots) {
				w.Key(k)
				w.String(r.Slots[k])
			}
			w.Close('}')
			if len(r.Recs) > 0 {
				w.Key("recs")
				w.Open('[')
				for _, skus := range r.Recs {
					w.Open('[')
					for _, sku := range skus {
						w.String(sku)
					}
					w.Close(']')
				}
				w.Close(']')
			}
			w.Close('}')
		}
		w.Close(']')
	}
	w.Close('}')
	return w.Bytes()
}

// WriteJSON writes the event as the profile stores it (and as decisions
// carry it as evidence).
func (e Event) WriteJSON(w *jsonv.Writer) {
	w.Open('{')
	w.Key("kind")
	w.String(string(e.Kind))
	if e.Path != "" {
		w.Key("path")
		w.String(e.Path)
	}
	w.Key("at")
	w.Int(e.At)
	w.Key("weight")
	w.Float(e.Weight)
	if e.Src != "" {
		w.Key("src")
		w.String(e.Src)
	}
	w.Close('}')
}

// writeDays writes [[day, count], …].
func writeDays(w *jsonv.Writer, days []Day) {
	w.Open('[')
	for _, d := range days {
		w.Open('[')
		w.Int(int64(d.Day))
		w.Int(int64(d.N))
		w.Close(']')
	}
	w.Close(']')
}

func writeFlag(w *jsonv.Writer, f Flag) {
	w.Open('{')
	w.Key("on")
	w.Bool(f.On)
	w.Key("at")
	w.Int(f.At)
	w.Close('}')
}

func writeFlags(w *jsonv.Writer, key string, m map[string]Flag) {
	if len(m) == 0 {
		return
	}
	w.Key(key)
	w.Open('{')
	for _, k := range sortedKeys(m) {
		w.Key(k)
		writeFlag(w, m[k])
	}
	w.Close('}')
}
