package engine

import (
	"encoding/json"
	"os"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/wasm/profile"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

const recConfig = `{"version": 1, "topics": {
	"coats": {"label": {"en": "Coats"}}, "gloves": {"label": {"en": "Gloves"}}, "hats": {"label": {"en": "Hats"}},
	"scarves": {"label": {"en": "Scarves"}}, "cat-food": {"label": {"en": "Cat food"}}, "health-socks": {"label": {"en": "Compression socks"}}},
	"complements": {"coats": ["gloves", "hats", "scarves", "health-socks"]},
	"itemComplements": {"parka": ["merino-scarf"]},
	"retargeting": {"perDay": 2, "perWeek": 3, "coolDownDays": 7}}`

var catalog = []Item{
	{SKU: "parka", Name: "Summit parka", Topics: []string{"coats"}},
	{SKU: "wool-gloves", Name: "Wool gloves", Topics: []string{"gloves"}},
	{SKU: "beanie", Name: "Beanie", Topics: []string{"hats"}},
	{SKU: "merino-scarf", Name: "Merino scarf", Topics: []string{"scarves"}},
	{SKU: "kibble", Name: "Kibble", Topics: []string{"cat-food"}},
	{SKU: "socks", Name: "Compression socks", Topics: []string{"health-socks"}},
}

func recs(t *testing.T, p *profile.Profile, page Page, slot RecSlot, now time.Time) []string {
	t.Helper()
	cfg, err := rules.Parse([]byte(recConfig))
	if err != nil {
		t.Fatal(err)
	}
	if page.Items == nil {
		page.Items = catalog
	}
	var out []string
	for _, r := range Recommend(p, cfg, page, slot, now) {
		out = append(out, r.SKU)
	}
	return out
}

func TestComplements(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	p := profile.New()
	p.ViewItem("parka", "Summit parka", []string{"coats"}, now.Add(-24*time.Hour))
	p.Record("coats", profile.View, 1, "/p/parka", now.Add(-24*time.Hour), 14*24*time.Hour)
	slot := RecSlot{Kind: Complements, Count: 3}

	// The paired scarf first, then gloves and hats in the page's order; never
	// cat food, never the sensitive socks, never the parka itself.
	if got, want := recs(t, p, Page{}, slot, now), []string{"merino-scarf", "wool-gloves", "beanie"}; !reflect.DeepEqual(got, want) {
		t.Errorf("complements = %v, want %v", got, want)
	}
	// On the scarf's own page, the scarf is not recommended.
	if got := recs(t, p, Page{Item: "merino-scarf"}, slot, now); len(got) != 2 || got[0] == "merino-scarf" {
		t.Errorf("on the scarf's page: %v", got)
	}
	// Bought or dismissed: never again.
	p.BuyItem("merino-scarf", now)
	p.DismissItem("beanie", now)
	if got, want := recs(t, p, Page{}, slot, now), []string{"wool-gloves"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after buying the scarf and dismissing the beanie: %v, want %v", got, want)
	}
	// A topic the visitor removed or declared off is out; a sensitive one
	// comes in only once declared.
	q := profile.New()
	q.ViewItem("parka", "Summit parka", []string{"coats"}, now)
	q.Block("gloves", now)
	q.Declare("hats", false, now)
	q.Declare("health-socks", true, now)
	if got, want := recs(t, q, Page{}, RecSlot{Kind: Complements, Count: 9}, now), []string{"merino-scarf", "socks"}; !reflect.DeepEqual(got, want) {
		t.Errorf("with removed, declined and declared topics: %v, want %v", got, want)
	}
	// Paused: nothing.
	q.SetPaused(true, now)
	if got := recs(t, q, Page{}, slot, now); len(got) != 0 {
		t.Errorf("paused: %v", got)
	}
	// Nothing viewed: nothing to complement.
	if got := recs(t, profile.New(), Page{}, slot, now); len(got) != 0 {
		t.Errorf("new visitor: %v", got)
	}
}

func TestRecentWithCapsAndCoolDown(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	p := profile.New()
	p.ViewItem("parka", "Summit parka", []string{"coats"}, now.Add(-3*time.Hour))
	p.ViewItem("beanie", "Beanie", []string{"hats"}, now.Add(-time.Hour))
	slot := RecSlot{Kind: Recent, Count: 4}
	if got, want := recs(t, p, Page{}, slot, now), []string{"beanie", "parka"}; !reflect.DeepEqual(got, want) {
		t.Errorf("recent = %v, want %v", got, want)
	}
	// Two reminders a day at most, three a week.
	p.ShowItem("beanie", now)
	p.ShowItem("beanie", now)
	if got, want := recs(t, p, Page{}, slot, now), []string{"parka"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after 2 reminders today: %v, want %v", got, want)
	}
	if got := recs(t, p, Page{}, slot, now.Add(24*time.Hour)); !reflect.DeepEqual(got, []string{"beanie", "parka"}) {
		t.Errorf("the next day: %v", got)
	}
	p.ShowItem("beanie", now.Add(24*time.Hour))
	if got := recs(t, p, Page{}, slot, now.Add(48*time.Hour)); !reflect.DeepEqual(got, []string{"parka"}) {
		t.Errorf("after 3 reminders this week: %v", got)
	}
	// Bought: no reminder during the cool-down, then it may come back.
	p.BuyItem("parka", now)
	if got := recs(t, p, Page{}, slot, now.Add(6*24*time.Hour)); len(got) != 0 {
		t.Errorf("during the cool-down: %v", got)
	}
	if got := recs(t, p, Page{}, slot, now.Add(8*24*time.Hour)); !reflect.DeepEqual(got, []string{"beanie", "parka"}) {
		t.Errorf("after the cool-down: %v", got)
	}
}

// BenchmarkRecommend5000 ranks 5,000 catalog items.
func BenchmarkRecommend5000(b *testing.B) {
	cfg, err := rules.Parse([]byte(recConfig))
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	p := profile.New()
	topics := []string{"coats", "gloves", "hats", "scarves", "cat-food"}
	for i := 0; i < profile.MaxItems; i++ {
		p.ViewItem("viewed-"+strconv.Itoa(i), "", []string{topics[i%5]}, now.Add(-time.Duration(i)*time.Hour))
	}
	page := Page{}
	for i := 0; i < 5000; i++ {
		page.Items = append(page.Items, Item{SKU: "sku-" + strconv.Itoa(i), Topics: []string{topics[i%5]}})
	}
	b.ReportAllocs()
	b.ResetTimer()
	var n int
	for i := 0; i < b.N; i++ {
		n = len(Recommend(p, cfg, page, RecSlot{Kind: Complements, Count: 6}, now))
	}
	if n != 6 {
		b.Fatalf("ranked %d items, want 6", n)
	}
}

// TestRecCases runs testdata/recs.json: ranking, exclusions and caps as data.
func TestRecCases(t *testing.T) {
	data, err := os.ReadFile("testdata/recs.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Config json.RawMessage `json:"config"`
		Now    int64           `json:"now"`
		Items  []struct {
			SKU    string   `json:"sku"`
			Name   string   `json:"name"`
			Topics []string `json:"topics"`
		} `json:"items"`
		Cases []struct {
			Name    string          `json:"name"`
			Profile json.RawMessage `json:"profile"`
			Page    struct {
				Item string `json:"item"`
				GPC  bool   `json:"gpc"`
			} `json:"page"`
			Slot struct {
				Kind  string `json:"kind"`
				Count int    `json:"count"`
			} `json:"slot"`
			Want []string `json:"want"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	cfg, err := rules.Parse(file.Config)
	if err != nil {
		t.Fatal(err)
	}
	var items []Item
	for _, it := range file.Items {
		items = append(items, Item{SKU: it.SKU, Name: it.Name, Topics: it.Topics})
	}
	for _, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			p, err := profile.Decode(c.Profile)
			if err != nil {
				t.Fatalf("profile: %v", err)
			}
			page := Page{Item: c.Page.Item, GPC: c.Page.GPC, Items: items}
			got := []string{}
			for _, r := range Recommend(p, cfg, page, RecSlot{Kind: c.Slot.Kind, Count: c.Slot.Count}, time.UnixMilli(file.Now).UTC()) {
				got = append(got, r.SKU)
				if r.Because == "" || r.BecauseAt == 0 {
					t.Errorf("%s has no reason", r.SKU)
				}
			}
			if !reflect.DeepEqual(got, c.Want) {
				t.Errorf("Recommend = %v, want %v", got, c.Want)
			}
		})
	}
}

// "More like this" for a content site (#23.2): unread posts that share the
// reader's topics first, by how many they share and how strong and recent
// that interest is; ties in the page's order; never the page's own post,
// never one already read (unless the slot asks), never a dismissed one.
func TestSimilar(t *testing.T) {
	cfg, err := rules.Parse([]byte(`{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}},
		"hiking": {"label": {"en": "Hiking"}}, "cooking": {"label": {"en": "Cooking"}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	half := cfg.HalfLife
	posts := []Item{
		{SKU: "stoves", Topics: []string{"cooking", "camping"}},
		{SKU: "campsite", Topics: []string{"camping"}},
		{SKU: "tents", Topics: []string{"camping"}},
		{SKU: "ridge-walk", Topics: []string{"hiking", "camping"}},
		{SKU: "bread", Topics: []string{"cooking"}},
		{SKU: "read-one", Topics: []string{"camping", "hiking"}},
		{SKU: "no-thanks", Topics: []string{"camping", "hiking"}},
	}
	p := profile.New()
	for i := range 3 {
		p.Record("camping", profile.View, 1, "/p", now.Add(-time.Duration(i)*time.Hour), half)
	}
	p.Record("hiking", profile.View, 1, "/q", now.Add(-20*24*time.Hour), half)
	p.ViewItem("read-one", "Read one", []string{"camping", "hiking"}, now.Add(-time.Hour))
	p.ViewItem("campsite", "Choosing a campsite", []string{"camping"}, now)
	p.DismissItem("no-thanks", now)
	page := Page{Item: "campsite", Items: posts}
	ids := func(rs []Rec) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.SKU)
		}
		return out
	}
	rs := Recommend(p, cfg, page, RecSlot{Kind: Similar, Count: 4}, now)
	// ridge-walk shares two topics; stoves and tents one each (camping):
	// the page's order; bread shares none; campsite is this page.
	if got, want := ids(rs), []string{"ridge-walk", "stoves", "tents"}; !reflect.DeepEqual(got, want) {
		t.Errorf("similar = %v, want %v", got, want)
	}
	if len(rs) > 0 && (rs[0].Because != "camping" || rs[0].BecauseAt != now.UnixMilli()) {
		t.Errorf("ridge-walk's reason: %q at %d, want camping, at the latest camping event", rs[0].Because, rs[0].BecauseAt)
	}
	rs = Recommend(p, cfg, page, RecSlot{Kind: Similar, Count: 6, IncludeRead: true}, now)
	if got, want := ids(rs), []string{"ridge-walk", "stoves", "tents", "read-one"}; !reflect.DeepEqual(got, want) {
		t.Errorf("similar with read ones = %v, want %v (read ones after the unread)", got, want)
	}
}

// A topic the visitor removed drives no recommendation, through the items
// they viewed about it either (#23.6): the coat's complements go too.
func TestRemovedTopicDrivesNothing(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	p := profile.New()
	p.ViewItem("parka", "Summit parka", []string{"coats"}, now.Add(-time.Hour))
	p.Record("coats", profile.View, 1, "/p/parka", now.Add(-time.Hour), 14*24*time.Hour)
	slot := RecSlot{Kind: Complements, Count: 3}
	if got := recs(t, p, Page{}, slot, now); len(got) == 0 {
		t.Fatalf("no complements before the removal: the test tests nothing")
	}
	p.Block("coats", now)
	if got := recs(t, p, Page{}, slot, now); len(got) != 0 {
		t.Errorf("after removing coats, complements of the parka still recommended: %v", got)
	}
}
