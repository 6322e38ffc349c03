package check

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/hearth-personalization/hearth/markup"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// pageFacts are the Hearth markup of one page: its slots and the variants
// its templates offer, by slot, and what in those templates would tell the
// network which one is shown.
type pageFacts struct {
	slots    []string
	variants map[string][]string
	telling  []string // "LINE:COL: …", one per element or attribute
	// wrapped are item templates whose first element cannot hold the Why?
	// and × buttons ("LINE:COL: …"): Hearth then puts them beside it.
	wrapped []string
	// inline is the page's inline code and the origins it loads from, for
	// a Content-Security-Policy that fits it (inline.go).
	inline inlineFacts
	// topics are the topics the page names (its hearth:topics, links'
	// and items' data-hearth-topics), for those the config does not know.
	topics map[string]bool
	// unreserved are the slots without data-hearth-reserve, and asyncLoader
	// whether the page loads Hearth with an async (or deferred) tag: the
	// "Why?" line may then arrive after the first paint.
	unreserved  []string
	asyncLoader bool
	// links are the page's <a href>s as written, for `check --csp`'s crawl.
	links []string
	// path is the page's URL path, and labels what it says it is about,
	// for a page without hearth:topics (labels.go).
	path   string
	labels labelReader
	// words are its first words, for the model of a page that says
	// nothing (words.go).
	words wordsReader
}

// interactive elements cannot hold buttons (HTML's content model): an item
// template whose first element is one needs a wrapper of its own.
var interactive = map[string]string{
	"a": "a link", "button": "a button", "label": "a label", "select": "a select", "textarea": "a text area",
	"input": "an input", "details": "a details", "summary": "a summary",
}

// tellingTags load something when their template's content is shown, and
// the loader cannot request it uniformly beforehand (it preloads images,
// posters and media sources only).
var tellingTags = map[string]string{
	"iframe": "a frame", "frame": "a frame", "object": "an object", "embed": "an embed",
	"link": "a <link>", "style": "a stylesheet", "portal": "a portal",
}

// readPage fetches a page and reads its Hearth markup.
func readPage(url string) (*pageFacts, error) {
	client := &http.Client{Timeout: 15 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New(url + ": HTTP " + resp.Status)
	}
	if ct := strings.ToLower(resp.Header.Get("Content-Type")); ct != "" && !strings.Contains(ct, "html") {
		return nil, errors.New(url + ": not a page (" + ct + ")")
	}
	return parsePage(io.LimitReader(resp.Body, 16<<20), resp.Request.URL)
}

// parsePage reads slots and variant templates from HTML, and what inside a
// variant or item template loads only when shown (see tellingTags).
func parsePage(r io.Reader, page *url.URL) (*pageFacts, error) {
	pf := &pageFacts{variants: map[string][]string{}, topics: map[string]bool{}}
	if page != nil {
		pf.path = page.Path
	}
	z := html.NewTokenizer(r)
	rawText := ""       // "script" or "style" while inside an inline one
	line, col := 1, 1   // where the next token starts
	var inside []string // the Hearth templates open around the token, innermost last
	firstOf := ""       // an item template whose first element is still to come
	for {
		tt := z.Next()
		raw := z.Raw()
		at := strconv.Itoa(line) + ":" + strconv.Itoa(col)
		for _, c := range string(raw) {
			if c == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
		}
		switch tt {
		case html.ErrorToken:
			if errors.Is(z.Err(), io.EOF) {
				return pf, nil
			}
			return nil, z.Err()
		case html.TextToken:
			pf.labels.text(string(raw))
			pf.words.text(string(raw))
			switch text := string(raw); {
			case rawText == "script" && strings.TrimSpace(text) != "":
				pf.inline.scripts = append(pf.inline.scripts, text)
			case rawText == "style" && strings.TrimSpace(text) != "":
				pf.inline.styles = append(pf.inline.styles, text)
			}
		case html.EndTagToken:
			rawText = ""
			name, _ := z.TagName()
			pf.labels.end(string(name))
			pf.words.end(string(name))
			if string(name) == "template" && len(inside) > 0 {
				inside = inside[:len(inside)-1]
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			label, item := "", false
			pf.inlineCode(tok, page)
			pf.labels.start(tok)
			pf.words.start(tok, tt == html.SelfClosingTagToken)
			if tt == html.StartTagToken && (tok.Data == "script" || tok.Data == "style") {
				rawText = tok.Data
				for _, a := range tok.Attr {
					if a.Key == "src" || (a.Key == "type" && !executable(a.Val) && tok.Data == "script") {
						rawText = "" // an external script, or data (JSON): nothing inline runs
					}
				}
			}
			if tok.Data == "meta" {
				name, content := "", ""
				for _, a := range tok.Attr {
					switch a.Key {
					case "name":
						name = a.Val
					case "content":
						content = a.Val
					}
				}
				if name == "hearth:topics" {
					pf.addTopics(content)
				}
			}
			if tok.Data == "a" || tok.Data == "area" {
				for _, a := range tok.Attr {
					if a.Key == "href" {
						pf.links = append(pf.links, a.Val)
					}
				}
			}
			if tok.Data == "script" && loaderTag(tok) {
				pf.asyncLoader = true
			}
			for _, a := range tok.Attr {
				switch {
				case a.Key == markup.Slot:
					pf.slots = append(pf.slots, a.Val)
					if !hasAttr(tok, markup.Reserve) {
						pf.unreserved = append(pf.unreserved, a.Val)
					}
				case a.Key == markup.Variant && tok.Data == "template":
					if i := strings.LastIndex(a.Val, "/"); i > 0 {
						pf.variants[a.Val[:i]] = append(pf.variants[a.Val[:i]], a.Val[i+1:])
					}
					label = "variant " + strconv.Quote(a.Val)
				case a.Key == markup.Item && tok.Data == "template":
					label, item = "item "+strconv.Quote(a.Val), true
				case a.Key == markup.Card && tok.Data == "template":
					label, item = "a card", true
				case a.Key == markup.Topics:
					pf.addTopics(a.Val)
				}
			}
			if firstOf != "" {
				if what, ok := interactive[tok.Data]; ok {
					pf.wrapped = append(pf.wrapped, at+": "+firstOf+": its first element is "+what+", which cannot hold the Why? and × buttons Hearth adds to the item (they go beside it, a cell of their own in a grid); wrap it in an element of its own, e.g. <article>")
				}
				firstOf = ""
			}
			if len(inside) > 0 {
				where := at + ": " + inside[len(inside)-1] + ": "
				if what, ok := tellingTags[tok.Data]; ok {
					pf.telling = append(pf.telling, where+what+" loads only when shown, which tells the server the decision; keep it out of the template")
				}
				if tok.Data == "video" || tok.Data == "audio" {
					preload, autoplay := "", false
					for _, a := range tok.Attr {
						switch a.Key {
						case "preload":
							preload = strings.ToLower(a.Val)
						case "autoplay":
							autoplay = true
						}
					}
					if preload != "none" || autoplay {
						pf.telling = append(pf.telling, where+map[string]string{"video": "a <video>", "audio": "an <audio>"}[tok.Data]+" fetches its media when shown (the loader's preload cannot stand in for a media request), which tells the server the decision; give it preload=\"none\" and no autoplay")
					}
				}
				for _, a := range tok.Attr {
					if a.Key == "style" && strings.Contains(strings.ToLower(a.Val), "url(") {
						pf.telling = append(pf.telling, where+"an inline style with url() loads only when shown, which tells the server the decision; use an <img> instead")
					}
				}
			}
			if tok.Data == "template" && tt == html.StartTagToken {
				if label == "" && len(inside) > 0 {
					label = inside[len(inside)-1] // a template inside one of Hearth's
				}
				if label != "" {
					inside = append(inside, label)
				}
				if item {
					firstOf = label
				}
			}
		}
	}
}

// inlineCode notes a tag's inline handlers, javascript: URLs, style
// attributes and the other origins it loads from.
func (pf *pageFacts) inlineCode(tok html.Token, page *url.URL) {
	rel := ""
	for _, a := range tok.Attr {
		if a.Key == "rel" {
			rel = strings.ToLower(a.Val)
		}
	}
	for _, a := range tok.Attr {
		switch {
		case len(a.Key) > 2 && strings.HasPrefix(a.Key, "on"):
			pf.inline.handlers = append(pf.inline.handlers, a.Val)
		case a.Key == "style":
			pf.inline.styleAt++
		case (a.Key == "href" || a.Key == "src" || a.Key == "action" || a.Key == "formaction") &&
			strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:"):
			pf.inline.jsURLs++
		default:
			pf.inline.foreign(directiveOf(tok.Data, a.Key, rel), a.Val, page)
		}
	}
}

// addTopics notes the topics of a comma-separated list, as Hearth reads it.
func (pf *pageFacts) addTopics(list string) {
	for _, t := range strings.Split(list, ",") {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			pf.topics[t] = true
		}
	}
}

// pageWarnings compares a config with a page: experiences whose variant has
// no template there, and slots no experience targets. They are warnings: a
// config serves many pages, and a page need not offer every variant.
func pageWarnings(cfg *rules.Config, pf *pageFacts) []string {
	out := append([]string(nil), pf.wrapped...)
	onPage := map[string]bool{}
	for _, s := range pf.slots {
		onPage[s] = true
	}
	var unknown []string
	for t := range pf.topics {
		if _, ok := cfg.Topics[t]; !ok {
			unknown = append(unknown, t)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		out = append(out, "topics the config does not name: "+strings.Join(unknown, ", ")+
			" (the panel shows them by their ids made readable; label them under \"topics\", or set \"pageTopics\": \"known\" to record only the config's)")
	}
	for i, x := range cfg.Experiences {
		if !onPage[x.Slot] {
			continue
		}
		found := false
		for _, v := range pf.variants[x.Slot] {
			found = found || v == x.Variant
		}
		if !found {
			out = append(out, "experiences["+strconv.Itoa(i)+"] ("+x.ID+"): the page has slot \""+x.Slot+
				"\" but no <template data-hearth-variant=\""+x.Slot+"/"+x.Variant+"\">: it will never show there")
		}
	}
	targeted := map[string]bool{}
	for _, x := range cfg.Experiences {
		targeted[x.Slot] = true
	}
	if pf.asyncLoader {
		var shifting []string
		for _, s := range pf.unreserved {
			if targeted[s] && !slices.Contains(shifting, s) {
				shifting = append(shifting, s)
			}
		}
		if len(shifting) > 0 {
			sort.Strings(shifting)
			out = append(out, "slots "+strings.Join(shifting, ", ")+": with the async loader a returning visitor's \"Why?\" line may arrive after the first paint and move the page down; "+
				"mark each slot data-hearth-reserve and keep the line in the page's CSS: [data-hearth-reserve] { padding-block-end: 2.25rem } (docs/GUIDE.md, \"One script tag\")")
		}
	}
	slots := append([]string(nil), pf.slots...)
	sort.Strings(slots)
	for _, s := range slots {
		if !targeted[s] {
			out = append(out, "slot \""+s+"\" on the page: no experience targets it")
		}
	}
	withTemplates := make([]string, 0, len(pf.variants))
	for slot := range pf.variants {
		withTemplates = append(withTemplates, slot)
	}
	sort.Strings(withTemplates)
	for _, slot := range withTemplates {
		if !onPage[slot] {
			out = append(out, "templates for slot \""+slot+"\" ("+strings.Join(pf.variants[slot], ", ")+") but the page has no [data-hearth-slot=\""+slot+"\"]")
		}
	}
	return out
}

// loaderTag reports whether a script tag loads Hearth's loader without
// holding the parser (async or defer).
func loaderTag(tok html.Token) bool {
	src := ""
	for _, a := range tok.Attr {
		if a.Key == "src" {
			src = a.Val
		}
	}
	return strings.HasSuffix(strings.SplitN(src, "?", 2)[0], "hearth.js") && (hasAttr(tok, "async") || hasAttr(tok, "defer"))
}

func hasAttr(tok html.Token, key string) bool {
	for _, a := range tok.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}
