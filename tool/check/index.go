package check

// `hearth index URL` (docs/ONE-TAG.md §2): read a running site as `hearth
// init` does and write its catalog (package catalog), every page worth
// recommending with its link, title and topics, so that a recommendation
// slot needs one card, not a template per item. Which pages are items:
// those that say so (hearth:item, a JSON-LD Product or article, og:type
// article or product); on a site where none does (a docs site), every page
// that says what it is about, in its metadata or by its directory, but its
// home.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hearth-personalization/hearth/catalog"
	"github.com/hearth-personalization/hearth/infer"
	"github.com/hearth-personalization/hearth/internal/atomicfile"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// maxTitle and maxSummary bound a card's title and summary, in
// characters (the catalog's bound is in bytes: 300).
const (
	maxTitle   = 120
	maxSummary = 90
)

// Index is `hearth index URL`: it reads the site and writes its catalog.
func Index(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("index", flag.ContinueOnError)
	fs.SetOutput(stdout)
	out := fs.String("out", "", "where to write the catalog (default catalog.json, or in the -site folder): in the site's folder, the config names its path, \"catalog\": \"/catalog.json\"")
	dir := fs.String("site", "", "read the built site in this folder (served on 127.0.0.1 for the time it takes) instead of a running one")
	limit := fs.Int("crawl", 2*DefaultCrawl, "read at most this many pages: the sitemap's, then those links reach")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (fs.NArg() == 1) == (*dir != "") || fs.NArg() > 1 {
		return errors.New("index: give the running site's URL, e.g. hearth index -out site/catalog.json http://127.0.0.1:8080/, or its built folder, hearth index -site public")
	}
	target := fs.Arg(0)
	if *dir != "" {
		url, stop, err := serveFolder(*dir)
		if err != nil {
			return fmt.Errorf("index: %w", err)
		}
		defer stop()
		target = url
		if *out == "" {
			*out = filepath.Join(*dir, "catalog.json")
		}
	}
	if *out == "" {
		*out = "catalog.json"
	}
	site, err := readSite("index", target, *limit)
	if err != nil {
		return err
	}
	items, kind := indexItems(site)
	if len(items) == 0 {
		return fmt.Errorf("index: read %d pages and found none to recommend (no hearth:item, no article or product in their metadata, none saying what it is about): tag them (docs/GUIDE.md) and run this again", len(site.pages))
	}
	text := catalog.Encode(catalog.Catalog{Items: items})
	if len(text) > catalog.MaxBytes {
		return fmt.Errorf("index: the catalog of %d items is %d bytes, past the module's bound of %d: give fewer pages (-crawl)", len(items), len(text), catalog.MaxBytes)
	}
	docs := labelledDocs(site)
	model := infer.Learn(docs)
	if model != nil {
		with := catalog.Encode(catalog.Catalog{Items: items, Model: model})
		if len(with) <= catalog.MaxBytes {
			text = with
		} else {
			fmt.Fprintf(stdout, "  the model of the pages' words (%d bytes) would take the catalog past %d bytes: left out\n", len(with)-len(text), catalog.MaxBytes)
			model = nil
		}
	}
	if _, err := catalog.Parse(text); err != nil {
		return fmt.Errorf("index: %w", err) // a page's id or title the format cannot carry
	}
	if err := atomicfile.Write(*out, text); err != nil { // a site serving it never sends half a catalog
		return fmt.Errorf("index: %w", err)
	}
	fmt.Fprintf(stdout, "read %d pages; wrote %d items (%s) to %s, %d bytes\n", len(site.pages), min(len(items), catalog.MaxItems), kind, *out, len(text))
	if site.left > 0 {
		fmt.Fprintf(stdout, "  %d more pages were found but not read: raise -crawl to include them\n", site.left)
	}
	sayModel(stdout, model, docs)
	if len(items) > catalog.MaxItems {
		fmt.Fprintf(stdout, "  %d items past the bound of %d were left out\n", len(items)-catalog.MaxItems, catalog.MaxItems)
	}
	fmt.Fprintf(stdout, "next: in hearth.json, \"catalog\": \"/%s\" (its path on the site), and in a recommendation slot a card:\n", filepath.Base(*out))
	fmt.Fprintln(stdout, `  <div data-hearth-recommend="similar" data-hearth-count="3">`)
	fmt.Fprintln(stdout, `    <template data-hearth-card><article><a data-hearth-field="url"><span data-hearth-field="title"></span></a><p data-hearth-field="summary"></p></article></template>`)
	fmt.Fprintln(stdout, `  </div>`)
	return nil
}

// indexItems makes the catalog's items of the pages read, newest first
// where the pages say when they were published, else in the order read,
// and says which pages they are.
func indexItems(site crawled) ([]catalog.Item, string) {
	type entry struct {
		item catalog.Item
		date string
	}
	marked := false
	for _, pf := range site.facts {
		if isItem(pf) {
			marked = true
			break
		}
	}
	suffix := titleSuffix(site.facts)
	var entries []entry
	seen := map[string]bool{}
	for i, pf := range site.facts {
		u, err := url.Parse(site.pages[i])
		if err != nil {
			continue
		}
		topics := pageTopicIDs(pf)
		if marked && !isItem(pf) || !marked && (len(topics) == 0 && !inSection(u.Path) || u.Path == "/") {
			continue
		}
		it := catalog.Item{ID: pf.labels.item, URL: u.EscapedPath(), Title: pageTitle(pf, suffix), Summary: pageSummary(pf), Topics: topics}
		if u.RawQuery != "" {
			it.URL += "?" + u.RawQuery
		}
		if it.ID == "" {
			it.ID = u.Path
		}
		if seen[it.ID] || it.Title == "" || !catalog.SitePath(it.URL) || len(it.URL) > catalog.MaxField || len(it.ID) > catalog.MaxField {
			continue
		}
		seen[it.ID] = true
		entries = append(entries, entry{it, pf.labels.published})
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].date > entries[j].date })
	items := make([]catalog.Item, len(entries))
	for i, e := range entries {
		items[i] = e.item
	}
	if marked {
		return items, "the pages that say they are an item, an article or a product"
	}
	return items, "no page says it is an item: every page that says what it is about, or lies in a section"
}

// serveFolder serves a built site's folder on a loopback port, as a
// static host would (index.html for a directory), for `hearth index -site`.
func serveFolder(dir string) (string, func(), error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return "", nil, fmt.Errorf("-site %s: not a folder", dir)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String() + "/", func() { srv.Close() }, nil
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

// inSection reports whether a page lies in a directory of the site (a
// docs site's /install/docker/): its path says what it is about, which the
// module reads as it reads a page's own (a directory that names a topic).
func inSection(path string) bool {
	return strings.Contains(strings.Trim(path, "/"), "/")
}

// isItem reports whether a page says it is an item: hearth:item, or a
// type that `hearth init` reads as the site's items.
func isItem(pf *pageFacts) bool {
	if pf.labels.item != "" {
		return true
	}
	for _, t := range pf.labels.types {
		if itemsOf(t) != "" {
			return true
		}
	}
	return false
}

// pageTopicIDs are what a page says it is about, as the module would read
// them: its hearth:topics, else its metadata's labels made ids, in their
// order of trust, at most a page's bound.
func pageTopicIDs(pf *pageFacts) []string {
	var texts []string
	if pf.labels.tagged {
		texts = strings.Split(pf.labels.written, ",")
	} else {
		for _, l := range pf.labels.labels() {
			texts = append(texts, l.Text)
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, t := range texts {
		id := rules.TopicID(t)
		if id != "" && !seen[id] && len(out) < catalog.MaxTopics && len(id) <= catalog.MaxField {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// pageTitle is what a card shows of a page: its hearth:item-name, its
// og:title, else its <title> without the site's name that ends every
// title; at most maxTitle characters.
func pageTitle(pf *pageFacts, suffix string) string {
	t := pf.labels.itemName
	if t == "" {
		t = pf.labels.ogTitle
	}
	if t == "" {
		t = strings.TrimSuffix(" "+pf.labels.title, suffix) // a title that is the site's name alone is none
	}
	return cut(strings.Join(strings.Fields(t), " "), maxTitle)
}

// pageSummary is what a card may say of a page: its og:description, else
// its meta description, at most maxSummary characters.
func pageSummary(pf *pageFacts) string {
	t := pf.labels.ogSummary
	if t == "" {
		t = pf.labels.summary
	}
	return cut(strings.Join(strings.Fields(t), " "), maxSummary)
}

// cut shortens text to n characters, and to the catalog's bound in bytes
// (a title in Chinese is three bytes a character), an ellipsis ending what
// was cut.
func cut(text string, n int) string {
	if utf8.RuneCountInString(text) <= n && len(text) <= catalog.MaxField {
		return text
	}
	r := []rune(text)[:min(n-1, utf8.RuneCountInString(text))]
	for len(string(r)) > catalog.MaxField-len("…") {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

// titleSuffix is the " | Site" (or " - Site", " – Site", " · Site") that
// ends most of the pages' titles, "" when none does.
func titleSuffix(facts []*pageFacts) string {
	counts := map[string]int{}
	for _, pf := range facts {
		t := pf.labels.title
		for _, sep := range []string{" | ", " - ", " – ", " — ", " · "} {
			if i := strings.LastIndex(t, sep); i > 0 {
				counts[t[i:]]++
				break
			}
		}
	}
	best := ""
	for s, n := range counts {
		if n > counts[best] || n == counts[best] && s < best {
			best = s
		}
	}
	if counts[best]*2 <= len(facts) {
		return ""
	}
	return best
}

// readSite reads a running site from its URL for cmd (init, index): the
// page, its sitemap and what links reach, at most limit pages.
func readSite(cmd, raw string, limit int) (crawled, error) {
	start, err := url.Parse(raw)
	if err != nil || (start.Scheme != "http" && start.Scheme != "https") || start.Host == "" {
		return crawled{}, fmt.Errorf("%s: %q is not an http(s) URL", cmd, raw)
	}
	first, err := readPage(start.String())
	if err != nil {
		return crawled{}, fmt.Errorf("%s: %w", cmd, err)
	}
	return crawl([]string{start.String()}, []*pageFacts{first}, max(1, limit)), nil
}

// readCatalog fetches the catalog at path on page's origin, as the
// worker's glue does.
func readCatalog(page, path string) (catalog.Catalog, error) {
	u, err := url.Parse(page)
	if err != nil {
		return catalog.Catalog{}, err
	}
	resp, err := (&http.Client{Timeout: 15 * time.Second}).Get(u.Scheme + "://" + u.Host + path)
	if err != nil {
		return catalog.Catalog{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return catalog.Catalog{}, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, catalog.MaxBytes+1))
	if err != nil {
		return catalog.Catalog{}, err
	}
	return catalog.Parse(b)
}
