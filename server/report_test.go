package server

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/server/counts"
	"github.com/hearth-personalization/hearth/wasm/measure"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

func testMeasure(t *testing.T) *rules.Measure {
	cfg, err := rules.Parse([]byte(`{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}}},
"experiences": [{"id": "hero", "slot": "hero", "variant": "c", "when": {"visits": {"atLeast": 1}}},
  {"id": "news", "slot": "news", "variant": "b", "when": {"visits": {"atLeast": 1}}}],
"measure": {"id": "winter", "start": "2026-11-01", "periodDays": 7, "experiences": {"hero": {"goal": "purchase"}, "news": {"goal": {"event": "signup"}}}}}`))
	if err != nil || cfg.Measure == nil {
		t.Fatal(err, cfg.MeasureErr)
	}
	return cfg.Measure
}

var reportNow = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC) // period 5

func reportBody(m *rules.Measure, period int, nonce byte, arm measure.Arm, cell measure.Cell) string {
	r := measure.Report{Measurement: m.ID, Period: period, Nonce: measure.Nonce([16]byte{nonce, byte(period)}),
		Entries: []measure.Entry{{Experience: "hero", Arm: arm, Cell: cell}, {Experience: "news", Arm: measure.Shown, Cell: measure.NotEligible}}}
	return string(r.Encode(measure.Size(m.ID, m.Names())))
}

func post(h http.Handler, b, remote string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", ReportPath, strings.NewReader(b))
	req.RemoteAddr = remote
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func total(t *testing.T, db *counts.DB) map[string]int64 {
	rows, err := db.Read("winter")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Experience+":"+string(rune('0'+r.Period))+":"+string(rune('0'+r.Arm))+":"+string(rune('0'+r.Cell))] += r.N
	}
	return out
}

// A good report is counted, in SQLite, and survives closing the file; a
// bad, replayed or excess one gets a clear 4xx and changes no count.
func TestReportsCountedAndRefused(t *testing.T) {
	m := testMeasure(t)
	file := filepath.Join(t.TempDir(), "counts.sqlite")
	db, err := counts.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	h := &Reports{M: m, Counts: db, PerClient: 3, Now: func() time.Time { return reportNow }}
	good := reportBody(m, 4, 1, measure.Held, measure.Goal)
	if w := post(h, good, "10.0.0.1:5000"); w.Code != http.StatusNoContent {
		t.Fatalf("good report: %d %s", w.Code, w.Body)
	}
	for _, tc := range []struct {
		name, body string
		code       int
		want       string
	}{
		{"replayed", good, 409, "counted already"},
		{"malformed", strings.Repeat(" ", len(good)), 400, "not a report"},
		{"short", good[:len(good)-1], 400, "exactly"},
		{"oversized", good + " ", 400, "exactly"},
		{"current period", reportBody(m, 5, 2, 0, 1), 400, "not open"},
		{"too late", reportBody(m, 2, 3, 0, 1), 400, "not open"},
		{"other measurement", strings.Replace(reportBody(m, 4, 4, 0, 1), `"winter"`, `"winteR"`, 1), 400, "unknown measurement"},
		{"other experience", strings.Replace(reportBody(m, 4, 5, 0, 1), `"news"`, `"newz"`, 1), 400, `want "news"`},
	} {
		if w := post(h, tc.body, "10.0.0.2:5000"); w.Code != tc.code || !strings.Contains(w.Body.String(), tc.want) {
			t.Errorf("%s: %d %q, want %d %q", tc.name, w.Code, w.Body, tc.code, tc.want)
		}
	}
	req := httptest.NewRequest("GET", ReportPath, nil)
	if w := httptest.NewRecorder(); func() bool { h.ServeHTTP(w, req); return w.Code != 405 }() {
		t.Errorf("GET: want 405")
	}
	for i := range 4 {
		w := post(h, reportBody(m, 4, byte(10+i), 0, 2), "10.0.0.3:1")
		if want := map[bool]int{true: 204, false: 429}[i < 3]; w.Code != want {
			t.Errorf("report %d of one address: %d, want %d", i, w.Code, want)
		}
	}
	db.Close()
	db, err = counts.Open(file) // as after a restart
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got := total(t, db)
	want := map[string]int64{"hero:4:1:1": 1, "news:4:0:0": 4, "hero:4:0:2": 3}
	if len(got) != len(want) {
		t.Fatalf("counts %v, want %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("counts %v, want %v", got, want)
		}
	}
}

// Reports posted at once from many clients are all counted (group commit).
func TestReportsConcurrent(t *testing.T) {
	m := testMeasure(t)
	db, err := counts.Open(filepath.Join(t.TempDir(), "c.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h := &Reports{M: m, Counts: db, Now: func() time.Time { return reportNow }}
	var wg sync.WaitGroup
	const clients, each = 16, 40
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				r := measure.Report{Measurement: "winter", Period: 4, Nonce: measure.Nonce([16]byte{byte(c), byte(i), 7}),
					Entries: []measure.Entry{{Experience: "hero", Cell: measure.NoGoal}, {Experience: "news"}}}
				if w := post(h, string(r.Encode(measure.Size("winter", m.Names()))), "10.1.0."+string(rune('a'+c))+":1"); w.Code != 204 {
					t.Errorf("%d %s", w.Code, w.Body)
				}
			}
		}()
	}
	wg.Wait()
	if got := total(t, db)["hero:4:0:2"]; got != clients*each {
		t.Errorf("counted %d, want %d", got, clients*each)
	}
}
