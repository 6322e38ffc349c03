package engine

import (
	"math"
	"sort"
	"time"

	"hearth/wasm/profile"
	"hearth/wasm/rules"
)

// Recommendation slot kinds (data-hearth-recommend).
const (
	Complements = "complements" // items that go with what the visitor looked at
	Recent      = "recent"      // items the visitor looked at, as a reminder
)

// Item is a catalog item the page can show: one of its
// <template data-hearth-item-template data-hearth-item="SKU"> entries.
type Item struct {
	SKU    string
	Name   string
	Topics []string
}

// RecSlot is one [data-hearth-recommend] element.
type RecSlot struct {
	Kind  string // Complements or Recent
	Count int
}

// Rec is one recommended item and why.
type Rec struct {
	SKU  string
	Kind string
	// Because is the viewed item it goes with (for a complement) or the item
	// itself (for a reminder), with its name and when it was last viewed.
	Because, BecauseName string
	BecauseAt            int64
	Score                float64
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
	for _, it := range page.Items {
		if seen[it.SKU] || it.SKU == page.Item || !allowedItem(f, it) {
			continue
		}
		seen[it.SKU] = true
		st := p.Items[it.SKU]
		switch slot.Kind {
		case Complements:
			if st != nil && (st.Bought > 0 || st.Dismissed > 0) {
				continue
			}
			if r, ok := complement(as, it); ok {
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
			out = append(out, Rec{SKU: it.SKU, Kind: Recent, Because: it.SKU, BecauseName: name, BecauseAt: st.LastSeen, Score: float64(st.LastSeen)})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].SKU < out[j].SKU
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
		if f.p.Blocked[t].On || (set && !on) || (f.cfg.Topics[t].Sensitive && !on) {
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
	if len(skus) > maxAnchors {
		skus = skus[:maxAnchors]
	}
	out := make([]anchor, 0, len(skus))
	for _, sku := range skus {
		st := f.p.Items[sku]
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
	}
	return out
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
