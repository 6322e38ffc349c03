package server

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/server/counts"
)

// The one handler routes the reports itself when given them (#34.2: the
// daemon and the edge worker each wrapped it), before its GET-only rule;
// without them the path is a missing file. The access log writes no line
// for a report, not even its time.
func TestHandlerRoutesReports(t *testing.T) {
	m := testMeasure(t)
	db, err := counts.Open(filepath.Join(t.TempDir(), "counts.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, err := New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w := post(h, reportBody(m, 4, 1, measure.Held, measure.Goal), "10.0.0.1:5000"); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("a report to a handler without Reports: %d, want 405 (a missing file that takes GET only)", w.Code)
	}
	h.Reports = &Reports{M: m, Counts: db, Now: func() time.Time { return reportNow }}
	var log bytes.Buffer
	logged := AccessLog(h, &log)
	if w := post(logged, reportBody(m, 4, 1, measure.Held, measure.Goal), "10.0.0.1:5000"); w.Code != http.StatusNoContent {
		t.Fatalf("a report through the handler: %d %s", w.Code, w.Body)
	}
	if w := post(logged, "{}", "10.0.0.1:5000"); w.Code != http.StatusBadRequest {
		t.Errorf("a bad report through the handler: %d", w.Code)
	}
	if strings.Contains(log.String(), ReportPath) {
		t.Errorf("the access log has a line per report:\n%s", log.String())
	}
	w := httptest.NewRecorder()
	logged.ServeHTTP(w, httptest.NewRequest("GET", "/healthz", nil))
	if w.Code != 200 || !strings.Contains(log.String(), "/healthz") {
		t.Errorf("/healthz with good counts: %d; log %q", w.Code, log.String())
	}
}

// A measurement that cannot run (a broken HEARTH_MEASURE at the edge)
// answers reports and /healthz with a 503 saying why, not a silent 404.
func TestBrokenMeasurementSays503(t *testing.T) {
	h, err := New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	h.Reports = &Reports{Err: errors.New(`HEARTH_MEASURE: the config has no "measure" section`)}
	for _, req := range []*http.Request{httptest.NewRequest("POST", ReportPath, strings.NewReader("{}")), httptest.NewRequest("GET", "/healthz", nil)} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "HEARTH_MEASURE") {
			t.Errorf("%s %s: %d %q, want 503 naming HEARTH_MEASURE", req.Method, req.URL.Path, w.Code, w.Body)
		}
	}
}
