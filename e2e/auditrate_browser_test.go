package e2e

import (
	"os"
	"strconv"
	"testing"
)

// The audit's false-alarm rate (#32.6, #33): HEARTH_AUDIT_RUNS=N audits the
// demo shop and the MkDocs Material site N times each, and fails on any
// finding: on a site that leaks nothing every run must be clean, whatever
// the load (run it beside a second `make test`). It logs the runs' timing
// differences that did not persist when measured again. Skipped unless
// asked: 2N audits take a few minutes.
func TestAuditFalseAlarmRate(t *testing.T) {
	runs, _ := strconv.Atoi(os.Getenv("HEARTH_AUDIT_RUNS"))
	if runs <= 0 {
		t.Skip("HEARTH_AUDIT_RUNS=N runs the audit N times on the demo and on a docs site")
	}
	sites := []struct {
		name, url, journey string
	}{
		{"demo", demoSite(t).url, `[{"visit": "/"}, {"visit": "/c/camping/"}, {"visit": "/p/tent/"}, {"visit": "/"}]`},
		{"mkdocs", mkdocsSite(t), `[{"visit": "/"}, {"visit": "/guides/first-trail/"}, {"visit": "/guides/night-hikes/"}, {"visit": "/"}]`},
	}
	for _, site := range sites {
		clean, unconfirmed := 0, 0
		for i := range runs {
			rep, err := runAudit(t, "--journey", journeyFile(t, site.journey), site.url+"/")
			if err == nil && rep.Clean {
				clean++
			} else {
				t.Errorf("%s, run %d of %d: %v, findings %+v", site.name, i+1, runs, err, rep.Findings)
			}
			unconfirmed += rep.TimingUnconfirmed
		}
		t.Logf("%s: %d of %d audits clean; %d timing differences did not persist when measured again", site.name, clean, runs, unconfirmed)
	}
}
