package measure

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The mechanism's output frequencies are what randomized response promises,
// for every true cell: the true one with Keep(ε), each other with Other(ε),
// and so any two inputs' reports within a factor e^ε (checked against the
// sampling error of 200,000 draws each).
func TestRandomizeFrequencies(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n = 200_000
	for _, eps := range []float64{0.5, 1, 2, 3, 4} {
		var freq [K][K]float64
		for c := Cell(0); c < K; c++ {
			for range n {
				freq[c][Randomize(c, eps, r.Float64())]++
			}
		}
		for c := Cell(0); c < K; c++ {
			for out := Cell(0); out < K; out++ {
				want := Other(eps)
				if out == c {
					want = Keep(eps)
				}
				got := freq[c][out] / n
				if se := math.Sqrt(want * (1 - want) / n); math.Abs(got-want) > 5*se {
					t.Errorf("ε %v: cell %d reported as %d %.4f of the time, want %.4f (±%.4f)", eps, c, out, got, want, 5*se)
				}
			}
		}
		for out := Cell(0); out < K; out++ {
			for a := Cell(0); a < K; a++ {
				for b := Cell(0); b < K; b++ {
					if ratio := freq[a][out] / freq[b][out]; ratio > math.Exp(eps)*1.05 {
						t.Errorf("ε %v: output %d is %.3f× likelier from %d than from %d, beyond e^ε = %.3f", eps, out, ratio, a, b, math.Exp(eps))
					}
				}
			}
		}
	}
}

func TestAssignAndCells(t *testing.T) {
	if Assign(0.1, 0.05) != Held || Assign(0.1, 0.1) != Shown || Assign(0, 0) != Shown {
		t.Error("Assign: the held share is the draws below it")
	}
	if CellOf(false, true) != NotEligible || CellOf(true, true) != Goal || CellOf(true, false) != NoGoal {
		t.Error("CellOf: a goal counts only for an eligible visitor")
	}
	for _, u := range []float64{0, 0.5, 0.999999} {
		for c := Cell(0); c < K; c++ {
			if got := Randomize(c, 1, u); got < 0 || got >= K {
				t.Errorf("Randomize(%d, 1, %v) = %d, outside the cells", c, u, got)
			}
		}
	}
}
