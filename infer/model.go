// Package infer says what a page that says nothing is about, from its own
// words (docs/ONE-TAG.md §3): a model that `hearth index` learns from the
// site's own labelled pages and writes into the site's catalog, and that
// the module applies in the worker to a page with no hearth:topics and no
// metadata. No model comes from anywhere but the site, and the page's
// words never leave the browser.
//
// The model is a centroid per topic: each page is its words' tf-idf
// vector, of unit length; a topic's centroid is the mean of its pages',
// of unit length too; a page is about the topic whose centroid is nearest
// (the largest cosine), when it is near enough and clearly nearer than
// the next. It replaced naive Bayes, tried first, whose posteriors are
// overconfident with few pages: on pages whose words say nothing of their
// topics it gave 67 of 80 a topic at the 0.6 posterior the design named;
// the centroids' margin gives none (TestInferKnownTruths).
package infer

import (
	"math"
	"sort"
)

// Bounds and thresholds. A topic is inferred only when the page has
// MinKnown words the model knows, its cosine to the topic is at least
// MinCosine and it beats the next topic's by MinMargin: a wrong topic is
// worse than none.
const (
	MaxTopics = 64
	MaxVocab  = 1500
	MinKnown  = 5
	MinCosine = 0.1
	MinMargin = 0.06 // chosen on Go's package docs (bench): precision 0.86 at recall 0.54 there, 0.94 at 0.43 with 0.1
	MinDocs   = 2    // pages a topic, and a word, must be seen on to be learnt
	// The quantisation of the stored figures (levels 0 to maxLevel).
	idfStep  = 0.1    // a word's idf, a log: up to 8.8, a word on one page in 6,600
	rootStep = 0.0075 // a centroid's weight's square root (finer where most weights are, near 0): up to 0.66², 0.44
	maxLevel = 88
)

// Model is a learnt model.
type Model struct {
	Topics []string
	// Words are the vocabulary: per word, its idf level, then its weight
	// level in each topic's centroid (a word in no centroid still counts
	// in a page's length).
	Words map[string][]uint8
}

// Doc is one labelled page: its words (title and first words, as the page
// side reads them) and its topics.
type Doc struct {
	Text   string
	Topics []string
}

// Learn learns a model from labelled pages, or returns nil when they
// cannot teach one: fewer than two topics seen on MinDocs pages each.
func Learn(docs []Doc) *Model {
	docTopics := map[string]int{}
	toks := make([][]string, len(docs))
	df := map[string]int{}
	for i, d := range docs {
		toks[i] = Tokens(d.Text)
		for _, t := range uniq(d.Topics) {
			docTopics[t]++
		}
		for _, w := range uniq(toks[i]) {
			df[w]++
		}
	}
	var topics []string
	for t, n := range docTopics {
		if n >= MinDocs {
			topics = append(topics, t)
		}
	}
	sort.Slice(topics, func(i, j int) bool {
		a, b := docTopics[topics[i]], docTopics[topics[j]]
		return a > b || a == b && topics[i] < topics[j]
	})
	topics = topics[:min(len(topics), MaxTopics)]
	if len(topics) < 2 {
		return nil
	}
	var vocab []string
	for w, n := range df {
		if n >= MinDocs {
			vocab = append(vocab, w)
		}
	}
	sort.Slice(vocab, func(i, j int) bool {
		return df[vocab[i]] > df[vocab[j]] || df[vocab[i]] == df[vocab[j]] && vocab[i] < vocab[j]
	})
	vocab = vocab[:min(len(vocab), MaxVocab)]
	m := &Model{Topics: topics, Words: map[string][]uint8{}}
	idf := map[string]float64{}
	for _, w := range vocab {
		l := quantise(math.Log(float64(len(docs))/float64(df[w])), idfStep)
		idf[w] = float64(l) * idfStep // as the module will read it
		m.Words[w] = make([]uint8, 1+len(topics))
		m.Words[w][0] = l
	}
	index := map[string]int{}
	for k, t := range topics {
		index[t] = k
	}
	centroids := make([]map[string]float64, len(topics))
	for k := range centroids {
		centroids[k] = map[string]float64{}
	}
	for i, d := range docs {
		v := vector(toks[i], idf)
		for _, t := range uniq(d.Topics) {
			if k, ok := index[t]; ok {
				for w, x := range v {
					centroids[k][w] += x
				}
			}
		}
	}
	for k, c := range centroids {
		unit(c)
		for w, x := range c {
			m.Words[w][1+k] = quantise(math.Sqrt(x), rootStep)
		}
	}
	return m
}

// vector is a page's tf-idf vector over the words idf knows, of unit
// length.
func vector(tokens []string, idf map[string]float64) map[string]float64 {
	v := map[string]float64{}
	for _, w := range tokens {
		if _, ok := idf[w]; ok {
			v[w]++
		}
	}
	for w, c := range v {
		v[w] = (1 + math.Log(c)) * idf[w]
	}
	unit(v)
	return v
}

func unit(v map[string]float64) {
	norm := 0.0
	for _, x := range v {
		norm += x * x
	}
	if norm == 0 {
		return
	}
	norm = math.Sqrt(norm)
	for w := range v {
		v[w] /= norm
	}
}

func quantise(x, step float64) uint8 {
	return uint8(max(0, min(maxLevel, math.Round(x/step))))
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// Infer is the topic a page's words say, with its cosine; "" when the page
// has fewer than MinKnown words the model knows, or no topic is near
// enough and clearly nearest.
func (m *Model) Infer(text string) (string, float64) {
	if m == nil || len(m.Topics) == 0 {
		return "", 0
	}
	counts := map[string]float64{}
	for _, w := range Tokens(text) {
		if _, ok := m.Words[w]; ok {
			counts[w]++
		}
	}
	if len(counts) < MinKnown {
		return "", 0
	}
	cos := make([]float64, len(m.Topics))
	norm := 0.0
	for w, c := range counts {
		row := m.Words[w]
		x := (1 + math.Log(c)) * float64(row[0]) * idfStep
		norm += x * x
		for k := range m.Topics {
			r := float64(row[1+k]) * rootStep
			cos[k] += x * r * r
		}
	}
	if norm == 0 {
		return "", 0
	}
	best, second := -1, -1
	for k := range cos {
		switch {
		case best < 0 || cos[k] > cos[best]:
			best, second = k, best
		case second < 0 || cos[k] > cos[second]:
			second = k
		}
	}
	norm = math.Sqrt(norm)
	top, next := cos[best]/norm, cos[second]/norm
	if top < MinCosine || top-next < MinMargin {
		return "", 0
	}
	return m.Topics[best], top
}
