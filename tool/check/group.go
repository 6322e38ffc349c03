package check

// A site that says nothing of its pages' topics (no hearth:topics, tags,
// sections, JSON-LD, keywords, and its pages in one folder: a flat folder
// of API docs) gets topics of its pages' own words for `hearth init` and
// `hearth index`: infer.Group puts pages of like words together and names
// each group by the word that tells its pages from the rest. The groups are then what init
// proposes as topics, the catalog's items' topics, and the labels the
// model of the pages' words learns from, so that the module infers, on the
// device, a page's group from the same words.

import (
	"fmt"
	"io"
	"strings"

	"github.com/hearth-personalization/hearth/infer"
)

// groupSilent gives each page read its group, where the site says nothing
// (silent), and tells w what it did; it reports whether it did.
func groupSilent(site crawled, w io.Writer) bool {
	sections := map[string]bool{}
	for _, pf := range site.facts {
		if pf.labels.tagged || len(pf.labels.labels()) > 0 {
			return false
		}
		if inSection(pf.path) {
			sections[strings.Split(strings.Trim(pf.path, "/"), "/")[0]] = true
		}
	}
	if len(sections) > 1 { // its directories name sections
		return false
	}
	texts := make([]string, len(site.facts))
	for i, pf := range site.facts {
		texts[i] = pageWords(pf)
	}
	names, of := infer.Group(texts)
	if len(names) == 0 {
		return false
	}
	grouped := 0
	for i, pf := range site.facts {
		if pf.labels.grouped = of[i]; of[i] != "" {
			grouped++
		}
	}
	fmt.Fprintf(w, "the pages say nothing of their topics (no tags, sections, JSON-LD, keywords or directories): %d of %d grouped by their words into %d topics, each named by the word that tells its pages from the rest (%s); rename them in the config to taste, or tag the pages (docs/GUIDE.md)\n",
		grouped, len(site.facts), len(names), strings.Join(names, ", "))
	return true
}
