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
	groupSilent(site, stdout)
	c, err := siteCatalog(site, stdout)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if err := atomicfile.Write(*out, c.text); err != nil { // a site serving it never sends half a catalog
		return fmt.Errorf("index: %w", err)
	}
	c.say(stdout, site, *out)
	fmt.Fprintf(stdout, "next: in hearth.json, \"catalog\": \"/%s\" (its path on the site), and in a recommendation slot a card:\n", filepath.Base(*out))
	printCard(stdout)
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
		if len(texts) == 0 && pf.labels.grouped != "" {
			texts = []string{pf.labels.grouped}
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
