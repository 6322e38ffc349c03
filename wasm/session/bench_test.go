package session

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/catalog"
	"github.com/hearth-personalization/hearth/infer"
)

// BenchmarkBootReturning is the worker's whole first answer for a returning
// visitor of the demo: parse the config, read the stored profile, decide,
// build the "Why?" view and encode the update. It is what the compiler flags
// of the module (inlining or not) are judged by, as wasm.
func BenchmarkBootReturning(b *testing.B) {
	cfg, err := os.ReadFile("../../web/demo/hearth.json")
	if err != nil {
		b.Fatal(err)
	}
	f := facts("/p/tent/", "camping, hiking")
	m := map[string]any{"t": "boot", "config": string(cfg), "facts": f, "storage": true}
	var stored string
	for i := range 40 {
		if stored != "" {
			m["stored"] = stored
		}
		in, _ := json.Marshal(m)
		_, out, err := Boot(in, t0.Add(time.Duration(i)*time.Hour))
		if err != nil {
			b.Fatal(err)
		}
		var a answer
		if err := json.Unmarshal(out, &a); err != nil {
			b.Fatal(err)
		}
		if a.Write != nil {
			stored = *a.Write
		}
	}
	if len(stored) < 200 {
		b.Fatalf("no returning profile was stored: %q", stored)
	}
	m["stored"] = stored
	in, _ := json.Marshal(m)
	now := t0.Add(48 * time.Hour)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Boot(in, now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCatalog2000 is the catalog's arrival at its bound (docs/ONE-TAG.md
// §2): 2,000 items with titles, summaries and three topics each, and a
// model of 20 topics and 1,500 words (package infer), parsed, taken and
// ranked for a "similar" slot on a page that says nothing, whose topic the
// model infers. It is what a large site adds to the worker's start, after
// the first answer. catalog-bytes is the file's size.
func BenchmarkCatalog2000(b *testing.B) {
	var items []catalog.Item
	var docs []infer.Doc
	word := func(k, i int) string { return fmt.Sprintf("w%c%c%c", 'a'+k%20, 'a'+i%26, 'a'+i/26%26) }
	for i := range catalog.MaxItems {
		k := i % 20
		topics := []string{fmt.Sprint("topic-", k), fmt.Sprint("topic-", (k+1)%20), fmt.Sprint("topic-", (k+7)%20)}
		items = append(items, catalog.Item{ID: fmt.Sprintf("/posts/%d/", i), URL: fmt.Sprintf("/posts/%d/", i),
			Title:   fmt.Sprintf("Post number %d of the site", i),
			Summary: "What the post says in a sentence or two, as its description gives it to a card.", Topics: topics})
		if i < 400 {
			var text []string
			for j := range 120 {
				text = append(text, word(k, (i*7+j*13)%75))
			}
			docs = append(docs, infer.Doc{Text: strings.Join(text, " "), Topics: topics[:1]})
		}
	}
	model := infer.Learn(docs)
	if model == nil || len(model.Topics) != 20 || len(model.Words) < 1400 {
		b.Fatalf("a model of %d topics and %d words", len(model.Topics), len(model.Words))
	}
	text := string(catalog.Encode(catalog.Catalog{Items: items, Model: model}))
	cfg := strings.Replace(catalogConfig, `"topics": {`, `"topics": {"topic-3": {"label": {"en": "Topic 3"}}, `, 1)
	f := facts("/notes/1/", "")
	f["words"] = strings.Join(strings.Fields(docs[3].Text)[:60], " ")
	f["recSlots"] = []any{map[string]any{"kind": "similar", "count": 3, "card": true}}
	boot, _ := json.Marshal(map[string]any{"t": "boot", "config": cfg, "facts": f, "storage": true})
	came, _ := json.Marshal(map[string]any{"t": MsgCatalog, "path": "/catalog.json", "text": text})
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s, _, err := Boot(boot, t0)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		out := s.Handle(came, t0.Add(time.Second))
		if !bytes.Contains(out, []byte(`"recs":[[{`)) || s.page.Topics == nil {
			b.Fatalf("the catalog's answer recommends nothing, or inferred no topic: %.300s", out)
		}
	}
	b.ReportMetric(float64(len(text)), "catalog-bytes")
}
