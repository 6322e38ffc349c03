package daemon

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// serving runs the daemon with args until the test ends, and returns its
// base URL once it listens.
func serving(t *testing.T, args ...string) string {
	t.Helper()
	u, _ := servingLog(t, args...)
	return u
}

// servingLog is serving, with the daemon's log.
func servingLog(t *testing.T, args ...string) (string, *addrLog) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	// The channel is held here, not read from log when the select starts:
	// the daemon may have said it listens, and log dropped its channel,
	// by then (a receive from nil, forever: CI saw it twice).
	ready := make(chan string, 1)
	log := &addrLog{ready: ready}
	done := make(chan error, 1)
	go func() { done <- Run(ctx, "t", append([]string{"-addr", "127.0.0.1:0"}, args...), log, Built{}) }()
	stopped := false
	t.Cleanup(func() {
		cancel()
		if !stopped {
			<-done
		}
	})
	select {
	case u := <-ready:
		return u, log
	case err := <-done:
		stopped = true
		t.Fatalf("the daemon stopped: %v", err)
	case <-time.After(time.Minute): // a bound, not a wait
		t.Fatalf("the daemon did not say it listens within a minute; it said:\n%s", log.String())
	}
	return "", nil
}

func (l *addrLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// addrLog takes the daemon's log and hands on the URL it serves on.
type addrLog struct {
	mu    sync.Mutex
	buf   strings.Builder
	ready chan string
}

var servingOn = regexp.MustCompile(`serving on (https?://[^/\s]+)/`)

func (l *addrLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	if m := servingOn.FindStringSubmatch(l.buf.String()); m != nil && l.ready != nil {
		l.ready <- m[1]
		l.ready = nil
	}
	return len(p), nil
}

func fetchPage(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := (&http.Client{Timeout: 10 * time.Second}).Get(url) // a bound: a hung server fails the test
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// The site directory is followed by its path, as nginx does (#32.7): a site
// deleted and built again, or swapped in by a rename (an atomic deploy), is
// served as it is now. Before, every URL answered 404 after the rebuild and
// the old files after the rename.
func TestSiteFollowsItsPath(t *testing.T) {
	parent := t.TempDir()
	site := filepath.Join(parent, "site")
	write := func(dir, body string) {
		t.Helper()
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "page.html"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(site, "first build")
	u := serving(t, "-dist", emptyDist(t), "-site", site)
	if code, body := fetchPage(t, u+"/page.html"); code != 200 || body != "first build" {
		t.Fatalf("first build: %d %q", code, body)
	}
	os.RemoveAll(site)
	write(site, "second build")
	if code, body := fetchPage(t, u+"/page.html"); code != 200 || body != "second build" {
		t.Errorf("after rm -rf and a new build: %d %q, want the new page", code, body)
	}
	next := filepath.Join(parent, "site.next")
	write(next, "third build, swapped in")
	if err := os.Rename(site, filepath.Join(parent, "site.old")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(next, site); err != nil {
		t.Fatal(err)
	}
	if code, body := fetchPage(t, u+"/page.html"); code != 200 || body != "third build, swapped in" {
		t.Errorf("after an atomic deploy: %d %q, want the new page", code, body)
	}
}

// `hearth serve -measure hearth.json` run in the site's own folder, as the
// README shows it, starts (#33.9): the counts go to the user's state
// directory by default, not into the folder served.
func TestMeasureDefaultCountsOutsideSite(t *testing.T) {
	site := t.TempDir()
	cfg := measuredConfig(t, site)
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	wd, _ := os.Getwd()
	if err := os.Chdir(site); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(wd) })
	u := serving(t, "-dist", emptyDist(t), "-site", ".", "-measure", filepath.Base(cfg))
	if code, _ := fetchPage(t, u+"/hearth.json"); code != 200 {
		t.Errorf("the site is not served: %d", code)
	}
	if _, err := os.Stat(filepath.Join(state, "hearth", "counts.sqlite")); err != nil {
		t.Errorf("the counts are not in the state directory: %v", err)
	}
}
