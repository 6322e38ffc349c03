package profile

import (
	"reflect"
	"testing"
)

// Two tabs' measurement states merge in either order to the same state: the
// earlier draw of an arm, the later period's tallies (each at its earliest
// time within one period), the later report; a newer measurement replaces
// an older one whole.
func TestMergeMeasurement(t *testing.T) {
	a := NewMeasurement("w", Basis{}, 3, 100)
	a.Arms["hero"] = Assigned{Arm: 1, At: 50}
	a.Arms["signup"] = Assigned{Arm: 0, At: 60}
	a.Eligible["hero"] = 120
	a.Sent = Sent{Period: 2, At: 100, Body: "a"}
	b := NewMeasurement("w", Basis{}, 3, 90)
	b.Arms["hero"] = Assigned{Arm: 0, At: 40}
	b.Eligible["hero"] = 110
	b.Goal["hero"] = 130
	for _, m := range [][2]*Measurement{{a, b}, {b, a}} {
		got := mergeMeasurement(m[0], m[1])
		want := &Measurement{ID: "w", Period: 3, At: 90,
			Arms:     map[string]Assigned{"hero": {0, 40}, "signup": {0, 60}},
			Eligible: map[string]int64{"hero": 110}, Goal: map[string]int64{"hero": 130},
			Sent: Sent{Period: 2, At: 100, Body: "a"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("merge = %+v, want %+v", got, want)
		}
		if again := mergeMeasurement(got, got); !reflect.DeepEqual(again, got) {
			t.Errorf("not idempotent: %+v", again)
		}
	}
	// A later period: its tallies win, the older period's are its report's.
	c := NewMeasurement("w", Basis{}, 4, 200)
	c.Sent = Sent{Period: 3, At: 200, Body: "c"}
	for _, m := range [][2]*Measurement{{a, c}, {c, a}} {
		got := mergeMeasurement(m[0], m[1])
		if got.Period != 4 || len(got.Eligible) != 0 || got.Sent.Body != "c" || got.Arms["hero"].Arm != 1 {
			t.Errorf("merge with a later period = %+v", got)
		}
	}
	// Another measurement, begun later, replaces this one whole.
	d := NewMeasurement("spring", Basis{}, 0, 500)
	for _, m := range [][2]*Measurement{{a, d}, {d, a}} {
		if got := mergeMeasurement(m[0], m[1]); got.ID != "spring" || len(got.Arms) != 0 {
			t.Errorf("merge with a later measurement = %+v", got)
		}
	}
	if mergeMeasurement(nil, nil) != nil || mergeMeasurement(nil, a).ID != "w" {
		t.Errorf("nil handling")
	}
}
