package session

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/wasm/profile"
)

const day = 24 * time.Hour

// measuredWith is measuredConfig with its measurement's id, start and
// holdout replaced.
func measuredWith(id, start string, holdout float64) string {
	return strings.Replace(measuredConfig, `"measure": {"id": "winter", "start": "2026-12-01",`,
		fmt.Sprintf(`"measure": {"id": %q, "start": %q, "holdout": %g,`, id, start, holdout), 1)
}

// The device keeps its own budget whatever config the site serves (#33.1):
// a site that moves its start back one period on every request, gives each
// view a new id or changes the holdout gets no report from it; a report
// due within a week of the last, or past the year's ε, is not made; and
// the ledger of what was sent survives a new measurement.
func TestMeasureDeviceBudget(t *testing.T) {
	withRandom(t, 0.05)
	camping := facts("/c/camping/", "camping")
	reports := func(t *testing.T, views []struct {
		cfg string
		at  time.Duration
	}, stored *string) (n int) {
		t.Helper()
		for _, v := range views {
			if _, a := visitWith(t, v.cfg, &stored, camping, t0.Add(v.at)); a.Report != "" {
				n++
			}
		}
		return n
	}
	type view = struct {
		cfg string
		at  time.Duration
	}
	t.Run("an honest config reports each period", func(t *testing.T) {
		cfg := measuredWith("winter", "2026-12-01", 0.1)
		if n := reports(t, []view{{cfg, 0}, {cfg, 7 * day}, {cfg, 14 * day}, {cfg, 21 * day}}, nil); n != 3 {
			t.Errorf("%d reports over four weekly periods, want 3", n)
		}
	})
	t.Run("a start moved back a period on every view", func(t *testing.T) {
		var views []view
		for i := range 6 {
			start := time.Date(2026, 12, 1-7*i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
			views = append(views, view{measuredWith("winter", start, 0.1), time.Duration(i) * time.Minute})
		}
		if n := reports(t, views, nil); n != 0 {
			t.Errorf("%d reports in six minutes, want 0", n)
		}
	})
	t.Run("a new id on every view", func(t *testing.T) {
		var views []view
		for i := range 4 {
			views = append(views, view{measuredWith(fmt.Sprintf("v%d", i), "2026-11-01", 0.1), time.Duration(i) * 8 * day})
		}
		if n := reports(t, views, nil); n != 0 {
			t.Errorf("%d reports from four ids, want 0", n)
		}
	})
	t.Run("a holdout changed midway", func(t *testing.T) {
		a, b := measuredWith("winter", "2026-12-01", 0.1), measuredWith("winter", "2026-12-01", 0.5)
		var stored *string
		visitWith(t, a, &stored, camping, t0)
		arms := stateOf(t, stored).Arms
		if _, r := visitWith(t, b, &stored, camping, t0.Add(7*day)); r.Report != "" {
			t.Errorf("a report of period 0 after the holdout changed: %s", r.Report)
		}
		if st := stateOf(t, stored); st.Basis.Holdout != 0.5 || st.Period != 1 || st.Arms["hero-camping"].At == arms["hero-camping"].At {
			t.Errorf("after the change: %+v, want a new measurement at period 1 with arms drawn anew", st)
		}
		if _, r := visitWith(t, b, &stored, camping, t0.Add(14*day)); r.Report == "" {
			t.Errorf("no report after the new measurement's first full period")
		}
	})
	t.Run("a report due within a week of the last", func(t *testing.T) {
		// Period 0 is reported on day 13; period 1's report would leave on
		// day 14.5, a day and a half later.
		cfg := measuredWith("winter", "2026-12-01", 0.1)
		if n := reports(t, []view{{cfg, 0}, {cfg, 13 * day}, {cfg, 14*day + 12*time.Hour}}, nil); n != 1 {
			t.Errorf("%d reports, want 1", n)
		}
	})
	t.Run("a new measurement's report within a week of another's", func(t *testing.T) {
		a, b := measuredWith("winter", "2026-12-01", 0.1), measuredWith("spring", "2026-12-02", 0.1)
		if n := reports(t, []view{{a, 0}, {a, 7 * day}, {b, 7*day + time.Hour}, {b, 9 * day}}, nil); n != 1 {
			t.Errorf("%d reports, want 1: the ledger goes with the device, not the measurement", n)
		}
	})
	t.Run("the year's ε spent", func(t *testing.T) {
		// 20 reports of ε 3 in the last year: 60 of 64. The next report
		// costs 4 (two experiences at ε 2): 64, allowed; then none more.
		p := profile.New()
		for i := range 20 {
			p.Spend(t0.Add(-time.Duration(30+15*i)*day).UnixMilli(), 3)
		}
		s := string(profile.Encode(p))
		cfg := measuredWith("winter", "2026-12-01", 0.1)
		if n := reports(t, []view{{cfg, 0}, {cfg, 7 * day}, {cfg, 14 * day}, {cfg, 21 * day}}, &s); n != 1 {
			t.Errorf("%d reports, want 1 (the year's budget: %g)", n, measure.MaxPerYear)
		}
	})
}

// A goal reached on a page about a sensitive topic the visitor has not
// declared is never recorded (#33.2): Hearth hides that page's path, and a
// goal there would leave in the next report. The same goal on a plain
// page counts, so the test can fail.
func TestMeasureNoGoalOnHiddenPage(t *testing.T) {
	withRandom(t, 0.5) // shown
	cfg := strings.Replace(measuredConfig, `"hero-camping": {"goal": {"event": "signup"}}`, `"hero-camping": {"goal": {"page": "/help/**"}}`, 1)
	for _, tc := range []struct {
		topics string
		want   bool
	}{{"", true}, {"health", false}} {
		var stored *string
		bootCfg(t, cfg, facts("/c/camping/", "camping"), &stored, t0)
		bootCfg(t, cfg, facts("/c/camping/", "camping"), &stored, t0.Add(time.Minute))
		bootCfg(t, cfg, facts("/help/clinic/", tc.topics), &stored, t0.Add(2*time.Minute))
		st := stateOf(t, stored)
		if st.Eligible["hero-camping"] == 0 {
			t.Fatalf("not eligible: %+v", st)
		}
		if got := st.Goal["hero-camping"] != 0; got != tc.want {
			t.Errorf("page topics %q: goal recorded %v, want %v", tc.topics, got, tc.want)
		}
	}
}
