package bench

import (
	"slices"
	"strings"
	"testing"
)

// The breakdown names the tool's own scripts the same across builds (the
// content hash dropped), and the page's own scripts not at all.
func TestOwnScript(t *testing.T) {
	for u, want := range map[string]string{
		"http://127.0.0.1:8080/hearth/hearth.js":                         "hearth.js",
		"http://127.0.0.1:8080/hearth/hearth-page.0123456789abcdef.js":   "hearth-page.js",
		"http://127.0.0.1:8080/bench/growthbook.js":                      "growthbook.js",
		"http://127.0.0.1:8080/vendor/bootstrap.bundle.min.js":           "",
		"http://127.0.0.1:8080/hearth/hearth-worker.73f771f792b2e822.js": "hearth-worker.js",
	} {
		if got := ownScript(u); got != want {
			t.Errorf("ownScript(%s) = %q, want %q", u, got, want)
		}
	}
}

// -only names stages (#34.7: five -X-only flags whose meaning depended on
// their order in Run): a misspelt one is an error that lists them, before
// anything is built.
func TestOnlyNamesStages(t *testing.T) {
	var out strings.Builder
	err := Run([]string{"-only", "size,pagecots"}, &out)
	if err == nil || !strings.Contains(err.Error(), `no stage "pagecots"`) || !strings.Contains(err.Error(), "size, pagecost, phases, timings, go, measure, infer, server, edge") {
		t.Errorf("-only with a misspelt stage: %v", err)
	}
	if out.Len() > 0 {
		t.Errorf("it ran something first:\n%s", out.String())
	}
	for old, st := range oldOnly {
		for _, n := range strings.Split(st, ",") {
			if !slices.ContainsFunc(stages, func(s stage) bool { return s.name == n }) {
				t.Errorf("-%s maps to %q, not a stage", old, n)
			}
		}
	}
}
