package e2e

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hearth-personalization/hearth/catalog"
	"github.com/hearth-personalization/hearth/tool/bench"
	"github.com/hearth-personalization/hearth/tool/bundle"
	"github.com/hearth-personalization/hearth/tool/check"
)

// Topics from a page's own words (#35.3, docs/ONE-TAG.md §3), on a site of
// real text: Go's package documentation, one page a package, labelled by
// its directory (article:section) but for a fifth of them, which say
// nothing of their topic. `hearth index` learns the model from the
// labelled pages into the catalog; in the browser each page that says
// nothing records the topic the model gives the words `hearth index`
// reads of it (the JavaScript and Go readings held together), from its
// words, and the panel says the topic was inferred.
func TestTopicsFromPageWords(t *testing.T) {
	goroot, err := bundle.GoEnv("GOROOT")
	if err != nil {
		t.Fatal(err)
	}
	docs, err := bench.GoPackageDocs(filepath.Join(goroot, "src"))
	if err != nil || len(docs) < 40 {
		t.Fatalf("Go's package docs: %d, %v", len(docs), err)
	}
	topics := map[string]bool{}
	page := func(title, meta, text string) string {
		return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>` + html.EscapeString(title) + `</title>` + meta +
			`<script src="/hearth/hearth.js" data-config="/hearth.json" async></script></head><body><nav><a href="/">Home</a></nav><main><h1>` +
			html.EscapeString(title) + `</h1><p>` + html.EscapeString(text) + `</p></main><footer>Go's documentation</footer></body></html>`
	}
	files := map[string]string{}
	var unsaid, links []string
	for i, d := range docs {
		title := strings.Join(strings.Fields(d.Text)[:4], " ")
		if i%5 == 0 {
			p := fmt.Sprintf("read/%d/", i)
			unsaid = append(unsaid, p)
			files[p+"index.html"] = page(title, "", d.Text)
			continue
		}
		topics[d.Topics[0]] = true
		p := fmt.Sprintf("docs/%d/", i)
		links = append(links, `<a href="/`+p+`">`+p+`</a>`)
		files[p+"index.html"] = page(title, `<meta property="article:section" content="`+d.Topics[0]+`">`, d.Text)
	}
	var cfg []string
	for topic := range topics {
		cfg = append(cfg, fmt.Sprintf("%q: {\"label\": {\"en\": %q}}", topic, topic))
	}
	sort.Strings(cfg)
	files["hearth.json"] = `{"version": 1, "catalog": "/catalog.json", "topics": {` + strings.Join(cfg, ", ") + `}, "experiences": []}`
	files["index.html"] = strings.Replace(page("Go's packages", "", ""), "<p></p>", strings.Join(links, " "), 1)
	url := customSite(t, files)
	out := filepath.Join(t.TempDir(), "catalog.json")
	var said bytes.Buffer
	if err := check.Index([]string{"-out", out, url + "/"}, &said); err != nil {
		t.Fatalf("index: %v\n%s", err, said.String())
	}
	if !strings.Contains(said.String(), "a model of the pages' words") {
		t.Fatalf("index learnt no model:\n%s", said.String())
	}
	b, _ := os.ReadFile(out)
	c, err := catalog.Parse(b)
	if err != nil || c.Model == nil {
		t.Fatalf("the catalog has no model: %v", err)
	}
	files["catalog.json"] = string(b)
	url = customSite(t, files)
	// What the model says of each page that says nothing, read as `hearth
	// index` reads it: three it places, and one it does not.
	want := map[string]string{}
	var journey []string
	none := ""
	for _, p := range unsaid {
		words, _, err := check.LabelledWords(strings.NewReader(files[p+"index.html"]), "/"+p)
		if err != nil {
			t.Fatal(err)
		}
		id, _ := c.Model.Infer(words)
		switch {
		case id != "" && len(want) < 3 && want[id] == "":
			want[id], journey = p, append(journey, "/"+p)
		case id == "" && none == "":
			none = "/" + p
		}
	}
	if len(journey) < 3 || none == "" {
		t.Fatalf("the model placed %v and left none of the pages unplaced (%q): the test needs three of one and one of the other", want, none)
	}
	got := readTopics(t, url, append(journey, none), "(inferred from the page's words")
	if len(got) != len(want) {
		t.Errorf("recorded %v, want one view inferred from the words of each of %v (and none of %s)", got, want, none)
	}
	for topic := range want {
		if len(got[topic]) != 1 || got[topic][0] != "words" {
			t.Errorf("%s: recorded %v, want one view from the page's words", topic, got[topic])
		}
	}
}
