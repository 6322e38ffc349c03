package profile

import (
	"sort"
	"strconv"

	"github.com/hearth-personalization/hearth/internal/jsonv"
)

// Spend is one measurement report the device sent: when (Unix ms) and the
// ε it gave (its measurement's ε times its entries). The ledger of them is
// kept apart from the Measurement, which a new id, start or holdout starts
// afresh: the device's budget (measure's MayReport) must hold
// whatever config the site serves. It says nothing of what was reported.
type Spend struct {
	At  int64
	Eps float64
}

// maxSpent bounds the ledger: reports are at least a week apart, so a
// year holds at most 53.
const maxSpent = 64

// spendWindow is how long a spend is kept: a year and a day.
const spendWindow = 366 * 24 * 3600 * 1000

// Spent lists the ledger's times and ε, for measure.MayReport.
func (p *Profile) Spent() (at []int64, eps []float64) {
	for _, s := range p.Spends {
		at = append(at, s.At)
		eps = append(eps, s.Eps)
	}
	return at, eps
}

// Spend records a report sent at now, and forgets those older than a year.
func (p *Profile) Spend(now int64, eps float64) {
	p.Spends = tidySpends(append(p.Spends, Spend{At: now, Eps: eps}), now)
}

// tidySpends sorts, deduplicates and bounds a ledger: a year back from the
// latest time (now, or the latest spend), at most maxSpent, the latest kept.
func tidySpends(s []Spend, now int64) []Spend {
	sort.Slice(s, func(i, j int) bool { // not slices: see package order
		return s[i].At < s[j].At || s[i].At == s[j].At && s[i].Eps < s[j].Eps
	})
	out := s[:0]
	for i, x := range s {
		if i > 0 && x == s[i-1] {
			continue
		}
		out = append(out, x)
	}
	if n := len(out); n > 0 {
		now = max(now, out[n-1].At)
	}
	for len(out) > 0 && now-out[0].At > spendWindow {
		out = out[1:]
	}
	if len(out) > maxSpent {
		out = out[len(out)-maxSpent:]
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// mergeSpends is the union of two tabs' ledgers: a report either sent
// counts, once.
func mergeSpends(a, b []Spend) []Spend {
	return tidySpends(append(append([]Spend(nil), a...), b...), 0)
}

func writeSpends(w *jsonv.Writer, s []Spend) {
	w.Open('[')
	for _, x := range s {
		w.Open('[')
		w.Int(x.At)
		w.Float(x.Eps)
		w.Close(']')
	}
	w.Close(']')
}

func (d *decoder) spends(v *jsonv.Value) []Spend {
	if v.Kind != jsonv.Array || len(v.Elems) > maxSpent {
		d.fail("spent: want an array of at most " + strconv.Itoa(maxSpent))
		return nil
	}
	var out []Spend
	for _, e := range v.Elems {
		if e.Kind != jsonv.Array || len(e.Elems) != 2 {
			d.fail("spent: want [time, ε] pairs")
			return nil
		}
		at := d.integer(e.Elems[0], "spent[][0]", 1, maxTime)
		eps := d.float(e.Elems[1], "spent[][1]")
		if eps <= 0 || eps > 64 {
			d.fail("spent[][1]: want an ε above 0 and at most 64")
		}
		out = append(out, Spend{At: at, Eps: eps})
	}
	return tidySpends(out, 0)
}
