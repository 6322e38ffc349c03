package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/tool/check"
	"github.com/hearth-personalization/hearth/tool/chrome"
)

// One script tag and what pages already say (#35.1, docs/ONE-TAG.md): a
// site whose pages carry no hearth:topics, only the metadata sites already
// publish, records the same topics, as often, for the same reading as the
// tagged site; each event says where its topic came from, and the panel
// says so in the visitor's words.
func TestTopicsFromPageMetadata(t *testing.T) {
	hearthTopics := regexp.MustCompile(`<meta name="hearth:topics" content="([^"]*)">`)
	t.Run("the shop", func(t *testing.T) {
		tagged, untagged := demoFiles(t), demoFiles(t)
		// Each page says it in another of the ways sites do.
		for page, meta := range map[string]string{
			"c/camping/index.html": `<meta property="article:section" content="Camping">`,
			"c/running/index.html": `<script type="application/ld+json">{"@context": "https://schema.org", "@type": "CollectionPage", "about": {"@type": "Thing", "name": "Running"}}</script>`,
			"p/tent/index.html":    `<meta property="article:tag" content="Camping">`,
			"p/parka/index.html":   `<meta name="keywords" content="Coats">`,
		} {
			if !hearthTopics.MatchString(untagged[page]) {
				t.Fatalf("%s has no hearth:topics to take away", page)
			}
			untagged[page] = hearthTopics.ReplaceAllLiteralString(untagged[page], meta)
		}
		journey := []string{"/", "/c/camping/", "/p/tent/", "/c/running/", "/p/parka/", "/c/camping/"}
		want := readTopics(t, customSite(t, tagged), journey, "")
		got := readTopics(t, customSite(t, untagged), journey, "(from the page's")
		if len(want) < 3 || !reflect.DeepEqual(got.counts(), want.counts()) {
			t.Errorf("topics recorded (views per topic) from the pages' metadata %v, from hearth:topics %v", got.counts(), want.counts())
		}
		for topic, src := range map[string]string{"camping": "section", "running": "jsonld", "coats": "keywords"} {
			if !got.from(topic, src) {
				t.Errorf("no %s event from the page's %s: %v", topic, src, got)
			}
		}
		if !got.from("camping", "tags") || want.from("camping", "tags") {
			t.Errorf("the tent's page tagged camping is not told apart from the tagged shop's: %v / %v", got, want)
		}
		// A page that says it every way at once: the browser records what
		// `check --page` says it will (the two readings, JavaScript and Go,
		// held together), the first 8 in the order of trust.
		untagged["coats/rich/index.html"] = richPage
		url := customSite(t, untagged)
		inBrowser := readTopics(t, url, []string{"/coats/rich/"}, "")
		cfg := filepath.Join(t.TempDir(), "hearth.json")
		if err := os.WriteFile(cfg, []byte(untagged["hearth.json"]), 0o644); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := check.Run([]string{"--page", url + "/coats/rich/", cfg}, &out); err != nil {
			t.Fatalf("check: %v\n%s", err, out.String())
		}
		_, note, ok := strings.Cut(out.String(), "from what the page says: ")
		note, _, _ = strings.Cut(note, "\n")
		byCheck := storedTopics{}
		for _, m := range regexp.MustCompile(`([a-z0-9-]+) \(([a-z]+)`).FindAllStringSubmatch(note, -1) {
			byCheck[m[1]] = append(byCheck[m[1]], m[2])
		}
		want8 := storedTopics{"gloves": {"tags"}, "climbing": {"tags"}, "winter-wear": {"section"}, "scarves": {"jsonld"}, "pets": {"jsonld"},
			"tents": {"jsonld"}, "running": {"jsonld"}, "hats": {"keywords"}}
		if !ok || !reflect.DeepEqual(byCheck, want8) || !reflect.DeepEqual(inBrowser, want8) {
			t.Errorf("the page that says it every way:\n in the browser %v\n check --page %v (%q)\n want %v", inBrowser, byCheck, note, want8)
		}
	})
	t.Run("the Hugo blog", func(t *testing.T) {
		// The same blog, its hearth:topics written as Hugo's own OpenGraph
		// template writes tags: one article:tag each.
		dir := copyBlog(t, tagsAsHugoWritesThem)
		journey := []string{"/", "/posts/choosing-a-campsite/", "/posts/tents-for-two/", "/posts/boots-that-last/", "/"}
		want := readTopics(t, serveBlog(t), journey, "")
		untaggedURL := serveBlog(t, "-site", dir)
		got := readTopics(t, untaggedURL, journey, "(from the page's")
		// hearth init proposes a config from the untagged blog: the hand
		// written one's topics (but first-aid, which only its owner knew
		// to call sensitive), and `check` passes on it with the pages.
		// Into the served folder: init writes the site's catalog beside the
		// config it proposes, which names it, and check fetches it.
		proposed := filepath.Join(dir, "proposed.json")
		var said bytes.Buffer
		if err := check.Propose([]string{"-out", proposed, untaggedURL + "/"}, &said); err != nil {
			t.Fatalf("init: %v\n%s", err, said.String())
		}
		said.Reset()
		if err := check.Run([]string{"--page", untaggedURL + "/", "--page", untaggedURL + "/posts/tents-for-two/", proposed}, &said); err != nil {
			t.Errorf("check on what init proposed: %v\n%s", err, said.String())
		}
		if !strings.Contains(said.String(), "catalog /catalog.json: 12 items to recommend") {
			t.Errorf("check does not find the catalog init wrote beside its config:\n%s", said.String())
		}
		b, _ := os.ReadFile(proposed)
		for _, topic := range []string{"camping", "hiking", "cooking"} {
			if !strings.Contains(string(b), `"`+topic+`": {"label"`) {
				t.Errorf("init did not propose %s:\n%s", topic, b)
			}
		}
		if len(want) < 3 || !reflect.DeepEqual(got.counts(), want.counts()) {
			t.Errorf("topics recorded from the posts' article:tag %v, from hearth:topics %v", got.counts(), want.counts())
		}
		for topic := range want {
			if !got.from(topic, "tags") {
				t.Errorf("%s: no event from the page's tags: %v", topic, got)
			}
		}
	})
}

// copyBlog is the built fixture blog in a folder of its own, each file
// passed through edit (with its path in the site).
func copyBlog(t *testing.T, edit func(rel string, b []byte) []byte) string {
	t.Helper()
	dir, src := t.TempDir(), buildBlog(t)
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), edit(filepath.ToSlash(rel), b), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

var hearthTopicsMeta = regexp.MustCompile(`<meta name="hearth:topics" content="([^"]*)">`)

// tagsAsHugoWritesThem writes a page's hearth:topics as Hugo's own
// OpenGraph template writes its tags: one article:tag each.
func tagsAsHugoWritesThem(rel string, b []byte) []byte {
	if !strings.HasSuffix(rel, ".html") {
		return b
	}
	return hearthTopicsMeta.ReplaceAllFunc(b, func(m []byte) []byte {
		var tags []string
		for _, tag := range strings.Split(string(hearthTopicsMeta.FindSubmatch(m)[1]), ",") {
			tags = append(tags, `<meta property="article:tag" content="`+strings.TrimSpace(tag)+`">`)
		}
		return []byte(strings.Join(tags, "\n"))
	})
}

// richPage says what it is about in every way Hearth reads, more than 8
// things: the 9th (camping), the 10th (sensitive) and one from its path
// are cut.
const richPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Everything at once</title>
<script src="/hearth/hearth.js" data-config="/hearth.json" async></script>
<meta property="article:tag" content="Gloves">
<meta property="article:section" content="Winter wear">
<meta name="keywords" content="Hats, camping, Health">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "Article", "keywords": ["Scarves"], "about": {"@type": "Thing", "name": "Pets"}},
  {"@type": "Product", "name": "A tent", "category": "Tents"},
  {"@type": "BreadcrumbList", "itemListElement": [
    {"@type": "ListItem", "position": 1, "name": "Home", "item": "https://shop.example/"},
    {"@type": "ListItem", "position": 2, "item": {"@id": "https://shop.example/c/running/", "name": "Running"}},
    {"@type": "ListItem", "position": 3, "name": "Everything at once"}]}]}</script>
</head><body><main><h1>Everything at once</h1><p>Filed under <a rel="tag" href="/tags/climbing/">Climbing</a>.</p>
<template data-hearth-variant="x/y"><a rel="tag" href="/tags/no/">Not the page's</a></template></main></body></html>`

// storedTopics are a profile's topics: each one's events' sources.
type storedTopics map[string][]string

func (s storedTopics) counts() map[string]int {
	out := map[string]int{}
	for t, srcs := range s {
		out[t] = len(srcs)
	}
	return out
}

func (s storedTopics) from(topic, src string) bool {
	for _, x := range s[topic] {
		if x == src {
			return true
		}
	}
	return false
}

// readTopics reads the journey's pages in a fresh browser and returns the
// topics stored; with panelSays, it also checks that the panel says it
// (where a topic came from), and keeps a screenshot of it.
func readTopics(t *testing.T, url string, journey []string, panelSays string) storedTopics {
	t.Helper()
	_, tab, _ := browse(t)
	for _, p := range journey {
		if err := chromedp.Run(tab, chromedp.Navigate(url+p), chrome.WaitReady(), chrome.Settle()); err != nil {
			t.Fatal(err)
		}
	}
	st, err := stored(tab)
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Topics map[string]struct {
			Events []struct {
				Src string `json:"src"`
			} `json:"events"`
		} `json:"topics"`
	}
	b, _ := json.Marshal(st)
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	out := storedTopics{}
	for name, topic := range p.Topics {
		for _, e := range topic.Events {
			out[name] = append(out[name], e.Src)
		}
	}
	if panelSays != "" {
		text, err := panelText(tab)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, panelSays) {
			t.Errorf("the panel does not say %q:\n%.2000s", panelSays, text)
		}
		var buf []byte
		if err := chromedp.Run(tab, chromedp.EmulateViewport(1280, 900),
			chromedp.Evaluate(`document.getElementById("hearth-panel").shadowRoot.querySelectorAll("details").forEach(d => d.open = true)`, nil),
			chromedp.CaptureScreenshot(&buf)); err == nil {
			screenshot(t, strings.ReplaceAll(strings.ToLower(strings.ReplaceAll(t.Name(), "/", "-")), "_", "-")+".png", buf)
		}
	}
	return out
}
