package infer

import (
	"math"
	"slices"
	"sort"
)

// Group gives the pages of a site that says nothing of its topics (no
// tags, sections, metadata or directories: a flat folder of API docs)
// topics of their own words, for `hearth init` and `hearth index` to
// propose and to learn the model from: spherical k-means over the pages'
// tf-idf vectors, k about √(n/2) (2 to 12). Each group is named by the
// word that tells its pages from the rest (two words where that is taken).
// A group of fewer than MinDocs pages is no topic: its pages get none.
// It is deterministic: the same pages give the same groups.
// of[i] is page i's group's name, "" for none.
func Group(texts []string) (names []string, of []string) {
	n := len(texts)
	of = make([]string, n)
	if n < 2*MinDocs {
		return nil, of
	}
	toks := make([][]string, n)
	df := map[string]int{}
	for i, t := range texts {
		toks[i] = Tokens(t)
		for _, w := range uniq(toks[i]) {
			df[w]++
		}
	}
	// Words on at least two pages and on at most half of them: a word on
	// every page (the site's name, its navigation) groups nothing.
	var vocab []string
	for w, c := range df {
		if c >= MinDocs && 2*c <= n {
			vocab = append(vocab, w)
		}
	}
	sort.Slice(vocab, func(i, j int) bool {
		return df[vocab[i]] > df[vocab[j]] || df[vocab[i]] == df[vocab[j]] && vocab[i] < vocab[j]
	})
	vocab = vocab[:min(len(vocab), MaxVocab)]
	idf := map[string]float64{}
	for _, w := range vocab {
		idf[w] = math.Log(float64(n) / float64(df[w]))
	}
	vecs := make([]map[string]float64, n)
	var live []int // pages with a word the vocabulary knows
	for i := range texts {
		if vecs[i] = vector(toks[i], idf); len(vecs[i]) > 0 {
			live = append(live, i)
		}
	}
	k := int(math.Round(math.Sqrt(float64(len(live)) / 2)))
	k = max(2, min(12, k, len(live)/MinDocs))
	if len(live) < 2*MinDocs {
		return nil, of
	}
	centers := seeds(vecs, live, k)
	assign := make([]int, n)
	for i := range assign {
		assign[i] = -1
	}
	for round := 0; round < 50; round++ {
		moved := false
		for _, i := range live {
			best, bestCos := 0, -1.0
			for c, ctr := range centers {
				if x := dot(vecs[i], ctr); x > bestCos {
					best, bestCos = c, x
				}
			}
			if assign[i] != best {
				assign[i], moved = best, true
			}
		}
		if !moved {
			break
		}
		for c := range centers {
			sum := map[string]float64{}
			for _, i := range live {
				if assign[i] == c {
					for w, x := range vecs[i] {
						sum[w] += x
					}
				}
			}
			unit(sum)
			if len(sum) > 0 {
				centers[c] = sum
			}
		}
	}
	size := make([]int, k)
	for _, i := range live {
		size[assign[i]]++
	}
	name := make([]string, k)
	taken := map[string]bool{}
	for c := range centers {
		if size[c] < MinDocs {
			continue
		}
		top := telling(toks, live, assign, c, size[c], vocab)
		if len(top) == 0 {
			continue
		}
		name[c] = top[0]
		if taken[name[c]] && len(top) > 1 {
			name[c] = top[0] + "-" + top[1]
		}
		if taken[name[c]] {
			name[c] = ""
			continue
		}
		taken[name[c]] = true
		names = append(names, name[c])
	}
	for _, i := range live {
		of[i] = name[assign[i]]
	}
	sort.Strings(names)
	return names, of
}

// seeds are k pages' vectors to start from, far apart: the page nearest
// the mean of all, then, in turn, the page least like any chosen (its
// largest cosine to them the smallest; the first in page order on a tie).
func seeds(vecs []map[string]float64, live []int, k int) []map[string]float64 {
	mean := map[string]float64{}
	for _, i := range live {
		for w, x := range vecs[i] {
			mean[w] += x
		}
	}
	unit(mean)
	first, firstCos := live[0], -1.0
	for _, i := range live {
		if x := dot(vecs[i], mean); x > firstCos {
			first, firstCos = i, x
		}
	}
	chosen := []int{first}
	near := make(map[int]float64, len(live)) // each page's largest cosine to a chosen one
	for len(chosen) < k {
		last := vecs[chosen[len(chosen)-1]]
		pick, pickCos := -1, 2.0
		for _, i := range live {
			if x := dot(vecs[i], last); len(chosen) == 1 || x > near[i] {
				near[i] = x
			}
			if near[i] < pickCos && !slices.Contains(chosen, i) {
				pick, pickCos = i, near[i]
			}
		}
		if pick < 0 {
			break
		}
		chosen = append(chosen, pick)
	}
	out := make([]map[string]float64, len(chosen))
	for c, i := range chosen {
		out[c] = map[string]float64{}
		for w, x := range vecs[i] {
			out[c][w] = x
		}
	}
	return out
}

// telling are the two words that tell group c's pages from the others
// best: on the largest share of its pages beyond their share of the
// rest's (alphabetical on a tie). A word weighty in every group's
// centroid ("added", "name" in API docs) names none.
func telling(toks [][]string, live, assign []int, c, size int, vocab []string) []string {
	in, out := map[string]int{}, map[string]int{}
	for _, i := range live {
		for _, w := range uniq(toks[i]) {
			if assign[i] == c {
				in[w]++
			} else {
				out[w]++
			}
		}
	}
	rest := max(1, len(live)-size)
	score := map[string]float64{}
	var ws []string
	for _, w := range vocab {
		if in[w] >= MinDocs {
			score[w] = float64(in[w])/float64(size) - float64(out[w])/float64(rest)
			ws = append(ws, w)
		}
	}
	sort.Slice(ws, func(i, j int) bool {
		return score[ws[i]] > score[ws[j]] || score[ws[i]] == score[ws[j]] && ws[i] < ws[j]
	})
	return ws[:min(2, len(ws))]
}

func dot(a, b map[string]float64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	s := 0.0
	for w, x := range a {
		s += x * b[w]
	}
	return s
}
