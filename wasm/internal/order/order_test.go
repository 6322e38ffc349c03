package order

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestStringsSortsAsSlicesDoes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 60 {
		ss := make([]string, n)
		for i := range ss {
			ss[i] = string(rune('a' + r.IntN(5)))
			if r.IntN(2) == 0 {
				ss[i] += string(rune('a' + r.IntN(5)))
			}
		}
		want := slices.Clone(ss)
		slices.Sort(want)
		Strings(ss)
		if !slices.Equal(ss, want) {
			t.Fatalf("Strings = %q, want %q", ss, want)
		}
	}
}
