package check

// `hearth init URL` (docs/ONE-TAG.md §4): read a running site as `check
// --csp` does (its sitemap, its links, bounded) and propose the config an
// owner would otherwise write by hand: the topics its pages already name
// (their tags, sections, JSON-LD, keywords, the directories of its paths),
// labelled in the site's own words, those that look sensitive marked for
// the owner to confirm; what its items are; and one experience, a
// returning reader's welcome on the most read topic, with its "Why?". It
// writes nothing over an existing file, and the config it writes passes
// `hearth check`.

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hearth-personalization/hearth/internal/atomicfile"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// Proposal bounds: how many topics a proposed config names; the share of
// pages past which a label says nothing of a page (every post is under
// /posts/; on a site of 5 pages or more); and the size under which one
// page naming a label is enough (a small shop's one "Running" category).
const (
	maxProposed  = 30
	tooCommon    = 0.6
	smallSiteMax = 20 // a site of fewer pages keeps a label found on one page
)

// candidate is one topic id the site's pages name.
type candidate struct {
	id      string
	pages   int
	words   map[string]int // the site's wordings of it
	sources map[string]bool
}

// proposal is what `hearth init` found and proposes.
type proposal struct {
	pages     int
	left      int
	topics    []*candidate
	sensitive []string
	items     string
	catalog   string // the catalog's path on the site, where init writes one
	config    []byte
}

// Propose is `hearth init URL`: it reads the site and writes a proposed
// hearth.json, and says what it found and what the owner should check.
func Propose(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	fs.SetOutput(stdout)
	out := fs.String("out", "hearth.json", "where to write the proposed config (never over an existing file)")
	catalogOut := fs.String("catalog", "catalog.json", "where to write the site's catalog, beside the config (\"\": none); the config names it at the site's root")
	limit := fs.Int("crawl", DefaultCrawl, "read at most this many pages: the sitemap's, then those links reach")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("init: give the running site's URL, e.g. hearth init http://127.0.0.1:8080/")
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("init: %s exists: give another -out, or move it away (nothing was read or written)", *out)
	}
	site, err := readSite("init", fs.Arg(0), *limit)
	if err != nil {
		return err
	}
	groupSilent(site, stdout)
	var cat *builtCatalog
	var said strings.Builder
	if *catalogOut != "" {
		if cat, err = siteCatalog(site, &said); err != nil {
			fmt.Fprintf(&said, "  no catalog: %v\n", err) // a site with nothing to recommend still gets a config
			cat = nil
		}
	}
	sitePath := ""
	if cat != nil {
		sitePath = "/" + filepath.Base(*catalogOut)
	}
	p, err := propose(site, sitePath)
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	if err := os.WriteFile(*out, p.config, 0o644); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	p.print(stdout, *out)
	if cat != nil {
		path := filepath.Join(filepath.Dir(*out), *catalogOut)
		if err := atomicfile.Write(path, cat.text); err != nil {
			return fmt.Errorf("init: %w", err)
		}
		fmt.Fprintf(stdout, "\nThe site's catalog, which %s names as %q (serve it at the site's root; run `hearth index` again when pages change):\n", *out, sitePath)
		cat.say(stdout, site, path)
		fmt.Fprintln(stdout, "A recommendation slot shows its items with one card:")
		printCard(stdout)
	}
	fmt.Fprint(stdout, said.String())
	fmt.Fprintf(stdout, "\nThen: hearth check --page %s %s\n", "URL", *out)
	return nil
}

// propose makes the config from the pages read; catalog is the path on
// the site of the catalog init writes beside it ("" for none).
func propose(site crawled, catalog string) (*proposal, error) {
	p := &proposal{pages: len(site.pages), left: site.left, catalog: catalog}
	byID := map[string]*candidate{}
	types := map[string]int{}
	for _, pf := range site.facts {
		onPage := map[string]bool{}
		note := func(text, src string) {
			id := rules.TopicID(text)
			if !validTopic(id) || onPage[id] {
				return
			}
			onPage[id] = true
			c := byID[id]
			if c == nil {
				c = &candidate{id: id, words: map[string]int{}, sources: map[string]bool{}}
				byID[id] = c
			}
			c.pages++
			c.words[strings.TrimSpace(text)]++
			c.sources[src] = true
		}
		if pf.labels.tagged { // its own hearth:topics, not its links' topics
			for _, t := range strings.Split(pf.labels.written, ",") {
				note(t, "hearth:topics")
			}
		}
		for _, l := range pf.labels.labels() {
			note(l.Text, l.Src)
		}
		if pf.labels.grouped != "" {
			note(pf.labels.grouped, rules.SrcWords)
		}
		if dirs := strings.Split(strings.Trim(pf.path, "/"), "/"); len(dirs) > 1 {
			note(dirs[0], rules.SrcPath)
		}
		for _, t := range pf.labels.types {
			types[itemsOf(t)]++
		}
	}
	least := 2
	if p.pages < smallSiteMax {
		least = 1
	}
	for _, c := range byID {
		if c.pages >= least && (p.pages < 5 || float64(c.pages) <= tooCommon*float64(p.pages)) {
			p.topics = append(p.topics, c)
		}
	}
	sort.Slice(p.topics, func(i, j int) bool {
		if p.topics[i].pages != p.topics[j].pages {
			return p.topics[i].pages > p.topics[j].pages
		}
		return p.topics[i].id < p.topics[j].id
	})
	p.topics = p.topics[:min(len(p.topics), maxProposed)]
	if len(p.topics) == 0 {
		return nil, fmt.Errorf("read %d pages and found nothing they say they are about (no tags, section, JSON-LD, keywords or directories): tag them (docs/GUIDE.md) and run this again", p.pages)
	}
	delete(types, "")
	for t, n := range types {
		if p.items == "" || n > types[p.items] || n == types[p.items] && t < p.items {
			p.items = t
		}
	}
	cfg, err := p.write()
	if err != nil {
		return nil, err
	}
	p.config = cfg
	return p, nil
}

// validTopic keeps ids that can be topics: ASCII ids (rules), longer than
// one character (a shop's /c/ and /p/ say nothing).
func validTopic(id string) bool {
	if len(id) < 2 || len(id) > rules.MaxTopicID {
		return false
	}
	for _, c := range []byte(id) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return id[0] != '-'
}

// itemsOf names the config's "items" a page type means ("" for none).
func itemsOf(t string) string {
	switch strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(t, "https://schema.org/"), "http://schema.org/")) {
	case "product", "product.item", "og:product":
		return "products"
	case "blogposting", "posting":
		return "posts"
	case "article", "newsarticle", "techarticle", "scholarlyarticle":
		return "articles"
	case "recipe":
		return "recipes"
	}
	return ""
}

// label is the site's most used wording of a topic, made a label: the
// readable id where the site wrote it in lower case.
func (c *candidate) label() string {
	best := ""
	for w, n := range c.words {
		if best == "" || n > c.words[best] || n == c.words[best] && w < best {
			best = w
		}
	}
	if best == strings.ToLower(best) {
		best = strings.ReplaceAll(c.id, "-", " ")
		r, size := utf8.DecodeRuneInString(best)
		best = string(unicode.ToUpper(r)) + best[size:]
	}
	return best
}

// write makes the config's JSON: topics in the order found most, then the
// welcome on the first.
func (p *proposal) write() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("{\n  \"$schema\": \"/hearth/hearth.schema.json\",\n  \"version\": 1,\n")
	if p.catalog != "" {
		fmt.Fprintf(&b, "  \"catalog\": %q,\n", p.catalog)
	}
	if p.items != "" {
		fmt.Fprintf(&b, "  \"items\": %q,\n", p.items)
	}
	b.WriteString("  \"topics\": {\n")
	for i, c := range p.topics {
		label, _ := json.Marshal(c.label())
		fmt.Fprintf(&b, "    %q: {\"label\": {\"en\": %s}", c.id, label)
		if rules.IsSensitive(c.id, nil) {
			b.WriteString(", \"sensitive\": true")
			p.sensitive = append(p.sensitive, c.id)
		}
		b.WriteString("}")
		if i < len(p.topics)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("  },\n  \"experiences\": [\n")
	if top := p.welcomeTopic(); top != "" {
		fmt.Fprintf(&b, "    {\"id\": \"welcome\", \"slot\": \"welcome\", \"variant\": %q,\n", top)
		fmt.Fprintf(&b, "     \"when\": {\"any\": [{\"declared\": %q}, {\"interest\": {\"topic\": %q, \"atLeast\": 2}}]},\n", top, top)
		b.WriteString("     \"why\": {\"en\": \"You read about {topic} {times} {period}.\"}}\n")
	}
	b.WriteString("  ]\n}\n")
	if _, err := rules.Parse(b.Bytes()); err != nil {
		return nil, fmt.Errorf("the proposed config does not pass its own check (a bug: please report it): %w\n%s", err, b.String())
	}
	return b.Bytes(), nil
}

// welcomeTopic is the topic the welcome is about: the most read that is
// not sensitive (only a declaration may drive those).
func (p *proposal) welcomeTopic() string {
	for _, c := range p.topics {
		if !rules.IsSensitive(c.id, nil) {
			return c.id
		}
	}
	return ""
}

func (p *proposal) print(w io.Writer, out string) {
	fmt.Fprintf(w, "Read %d pages", p.pages)
	if p.left > 0 {
		fmt.Fprintf(w, " (%d more left for the bound: -crawl N reads more)", p.left)
	}
	fmt.Fprintf(w, ". Wrote %s: %s, in the site's own words, each with the pages that name it:\n\n", out, plural(len(p.topics), "topic"))
	for _, c := range p.topics {
		var src []string
		for s := range c.sources {
			src = append(src, s)
		}
		sort.Strings(src)
		fmt.Fprintf(w, "  %-24s %-28q %9s  (%s)\n", c.id, c.label(), plural(c.pages, "page"), strings.Join(src, ", "))
	}
	if p.items != "" {
		fmt.Fprintf(w, "\nItems: %q (from the pages' og:type and JSON-LD types): the panel says so.\n", p.items)
	}
	fmt.Fprintln(w, "\nCheck before you serve it:")
	if len(p.sensitive) > 0 {
		verb := "looks sensitive and is"
		if len(p.sensitive) > 1 {
			verb = "look sensitive and are"
		}
		fmt.Fprintf(w, "  - %s %s marked so: only a visitor's own declaration may drive it. Keep the mark.\n", strings.Join(p.sensitive, ", "), verb)
	}
	fmt.Fprintln(w, "  - Labels are in English only: add other languages under each topic's \"label\"; rename or merge topics as you like.")
	if top := p.welcomeTopic(); top != "" {
		fmt.Fprintf(w, "  - One experience, a returning reader's welcome on %q: put its slot and variant where it should show:\n\n", top)
		fmt.Fprintf(w, "      <div data-hearth-slot=\"welcome\" data-hearth-reserve>…your usual welcome…</div>\n")
		fmt.Fprintf(w, "      <template data-hearth-variant=\"welcome/%s\">…what a reader of %s sees…</template>\n\n", top, top)
	}
	fmt.Fprintln(w, "  - Pages need no hearth:topics: Hearth reads what they already say, as above (docs/GUIDE.md).")
	if p.catalog == "" {
		fmt.Fprintln(w, "  - For \"more like this\" without a template per item: `hearth index -out catalog.json URL` writes the")
		fmt.Fprintln(w, "    site's catalog; add \"catalog\": \"/catalog.json\" to the config and the card it prints to a slot.")
	}
}
