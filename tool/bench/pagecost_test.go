package bench

import "testing"

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
