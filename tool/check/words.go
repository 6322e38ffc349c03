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
	skip  int // skipped elements open around the token
	words []string
}

func (wr *wordsReader) start(name string, selfClosing bool) {
	if wordsSkipped[name] && !selfClosing {
		wr.skip++
	}
}

func (wr *wordsReader) end(name string) {
	if wordsSkipped[name] && wr.skip > 0 {
		wr.skip--
	}
}

func (wr *wordsReader) text(raw string) {
	if wr.skip > 0 || len(wr.words) >= infer.MaxWords {
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
