package engine

import (
	"math"
	"sort"
	"time"

	"github.com/hearth-personalization/hearth/wasm/profile"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// Recommendation slot kinds (data-hearth-recommend).
const (
	Complements = "complements" // items that go with what the visitor looked at (shops)
	Recent      = "recent"      // items the visitor looked at, as a reminder
	Similar     = "similar"     // more like what the reader is into, unread first (content sites)
)

// Item is an item the page can show: one of its <template
// data-hearth-item-template data-hearth-item="SKU"> entries, or an item of
// the site's catalog (package catalog), shown in the slot's card.
type Item struct {
	SKU    string
	Name   string
	Topics []string
	URL    string // a catalog item's link; "" for a page's own template
}

// RecSlot is one [data-hearth-recommend] element.
type RecSlot struct {
	Kind  string // Complements, Recent or Similar
	Count int
	// IncludeRead lets Similar offer items the reader has read already
	// (data-hearth-include-read), after the unread ones.
	IncludeRead bool
	// Cards says the slot can show an item of the site's catalog (it, or
	// the page, has a <template data-hearth-card>): without one, only the
	// page's own templates are candidates, so that the slot never picks
	// items it cannot show.
	Cards bool
}

// Rec is one recommended item and why.
type Rec struct {
	SKU  string
	Kind string
	// Because is the viewed item it goes with (for a complement), the item
	// itself (for a reminder), with its name and when it was last viewed; or
	// for a similar item the reader's topic it shares that counts most (its
	// id, no name: the panel labels it, and the time of its latest evidence).
	Because, BecauseName string
	BecauseAt            int64
	Score                float64
	order                int // the item's place on the page: the tie order
}

// maxAnchors is how many of the most recently viewed items recommendations
// start from.
const maxAnchors = 5

// Recommend ranks the page's items for a recommendation slot. Complements:
// items whose topics go with the topics of what the visitor viewed most
// recently (or that the config pairs with it), weighted by recency and
// interest. Recent: what the visitor viewed, newest first, under the
// retargeting caps. Never an item the visitor bought or dismissed (a
// reminder may come back after the cool-down), never the page's own item,
// never an item of a sensitive topic the visitor did not declare, of a topic
// they removed or declared off. Nothing while paused or without consent.
func Recommend(p *profile.Profile, cfg *rules.Config, page Page, slot RecSlot, now time.Time) []Rec {
	if Off(cfg, p, page.GPC) != "" || slot.Count <= 0 {
		return nil
	}
	f := newFacts(cfg, p, page, now)
	t := now.UnixMilli()
	var out []Rec
	var as []anchor
	if slot.Kind == Complements {
		as = anchors(f, t)
	}
	seen := map[string]bool{}
	for i, it := range page.Items {
		if seen[it.SKU] || it.SKU == page.Item || !allowedItem(f, it) || it.URL != "" && !slot.Cards {
			continue
		}
		seen[it.SKU] = true
		st := p.Items[it.SKU]
		switch slot.Kind {
		case Similar:
			if st != nil && (st.Dismissed > 0 || (st.LastSeen > 0 && !slot.IncludeRead)) {
				continue
			}
			if r, ok := similar(f, it); ok {
				if st != nil && st.LastSeen > 0 {
					r.Score /= 1e6 // read already: after every unread one
				}
				r.order = i
				out = append(out, r)
			}
		case Complements:
			if st != nil && (st.Bought > 0 || st.Dismissed > 0) {
				continue
			}
			if r, ok := complement(as, it); ok {
				r.order = i
				out = append(out, r)
			}
		case Recent:
			if st == nil || st.LastSeen == 0 {
				continue
			}
			cool := cfg.Retargeting.CoolDown.Milliseconds()
			if (st.Bought > 0 && t-st.Bought < cool) || (st.Dismissed > 0 && t-st.Dismissed < cool) {
				continue
			}
			today, week := p.ItemShown(it.SKU, now)
			if (cfg.Retargeting.PerDay > 0 && today >= cfg.Retargeting.PerDay) || (cfg.Retargeting.PerWeek > 0 && week >= cfg.Retargeting.PerWeek) {
				continue
			}
			name := st.Name
			if name == "" {
				name = it.Name
			}
			out = append(out, Rec{SKU: it.SKU, Kind: Recent, Because: it.SKU, BecauseName: name, BecauseAt: st.LastSeen, Score: float64(st.LastSeen), order: i})
		}
	}
	// Items that score alike keep the page's order (its newest first, on
	// most blogs), not their ids'.
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].order < out[j].order
	})
	if len(out) > slot.Count {
		out = out[:slot.Count]
	}
	return out
}

// allowedItem rules out items of topics the visitor removed or declared off,
// and of sensitive topics they did not declare.
func allowedItem(f *facts, it Item) bool {
	for _, t := range it.Topics {
		on, set := f.p.DeclaredOn(t)
		if f.p.Blocked[t].On || (set && !on) || (f.cfg.Sensitive(t) && !on) {
			return false
		}
	}
	return true
}

// anchor is one of the most recently viewed items, with what goes with it.
type anchor struct {
	sku, name string
	at        int64
	weight    float64         // recency × (1 + interest in its topics)
	topics    map[string]bool // topics that complement it
	pairs     map[string]bool // items the config pairs with it
}

// anchors are the most recently viewed items, computed once per ranking.
func anchors(f *facts, now int64) []anchor {
	skus := make([]string, 0, len(f.p.Items))
	for sku, st := range f.p.Items {
		if st.LastSeen > 0 {
			skus = append(skus, sku)
		}
	}
	sort.Slice(skus, func(i, j int) bool {
		a, b := f.p.Items[skus[i]], f.p.Items[skus[j]]
		if a.LastSeen != b.LastSeen {
			return a.LastSeen > b.LastSeen
		}
		return skus[i] < skus[j]
	})
	out := make([]anchor, 0, min(len(skus), maxAnchors))
	for _, sku := range skus {
		st := f.p.Items[sku]
		if !allowedItem(f, Item{Topics: st.Topics}) {
			continue // about a topic the visitor removed or declared off: it drives nothing
		}
		a := anchor{sku: sku, name: st.Name, at: st.LastSeen, topics: map[string]bool{}, pairs: map[string]bool{}}
		interest := 0.0
		for _, t := range st.Topics {
			interest = math.Max(interest, f.Score(t))
			for _, c := range f.cfg.Complements[t] {
				a.topics[c] = true
			}
		}
		for _, c := range f.cfg.ItemComplements[sku] {
			a.pairs[c] = true
		}
		a.weight = math.Exp2(-float64(now-st.LastSeen)/float64(f.cfg.HalfLife.Milliseconds())) * (1 + interest)
		out = append(out, a)
		if len(out) == maxAnchors {
			break
		}
	}
	return out
}

// similar scores an item by the reader's interest in each of its topics:
// the more of their topics it shares, and the stronger and more recent
// that interest (scores decay with the half-life), the higher. Because is
// the shared topic that counts most.
func similar(f *facts, it Item) (Rec, bool) {
	r := Rec{SKU: it.SKU, Kind: Similar}
	best := 0.0
	for _, t := range it.Topics {
		s := f.Score(t)
		if s <= 0 {
			continue
		}
		r.Score += s
		if s > best {
			best, r.Because = s, t
			r.BecauseAt = 0
			for _, e := range f.p.EventsOf(t) {
				r.BecauseAt = max(r.BecauseAt, e.At)
			}
			if d := f.p.Declared[t]; d.On {
				r.BecauseAt = max(r.BecauseAt, d.At)
			}
		}
	}
	return r, r.Score > 0
}

// complement scores an item against the anchors: the best of them counts;
// a pair the config names counts double.
func complement(as []anchor, it Item) (Rec, bool) {
	best := Rec{SKU: it.SKU, Kind: Complements}
	for _, a := range as {
		if a.sku == it.SKU {
			continue
		}
		s := 0.0
		if a.pairs[it.SKU] {
			s = 2 * a.weight
		} else {
			for _, t := range it.Topics {
				if a.topics[t] {
					s = a.weight
					break
				}
			}
		}
		if s > best.Score {
			best.Score, best.Because, best.BecauseName, best.BecauseAt = s, a.sku, a.name, a.at
		}
	}
	return best, best.Score > 0
}
