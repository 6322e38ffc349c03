package infer

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hearth-personalization/hearth/internal/jsonv"
)

func TestTokens(t *testing.T) {
	got := Tokens("Choosing TENTS for two: the Dôme-3 and <b>stoves</b>, a glass, 42 x mm")
	want := []string{"choosing", "tent", "dôme", "stove", "glass"}
	if !slices.Equal(got, want) {
		t.Errorf("Tokens = %q, want %q", got, want)
	}
	if n := len(Tokens(strings.Repeat("word ", 10000))); n*5 > MaxTextLen {
		t.Errorf("%d tokens from a text past %d bytes", n, MaxTextLen)
	}
}

// corpus draws pages about topics: each topic has words of its own, and
// every page also draws from words shared by all (signal is the share of
// a page's words that are its topic's own).
func corpus(seed uint64, topics, pages, words int, signal float64) []Doc {
	r := rand.New(rand.NewPCG(seed, 1))
	common := make([]string, 150)
	for i := range common {
		common[i] = fmt.Sprintf("common%c%c", 'a'+i%26, 'a'+i/26)
	}
	var docs []Doc
	for p := 0; p < pages; p++ {
		k := p % topics
		var b strings.Builder
		for w := 0; w < words; w++ {
			if r.Float64() < signal {
				fmt.Fprintf(&b, "own%c%c ", 'a'+k, 'a'+r.IntN(25))
			} else {
				b.WriteString(common[r.IntN(len(common))] + " ")
			}
		}
		docs = append(docs, Doc{Text: b.String(), Topics: []string{fmt.Sprintf("topic-%d", k)}})
	}
	return docs
}

// Known truths, simulated: pages with a clear signal are told apart, pages
// with none are left without a topic rather than given a wrong one.
func TestInferKnownTruths(t *testing.T) {
	clear := CrossValidate(corpus(1, 4, 80, 60, 0.3), 5)
	if clear.Precision() < 0.95 || clear.Recall() < 0.9 {
		t.Errorf("a clear signal: precision %.2f recall %.2f (%+v)", clear.Precision(), clear.Recall(), clear)
	}
	noise := CrossValidate(corpus(2, 4, 80, 60, 0), 5)
	if noise.Inferred > noise.Pages/5 {
		t.Errorf("pages with no signal: %d of %d given a topic", noise.Inferred, noise.Pages)
	}
	m := Learn(corpus(3, 4, 80, 60, 0.3))
	if topic, _ := m.Infer("owna owna ownb"); topic != "" {
		t.Errorf("three known words gave %q", topic)
	}
	if topic, _ := m.Infer(strings.Repeat("unknownword ", 100)); topic != "" {
		t.Errorf("words the model never saw gave %q", topic)
	}
	var nilModel *Model
	if topic, _ := nilModel.Infer("anything"); topic != "" {
		t.Error("no model inferred a topic")
	}
}

// A topic seen on one page only, or a site with one topic, teaches nothing.
func TestLearnNeedsTwoTopics(t *testing.T) {
	if m := Learn([]Doc{{"tent stove", []string{"camping"}}, {"tent", []string{"camping"}}, {"boot", []string{"hiking"}}}); m != nil {
		t.Errorf("one topic on two pages learnt %+v", m)
	}
	m := Learn(corpus(4, 3, 30, 40, 0.3))
	if m == nil || len(m.Topics) != 3 {
		t.Fatalf("three topics learnt %+v", m)
	}
	for w, row := range m.Words {
		if len(row) != 1+3 {
			t.Fatalf("word %q has %d levels", w, len(row))
		}
	}
	if len(m.Words) > MaxVocab {
		t.Errorf("%d words", len(m.Words))
	}
}

// A model written and read back is the same model, every level included,
// and the text needs no escape.
func TestModelRoundTrip(t *testing.T) {
	if len(alphabet) != maxLevel+1 {
		t.Fatalf("an alphabet of %d for levels 0 to %d", len(alphabet), maxLevel)
	}
	m := &Model{Words: map[string][]uint8{"low": {}, "high": {}}}
	for i := 0; i < MaxTopics; i++ {
		m.Topics = append(m.Topics, fmt.Sprint("t", i))
	}
	for i := 0; i <= MaxTopics; i++ {
		m.Words["low"] = append(m.Words["low"], uint8(i))                      // 0 … 64
		m.Words["high"] = append(m.Words["high"], uint8(maxLevel-MaxTopics+i)) // 24 … 88
	}
	var w jsonv.Writer
	m.Write(&w)
	if strings.Contains(string(w.Bytes()), `\`) {
		t.Errorf("the model needs escapes: %s", w.Bytes())
	}
	if row := encodeRow(m.Words["high"]); len(row) != MaxTopics+1 || !strings.Contains(string(w.Bytes()), `"high":"`+row+`"`) {
		t.Errorf("a level is not one byte as written: %s", w.Bytes())
	}
	v, err := jsonv.Parse(w.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	back, err := Read(v)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, m) {
		t.Errorf("read back %+v\nwant %+v", back, m)
	}
	for _, bad := range []string{
		`[]`, `{"topics": ["a"], "words": {}}`,
		`{"topics": ["a", "b"], "words": {"x": "PPPP"}}`,
		`{"topics": ["a", "b"], "words": {"x": "PP\""}}`,
		`{"topics": ["a", "b"], "words": {"x": "PP&"}}`,
		`{"topics": ["a", "b"], "words": {"x": 1}}`,
		`{"topics": ["a", 2], "words": {}}`,
	} {
		v, err := jsonv.Parse([]byte(bad))
		if err != nil {
			t.Fatal(bad, err)
		}
		if _, err := Read(v); err == nil {
			t.Errorf("read %s", bad)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"topics": ["a", "b"], "words": {"tent": "Z!k"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := jsonv.Parse(data)
		if err != nil {
			return
		}
		m, err := Read(v)
		if err != nil {
			return
		}
		m.Infer("tent tent tent tent tent tent tent tent tent")
		var w jsonv.Writer
		m.Write(&w)
		v2, err := jsonv.Parse(w.Bytes())
		if err != nil {
			t.Fatalf("a model read wrote %s: %v", w.Bytes(), err)
		}
		if m2, err := Read(v2); err != nil || !reflect.DeepEqual(m, m2) {
			t.Fatalf("not the same model back: %v", err)
		}
	})
}
