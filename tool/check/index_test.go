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
)

// hearth index on a blog: the posts (og:type article) are its items, the
// newest first, each with its title without the site's name, its tags made
// ids, and its path as its id; the home and the about page are not items.
// A shop's products keep their hearth:item as id and name. A docs site that
// marks no page an item lists every page that says what it is about.
func TestIndexReadsTheSite(t *testing.T) {
	page := func(head string) string {
		return `<!doctype html><html><head>` + head + `</head><body><a href="/">home</a></body></html>`
	}
	site := func(pages map[string]string) string {
		mux := http.NewServeMux()
		var links strings.Builder
		for path, html := range pages {
			if path != "/" {
				fmt.Fprintf(&links, `<a href="%s">x</a>`, path)
			}
			mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != path {
					http.NotFound(w, r)
					return
				}
				fmt.Fprint(w, html)
			})
		}
		mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, page(`<title>Home | Trail notes</title>`)+links.String())
		})
		srv := httptest.NewServer(mux)
		t.Cleanup(srv.Close)
		return srv.URL + "/"
	}
	index := func(url string) ([]catalog.Item, string) {
		t.Helper()
		out := filepath.Join(t.TempDir(), "catalog.json")
		var said bytes.Buffer
		if err := Index([]string{"-out", out, url}, &said); err != nil {
			t.Fatalf("index: %v\n%s", err, said.String())
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		c, err := catalog.Parse(b)
		if err != nil {
			t.Fatalf("the catalog written does not read: %v", err)
		}
		return c.Items, said.String()
	}
	post := func(title, date string, tags ...string) string {
		h := `<title>` + title + ` | Trail notes</title><meta property="og:type" content="article"><meta property="article:published_time" content="` + date + `"><meta name="description" content="About ` + title + `.">`
		for _, t := range tags {
			h += `<meta property="article:tag" content="` + t + `">`
		}
		return page(h)
	}
	items, said := index(site(map[string]string{
		"/posts/old/":   post("Old &amp; wise", "2025-01-02T00:00:00Z", "Night Hikes"),
		"/posts/new/":   post("New tents", "2026-03-01T00:00:00Z", "camping", "Gear"),
		"/posts/mid/":   post("Mid", "2025-06-01T00:00:00Z"),
		"/about/":       page(`<title>About | Trail notes</title><meta property="og:type" content="website">`),
		"/tags/gear/":   page(`<title>Gear | Trail notes</title><meta name="keywords" content="gear">`),
		"/posts/draft/": page(`<title> | Trail notes</title><meta property="og:type" content="article">`),
	}))
	var got []string
	for _, it := range items {
		got = append(got, fmt.Sprintf("%s %s %q %q %v", it.ID, it.URL, it.Title, it.Summary, it.Topics))
	}
	want := []string{`/posts/new/ /posts/new/ "New tents" "About New tents." [camping gear]`, `/posts/mid/ /posts/mid/ "Mid" "About Mid." []`,
		`/posts/old/ /posts/old/ "Old & wise" "About Old & wise." [night-hikes]`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the blog's catalog:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(said, "wrote 3 items") || !strings.Contains(said, `"catalog": "/catalog.json"`) || !strings.Contains(said, "data-hearth-card") {
		t.Errorf("index said:\n%s", said)
	}
	// check --page fetches the config's catalog from the pages' origin.
	served := map[string]string{"/catalog.json": string(catalog.Encode(catalog.Catalog{Items: []catalog.Item{{ID: "a", URL: "/a/", Title: "A"}}})), "/broken.json": `{"v":1}`}
	url := site(served)
	cfgFile := filepath.Join(t.TempDir(), "hearth.json")
	for path, want := range map[string]string{"/catalog.json": "note: catalog /catalog.json: 1 item to recommend", "/broken.json": `catalog /broken.json: catalog: no "items" list`, "/none.json": "catalog /none.json: HTTP 404"} {
		os.WriteFile(cfgFile, []byte(`{"version": 1, "catalog": "`+path+`", "topics": {}, "experiences": []}`), 0o644)
		var out bytes.Buffer
		err := Run([]string{"--page", url, cfgFile}, &out)
		if !strings.Contains(out.String(), want) || (err == nil) != (path == "/catalog.json") {
			t.Errorf("check with the catalog %s: %v\n%s\nwant %q", path, err, out.String(), want)
		}
	}

	items, _ = index(site(map[string]string{
		"/p/tent":  page(`<title>x</title><meta name="hearth:item" content="tent-2p"><meta name="hearth:item-name" content="Two-person tent"><meta name="hearth:topics" content="camping, tents">`),
		"/c/tents": page(`<title>Tents</title><meta name="hearth:topics" content="camping">`),
	}))
	if len(items) != 1 || items[0].ID != "tent-2p" || items[0].Title != "Two-person tent" || strings.Join(items[0].Topics, ",") != "camping,tents" {
		t.Errorf("the shop's catalog: %+v, want the product alone, by its hearth:item and name", items)
	}

	items, _ = index(site(map[string]string{
		"/deploy/docker/": page(`<title>Docker - Docs</title><meta name="keywords" content="docker, deployment">`),
		"/deploy/":        page(`<title>Deploying - Docs</title><meta name="keywords" content="deployment">`),
		"/deploy/linux/":  page(`<title>Linux - Docs</title>`),
		"/search/":        page(`<title>Search - Docs</title>`),
	}))
	if len(items) != 3 || items[0].Title == "" || strings.HasSuffix(items[0].Title, "Docs") {
		t.Errorf("the docs site's catalog: %+v, want its two pages that say what they are about and the one in a section, titled without the site's name", items)
	}

	long := strings.Repeat("露营", 100)
	if got := cut(long, maxTitle); len(got) > catalog.MaxField || !strings.HasSuffix(got, "…") {
		t.Errorf("a long title in Chinese cut to %d bytes: %q", len(got), got)
	}
	if got := cut("Short", maxTitle); got != "Short" {
		t.Errorf("a short title cut: %q", got)
	}
	var said2 bytes.Buffer
	if err := Index([]string{"-out", filepath.Join(t.TempDir(), "c.json"), site(map[string]string{"/a/": page(`<title>A</title>`)})}, &said2); err == nil || !strings.Contains(err.Error(), "found none to recommend") {
		t.Errorf("a site with nothing to recommend: %v", err)
	}
	if err := Index([]string{"ftp://x/"}, &said2); err == nil {
		t.Error("index took a URL that is not http(s)")
	}
}

// hearth index -site reads a built site's folder (a static generator's
// output) and writes the catalog into it, the model of its pages' words
// with it where its labelled pages teach one; a folder that is not one is
// refused, as are a URL and a folder together.
func TestIndexReadsAFolder(t *testing.T) {
	dir := t.TempDir()
	words := map[string]string{
		"containers": "docker image container compose volume registry build layer port network",
		"hiking":     "trail ridge summit boots map compass walk valley path climb",
	}
	var links strings.Builder
	i := 0
	for topic, w := range words {
		f := strings.Fields(w)
		for j := range 4 {
			i++
			p := fmt.Sprintf("posts/%d", i)
			links.WriteString(`<a href="/` + p + `/">x</a>`)
			text := strings.Join(append(f[j:], f[:j]...), " ")
			os.MkdirAll(filepath.Join(dir, p), 0o755)
			os.WriteFile(filepath.Join(dir, p, "index.html"), []byte(`<!doctype html><html><head><title>Post `+p+`</title>`+
				`<meta property="article:tag" content="`+topic+`"><meta property="og:type" content="article"></head><body><main><p>`+text+`</p></main></body></html>`), 0o644)
		}
	}
	os.WriteFile(filepath.Join(dir, "index.html"), []byte(`<!doctype html><html><head><title>Home</title></head><body>`+links.String()+`</body></html>`), 0o644)
	var said bytes.Buffer
	if err := Index([]string{"-site", dir}, &said); err != nil {
		t.Fatalf("index -site: %v\n%s", err, said.String())
	}
	b, err := os.ReadFile(filepath.Join(dir, "catalog.json"))
	if err != nil {
		t.Fatalf("no catalog in the folder: %v\n%s", err, said.String())
	}
	c, err := catalog.Parse(b)
	if err != nil || len(c.Items) != 8 || c.Model == nil || len(c.Model.Topics) != 2 {
		t.Fatalf("the catalog: %d items, model %+v, %v\n%s", len(c.Items), c.Model, err, said.String())
	}
	if !strings.Contains(said.String(), "a model of the pages' words, learnt from 8 labelled pages (2 topics") {
		t.Errorf("index does not say what it learnt:\n%s", said.String())
	}
	if id, _ := c.Model.Infer("a walk on the ridge to the summit, map and compass in hand, down the valley path"); id != "hiking" {
		t.Errorf("the model says %q of a walk", id)
	}
	// check --page says what the catalog's model makes of a page that says
	// nothing.
	os.MkdirAll(filepath.Join(dir, "walk"), 0o755)
	os.WriteFile(filepath.Join(dir, "walk", "index.html"), []byte(`<!doctype html><html><head><title>A walk</title></head><body><main><p>`+
		`a walk on the ridge to the summit, map and compass in hand, down the valley path</p></main></body></html>`), 0o644)
	cfg := filepath.Join(t.TempDir(), "hearth.json")
	os.WriteFile(cfg, []byte(`{"version": 1, "catalog": "/catalog.json", "topics": {"hiking": {"label": {"en": "Hiking"}}}, "experiences": []}`), 0o644)
	url, stop, err := serveFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	said.Reset()
	if err := Run([]string{"--page", url + "walk/", cfg}, &said); err != nil {
		t.Fatalf("check: %v\n%s", err, said.String())
	}
	for _, want := range []string{"8 items to recommend, a model of the pages' words (2 topics)", "walk/: no hearth:topics; from what the page says: hiking (words)"} {
		if !strings.Contains(said.String(), want) {
			t.Errorf("check --page does not say %q:\n%s", want, said.String())
		}
	}
	for _, args := range [][]string{{"-site", filepath.Join(dir, "nonesuch")}, {"-site", dir, "http://127.0.0.1:1/"}, {}} {
		if err := Index(args, &bytes.Buffer{}); err == nil {
			t.Errorf("index %q: no error", args)
		}
	}
}
