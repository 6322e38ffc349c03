// Package catalog is the format of a site's catalog (docs/ONE-TAG.md §2):
// every page worth recommending, with its address, its title and what it
// says it is about, written by `hearth index` from the site itself and
// fetched by the module, the same file for every visitor. A recommendation
// slot then draws from every item of the site, not only from the few
// templates its page lists. One package writes and reads it, so that the
// tool and the module cannot disagree on a field.
//
//	{"v": 1, "items": [{"id": "/posts/tents/", "url": "/posts/tents/",
//	  "title": "Choosing a tent", "summary": "Two people, three seasons…",
//	  "topics": ["camping", "gear"]}, …],
//	 "model": {"topics": ["camping", …], "words": {"tent": "Z!k", …}}}
//
// id is the page's hearth:item where it has one, else its path; topics are
// its hearth:topics, else the labels its metadata gives, made ids
// (rules.TopicID): the module matches them to the config's topics as it
// does a page's own. summary (optional) is the page's description. model
// (optional) is what the site's labelled pages' words say of their topics
// (package infer), for the pages that say nothing.
package catalog

import (
	"errors"
	"strconv"
	"strings"
	"unicode"

	"github.com/hearth-personalization/hearth/infer"
	"github.com/hearth-personalization/hearth/internal/jsonv"
)

// Version is the format's version; a catalog of another is refused.
const Version = 1

// Bounds on what one catalog may hold: a site past them is cut by `hearth
// index` (which says so), and a file past them is refused by the module,
// whose start must not grow without bound (a 500-post blog's is ~110 KB;
// 2,000 items with summaries and a model of the site's words, ~490 KB:
// BenchmarkCatalog2000).
const (
	MaxBytes  = 512 << 10
	MaxItems  = 2000
	MaxTopics = 8   // per item, as a page's own (rules.MaxPageTopics)
	MaxField  = 300 // bytes of an id, a URL, a title or a topic
)

// Catalog is what a catalog holds.
type Catalog struct {
	Items []Item
	Model *infer.Model // nil when the site's pages could teach none
}

// Item is one page that can be recommended.
type Item struct {
	ID      string
	URL     string // a path on the site's own origin: "/posts/tents/"
	Title   string
	Summary string // its description, "" when it has none
	Topics  []string
}

// Parse reads a catalog. It refuses a file that is not one, past the
// bounds, or with an item whose URL is not a path of the site (a card's
// link never leads to another origin, or to script). Items after the
// first with the same id are dropped.
func Parse(data []byte) (Catalog, error) {
	items, model, err := parse(data)
	return Catalog{items, model}, err
}

func parse(data []byte) ([]Item, *infer.Model, error) {
	if len(data) > MaxBytes {
		return nil, nil, errors.New("catalog: " + strconv.Itoa(len(data)) + " bytes, past the bound of " + strconv.Itoa(MaxBytes))
	}
	v, err := jsonv.Parse(data)
	if err != nil {
		return nil, nil, errors.New("catalog: " + err.Error())
	}
	if v.Kind != jsonv.Object {
		return nil, nil, errors.New("catalog: not a JSON object")
	}
	if ver := v.Get("v"); ver == nil || ver.Kind != jsonv.Number || ver.Num != Version {
		return nil, nil, errors.New("catalog: \"v\" is not " + strconv.Itoa(Version) + " (written by another version of hearth index?)")
	}
	list := v.Get("items")
	if list == nil || list.Kind != jsonv.Array {
		return nil, nil, errors.New("catalog: no \"items\" list")
	}
	if len(list.Elems) > MaxItems {
		return nil, nil, errors.New("catalog: " + strconv.Itoa(len(list.Elems)) + " items, past the bound of " + strconv.Itoa(MaxItems))
	}
	out := make([]Item, 0, len(list.Elems))
	seen := map[string]bool{}
	for i, e := range list.Elems {
		it, err := item(e)
		if err != nil {
			return nil, nil, errors.New("catalog: item " + strconv.Itoa(i+1) + ": " + err.Error())
		}
		if !seen[it.ID] {
			seen[it.ID] = true
			out = append(out, it)
		}
	}
	var model *infer.Model
	if mv := v.Get("model"); mv != nil {
		if model, err = infer.Read(mv); err != nil {
			return nil, nil, errors.New("catalog: " + err.Error())
		}
	}
	return out, model, nil
}

func item(e *jsonv.Value) (Item, error) {
	if e.Kind != jsonv.Object {
		return Item{}, errors.New("not an object")
	}
	field := func(key string) (string, error) {
		f := e.Get(key)
		if f == nil || f.Kind != jsonv.String {
			return "", errors.New("no " + strconv.Quote(key) + " string")
		}
		if len(f.Str) > MaxField || strings.IndexFunc(f.Str, unicode.IsControl) >= 0 {
			return "", errors.New(strconv.Quote(key) + " is past " + strconv.Itoa(MaxField) + " bytes or holds a control character")
		}
		return f.Str, nil
	}
	var it Item
	var err error
	if it.ID, err = field("id"); err != nil {
		return it, err
	}
	if it.URL, err = field("url"); err != nil {
		return it, err
	}
	if it.Title, err = field("title"); err != nil {
		return it, err
	}
	if e.Get("summary") != nil {
		if it.Summary, err = field("summary"); err != nil {
			return it, err
		}
	}
	if it.ID == "" {
		return it, errors.New("an empty id")
	}
	if !SitePath(it.URL) {
		return it, errors.New("url " + strconv.Quote(it.URL) + " is not a path of the site (it starts with one /)")
	}
	if t := e.Get("topics"); t != nil {
		if t.Kind != jsonv.Array || len(t.Elems) > MaxTopics {
			return it, errors.New("\"topics\" is not a list of at most " + strconv.Itoa(MaxTopics))
		}
		for _, x := range t.Elems {
			if x.Kind != jsonv.String || x.Str == "" || len(x.Str) > MaxField {
				return it, errors.New("a topic is not a short string")
			}
			it.Topics = append(it.Topics, x.Str)
		}
	}
	return it, nil
}

// SitePath reports whether u is a path on the page's own origin, as a
// card's link may be: one leading slash, no scheme, no backslash (which
// browsers read as a slash), nothing a browser would strip.
func SitePath(u string) bool {
	return strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") && !strings.ContainsAny(u, "\\ \t\r\n") &&
		strings.IndexFunc(u, unicode.IsControl) < 0
}

// Encode writes a catalog, items in the order given, at most MaxItems (the
// rest are left: the caller says so).
func Encode(c Catalog) []byte {
	items := c.Items
	var w jsonv.Writer
	w.Open('{')
	w.Key("v")
	w.Int(Version)
	w.Key("items")
	w.Open('[')
	for i, it := range items {
		if i == MaxItems {
			break
		}
		w.Open('{')
		w.Key("id")
		w.String(it.ID)
		w.Key("url")
		w.String(it.URL)
		w.Key("title")
		w.String(it.Title)
		if it.Summary != "" {
			w.Key("summary")
			w.String(it.Summary)
		}
		w.Key("topics")
		w.Open('[')
		for _, t := range it.Topics {
			w.String(t)
		}
		w.Close(']')
		w.Close('}')
	}
	w.Close(']')
	if c.Model != nil {
		w.Key("model")
		c.Model.Write(&w)
	}
	w.Close('}')
	return w.Bytes()
}
