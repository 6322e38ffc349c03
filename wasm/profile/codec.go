package profile

import (
	"errors"
	"math"
	"strconv"

	"hearth/wasm/internal/jsonv"
)

// Version is the format of the value stored under the key "hearth:v1".
// A later format gets a new key and a migration from this one.
const Version = 1

// MaxEncoded is the largest stored value Decode accepts; anything larger was
// not written by Hearth.
const MaxEncoded = 256 << 10

// ErrCorrupt is wrapped by every Decode error: the stored value is not a
// Hearth profile (truncated, edited by hand, or written by someone else).
var ErrCorrupt = errors.New("profile: stored value is not a readable hearth profile")

// corrupt wraps ErrCorrupt with what was wrong.
type corrupt struct{ msg string }

func (e *corrupt) Error() string { return ErrCorrupt.Error() + ": " + e.msg }
func (e *corrupt) Unwrap() error { return ErrCorrupt }

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

// Decode parses a stored value. Any error wraps ErrCorrupt; the caller sets
// the value aside and starts afresh instead of failing. Decode is strict:
// unknown fields, duplicate keys and values Hearth never writes are refused.
func Decode(data []byte) (*Profile, error) {
	p, _, err := decode(data, false)
	return p, err
}

// Repair reads what Decode refused, keeping every part that reads on its own:
// each topic, declared or blocked topic, item, impression count and replayed
// page, and each top-level field. One bad number (a weight from a careless
// API call, a hand-edited value) then costs that entry, never the visitor's
// choices. dropped counts what was left out. It fails where nothing can be
// read: not a JSON object of this format version, over the size limit, or
// nothing of Hearth's in it but the version (another program's value).
func Repair(data []byte) (p *Profile, dropped int, err error) {
	return decode(data, true)
}

func decode(data []byte, repair bool) (*Profile, int, error) {
	if len(data) > MaxEncoded {
		return nil, 0, bad(strconv.Itoa(len(data)) + " bytes is over the limit")
	}
	root, err := jsonv.Parse(data)
	if err != nil {
		return nil, 0, bad(err.Error())
	}
	if root.Kind != jsonv.Object {
		return nil, 0, bad("not an object")
	}
	if v := root.Get("v"); v == nil || v.Kind != jsonv.Number || v.Num != Version {
		return nil, 0, bad("unknown format version")
	}
	p := New()
	d := &decoder{repair: repair}
	d.each(root, "", func(key string, v *jsonv.Value, d *decoder) func() {
		switch key {
		case "v":
		case "topics":
			topics := map[string]*Topic{}
			d.each(v, key, func(name string, tv *jsonv.Value, d *decoder) func() {
				d.name(name, "topics")
				t := d.topic(tv, name)
				return func() { topics[name] = t }
			})
			if len(topics) > MaxTopics {
				d.fail("too many topics")
			}
			return func() { p.Topics = topics }
		case "declared", "blocked":
			m := map[string]Flag{}
			d.each(v, key, func(name string, fv *jsonv.Value, d *decoder) func() {
				d.name(name, key)
				f := d.flag(fv, key+"."+name)
				return func() { m[name] = f }
			})
			if len(m) > MaxDeclared {
				d.fail(key + ": too many")
			}
			if key == "blocked" {
				return func() { p.Blocked = m }
			}
			return func() { p.Declared = m }
		case "visits":
			n := int(d.integer(v, key, 0, math.MaxInt32))
			return func() { p.Visits = n }
		case "pages":
			n := int(d.integer(v, key, 0, math.MaxInt32))
			return func() { p.Pages = n }
		case "firstSeen":
			n := d.integer(v, key, 0, maxTime)
			return func() { p.FirstSeen = n }
		case "lastSeen":
			n := d.integer(v, key, 0, maxTime)
			return func() { p.LastSeen = n }
		case "prevSeen":
			n := d.integer(v, key, 0, maxTime)
			return func() { p.PrevSeen = n }
		case "impressions":
			d.each(v, key, func(id string, iv *jsonv.Value, d *decoder) func() {
				d.name(id, key)
				im := d.impressions(iv, key+"."+id)
				return func() { p.Impressions[id] = im }
			})
		case "items":
			items := map[string]*Item{}
			d.each(v, key, func(sku string, iv *jsonv.Value, d *decoder) func() {
				d.name(sku, key)
				it := d.item(iv, key+"."+sku)
				return func() { items[sku] = it }
			})
			if len(items) > MaxItems {
				d.fail("items: too many")
			}
			return func() { p.Items = items }
		case "consent":
			c := d.str(v, key)
			if c != ConsentGranted && c != ConsentDenied {
				d.fail("consent: want \"granted\" or \"denied\"")
			}
			return func() { p.Consent = c }
		case "consentAt":
			n := d.integer(v, key, 0, maxTime)
			return func() { p.ConsentAt = n }
		case "paused":
			f := d.flag(v, key)
			return func() { p.Paused = f }
		case "pending":
			if v.Kind != jsonv.Array || len(v.Elems) > MaxPending {
				d.fail("pending: want an array of at most " + strconv.Itoa(MaxPending))
				return nil
			}
			for _, pv := range v.Elems {
				d.part(func(d *decoder) func() {
					s := d.pending(pv)
					return func() { p.Pending = mergePending(p.Pending, []Pending{s}) }
				})
			}
		case "replay":
			if v.Kind != jsonv.Array || len(v.Elems) > MaxReplayPages {
				d.fail("replay: want an array of at most " + strconv.Itoa(MaxReplayPages))
				return nil
			}
			for _, rv := range v.Elems {
				d.part(func(d *decoder) func() {
					r := d.pageDecision(rv)
					return func() { p.Replay = append(p.Replay, r) }
				})
			}
		default:
			d.fail("unknown field " + strconv.Quote(key))
		}
		return nil
	})
	if d.err != nil {
		return nil, 0, d.err
	}
	if repair && d.kept <= 1 && d.dropped > 0 {
		return nil, 0, bad("nothing readable but the version") // another program's value, not a damaged one
	}
	return p, d.dropped, nil
}

func (d *decoder) pending(v *jsonv.Value) Pending {
	var s Pending
	d.object(v, "pending[]", func(k string, fv *jsonv.Value) {
		switch k {
		case "kind":
			if s.Kind = Kind(d.str(fv, "pending[].kind")); s.Kind != Click {
				d.fail("pending[].kind: want \"click\"")
			}
		case "path":
			s.Path = clip(d.str(fv, "pending[].path"), MaxPath)
		case "at":
			s.At = d.integer(fv, "pending[].at", 1, maxTime)
		case "topics":
			if fv.Kind != jsonv.Array || len(fv.Elems) == 0 || len(fv.Elems) > 8 {
				d.fail("pending[].topics: want an array of 1 to 8")
				return
			}
			for _, tv := range fv.Elems {
				t := d.str(tv, "pending[].topics[]")
				d.name(t, "pending[].topics[]")
				s.Topics = append(s.Topics, t)
			}
		default:
			d.fail("pending[]: unknown field " + strconv.Quote(k))
		}
	})
	if d.err == nil && (s.Kind == "" || s.At == 0 || len(s.Topics) == 0) {
		d.fail("pending[]: want kind, at and topics")
	}
	return s
}

func (d *decoder) pageDecision(rv *jsonv.Value) PageDecision {
	r := PageDecision{Slots: map[string]string{}}
	d.object(rv, "replay[]", func(k string, fv *jsonv.Value) {
		switch k {
		case "path":
			r.Path = d.str(fv, "replay[].path")
		case "at":
			r.At = d.integer(fv, "replay[].at", 0, maxTime)
		case "slots":
			d.object(fv, "replay[].slots", func(slot string, sv *jsonv.Value) {
				r.Slots[slot] = d.str(sv, "replay[].slots."+slot)
			})
		case "recs":
			r.Recs = d.recs(fv, "replay[].recs")
		default:
			d.fail("replay[]: unknown field " + strconv.Quote(k))
		}
	})
	return r
}

// maxTime bounds stored times (Unix ms) to years before 10000.
const maxTime = 253402300799999

// decoder keeps the first error; later calls become no-ops in effect. A
// repairing decoder gives each part (see each and part) a decoder of its own
// and leaves out the parts that fail, counting them in dropped.
type decoder struct {
	err     error
	repair  bool
	dropped int
	kept    int // parts kept directly by this decoder
}

// part decodes one self-contained part of the value with f, which returns
// what keeps the result (nil: nothing to keep). Strictly, a failure is the
// whole value's; repairing, it only drops this part.
func (d *decoder) part(f func(d *decoder) func()) {
	if d.err != nil {
		return
	}
	sub := d
	if d.repair {
		sub = &decoder{repair: true}
	}
	keep := f(sub)
	if sub.err != nil {
		if sub != d {
			d.dropped += 1 + sub.dropped
		}
		return
	}
	if sub != d {
		d.dropped += sub.dropped
	}
	d.kept++
	if keep != nil {
		keep()
	}
}

// each decodes every member of the object v as a part (see part). A
// duplicate key fails the object, as object does.
func (d *decoder) each(v *jsonv.Value, where string, f func(key string, v *jsonv.Value, d *decoder) func()) {
	d.object(v, where, func(k string, val *jsonv.Value) {
		d.part(func(d *decoder) func() { return f(k, val, d) })
	})
}

func (d *decoder) fail(msg string) {
	if d.err == nil {
		d.err = bad(msg)
	}
}

// object calls f for each member of v, refusing duplicate keys.
func (d *decoder) object(v *jsonv.Value, where string, f func(string, *jsonv.Value)) {
	if d.err != nil {
		return
	}
	if v.Kind != jsonv.Object {
		d.fail(where + ": want an object")
		return
	}
	seen := make(map[string]bool, len(v.Members))
	for _, m := range v.Members {
		if seen[m.Key] {
			d.fail(where + ": duplicate key " + strconv.Quote(m.Key))
			return
		}
		seen[m.Key] = true
		f(m.Key, m.Val)
		if d.err != nil {
			return
		}
	}
}

// recs reads a replay's recommendation slots: arrays of SKUs, bounded.
func (d *decoder) recs(v *jsonv.Value, where string) [][]string {
	if v.Kind != jsonv.Array || len(v.Elems) > MaxReplayRecs {
		d.fail(where + ": want an array of at most " + strconv.Itoa(MaxReplayRecs) + " arrays of SKUs")
		return nil
	}
	out := make([][]string, 0, len(v.Elems))
	for _, sv := range v.Elems {
		if sv.Kind != jsonv.Array || len(sv.Elems) > MaxReplayItems {
			d.fail(where + "[]: want an array of at most " + strconv.Itoa(MaxReplayItems) + " SKUs")
			return nil
		}
		var skus []string
		for _, e := range sv.Elems {
			sku := d.str(e, where+"[][]")
			d.name(sku, where+"[][]")
			skus = append(skus, sku)
		}
		out = append(out, skus)
	}
	return out
}

func (d *decoder) integer(v *jsonv.Value, where string, min, max int64) int64 {
	if v.Kind != jsonv.Number || v.Num != math.Trunc(v.Num) || v.Num < float64(min) || v.Num > float64(max) {
		d.fail(where + ": want a whole number in range")
		return 0
	}
	return int64(v.Num)
}

func (d *decoder) float(v *jsonv.Value, where string) float64 {
	if v.Kind != jsonv.Number || v.Num < 0 || v.Num > 1e12 {
		d.fail(where + ": want a number from 0 to 1e12")
		return 0
	}
	return v.Num
}

func (d *decoder) str(v *jsonv.Value, where string) string {
	if v.Kind != jsonv.String {
		d.fail(where + ": want a string")
		return ""
	}
	return v.Str
}

func (d *decoder) name(n, where string) {
	if n == "" || len(n) > MaxName {
		d.fail(where + ": bad name " + strconv.Quote(n))
	}
}

func (d *decoder) flag(v *jsonv.Value, where string) Flag {
	var f Flag
	d.object(v, where, func(k string, fv *jsonv.Value) {
		switch k {
		case "on":
			if fv.Kind != jsonv.Bool {
				d.fail(where + ".on: want true or false")
			}
			f.On = fv.Bool
		case "at":
			f.At = d.integer(fv, where+".at", 0, maxTime)
		default:
			d.fail(where + ": unknown field " + strconv.Quote(k))
		}
	})
	return f
}

// days reads [[day, count], …] in increasing day order.
func (d *decoder) days(v *jsonv.Value, where string) []Day {
	if v.Kind != jsonv.Array || len(v.Elems) > MaxImpressionDays {
		d.fail(where + ": want an array of at most " + strconv.Itoa(MaxImpressionDays))
		return nil
	}
	var out []Day
	for _, dv := range v.Elems {
		if dv.Kind != jsonv.Array || len(dv.Elems) != 2 {
			d.fail(where + "[]: want [day, count]")
			return nil
		}
		day := Day{Day: int(d.integer(dv.Elems[0], where+"[][0]", 0, 4000000)), N: int(d.integer(dv.Elems[1], where+"[][1]", 0, math.MaxInt32))}
		if n := len(out); n > 0 && out[n-1].Day >= day.Day {
			d.fail(where + ": want days in increasing order")
		}
		out = append(out, day)
	}
	return out
}

func (d *decoder) impressions(v *jsonv.Value, where string) *Impressions {
	im := &Impressions{}
	d.object(v, where, func(k string, fv *jsonv.Value) {
		switch k {
		case "total":
			im.Total = int(d.integer(fv, where+".total", 0, math.MaxInt32))
		case "days":
			im.Days = d.days(fv, where+".days")
		default:
			d.fail(where + ": unknown field " + strconv.Quote(k))
		}
	})
	return im
}

func (d *decoder) item(v *jsonv.Value, where string) *Item {
	it := &Item{}
	d.object(v, where, func(k string, fv *jsonv.Value) {
		switch k {
		case "name":
			if it.Name = d.str(fv, where+".name"); len(it.Name) > MaxName {
				d.fail(where + ".name: too long")
			}
		case "topics":
			if fv.Kind != jsonv.Array || len(fv.Elems) > 8 {
				d.fail(where + ".topics: want an array of at most 8")
				return
			}
			for _, tv := range fv.Elems {
				t := d.str(tv, where+".topics[]")
				d.name(t, where+".topics[]")
				it.Topics = append(it.Topics, t)
			}
		case "views":
			it.Views = int(d.integer(fv, where+".views", 0, math.MaxInt32))
		case "firstSeen":
			it.FirstSeen = d.integer(fv, where+".firstSeen", 0, maxTime)
		case "lastSeen":
			it.LastSeen = d.integer(fv, where+".lastSeen", 0, maxTime)
		case "bought":
			it.Bought = d.integer(fv, where+".bought", 0, maxTime)
		case "dismissed":
			it.Dismissed = d.integer(fv, where+".dismissed", 0, maxTime)
		case "shown":
			it.Shown = d.days(fv, where+".shown")
		default:
			d.fail(where + ": unknown field " + strconv.Quote(k))
		}
	})
	return it
}

func (d *decoder) topic(v *jsonv.Value, name string) *Topic {
	t := &Topic{}
	where := "topics." + name
	d.object(v, where, func(k string, fv *jsonv.Value) {
		switch k {
		case "base":
			t.Base = d.float(fv, where+".base")
		case "baseAt":
			t.BaseAt = d.integer(fv, where+".baseAt", 0, maxTime)
		case "folded":
			t.Folded = d.integer(fv, where+".folded", 0, maxTime)
		case "events":
			if fv.Kind != jsonv.Array || len(fv.Elems) > MaxEventsPerTopic {
				d.fail(where + ".events: want an array of at most " + strconv.Itoa(MaxEventsPerTopic))
				return
			}
			for _, ev := range fv.Elems {
				e := d.event(ev, where+".events[]")
				if n := len(t.Events); n > 0 && e.less(t.Events[n-1]) {
					d.fail(where + ".events: want events in time order")
				}
				t.Events = append(t.Events, e)
			}
		default:
			d.fail(where + ": unknown field " + strconv.Quote(k))
		}
	})
	for _, e := range t.Events {
		if e.At <= t.Folded {
			d.fail(where + ".events: an event is older than the folded base")
			break
		}
	}
	return t
}

func (d *decoder) event(v *jsonv.Value, where string) Event {
	var e Event
	d.object(v, where, func(k string, fv *jsonv.Value) {
		switch k {
		case "kind":
			e.Kind = Kind(d.str(fv, where+".kind"))
		case "path":
			e.Path = d.str(fv, where+".path")
		case "at":
			e.At = d.integer(fv, where+".at", 0, maxTime)
		case "weight":
			e.Weight = d.float(fv, where+".weight")
		default:
			d.fail(where + ": unknown field " + strconv.Quote(k))
		}
	})
	if !knownKind(e.Kind) {
		d.fail(where + ".kind: unknown event kind " + strconv.Quote(string(e.Kind)))
	}
	if len(e.Path) > MaxPath {
		d.fail(where + ".path: too long")
	}
	if d.err == nil && !(e.Weight > 0) {
		d.fail(where + ".weight: must be above 0")
	}
	return e
}
