package server

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/server/counts"
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
	return string(r.Encode(m.ReportSize()))
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

// The bounds count an IPv6 client by its /64 and hold per period as well
// as per hour (#33.10): one /64 could add reports without end, one
// address every hour of a period.
func TestReportsBoundPer64AndPeriod(t *testing.T) {
	m := testMeasure(t)
	db, err := counts.Open(filepath.Join(t.TempDir(), "counts.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := reportNow
	h := &Reports{M: m, Counts: db, PerClient: 2, PerPeriod: 3, Now: func() time.Time { return now }}
	codes := func(remotes ...string) (out []int) {
		for _, r := range remotes {
			out = append(out, post(h, reportBody(m, 4, byte(len(out)+16*len(remotes)), 0, 2), r).Code)
		}
		return out
	}
	// Three addresses of one /64 are one client: the third is refused.
	if got := codes("[2001:db8:1:2::1]:1", "[2001:db8:1:2::ffff]:1", "[2001:db8:1:2:abcd::9]:1"); got[2] != 429 || got[0] != 204 || got[1] != 204 {
		t.Errorf("three addresses of one /64: %v, want 204 204 429", got)
	}
	// Another /64 is another client.
	if got := codes("[2001:db8:1:3::1]:1"); got[0] != 204 {
		t.Errorf("another /64: %v", got)
	}
	// The next hour the /64 may send again, up to the period's bound (3).
	now = now.Add(time.Hour)
	if got := codes("[2001:db8:1:2::7]:1", "[2001:db8:1:2::8]:1"); got[0] != 204 || got[1] != 429 {
		t.Errorf("the next hour: %v, want 204 then 429 (3 in the period)", got)
	}
}

func TestClientKey(t *testing.T) {
	for in, want := range map[string]string{
		"10.1.2.3:5000": "10.1.2.3", "[2001:db8::1]:443": "2001:db8::/64", "[::ffff:10.1.2.3]:1": "10.1.2.3",
		"2001:db8:0:0:ffff::1": "2001:db8::/64", "not an address": "not an address",
	} {
		if got := clientKey(in); got != want {
			t.Errorf("clientKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// Behind a trusted proxy the client is the last untrusted hop it recorded;
// from anyone else the headers count for nothing (#33.8).
func TestForwardedClient(t *testing.T) {
	f := ForwardedClient([]netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8")})
	for _, tc := range []struct {
		peer, xff, fwd, want string
	}{
		{"127.0.0.1:9000", "203.0.113.7", "", "203.0.113.7"},
		{"127.0.0.1:9000", "198.51.100.1, 203.0.113.7, 10.0.0.5", "", "203.0.113.7"}, // a spoofed first hop is not believed
		{"127.0.0.1:9000", "", `for="[2001:db8::5]:4711";proto=https`, "2001:db8::5"},
		{"127.0.0.1:9000", "", "", "127.0.0.1:9000"},
		{"203.0.113.9:4000", "198.51.100.1", "", "203.0.113.9:4000"}, // not a proxy: its headers are ignored
		{"127.0.0.1:9000", "garbage", "", "127.0.0.1:9000"},
	} {
		r := httptest.NewRequest("POST", ReportPath, nil)
		r.RemoteAddr = tc.peer
		if tc.xff != "" {
			r.Header.Set("X-Forwarded-For", tc.xff)
		}
		if tc.fwd != "" {
			r.Header.Set("Forwarded", tc.fwd)
		}
		if got := f(r); got != tc.want {
			t.Errorf("peer %s, XFF %q, Forwarded %q: %q, want %q", tc.peer, tc.xff, tc.fwd, got, tc.want)
		}
	}
}
