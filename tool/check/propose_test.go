package check

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hearth-personalization/hearth/catalog"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// hearth init on a blog that never heard of Hearth: twenty posts under
// /posts/ tagged as blogs tag them, found through the sitemap and links.
// It proposes the tags found on two pages or more (a site of 20 pages or
// more), in the site's words ("Night Hikes"), not /posts/ (on nearly every
// page: it says nothing),
// marks the sensitive one, guesses the items from the JSON-LD type, adds a
// welcome on the most read topic that is not sensitive, writes a config
// `check` passes, and never writes over a file.
func TestProposeReadsTheSite(t *testing.T) {
	common := [][]string{{"camping", "Night Hikes"}, {"camping"}, {"camping", "health"}, {"camping", "Night Hikes"}, {"camping"},
		{"Night Hikes"}, {"Night Hikes", "health"}}
	tags := append(append(append([][]string{}, common...), common...), []string{"stoves"}, []string{"gear-2026"}, nil, nil, nil, nil)
	mux := http.NewServeMux()
	var links, sitemap strings.Builder
	for i, ts := range tags {
		path := fmt.Sprintf("/posts/p%d/", i)
		if i%2 == 0 {
			fmt.Fprintf(&sitemap, "<url><loc>https://blog.example%s</loc></url>", path)
		} else {
			fmt.Fprintf(&links, `<a href="%s">post %d</a>`, path, i)
		}
		var meta strings.Builder
		for _, tag := range ts {
			fmt.Fprintf(&meta, `<meta property="article:tag" content="%s">`, tag)
		}
		page := `<!doctype html><html><head><title>p</title>` + meta.String() +
			`<script type="application/ld+json">{"@type": "BlogPosting"}</script></head><body><p>A post.</p></body></html>`
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, page) })
	}
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+sitemap.String()+`</urlset>`)
	})
	mux.HandleFunc("/about/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `<p>About us.</p>`) })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><html><body>`+links.String()+`<a href="/about/">About</a></body></html>`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	out, cfg, data, said := initOn(t, srv.URL+"/")
	if got := cfg.TopicNames(); strings.Join(got, ",") != "camping,health,night-hikes" {
		t.Errorf("topics %v, want camping, health, night-hikes (on 2 pages or more; not posts, on 20 of 22)\n%s", got, data)
	}
	if cfg.Label("night-hikes", "en") != "Night Hikes" || cfg.Label("camping", "en") != "Camping" {
		t.Errorf("labels %q, %q: want the site's wording", cfg.Label("night-hikes", "en"), cfg.Label("camping", "en"))
	}
	if !cfg.Topics["health"].Sensitive || !strings.Contains(said.String(), "health looks sensitive") {
		t.Errorf("health not marked sensitive, or not said:\n%s\n%s", data, said.String())
	}
	if !strings.Contains(string(data), `"items": "posts"`) || len(cfg.Experiences) != 1 || cfg.Experiences[0].Variant != "camping" {
		t.Errorf("items or the welcome:\n%s", data)
	}
	t.Log(said.String())
	if !strings.Contains(said.String(), "Read 22 pages") || !strings.Contains(said.String(), `data-hearth-variant="welcome/camping"`) {
		t.Errorf("init said:\n%s", said.String())
	}
	// Never over a file.
	// The catalog beside the config, named by it: what a recommendation
	// slot with one card draws from, and the model of the pages' words.
	if cfg.Catalog != "/catalog.json" {
		t.Errorf("the proposed config names the catalog %q", cfg.Catalog)
	}
	b, err := os.ReadFile(filepath.Join(filepath.Dir(out), "catalog.json"))
	if err != nil {
		t.Fatalf("no catalog beside the config: %v", err)
	}
	if c, err := catalog.Parse(b); err != nil || len(c.Items) < 10 {
		t.Errorf("the catalog init wrote: %d items, %v", len(c.Items), err)
	}
	if !strings.Contains(said.String(), "data-hearth-card") || !strings.Contains(said.String(), `names as "/catalog.json"`) {
		t.Errorf("init does not say where the catalog goes, or how a slot shows it:\n%s", said.String())
	}
	noCatalog := filepath.Join(t.TempDir(), "hearth.json")
	if err := Propose([]string{"-out", noCatalog, "-catalog", "", srv.URL + "/"}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(noCatalog); strings.Contains(string(b), "catalog") {
		t.Errorf("-catalog \"\" still names one:\n%s", b)
	}
	if err := Propose([]string{"-out", out, srv.URL + "/"}, said); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("init over an existing file: %v", err)
	}
	if err := Propose([]string{"ftp://x/"}, said); err == nil {
		t.Error("init took a URL that is not http(s)")
	}
}

// hearth init on a site that says nothing of its pages' topics: twelve
// pages in one folder, no tags, sections, JSON-LD or keywords, six about
// tents and six about stoves in their own words. Init groups them by their
// words (it used to give up: "found nothing they say they are about"):
// two topics, each named by one of its pages' words, said to come from
// the words; every item of the catalog gets its page's group, and the
// model of the pages' words learns the groups, so that the module infers
// a page's group on the device from the same words.
func TestProposeGroupsASilentSite(t *testing.T) {
	themes := map[string]string{
		"tents":  "tent pole guyline footprint vestibule rainfly stake shelter dome tarp",
		"stoves": "stove burner canister fuel simmer boil flame igniter windscreen pot",
	}
	mux := http.NewServeMux()
	var links strings.Builder
	for theme, words := range themes {
		w := strings.Fields(words)
		for i := 0; i < 6; i++ {
			path := fmt.Sprintf("/docs/%s-%d.html", theme, i)
			fmt.Fprintf(&links, `<a href="%s">page</a>`, path)
			var body strings.Builder
			for j := 0; j < 40; j++ {
				fmt.Fprintf(&body, "%s manual chapter %s ", w[(i+j)%len(w)], w[(i*3+j*7)%len(w)])
			}
			page := `<!doctype html><html><head><title>Manual ` + fmt.Sprint(i) + `</title></head><body><p>` + body.String() + `</p></body></html>`
			mux.HandleFunc(path, func(rw http.ResponseWriter, r *http.Request) { fmt.Fprint(rw, page) })
		}
	}
	mux.HandleFunc("/", func(rw http.ResponseWriter, r *http.Request) {
		fmt.Fprint(rw, `<!doctype html><html><body>`+links.String()+`</body></html>`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	out, cfg, _, said := initOn(t, srv.URL+"/")
	names := cfg.TopicNames()
	if len(names) != 2 || !strings.Contains(themes["tents"]+" "+themes["stoves"], names[0]) || !strings.Contains(themes["tents"]+" "+themes["stoves"], names[1]) ||
		strings.Contains(themes["tents"], names[0]) == strings.Contains(themes["tents"], names[1]) {
		t.Errorf("topics %v: want two, one named by a tent word, one by a stove word\n%s", names, said.String())
	}
	if !strings.Contains(said.String(), "grouped by their words into 2 topics") || !strings.Contains(said.String(), "(words)") {
		t.Errorf("init does not say the topics came from the pages' words:\n%s", said.String())
	}
	b, err := os.ReadFile(filepath.Join(filepath.Dir(out), "catalog.json"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Parse(b)
	if err != nil || len(c.Items) != 12 || c.Model == nil {
		t.Fatalf("the catalog: %d items, a model %v, %v", len(c.Items), c.Model != nil, err)
	}
	for _, it := range c.Items {
		theme := "stoves"
		if strings.Contains(it.ID+it.URL, "tents") {
			theme = "tents"
		}
		if len(it.Topics) != 1 || !strings.Contains(themes[theme], it.Topics[0]) {
			t.Errorf("item %s has topics %v: want its group, named by a %s word", it.URL, it.Topics, theme)
		}
	}
	for theme, words := range themes {
		if got, _ := c.Model.Infer(words + " " + words); !strings.Contains(words, got) || got == "" {
			t.Errorf("the model gives a page of %s words the topic %q", theme, got)
		}
	}
}

// initOn runs hearth init on the site at url, writing into a new folder,
// and reads the config it wrote, which must pass check: where it is, the
// config, its text and what init said.
func initOn(t *testing.T, url string) (string, *rules.Config, []byte, *bytes.Buffer) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "hearth.json")
	said := &bytes.Buffer{}
	if err := Propose([]string{"-out", out, url}, said); err != nil {
		t.Fatalf("init: %v\n%s", err, said.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := rules.Parse(data)
	if err != nil {
		t.Fatalf("the proposed config does not pass check: %v\n%s", err, data)
	}
	return out, cfg, data, said
}
