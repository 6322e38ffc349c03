package profile

import (
	"math"
	"strconv"

	"github.com/hearth-personalization/hearth/internal/jsonv"
)

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

// topics reads an array of min to 8 topic names (an item's, a pending
// signal's).
func (d *decoder) topics(v *jsonv.Value, where string, min int) []string {
	if v.Kind != jsonv.Array || len(v.Elems) < min || len(v.Elems) > 8 {
		d.fail(where + ": want an array of " + strconv.Itoa(min) + " to 8 topics")
		return nil
	}
	var out []string
	for _, tv := range v.Elems {
		t := d.str(tv, where+"[]")
		d.name(t, where+"[]")
		out = append(out, t)
	}
	return out
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
			it.Topics = d.topics(fv, where+".topics", 0)
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
		case "src":
			if e.Src = d.str(fv, where+".src"); !validSrc(e.Src) {
				d.fail(where + ".src: want a short lower-case word")
			}
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
