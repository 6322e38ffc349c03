package check

import (
	"io"
	"net/url"
	"strings"
	"unicode/utf16"

	"golang.org/x/net/html"

	"github.com/hearth-personalization/hearth/infer"
)

// What a page's own words are, read as the page side reads them
// (web/page/facts.js, pageWords) for a page that says nothing of its
// topics: its first words outside what every page repeats (navigation,
// header, footer, asides) and outside code. `hearth index` learns the
// site's model from its labelled pages' words (infer.Learn);
// TestCheckReadsWordsAsThePageSideDoes holds the two readings together.

// wordsSkipped are the elements whose text is not the page's own words.
var wordsSkipped = map[string]bool{"head": true, "script": true, "style": true, "template": true, "noscript": true,
	"nav": true, "header": true, "footer": true, "aside": true, "svg": true}

// wordsReader collects a page's first words while parsePage reads its
// tokens.
type wordsReader struct {
	open  []skipped // the skipped region open around the token (at most one)
	words []string
}

type skipped struct {
	name   string
	nested int // the same element open inside it
}

// start notes a start tag: an element named by wordsSkipped, or one of
// Hearth's own (an id starting "hearth-", a site's own #hearth-launcher)
// as the page side skips them, starts a skipped region; within it, the
// same element nested is counted so that its own end tag ends it.
func (wr *wordsReader) start(tok html.Token, selfClosing bool) {
	if selfClosing || voidElements[tok.Data] {
		return
	}
	if n := len(wr.open); n > 0 {
		if wr.open[n-1].name == tok.Data {
			wr.open[n-1].nested++
		}
		return
	}
	own := false
	for _, a := range tok.Attr {
		own = own || a.Key == "id" && strings.HasPrefix(a.Val, "hearth-")
	}
	if wordsSkipped[tok.Data] || own {
		wr.open = append(wr.open, skipped{name: tok.Data})
	}
}

func (wr *wordsReader) end(name string) {
	n := len(wr.open)
	if n == 0 || wr.open[n-1].name != name {
		return
	}
	if wr.open[n-1].nested > 0 {
		wr.open[n-1].nested--
		return
	}
	wr.open = wr.open[:n-1]
}

// voidElements have no end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

func (wr *wordsReader) text(raw string) {
	if len(wr.open) > 0 || len(wr.words) >= infer.MaxWords {
		return
	}
	for _, w := range strings.Fields(html.UnescapeString(raw)) {
		if len(wr.words) == infer.MaxWords {
			return
		}
		if len(utf16.Encode([]rune(w))) <= infer.MaxWordLen { // JavaScript's length
			wr.words = append(wr.words, w)
		}
	}
}

// pageWords is what the page side sends of a page's words: its title,
// then its first words.
func pageWords(pf *pageFacts) string {
	return strings.TrimSpace(pf.labels.title + " " + strings.Join(pf.words.words, " "))
}

// LabelledWords reads a page as `hearth index` learns from it: its words,
// and the topic ids it says it is about (hearth:topics, else what its
// metadata names); for the bench's scores of the model.
func LabelledWords(r io.Reader, path string) (string, []string, error) {
	pf, err := parsePage(r, &url.URL{Path: path})
	if err != nil {
		return "", nil, err
	}
	return pageWords(pf), pageTopicIDs(pf), nil
}
