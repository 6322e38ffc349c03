package session

import (
	"strconv"
	"strings"
	"time"

	"github.com/hearth-personalization/hearth/catalog"
	"github.com/hearth-personalization/hearth/infer"
	"github.com/hearth-personalization/hearth/internal/jsonv"
	"github.com/hearth-personalization/hearth/wasm/engine"
	"github.com/hearth-personalization/hearth/wasm/profile"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// The site's catalog (docs/ONE-TAG.md §2). The module makes no request
// (build/netguard holds it to that): the page side reads the catalog's
// path from the config's text and hands it to the worker's glue
// (web/worker.js), which fetches it, without cookies, as it fetches the
// module: its address and moment depend on the config alone, the same for
// every visitor. It arrives after the first answer, as a message of its
// own (MsgCatalog: {path, text} or {path, error}); its answer
// ("catalog": true) answers no call of the page side's.

// siteCatalog is the catalog's items, their topics made the config's.
type siteCatalog struct {
	items   []engine.Item
	summary map[string]string // by id: what a card says of the item
	byURL   map[string]int    // an untagged page is the item listed at its path
	model   *infer.Model      // what the site's words say of its topics, nil when none
}

// Catalog takes the catalog's message, its text as fetched or why the
// fetch failed, and answers with what the page shows now: recommendation
// slots draw from every item it lists, and a page without hearth:item is
// the item listed at its path (its view counted as the item's, once).
func (s *Session) Catalog(m *jsonv.Value, now time.Time) []byte {
	s.catalogDue = false
	if s.catalog != nil || s.cfg.Catalog == "" {
		return s.unasked(now) // one catalog per session, and only the config's
	}
	if path := str(m.Get("path")); path != s.cfg.Catalog {
		s.log("error", "catalog: "+strconv.Quote(path)+" is not the config's "+strconv.Quote(s.cfg.Catalog))
		return s.unasked(now)
	}
	if failed := str(m.Get("error")); failed != "" {
		s.log("warn", "catalog "+s.cfg.Catalog+": "+failed+": recommendations draw from the page's own templates")
		return s.unasked(now)
	}
	cat, err := catalog.Parse([]byte(str(m.Get("text"))))
	if err != nil {
		s.log("error", s.cfg.Catalog+": "+err.Error()+" (write it again with `hearth index`): recommendations draw from the page's own templates")
		return s.unasked(now)
	}
	c := &siteCatalog{byURL: map[string]int{}, summary: map[string]string{}, model: cat.Model}
	for _, it := range cat.Items {
		var labels []rules.Label
		for _, t := range it.Topics {
			labels = append(labels, rules.Label{Src: rules.SrcTags, Text: t})
		}
		var topics []string
		for _, t := range s.cfg.PageTopics(labels, pathOf(it.URL)) {
			topics = append(topics, t.ID)
		}
		if _, dup := c.byURL[pathOf(it.URL)]; !dup {
			c.byURL[pathOf(it.URL)] = len(c.items)
		}
		c.items = append(c.items, engine.Item{SKU: it.ID, Name: it.Title, Topics: topics, URL: it.URL})
		if it.Summary != "" {
			c.summary[it.ID] = it.Summary
		}
	}
	s.catalog = c
	item := s.page.Item
	s.page = s.withCatalog(s.page)
	save := false
	if s.inferred(&s.page) && s.recording() {
		for _, t := range s.page.Topics { // boot counted the page without them
			s.p.RecordFrom(t, rules.SrcWords, profile.View, s.cfg.Signals.View, s.path(), now, s.cfg.HalfLife)
		}
		save = true
	}
	if item == "" && s.page.Item != "" && s.recording() && s.path() != "" {
		s.p.ViewItem(s.page.Item, s.facts.ItemName, s.page.Topics, now) // boot counted the page without it
		save = true
	}
	s.decide(now, save)
	return s.unasked(now)
}

// inferred gives a page that says nothing of its topics (no hearth:topics,
// no metadata, no directory naming a topic) the one its words say, by the
// catalog's model (package infer), and reports whether it did. The page
// side sends the words only for such a page.
func (s *Session) inferred(p *engine.Page) bool {
	if s.catalog == nil || s.catalog.model == nil || len(p.Topics) > 0 || s.facts.Words == "" {
		return false
	}
	id, _ := s.catalog.model.Infer(s.facts.Words)
	t := s.cfg.InferredTopic(id)
	if id == "" || t == "" {
		return false
	}
	p.Topics = []string{t}
	if s.facts.TopicSrc == nil {
		s.facts.TopicSrc = map[string]string{}
	}
	s.facts.TopicSrc[t] = rules.SrcWords
	return true
}

// unasked is an answer to no message of the page side's.
func (s *Session) unasked(now time.Time) []byte {
	s.unaskedNext = true
	return s.update(false, now)
}

// withCatalog adds the catalog's items to a page's own (the page's
// templates first: where both list an item, its template shows it), and
// makes a page without hearth:item the item the catalog lists at its path.
func (s *Session) withCatalog(p engine.Page) engine.Page {
	c := s.catalog
	if c == nil || len(c.items) == 0 {
		return p
	}
	if p.Item == "" {
		if i, ok := c.byURL[p.Path]; ok {
			p.Item = c.items[i].SKU
			if s.facts.ItemName == "" {
				s.facts.ItemName = c.items[i].Name
			}
		}
	}
	if len(p.RecSlots) == 0 {
		return p
	}
	own := map[string]bool{}
	for _, it := range p.Items {
		own[it.SKU] = true
	}
	items := make([]engine.Item, len(p.Items), len(p.Items)+len(c.items))
	copy(items, p.Items)
	for _, it := range c.items {
		if !own[it.SKU] {
			items = append(items, it)
		}
	}
	p.Items = items
	return p
}

// pathOf is a catalog URL's path, without its query and fragment: what
// the page side sends as a page's path.
func pathOf(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i]
	}
	return u
}
