package session

import (
	"strings"

	"github.com/hearth-personalization/hearth/infer"
	"github.com/hearth-personalization/hearth/internal/jsonv"
	"github.com/hearth-personalization/hearth/wasm/engine"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// Facts are what the page side reads from the page and sends with a boot,
// a navigation or an addition: plain data, so that the session never
// touches the DOM and can run in a Web Worker (see web/hearth.js, scan()).
type Facts struct {
	Page      engine.Page // SinceLastVisit is the session's to fill
	ItemName  string      // <meta name="hearth:item-name">
	Purchased []string    // [data-hearth-purchased] SKUs
	Lang      string      // <html lang>, else navigator.language
	Debug     bool        // the URL has ?hearth-debug
	Files     int         // resources the page loaded from the bundle's base URL
	// TopicSrc says where the page said it was about each of its topics,
	// for a page without hearth:topics whose topics come from its own
	// metadata (rules.PageTopics); nil on a page with hearth:topics.
	TopicSrc map[string]string
	// Words are the page's title and first words, sent only for a page
	// that says nothing of its topics: the catalog's model reads them.
	Words string
}

// Limits on what one message may carry: a page with more is cut, never
// trusted to be small.
const (
	maxQuery = 64
	maxList  = 20000 // slots, variant templates, items: 500 slots × 10 variants is a real page
	maxCount = 12    // items per recommendation slot
	// A page's labels (its metadata, rules.Label): how many, how long.
	maxLabels   = 32
	maxLabelLen = 200
)

// decodeFacts reads the facts object of a message. Missing or mistyped
// fields read as empty: the page side is ours, but the page it reads is not.
// A page without hearth:topics gets the topics its own metadata names.
func decodeFacts(v *jsonv.Value, cfg *rules.Config) Facts {
	var f Facts
	p := &f.Page
	p.Path = str(v.Get("path"))
	p.Query = map[string]string{}
	if q := v.Get("query"); q != nil && q.Kind == jsonv.Object {
		for _, m := range q.Members {
			if len(p.Query) >= maxQuery {
				break
			}
			if _, dup := p.Query[m.Key]; !dup && m.Val.Kind == jsonv.String {
				p.Query[m.Key] = m.Val.Str
			}
		}
	}
	if p.Topics = SplitTopics(str(v.Get("topics"))); len(p.Topics) == 0 && str(v.Get("topics")) == "" {
		f.TopicSrc = map[string]string{}
		for _, t := range cfg.PageTopics(labels(v.Get("labels")), p.Path) {
			p.Topics = append(p.Topics, t.ID)
			f.TopicSrc[t.ID] = t.Src
		}
	}
	p.Item = strings.TrimSpace(str(v.Get("item")))
	p.Language = str(v.Get("language"))
	p.GPC = flag(v.Get("gpc"))
	p.Viewport = rules.ViewportClass(num(v.Get("width")))
	for _, it := range list(v.Get("items")) {
		p.Items = append(p.Items, engine.Item{SKU: str(it.Get("sku")), Name: str(it.Get("name")), Topics: SplitTopics(str(it.Get("topics")))})
	}
	for _, r := range list(v.Get("recSlots")) {
		n := int(num(r.Get("count")))
		if n < 1 {
			n = 3
		}
		p.RecSlots = append(p.RecSlots, engine.RecSlot{Kind: str(r.Get("kind")), Count: min(n, maxCount), IncludeRead: flag(r.Get("includeRead")), Cards: flag(r.Get("card"))})
	}
	variants := map[string][]string{}
	for _, t := range list(v.Get("variants")) {
		slot, name, ok := cutLast(str(t), "/")
		if ok && slot != "" && name != "" {
			variants[slot] = append(variants[slot], name)
		}
	}
	seen := map[string]bool{}
	for _, s := range list(v.Get("slots")) {
		name := str(s.Get("name"))
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		p.Slots = append(p.Slots, engine.Slot{Name: name, Label: str(s.Get("label")), Variants: variants[name]})
	}
	f.ItemName = str(v.Get("itemName"))
	for _, s := range list(v.Get("purchased")) {
		if sku := strings.TrimSpace(str(s)); sku != "" {
			f.Purchased = append(f.Purchased, sku)
		}
	}
	f.Lang = str(v.Get("lang"))
	f.Debug = flag(v.Get("debug"))
	f.Files = int(num(v.Get("files")))
	if f.Words = str(v.Get("words")); len(f.Words) > infer.MaxTextLen {
		f.Words = f.Words[:infer.MaxTextLen] // infer.Tokens cuts there too: a word cut in two is one word less
	}
	return f
}

// labels reads the page's metadata as the page side sent it: [[source,
// text], …], bounded.
func labels(v *jsonv.Value) []rules.Label {
	var out []rules.Label
	for _, l := range list(v) {
		if len(out) == maxLabels {
			break
		}
		if l.Kind == jsonv.Array && len(l.Elems) == 2 {
			if text := str(l.Elems[1]); text != "" && len(text) <= maxLabelLen {
				out = append(out, rules.Label{Src: str(l.Elems[0]), Text: text})
			}
		}
	}
	return out
}

// SplitTopics reads a comma-separated topic list as written in the markup.
func SplitTopics(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func cutLast(s, sep string) (string, string, bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return "", "", false
	}
	return s[:i], s[i+len(sep):], true
}

func str(v *jsonv.Value) string {
	if v == nil || v.Kind != jsonv.String {
		return ""
	}
	return v.Str
}

func num(v *jsonv.Value) float64 {
	if v == nil || v.Kind != jsonv.Number {
		return 0
	}
	return v.Num
}

func flag(v *jsonv.Value) bool { return v != nil && v.Kind == jsonv.Bool && v.Bool }

// list is an array's elements, at most maxList of them.
func list(v *jsonv.Value) []*jsonv.Value {
	if v == nil || v.Kind != jsonv.Array {
		return nil
	}
	return v.Elems[:min(len(v.Elems), maxList)]
}
