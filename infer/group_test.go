package infer

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// silentSite is n pages on each of topics, written from the topic's own
// words and words every topic uses alike (a site's name, its filler), as
// a site whose pages say nothing of their topics.
func silentSite(topics map[string][]string, n int, seed uint64) (texts, truth []string) {
	r := rand.New(rand.NewPCG(seed, 1))
	shared := strings.Fields("documentation reference example version return value option default section chapter guide manual")
	var names []string
	for t := range topics {
		names = append(names, t)
	}
	for i := 0; i < n; i++ {
		for _, t := range sortedKeys(topics) {
			var words []string
			for j := 0; j < 60; j++ {
				if r.IntN(2) == 0 {
					words = append(words, topics[t][r.IntN(len(topics[t]))])
				} else {
					words = append(words, shared[r.IntN(len(shared))])
				}
			}
			texts = append(texts, strings.Join(words, " "))
			truth = append(truth, t)
		}
	}
	return texts, truth
}

func sortedKeys(m map[string][]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

// Pages written from three topics' words, with as many words every page
// shares, fall into three groups, each holding one topic's pages and
// named by one of its own words; over 20 sites, every time. The same
// pages give the same groups.
func TestGroupFindsTheTopics(t *testing.T) {
	topics := map[string][]string{
		"tents":   strings.Fields("tent pole guyline footprint vestibule rainfly stake shelter dome tarp"),
		"stoves":  strings.Fields("stove burner canister fuel simmer pot boil flame igniter windscreen"),
		"fishing": strings.Fields("rod reel lure bait hook trout angler fly tackle line"),
	}
	for seed := uint64(1); seed <= 20; seed++ {
		texts, truth := silentSite(topics, 8, seed)
		names, of := Group(texts)
		groupOf := map[string]string{} // true topic → group
		topicOf := map[string]string{} // group → true topic
		for i, g := range of {
			if g == "" {
				t.Fatalf("site %d: page %d (%s) got no group; groups %v", seed, i, truth[i], names)
			}
			if prev, ok := groupOf[truth[i]]; ok && prev != g {
				t.Fatalf("site %d: %s's pages split between %s and %s", seed, truth[i], prev, g)
			}
			if prev, ok := topicOf[g]; ok && prev != truth[i] {
				t.Fatalf("site %d: group %s holds %s's and %s's pages", seed, g, prev, truth[i])
			}
			groupOf[truth[i]], topicOf[g] = g, truth[i]
		}
		if len(names) != 3 {
			t.Fatalf("site %d: %d groups %v, want 3", seed, len(names), names)
		}
		for g, topic := range topicOf {
			if !strings.Contains(" "+strings.Join(topics[topic], " ")+" ", " "+strings.Split(g, "-")[0]+" ") {
				t.Errorf("site %d: the group of %s's pages is named %q, none of its words", seed, topic, g)
			}
		}
		again, of2 := Group(texts)
		if fmt.Sprint(again, of2) != fmt.Sprint(names, of) {
			t.Fatalf("site %d: the same pages grouped differently: %v then %v", seed, names, again)
		}
	}
}

// Too few pages, or pages with no word in common, make no groups.
func TestGroupNeedsPagesAlike(t *testing.T) {
	for _, texts := range [][]string{nil, {"tent pole"}, {"alpha beta", "gamma delta", "epsilon zeta", "theta iota"}} {
		if names, of := Group(texts); len(names) != 0 || len(of) != len(texts) {
			t.Errorf("Group(%q) = %v, %v: want no groups, one empty name a page", texts, names, of)
		}
	}
}
