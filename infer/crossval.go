package infer

// Score is how a model learnt from some labelled pages did on others it
// never saw: of the pages, how many it gave a topic (Inferred) and how many
// of those were among the page's own (Right).
type Score struct {
	Pages, Inferred, Right int
}

// Precision is the share of inferred topics that were right.
func (s Score) Precision() float64 { return ratio(s.Right, s.Inferred) }

// Recall is the share of pages given a right topic.
func (s Score) Recall() float64 { return ratio(s.Right, s.Pages) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// CrossValidate scores Learn on docs by k-fold cross-validation, each fold
// inferred by a model learnt from the others. The folds are stratified
// and fixed: the n-th page of a topic (its first) is in fold n mod k, so
// that every fold learns every topic, and the same pages give the same
// score.
func CrossValidate(docs []Doc, k int) Score {
	fold := make([]int, len(docs))
	nth := map[string]int{}
	for i, d := range docs {
		first := ""
		if len(d.Topics) > 0 {
			first = d.Topics[0]
		}
		fold[i] = nth[first] % k
		nth[first]++
	}
	var s Score
	for f := 0; f < k; f++ {
		var train, test []Doc
		for i, d := range docs {
			if fold[i] == f {
				test = append(test, d)
			} else {
				train = append(train, d)
			}
		}
		m := Learn(train)
		for _, d := range test {
			s.Pages++
			t, _ := m.Infer(d.Text)
			if t == "" {
				continue
			}
			s.Inferred++
			for _, want := range d.Topics {
				if t == want {
					s.Right++
					break
				}
			}
		}
	}
	return s
}
