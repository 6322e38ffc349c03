package session

import (
	"strings"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/catalog"
	"github.com/hearth-personalization/hearth/infer"
)

// Words about containers, about hiking, and about health (a built-in
// sensitive category): each topic's pages draw from words of their own.
var topicWords = map[string]string{
	"containers": "docker image container compose volume registry build layer port network kubernetes",
	"hiking":     "trail ridge summit boots map compass walk valley path climb descent",
	"health":     "doctor symptom diagnosis medicine clinic treatment illness pain therapy patient",
}

// wordsCatalog is a catalog with a model learnt from pages of each topic.
func wordsCatalog(t *testing.T) (string, *infer.Model) {
	t.Helper()
	var docs []infer.Doc
	for topic, words := range topicWords {
		w := strings.Fields(words)
		for i := range 6 {
			docs = append(docs, infer.Doc{Text: strings.Join(append(w[i:], w[:i]...)[:8], " ") + " notes about the week", Topics: []string{topic}})
		}
	}
	m := infer.Learn(docs)
	if m == nil {
		t.Fatal("no model learnt")
	}
	return string(catalog.Encode(catalog.Catalog{Items: []catalog.Item{{ID: "/a/", URL: "/a/", Title: "A"}}, Model: m})), m
}

// A page that says nothing of its topics (no hearth:topics, no metadata,
// no directory naming one) gets the topic its words say, once the
// catalog's model is there; the event says it was inferred, and the
// panel says so in the visitor's words. A page that says anything keeps
// what it says; a sensitive topic inferred is kept out as from any source
// (docs/ONE-TAG.md §3).
func TestTopicsFromThePagesWords(t *testing.T) {
	text, model := wordsCatalog(t)
	boot := func(path, words string, labels []any, now time.Time) (*Session, answer) {
		t.Helper()
		f := facts(path, "")
		f["words"] = words
		if labels != nil {
			f["labels"] = labels
		}
		s, out, err := Boot(msg(t, map[string]any{"t": "boot", "config": catalogConfig, "facts": f, "storage": true}), now)
		if err != nil {
			t.Fatal(err)
		}
		a := read(t, s.Handle(msg(t, map[string]any{"t": MsgCatalog, "path": "/catalog.json", "text": text}), now.Add(time.Second)))
		if a.Write == nil {
			a.Write = read(t, out).Write // what the boot stored, when the catalog added nothing
		}
		return s, a
	}
	s, a := boot("/notes/1/", "Shipping it: docker compose volume registry and the image layer we build", nil, t0)
	if a.Write == nil || !strings.Contains(*a.Write, `"containers":{"events":[{"kind":"view"`) || !strings.Contains(*a.Write, `"src":"words"`) {
		t.Fatalf("a page about containers that says nothing stored %v", a.Write)
	}
	if open := s.Handle(msg(t, map[string]any{"t": MsgOpen}), t0.Add(2*time.Second)); !strings.Contains(string(open), "inferred from the page's words") {
		t.Errorf("the panel does not say the topic was inferred: %s", open)
	}
	// A page swapped in later is read with the model already there.
	a = read(t, s.Handle(msg(t, map[string]any{"t": MsgNavigate, "stored": *a.Write, "storage": true, "facts": map[string]any{"path": "/notes/2/", "lang": "en",
		"words": "A day on the trail: ridge, summit and the compass back down the valley path"}}), t0.Add(time.Minute)))
	if a.Write == nil || !strings.Contains(*a.Write, `"hiking":{"events":[{"kind":"view"`) {
		t.Errorf("a page about hiking swapped in stored %v", a.Write)
	}
	// Words the model cannot place give no topic; a page that says its
	// topic keeps it; a sensitive topic is not kept.
	for _, c := range []struct {
		name, words string
		labels      []any
		want, not   string
	}{
		{"few known words", "docker and a walk", nil, "", `"src":"words"`},
		{"nothing it knows", strings.Repeat("lorem ipsum dolor ", 30), nil, "", `"src":"words"`},
		{"a page with tags", "docker compose volume registry image layer build port", []any{[]any{"tags", "Hiking"}}, `"hiking"`, `"containers"`},
		{"a sensitive topic", "doctor symptom diagnosis medicine clinic treatment illness pain", nil, "", "health"},
	} {
		if id, _ := model.Infer(c.words); c.name == "a sensitive topic" && id != "health" {
			t.Fatalf("the model says %q of a page about health: the case tests nothing", id)
		}
		_, a := boot("/notes/3/", c.words, c.labels, t0.Add(time.Hour))
		got := ""
		if a.Write != nil {
			got = *a.Write
		}
		if c.want != "" && !strings.Contains(got, c.want) || strings.Contains(got, c.not) {
			t.Errorf("%s: stored %s", c.name, got)
		}
	}
}
