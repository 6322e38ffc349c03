package e2e

import (
	"os"
	"strconv"
	"testing"
)

// The audit's false-alarm rate (#32.6, #33): HEARTH_AUDIT_RUNS=N audits the
// demo shop, the MkDocs Material site and the demo with measurement on
// (its reports compared with the module's) N times each (-run
// TestAuditFalseAlarmRate/measuring for one of them), and fails on any
// finding: on a site that leaks nothing every run must be clean, whatever
// the load (run it beside a second `make test`). It logs the runs' timing
// differences that did not persist when measured again. Skipped unless
// asked: 2N audits take a few minutes.
func TestAuditFalseAlarmRate(t *testing.T) {
	runs, _ := strconv.Atoi(os.Getenv("HEARTH_AUDIT_RUNS"))
	if runs <= 0 {
		t.Skip("HEARTH_AUDIT_RUNS=N runs the audit N times on the demo, on a docs site and on the demo measuring")
	}
	sites := []struct {
		name    string
		serve   func(t *testing.T) string // started only when its subtest runs
		journey string
	}{
		{"demo", func(t *testing.T) string { return demoSite(t).url }, `[{"visit": "/"}, {"visit": "/c/camping/"}, {"visit": "/p/tent/"}, {"visit": "/"}]`},
		{"mkdocs", mkdocsSite, `[{"visit": "/"}, {"visit": "/guides/first-trail/"}, {"visit": "/guides/night-hikes/"}, {"visit": "/"}]`},
		{"measuring", func(t *testing.T) string { return serveMeasuredDemo(t).url }, `[{"visit": "/"}, {"visit": "/c/camping/"}]`},
	}
	for _, site := range sites {
		t.Run(site.name, func(t *testing.T) {
			url := site.serve(t)
			clean, unconfirmed := 0, 0
			for i := range runs {
				rep, err := runAudit(t, "--journey", journeyFile(t, site.journey), url+"/")
				if err == nil && rep.Clean {
					clean++
				} else {
					t.Errorf("run %d of %d: %v, findings %+v", i+1, runs, err, rep.Findings)
				}
				unconfirmed += rep.TimingUnconfirmed
			}
			t.Logf("%s: %d of %d audits clean; %d timing differences did not persist when measured again", site.name, clean, runs, unconfirmed)
		})
	}
}
