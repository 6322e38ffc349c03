package session

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/catalog"
)

const catalogConfig = `{"version": 1, "catalog": "/catalog.json", "items": "posts",
  "topics": {"containers": {"label": {"en": "Containers"}}, "hiking": {"label": {"en": "Hiking"}}}, "experiences": []}`

// Once the site's catalog (docs/ONE-TAG.md §2) arrives, a "similar" slot
// draws from every item it lists (the page lists none), each with its link
// and title for the slot's card, and a page without hearth:item is the
// item listed at its path: its view is counted as the item's, once, so
// that it is not recommended back as unread. The first answer says the
// catalog is coming; the catalog's answer says it answers no call.
func TestCatalogFeedsRecommendations(t *testing.T) {
	items := []catalog.Item{
		{ID: "/posts/compose/", URL: "/posts/compose/", Title: "Compose in production", Summary: "Three services, one file.", Topics: []string{"containers"}},
		{ID: "/posts/ridge/", URL: "/posts/ridge/", Title: "A ridge walk", Topics: []string{"Hiking"}},
		{ID: "/posts/docker/", URL: "/posts/docker/", Title: "Docker from scratch", Topics: []string{"containers"}},
		{ID: "/posts/images/", URL: "/posts/images/?v=2", Title: "Small images", Topics: []string{"Containers"}},
	}
	text := catalog.Encode(catalog.Catalog{Items: items})
	came := func(s *Session, now time.Time) []byte {
		return s.Handle(msg(t, map[string]any{"t": MsgCatalog, "path": "/catalog.json", "text": string(text)}), now)
	}
	card := true
	boot := func(stored *string, path string, now time.Time) (*Session, answer) {
		f := facts(path, "")
		f["labels"] = []any{[]any{"tags", "Containers"}}
		f["recSlots"] = []any{map[string]any{"kind": "similar", "count": 3, "card": card}}
		m := map[string]any{"t": "boot", "config": catalogConfig, "facts": f, "storage": true}
		if stored != nil {
			m["stored"] = *stored
		}
		s, out, err := Boot(msg(t, m), now)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), `"catalog":false`) {
			t.Errorf("the first answer does not say the catalog is coming (hearth._idle would not wait for it): %s", out)
		}
		return s, read(t, out)
	}
	var stored *string
	s, first := boot(stored, "/posts/docker/", t0)
	if len(first.Recs) != 1 || len(first.Recs[0]) != 0 {
		t.Errorf("before the catalog came, recommended %v from a page that lists no item", first.Recs)
	}
	var a struct {
		Catalog bool
		Recs    [][]struct{ SKU, URL, Title, Summary, Dismiss string }
		Write   *string
	}
	if err := json.Unmarshal(came(s, t0.Add(time.Second)), &a); err != nil {
		t.Fatal(err)
	}
	if !a.Catalog {
		t.Error(`the catalog's answer does not say "catalog": the page side would settle a call with it`)
	}
	var got []string
	for _, r := range a.Recs[0] {
		got = append(got, r.SKU+" "+r.URL+" "+r.Title+" "+r.Summary)
	}
	want := "/posts/compose/ /posts/compose/ Compose in production Three services, one file.,/posts/images/ /posts/images/?v=2 Small images "
	if strings.Join(got, ",") != want {
		t.Errorf("similar, on a containers page:\n got %q\nwant %q (never the page's own post, never the hiking one)", got, want)
	}
	if a.Write == nil || !strings.Contains(*a.Write, `"/posts/docker/":{`) {
		t.Fatalf("the page's view was not counted as its catalog item's: %v", a.Write)
	}
	stored = a.Write
	if again := read(t, came(s, t0.Add(2*time.Second))); again.Write != nil {
		t.Errorf("a second catalog counted the view again")
	}
	// Back on another post later: the docker post is read, so it comes
	// after every unread one.
	s, _ = boot(stored, "/posts/compose/", t0.Add(time.Hour))
	if err := json.Unmarshal(came(s, t0.Add(time.Hour+time.Second)), &a); err != nil {
		t.Fatal(err)
	}
	if len(a.Recs[0]) != 1 || a.Recs[0][0].SKU != "/posts/images/" {
		t.Errorf("recommended %v, want the one unread containers post", a.Recs[0])
	}
	// A slot with no card to show a catalog item with is offered none:
	// it keeps its default rather than show nothing.
	card = false
	s, _ = boot(nil, "/posts/ridge/", t0.Add(2*time.Hour))
	if err := json.Unmarshal(came(s, t0.Add(2*time.Hour+time.Second)), &a); err != nil {
		t.Fatal(err)
	}
	if len(a.Recs[0]) != 0 {
		t.Errorf("a slot without a card was offered %v", a.Recs[0])
	}
}

// A catalog that fails to come, that is not one, or that is not the
// config's, leaves the page's own templates and says why on the console.
func TestCatalogFailures(t *testing.T) {
	for _, c := range []map[string]any{
		{"path": "/catalog.json", "error": "HTTP 404", "log": "HTTP 404: recommendations draw from the page's own templates"},
		{"path": "/catalog.json", "text": `{"v":1,"items":[{"id":"a","url":"https://elsewhere.example/","title":"x"}]}`, "log": "not a path of the site"},
		{"path": "/other.json", "text": `{"v":1,"items":[]}`, "log": `"/other.json" is not the config's "/catalog.json"`},
	} {
		m := map[string]any{"t": "boot", "config": catalogConfig, "facts": facts("/", ""), "storage": true}
		s, _, err := Boot(msg(t, m), t0)
		if err != nil {
			t.Fatal(err)
		}
		want := c["log"].(string)
		delete(c, "log")
		c["t"] = MsgCatalog
		a := read(t, s.Handle(msg(t, c), t0))
		if len(a.Log) == 0 || !strings.Contains(a.Log[len(a.Log)-1][1], want) {
			t.Errorf("%v: logged %v, want %q", c, a.Log, want)
		}
		if s.catalog != nil {
			t.Errorf("%v: a catalog was taken", c)
		}
	}
}
