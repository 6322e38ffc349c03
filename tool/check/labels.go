package check

// What a page says it is about, read as the page side reads it
// (web/page/facts.js, pageLabels) where the page has no hearth:topics, for
// `check --page` to show each page's topics and where they came from.
// TestCheckReadsLabelsAsThePageSideDoes holds the two readings together.

import (
	"encoding/json"
	"slices"
	"strings"

	"golang.org/x/net/html"

	"github.com/hearth-personalization/hearth/infer"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// labelReader collects a page's labels while parsePage reads its tokens.
type labelReader struct {
	tagged   bool                     // the page has <meta name="hearth:topics">
	written  string                   // its content: the owner's topics
	bySrc    map[string][]rules.Label // in the order found
	relTags  []rules.Label            // rel="tag" links: tags, after article:tag
	inTag    *strings.Builder         // the text of the rel="tag" link open
	ldScript *strings.Builder         // the JSON-LD script open
	ldCount  int
	keywords bool // the first meta keywords was read: the page side reads that one only
	template int  // <template>s open: their content is not the page's
	// types are what the page says it is (og:type, JSON-LD @type), for
	// `hearth init`'s guess of the site's items.
	types []string
	// For `hearth index`: the page's title (og:title, else <title>), and
	// its hearth:item and hearth:item-name.
	title, ogTitle, item, itemName string
	inTitle                        *strings.Builder
	// published is its article:published_time (RFC 3339 sorts as text);
	// summary its description (og:description, else meta description).
	published, summary, ogSummary string
	// grouped is the topic `hearth init` and `hearth index` gave the
	// page's words on a site that says nothing (group.go): never read
	// from the page.
	grouped string
}

func (lr *labelReader) add(src, text string) {
	if lr.bySrc == nil {
		lr.bySrc = map[string][]rules.Label{}
	}
	if text = strings.TrimSpace(text); text != "" && len(text) <= 200 {
		lr.bySrc[src] = append(lr.bySrc[src], rules.Label{Src: src, Text: text})
	}
}

// start notes a start tag.
func (lr *labelReader) start(tok html.Token) {
	if tok.Data == "template" {
		lr.template++
	}
	if lr.template > 0 {
		return
	}
	attr := func(name string) (string, bool) {
		for _, a := range tok.Attr {
			if a.Key == name {
				return a.Val, true
			}
		}
		return "", false
	}
	switch tok.Data {
	case "meta":
		content, _ := attr("content")
		name, _ := attr("name")
		prop, _ := attr("property")
		switch {
		case name == "hearth:topics" && !lr.tagged:
			lr.tagged, lr.written = true, content
		case prop == "article:tag":
			lr.add(rules.SrcTags, content)
		case prop == "article:section":
			lr.add(rules.SrcSection, content)
		case prop == "og:type":
			lr.types = append(lr.types, content)
		case prop == "article:published_time" && lr.published == "":
			lr.published = strings.TrimSpace(content)
		case prop == "og:description" && lr.ogSummary == "":
			lr.ogSummary = strings.TrimSpace(content)
		case name == "description" && lr.summary == "":
			lr.summary = strings.TrimSpace(content)
		case prop == "og:title" && lr.ogTitle == "":
			lr.ogTitle = strings.TrimSpace(content)
		case name == "hearth:item" && lr.item == "":
			lr.item = strings.TrimSpace(content)
		case name == "hearth:item-name" && lr.itemName == "":
			lr.itemName = strings.TrimSpace(content)
		case name == "keywords" && !lr.keywords:
			lr.keywords = true
			for _, k := range strings.Split(content, ",") {
				lr.add(rules.SrcKeywords, k)
			}
		}
	case "title":
		if lr.title == "" {
			lr.inTitle = &strings.Builder{}
		}
	case "a":
		if rel, _ := attr("rel"); slices.Contains(strings.Fields(rel), "tag") {
			lr.inTag = &strings.Builder{}
		}
	case "script":
		if typ, _ := attr("type"); strings.EqualFold(typ, "application/ld+json") && lr.ldCount < 3 {
			lr.ldScript = &strings.Builder{}
			lr.ldCount++
		}
	}
}

// text notes a text token (raw, as the tokenizer gives it).
func (lr *labelReader) text(raw string) {
	if lr.inTitle != nil {
		lr.inTitle.WriteString(html.UnescapeString(raw)) // a title holds text and character references
	}
	if lr.inTag != nil {
		lr.inTag.WriteString(html.UnescapeString(raw))
	}
	if lr.ldScript != nil {
		lr.ldScript.WriteString(raw) // a script's text is not escaped
	}
}

// end notes an end tag.
func (lr *labelReader) end(name string) {
	if name == "template" && lr.template > 0 {
		lr.template--
	}
	switch {
	case name == "title" && lr.inTitle != nil:
		lr.title = strings.Join(strings.Fields(lr.inTitle.String()), " ")
		lr.inTitle = nil
	case name == "a" && lr.inTag != nil:
		if t := strings.TrimSpace(lr.inTag.String()); t != "" && len(t) <= 200 {
			lr.relTags = append(lr.relTags, rules.Label{Src: rules.SrcTags, Text: t})
		}
		lr.inTag = nil
	case name == "script" && lr.ldScript != nil:
		lr.jsonLD(lr.ldScript.String())
		lr.ldScript = nil
	}
}

// jsonLD reads a JSON-LD block's keywords, articleSection, about and a
// breadcrumb's names but the first and the last.
func (lr *labelReader) jsonLD(text string) {
	var d any
	if len(text) > 65536 || json.Unmarshal([]byte(text), &d) != nil {
		return
	}
	nodes, ok := d.([]any)
	if m, isObj := d.(map[string]any); isObj {
		if g, isList := m["@graph"].([]any); isList {
			nodes = g
		} else {
			nodes = []any{d}
		}
	} else if !ok {
		return
	}
	each := func(v any, f func(any)) {
		switch x := v.(type) {
		case string:
			for _, s := range strings.Split(x, ",") {
				f(s)
			}
		case []any:
			for _, y := range x[:min(len(x), 32)] {
				f(y)
			}
		default:
			f(x)
		}
	}
	named := func(v any) {
		if m, ok := v.(map[string]any); ok {
			v = m["name"]
		}
		if s, ok := v.(string); ok {
			lr.add(rules.SrcJSONLD, s)
		}
	}
	for _, n := range nodes[:min(len(nodes), 16)] {
		m, ok := n.(map[string]any)
		if !ok {
			continue
		}
		each(m["@type"], func(v any) {
			if s, ok := v.(string); ok {
				lr.types = append(lr.types, s)
			}
		})
		add := func(v any) {
			if s, ok := v.(string); ok {
				lr.add(rules.SrcJSONLD, s)
			}
		}
		each(m["keywords"], add)
		each(m["articleSection"], add)
		each(m["category"], func(v any) { // a Product's: "Camping > Tents" is both
			if s, ok := v.(string); ok {
				for _, c := range strings.Split(s, ">") {
					lr.add(rules.SrcJSONLD, c)
				}
				return
			}
			named(v)
		})
		if m["about"] != nil {
			each(m["about"], named)
		}
		if crumbs, ok := m["itemListElement"].([]any); ok && m["@type"] == "BreadcrumbList" {
			for j := 1; j < len(crumbs)-1; j++ {
				c, _ := crumbs[j].(map[string]any)
				if c["name"] != nil {
					named(c)
				} else if item, ok := c["item"].(map[string]any); ok {
					named(item)
				}
			}
		}
	}
}

// labels are the page's labels in the page side's order, at most 32; none
// on a page with hearth:topics.
func (lr *labelReader) labels() []rules.Label {
	if lr.tagged {
		return nil
	}
	var out []rules.Label
	for _, src := range rules.Sources {
		out = append(out, lr.bySrc[src]...)
		if src == rules.SrcTags {
			out = append(out, lr.relTags...)
		}
	}
	return out[:min(len(out), 32)]
}

// pageTopicsNote says which topics a page without hearth:topics gives, and
// where each came from (its words, by the catalog's model, where it says
// nothing else); "" for a page with hearth:topics.
func pageTopicsNote(cfg *rules.Config, pf *pageFacts, model *infer.Model) string {
	if pf.labels.tagged {
		return ""
	}
	got := cfg.PageTopics(pf.labels.labels(), pf.path)
	if len(got) == 0 {
		const none = "no hearth:topics, and nothing Hearth reads in its place (article:tag, rel=\"tag\" links, article:section, JSON-LD, meta keywords, a directory naming a topic)"
		if model == nil {
			return none + ": the page records no topic"
		}
		id, _ := model.Infer(pageWords(pf))
		if t := cfg.InferredTopic(id); id != "" && t != "" {
			got = []rules.PageTopic{{ID: t, Src: rules.SrcWords}}
		} else {
			return none + "; its words are too few or too mixed for the catalog's model: the page records no topic"
		}
	}
	var parts []string
	for _, t := range got {
		s := t.ID + " (" + t.Src
		if _, ok := cfg.Topics[t.ID]; !ok {
			s += ", not in the config: shown as \"" + cfg.Label(t.ID, "en") + "\""
		}
		if cfg.Sensitive(t.ID) {
			s += ", sensitive: kept only once the visitor declares it"
		}
		parts = append(parts, s+")")
	}
	return "no hearth:topics; from what the page says: " + strings.Join(parts, ", ")
}
