package measure

import "testing"

func TestMayReport(t *testing.T) {
	const day = 24 * 3600 * 1000
	now := int64(1000 * day)
	for _, c := range []struct {
		name   string
		sentAt []int64
		spent  []float64
		eps    float64
		want   bool
	}{
		{"the first report", nil, nil, 8, true},
		{"one within the gap", []int64{now - 6*day}, []float64{3}, 3, false},
		{"one just past the gap", []int64{now - 7*day}, []float64{3}, 3, true},
		{"a clock gone back", []int64{now + day}, []float64{3}, 3, false},
		{"the year's budget reached", yearOf(21, now), repeat(21, 3), 3, false}, // 63 + 3 > 64
		{"the year's budget just met", yearOf(20, now), repeat(20, 3), 3, true}, // 60 + 3 ≤ 64
		{"older than a year", []int64{now - 366*day}, []float64{64}, 8, true},
	} {
		if got := MayReport(c.sentAt, c.spent, c.eps, now); got != c.want {
			t.Errorf("%s: MayReport = %v, want %v", c.name, got, c.want)
		}
	}
}

// yearOf spreads n reports over the year before now, 17 days apart.
func yearOf(n int, now int64) []int64 {
	const day = 24 * 3600 * 1000
	out := make([]int64, n)
	for i := range out {
		out[i] = now - int64(7+i*17)*day
	}
	return out
}

func repeat(n int, eps float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = eps
	}
	return out
}
