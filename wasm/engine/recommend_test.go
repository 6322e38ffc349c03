package engine

import (
	"encoding/json"
	"os"
	"reflect"
	"strconv"
	"testing"
	"time"

	"hearth/wasm/profile"
	"hearth/wasm/rules"
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

	// The paired scarf first, then gloves and hats; never cat food, never the
	// sensitive socks, never the parka itself.
	if got, want := recs(t, p, Page{}, slot, now), []string{"merino-scarf", "beanie", "wool-gloves"}; !reflect.DeepEqual(got, want) {
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
