package rules

import (
	"strings"
	"unicode"
)

// Topics from what a page already says (docs/ONE-TAG.md §1): where the
// owner wrote no hearth:topics, the page side reads the page's own
// metadata (its tags, section, JSON-LD, keywords) as labels, each with
// where it came from, and the session makes them topic ids here. The
// page's path counts too, but only a directory that names a topic of the
// config: a path says less than a tag.

// The sources of a page's topics, in the order they are trusted. The
// owner's hearth:topics has none: it is what pages said before.
const (
	SrcTags     = "tags"     // article:tag, rel="tag" links
	SrcSection  = "section"  // article:section
	SrcJSONLD   = "jsonld"   // JSON-LD keywords, articleSection, about, breadcrumbs
	SrcKeywords = "keywords" // <meta name="keywords">
	SrcPath     = "path"     // a directory of the URL that names a config topic
	// SrcWords is a topic inferred from the page's words by the site's
	// model (package infer), on a page that says nothing: never a label's
	// source (the page side cannot claim an inference).
	SrcWords = "words"
)

// Sources are the sources a label may name, in their order of trust.
var Sources = []string{SrcTags, SrcSection, SrcJSONLD, SrcKeywords, SrcPath}

// Origins are where a page's topic may come from, in their order of trust:
// a label's sources, then the page's words.
var Origins = append(Sources[:len(Sources):len(Sources)], SrcWords)

// MaxPageTopics bounds the topics one page gives from its metadata: a
// page with forty keywords is not about forty things.
const MaxPageTopics = 8

// Label is one thing a page says it is about, and where it said so.
type Label struct {
	Src  string
	Text string
}

// PageTopic is a topic read from a page's metadata.
type PageTopic struct {
	ID  string
	Src string
}

// PageTopics makes a page's labels topic ids, in the order given, without
// repeats: a label names the config's topic whose id or any label matches
// it (case, accents and a plural s aside); one that names none is its own
// topic, unless the config records only its own ("pageTopics": "known").
// A directory of path (not its last segment, the page's own slug) counts
// only when it names a config topic.
func (c *Config) PageTopics(labels []Label, path string) []PageTopic {
	var out []PageTopic
	seen := map[string]bool{}
	add := func(id, src string) {
		if id != "" && !seen[id] && len(out) < MaxPageTopics {
			seen[id] = true
			out = append(out, PageTopic{id, src})
		}
	}
	for _, l := range labels {
		if !knownSource(l.Src) || l.Src == SrcPath {
			continue
		}
		id := TopicID(l.Text)
		if known := c.topicFor(id); known != "" {
			add(known, l.Src)
		} else if !c.OnlyKnownTopics && isID(id) {
			add(id, l.Src)
		}
	}
	dirs := strings.Split(strings.Trim(path, "/"), "/")
	for _, d := range dirs[:max(0, len(dirs)-1)] {
		add(c.topicFor(TopicID(d)), SrcPath)
	}
	return out
}

func knownSource(s string) bool {
	for _, k := range Sources {
		if s == k {
			return true
		}
	}
	return false
}

// topicFor is the config topic id means: its own id, or one of its labels
// in any language, made an id; a plural s aside. "" when none. Where two
// topics share a label, the first by id has it: the same answer every time.
func (c *Config) topicFor(id string) string {
	if id == "" {
		return ""
	}
	if _, ok := c.Topics[id]; ok {
		return id
	}
	c.namesOnce.Do(func() {
		c.names = map[string]string{}
		names := c.TopicNames()
		for i := len(names) - 1; i >= 0; i-- { // the first by id written last
			name := names[i]
			for _, l := range c.Topics[name].Labels {
				c.names[singular(TopicID(l))] = name
			}
		}
		for i := len(names) - 1; i >= 0; i-- { // an id wins over a label
			c.names[singular(names[i])] = names[i]
		}
	})
	return c.names[singular(id)]
}

func singular(id string) string {
	if len(id) > 3 && strings.HasSuffix(id, "s") && !strings.HasSuffix(id, "ss") {
		return id[:len(id)-1]
	}
	return id
}

// TopicID makes a label an id as hearth:topics writes them: lower case,
// the common Latin accents folded, letters and digits kept, every run of
// anything else one "-", at most 64 bytes. "Night Hikes" → "night-hikes",
// "Café & Crème" → "cafe-creme". Other scripts stay as they are: such an
// id names a config topic through its labels, and is no topic of its own
// (ids are ASCII).
func TopicID(label string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(label) {
		var s string
		switch {
		case fold[r] != "":
			s = fold[r]
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			s = string(r)
		default:
			dash = b.Len() > 0
			continue
		}
		if dash {
			s = "-" + s
			dash = false
		}
		if b.Len()+len(s) > MaxTopicID {
			break
		}
		b.WriteString(s)
	}
	return b.String()
}

// MaxTopicID is the longest topic id made from a label, in bytes.
const MaxTopicID = 64

// fold takes the accents off the Latin letters European sites use most.
var fold = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'æ': "ae",
	'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ñ': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'œ': "oe",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y", 'ÿ': "y", 'ß': "ss",
}

// InferredTopic is the config's topic a model's topic id names: one of
// the config's own (by id or label, as a label would), else the id itself
// where the config takes a page's own topics; "" when none.
func (c *Config) InferredTopic(id string) string {
	id = TopicID(id)
	if known := c.topicFor(id); known != "" {
		return known
	}
	if !c.OnlyKnownTopics && isID(id) {
		return id
	}
	return ""
}
