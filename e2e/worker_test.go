package e2e

import (
	"strings"
	"testing"

	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/tool/edge"
)

// TestRequestsWorker builds the edge deployment from the demo's bundle,
// serves it with `wrangler dev` (workerd, offline, on 127.0.0.1) and runs
// the request checks the native server passes.
func TestRequestsWorker(t *testing.T) {
	s := demoSite(t)
	e, err := edge.Build(s.root, distDir, hostileSite(t, s.root), t.TempDir(), server.CSP, "")
	if err != nil {
		t.Fatal(err)
	}
	skipped := strings.Join(e.Skipped, "\n")
	for _, name := range []string{".env", ".git", "c/.htpasswd", "passwd.txt"} {
		if !strings.Contains(skipped, name+" (") {
			t.Errorf("the worker build did not say it skipped %s; it said:\n%s", name, skipped)
		}
	}
	t.Logf("Go worker: %d KB gzip (limit %d KB)", e.WorkerGzip>>10, edge.Limit>>10)
	base := wranglerDev(t, s.root, e.Dir)
	checkServer(t, base, s.manifest)
}

// wranglerDev serves dir with `wrangler dev` until the test ends.
func wranglerDev(t testing.TB, root, dir string) string {
	t.Helper()
	base, stop, err := edge.StartWrangler(root, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return base
}
