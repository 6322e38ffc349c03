package catalog

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/hearth-personalization/hearth/infer"
)

// What Encode writes, Parse reads back as it was.
func TestRoundTrip(t *testing.T) {
	items := []Item{
		{ID: "/posts/tents/", URL: "/posts/tents/", Title: "Choosing a tent — \"the\" guide", Summary: "Two people, three seasons.", Topics: []string{"camping", "gear"}},
		{ID: "sku-42", URL: "/p/42?colour=red#top", Title: "Stove", Topics: nil},
	}
	model := &infer.Model{Topics: []string{"camping", "gear"}, Words: map[string][]uint8{"tent": {12, 40, 0}, "stove": {20, 3, 30}}}
	for _, c := range []Catalog{{Items: items}, {Items: items, Model: model}} {
		got, err := Parse(Encode(c))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, c) {
			t.Errorf("read back %#v, want %#v", got, c)
		}
	}
}

// A catalog that is not one, or past its bounds, or whose links would leave
// the site, is refused with a word of why; a repeated id keeps the first.
func TestParseRefuses(t *testing.T) {
	item := func(url string) string {
		return fmt.Sprintf(`{"v":1,"items":[{"id":"a","url":%q,"title":"A"}]}`, url)
	}
	for _, c := range []struct{ text, want string }{
		{`[]`, "not a JSON object"},
		{`{"items":[]}`, `"v" is not 1`},
		{`{"v":2,"items":[]}`, `"v" is not 1`},
		{`{"v":1}`, `no "items"`},
		{item("https://elsewhere.example/x"), "not a path of the site"},
		{item("//elsewhere.example/x"), "not a path of the site"},
		{item("javascript:alert(1)"), "not a path of the site"},
		{item("/\\elsewhere.example"), "not a path of the site"},
		{item("posts/x"), "not a path of the site"},
		{`{"v":1,"items":[{"id":"","url":"/","title":""}]}`, "an empty id"},
		{`{"v":1,"items":[{"id":"a","url":"/","title":"x\u0007"}]}`, "control character"},
		{`{"v":1,"items":[{"id":"a","url":"/"}]}`, `no "title"`},
		{`{"v":1,"items":[{"id":"a","url":"/","title":"A","topics":"x"}]}`, `"topics" is not a list`},
		{`{"v":1,"items":[{"id":"a","url":"/","title":"A","topics":[""]}]}`, "not a short string"},
		{`{"v":1,"items":[` + strings.Repeat(`{"id":"a","url":"/","title":"A"},`, MaxItems) + `{"id":"a","url":"/","title":"A"}]}`, "past the bound of 2000"},
		{`{"v":1,"items":[{"id":"a","url":"/","title":"` + strings.Repeat("x", MaxBytes) + `"}]}`, "bytes, past the bound"},
		{`{"v":1,"items":[],"model":{"topics":["a"],"words":{}}}`, "catalog: model: \"topics\""},
		{`{"v":1,"items":[],"model":{"topics":["a","b"],"words":{"x":"!"}}}`, "catalog: model: word \"x\""},
	} {
		_, err := Parse([]byte(c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%.80s…) = %v, want an error saying %q", c.text, err, c.want)
		}
	}
	got, err := Parse([]byte(`{"v":1,"items":[{"id":"a","url":"/1","title":"A"},{"id":"a","url":"/2","title":"B"}]}`))
	if err != nil || len(got.Items) != 1 || got.Items[0].URL != "/1" {
		t.Errorf("a repeated id: %v %v, want the first only", got, err)
	}
}

// Encode writes at most MaxItems: the module would refuse more.
func TestEncodeBounded(t *testing.T) {
	items := make([]Item, MaxItems+5)
	for i := range items {
		items[i] = Item{ID: fmt.Sprint(i), URL: "/", Title: "t"}
	}
	got, err := Parse(Encode(Catalog{Items: items}))
	if err != nil || len(got.Items) != MaxItems {
		t.Errorf("%d items read back (%v), want %d", len(got.Items), err, MaxItems)
	}
}

// Parse never panics, and what it accepts encodes to a catalog it reads
// the same.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"v":1,"items":[{"id":"a","url":"/a","title":"A","topics":["x"]}]}`))
	f.Add([]byte(`{"v":1,"items":[]}`))
	f.Add([]byte(`{"v":1,"items":[],"model":{"topics":["a","b"],"words":{"tent":"Z!k"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			return
		}
		again, err := Parse(Encode(c))
		if err != nil {
			t.Fatalf("what Parse accepted does not read back: %v", err)
		}
		if !bytes.Equal(Encode(again), Encode(c)) {
			t.Fatalf("read back differently")
		}
		for _, it := range c.Items {
			if !SitePath(it.URL) {
				t.Fatalf("accepted %q", it.URL)
			}
		}
	})
}
