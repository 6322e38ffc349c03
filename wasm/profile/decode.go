package profile

import (
	"math"
	"strconv"

	"github.com/hearth-personalization/hearth/internal/jsonv"
)

// Decode parses a stored value. Any error wraps errCorrupt; the caller sets
// the value aside and starts afresh instead of failing. Decode is strict:
// unknown fields, duplicate keys and values Hearth never writes are refused.
func Decode(data []byte) (*Profile, error) {
	p, _, err := decode(data, false)
	return p, err
}

// decodeRepairing reads what Decode refused, keeping every part that reads on its own:
// each topic, declared or blocked topic, item, impression count and replayed
// page, and each top-level field. One bad number (a weight from a careless
// API call, a hand-edited value) then costs that entry, never the visitor's
// choices. dropped counts what was left out. It fails where nothing can be
// read: not a JSON object of this format version, over the size limit, or
// nothing of Hearth's in it but the version (another program's value).
func decodeRepairing(data []byte) (p *Profile, dropped int, err error) {
	return decode(data, true)
}

func decode(data []byte, repair bool) (*Profile, int, error) {
	if len(data) > maxEncoded {
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
		case "born":
			n := d.integer(v, key, 0, maxTime)
			return func() { p.Born = n }
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
		case "measure":
			m := d.measurement(v)
			return func() { p.Measure = m }
		case "measureOff":
			f := d.flag(v, key)
			return func() { p.MeasureOff = f }
		case "spent":
			sp := d.spends(v)
			return func() { p.Spends = sp }
		case "pending":
			if v.Kind != jsonv.Array || len(v.Elems) > maxPending {
				d.fail("pending: want an array of at most " + strconv.Itoa(maxPending))
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
			s.Topics = d.topics(fv, "pending[].topics", 1)
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
		case "cfg":
			if r.Config = d.str(fv, "replay[].cfg"); len(r.Config) > MaxConfigHash {
				d.fail("replay[].cfg: longer than " + strconv.Itoa(MaxConfigHash))
			}
		default:
			d.fail("replay[]: unknown field " + strconv.Quote(k))
		}
	})
	return r
}
