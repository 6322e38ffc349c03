package profile

import (
	"sort"
	"time"

	"github.com/hearth-personalization/hearth/wasm/internal/order"
)

// MaxItems bounds the catalog items remembered; the least recently touched
// go first.
const MaxItems = 48

// Item is what the visitor did with one catalog item (data-hearth-item).
type Item struct {
	Name      string   // as the page names it, for the panel and reasons
	Topics    []string // the item's topics, sorted
	Views     int
	FirstSeen int64 // Unix milliseconds of the first view
	LastSeen  int64 // Unix milliseconds of the last view
	Bought    int64 // when the visitor bought it; 0 if not
	Dismissed int64 // when the visitor said "don't show me this again"; 0 if not
	Shown     []Day // recommendation impressions per day, the last 7 days
}

// touched is the item's latest activity, for bounding.
func (it *Item) touched() int64 { return max(it.LastSeen, it.Bought, it.Dismissed) }

func (p *Profile) item(sku, name string, topics []string) *Item {
	if p.Items == nil {
		p.Items = map[string]*Item{}
	}
	it := p.Items[sku]
	if it == nil {
		it = &Item{}
		p.Items[sku] = it
	}
	if name != "" {
		it.Name = clip(name, MaxName)
	}
	if len(topics) > 0 {
		it.Topics = normTopics(topics)
	}
	return it
}

func normTopics(ts []string) []string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		if t != "" && len(t) <= MaxName {
			out = append(out, t)
		}
	}
	order.Strings(out)
	if len(out) > 8 {
		out = out[:8]
	}
	return out
}

// ViewItem records that the visitor looked at an item.
func (p *Profile) ViewItem(sku, name string, topics []string, now time.Time) {
	if sku == "" || len(sku) > MaxName {
		return
	}
	it := p.item(sku, name, topics)
	t := ms(now)
	it.Views++
	if it.FirstSeen == 0 || t < it.FirstSeen {
		it.FirstSeen = t
	}
	it.LastSeen = max(it.LastSeen, t)
	p.trimItems()
}

// BuyItem records a purchase: the item is never recommended again, and not
// retargeted during the cool-down.
func (p *Profile) BuyItem(sku string, now time.Time) {
	if sku == "" || len(sku) > MaxName {
		return
	}
	p.item(sku, "", nil).Bought = ms(now)
	p.trimItems()
}

// DismissItem records "don't show me this again".
func (p *Profile) DismissItem(sku string, now time.Time) {
	if sku == "" || len(sku) > MaxName {
		return
	}
	p.item(sku, "", nil).Dismissed = ms(now)
	p.trimItems()
}

// ShowItem counts one showing of an item in a recommendation slot.
func (p *Profile) ShowItem(sku string, now time.Time) {
	it := p.Items[sku]
	if it == nil {
		return
	}
	today := dayOf(now)
	it.Shown = recentDays(it.Shown, today)
	if n := len(it.Shown); n > 0 && it.Shown[n-1].Day == today {
		it.Shown[n-1].N++
	} else {
		it.Shown = append(it.Shown, Day{Day: today, N: 1})
	}
}

// ItemShown returns how often an item was recommended today and in the last
// 7 days.
func (p *Profile) ItemShown(sku string, now time.Time) (today, week int) {
	it := p.Items[sku]
	if it == nil {
		return 0, 0
	}
	d := dayOf(now)
	for _, day := range it.Shown {
		if day.Day == d {
			today += day.N
		}
		if day.Day > d-7 && day.Day <= d {
			week += day.N
		}
	}
	return today, week
}

func (p *Profile) trimItems() {
	if len(p.Items) <= MaxItems {
		return
	}
	skus := sortedKeys(p.Items)
	sort.SliceStable(skus, func(i, j int) bool { return p.Items[skus[i]].touched() > p.Items[skus[j]].touched() })
	for _, s := range skus[MaxItems:] {
		delete(p.Items, s)
	}
}

// pruneItems forgets items untouched for longer than retention.
func (p *Profile) pruneItems(now time.Time, retention time.Duration) {
	cutoff := ms(now) - retention.Milliseconds()
	today := dayOf(now)
	for sku, it := range p.Items {
		it.Shown = recentDays(it.Shown, today)
		if it.touched() < cutoff {
			delete(p.Items, sku)
		}
	}
}

func mergeItem(a, b *Item) *Item {
	if a == nil {
		a, b = b, a
	}
	out := *a
	out.Topics = append([]string(nil), a.Topics...)
	out.Shown = append([]Day(nil), a.Shown...)
	if b == nil {
		return &out
	}
	if b.LastSeen > a.LastSeen || (b.LastSeen == a.LastSeen && b.Name > a.Name) {
		out.Name = b.Name
		out.Topics = append([]string(nil), b.Topics...)
	}
	out.Views = max(a.Views, b.Views)
	out.FirstSeen = minNonZero(a.FirstSeen, b.FirstSeen)
	out.LastSeen = max(a.LastSeen, b.LastSeen)
	out.Bought = max(a.Bought, b.Bought)
	out.Dismissed = max(a.Dismissed, b.Dismissed)
	out.Shown = mergeImpressions(&Impressions{Days: a.Shown}, &Impressions{Days: b.Shown}).Days
	return &out
}
