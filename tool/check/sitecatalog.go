package check

// A site's catalog as `hearth index` writes it, and `hearth init` beside
// the config it proposes: its items, and the model of its labelled pages'
// words (package infer).

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/hearth-personalization/hearth/catalog"
	"github.com/hearth-personalization/hearth/infer"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// printCard shows the card a recommendation slot fills from the catalog.
func printCard(w io.Writer) {
	fmt.Fprintln(w, `  <div data-hearth-recommend="similar" data-hearth-count="3">`)
	fmt.Fprintln(w, `    <template data-hearth-card><article><a data-hearth-field="url"><span data-hearth-field="title"></span></a><p data-hearth-field="summary"></p></article></template>`)
	fmt.Fprintln(w, `  </div>`)
}

// builtCatalog is a site's catalog, encoded, and what went into it.
type builtCatalog struct {
	text  []byte
	items []catalog.Item
	kind  string // which pages are its items
	model *infer.Model
	docs  []infer.Doc // the labelled pages the model learnt from
}

// siteCatalog makes the catalog of the pages read (`hearth index`, and
// `hearth init` beside the config it proposes): the items, and the model
// of the labelled pages' words, left out (and said on w) where it would
// take the catalog past its bound.
func siteCatalog(site crawled, w io.Writer) (*builtCatalog, error) {
	items, kind := indexItems(site)
	if len(items) == 0 {
		return nil, fmt.Errorf("read %d pages and found none to recommend (no hearth:item, no article or product in their metadata, none saying what it is about): tag them (docs/GUIDE.md) and run this again", len(site.pages))
	}
	c := &builtCatalog{items: items, kind: kind, docs: labelledDocs(site)}
	c.text = catalog.Encode(catalog.Catalog{Items: items})
	if len(c.text) > catalog.MaxBytes {
		return nil, fmt.Errorf("the catalog of %d items is %d bytes, past the module's bound of %d: give fewer pages (-crawl)", len(items), len(c.text), catalog.MaxBytes)
	}
	if c.model = infer.Learn(c.docs); c.model != nil {
		with := catalog.Encode(catalog.Catalog{Items: items, Model: c.model})
		if len(with) <= catalog.MaxBytes {
			c.text = with
		} else {
			fmt.Fprintf(w, "  the model of the pages' words (%d bytes) would take the catalog past %d bytes: left out\n", len(with)-len(c.text), catalog.MaxBytes)
			c.model = nil
		}
	}
	if _, err := catalog.Parse(c.text); err != nil {
		return nil, err // a page's id or title the format cannot carry
	}
	return c, nil
}

// say tells the owner what the catalog written to out holds.
func (c *builtCatalog) say(w io.Writer, site crawled, out string) {
	fmt.Fprintf(w, "read %d pages; wrote %d items (%s) to %s, %d bytes\n", len(site.pages), min(len(c.items), catalog.MaxItems), c.kind, out, len(c.text))
	if site.left > 0 {
		fmt.Fprintf(w, "  %d more pages were found but not read: raise -crawl to include them\n", site.left)
	}
	sayModel(w, c.model, c.docs)
	if len(c.items) > catalog.MaxItems {
		fmt.Fprintf(w, "  %d items past the bound of %d were left out\n", len(c.items)-catalog.MaxItems, catalog.MaxItems)
	}
}

// labelledDocs are the pages read that say what they are about (their
// topics, else their section), with their words: what the model of a page
// that says nothing learns from.
func labelledDocs(site crawled) []infer.Doc {
	var docs []infer.Doc
	for i, pf := range site.facts {
		u, err := url.Parse(site.pages[i])
		if err != nil {
			continue
		}
		topics := pageTopicIDs(pf)
		if len(topics) == 0 && inSection(u.Path) {
			topics = []string{rules.TopicID(strings.Split(strings.Trim(u.Path, "/"), "/")[0])}
		}
		if words := pageWords(pf); len(topics) > 0 && words != "" {
			docs = append(docs, infer.Doc{Text: words, Topics: topics})
		}
	}
	return docs
}

// sayModel tells the owner what the model learnt, and how well it infers
// the topics of the site's own labelled pages it did not learn from.
func sayModel(w io.Writer, model *infer.Model, docs []infer.Doc) {
	if model == nil {
		fmt.Fprintf(w, "  no model of the pages' words: %d labelled pages, too few topics on %d pages or more each to learn from; a page that says nothing gets no topic\n", len(docs), infer.MinDocs)
		return
	}
	fmt.Fprintf(w, "  a model of the pages' words, learnt from %d labelled pages (%d topics, %d words), gives a page that says nothing its topic", len(docs), len(model.Topics), len(model.Words))
	if s := infer.CrossValidate(docs, 5); s.Inferred > 0 {
		fmt.Fprintf(w, ": learnt from four fifths of them and tried on the rest, in turn, right %d times of %d, and a topic for %d of %d pages\n", s.Right, s.Inferred, s.Inferred, s.Pages)
	} else {
		fmt.Fprintf(w, "; learnt from four fifths of them and tried on the rest, in turn, it gave none a topic (too few words to tell them apart)\n")
	}
}
