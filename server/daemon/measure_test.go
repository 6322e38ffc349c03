package daemon

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/server/counts"
)

// measuredConfig measures one experience weekly from four weeks ago.
func measuredConfig(t *testing.T, dir string) string {
	start := time.Now().UTC().AddDate(0, 0, -28).Format("2006-01-02")
	cfg := `{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}}},
"experiences": [{"id": "hero", "slot": "hero", "variant": "c", "when": {"visits": {"atLeast": 1}}}],
"measure": {"id": "w", "start": "` + start + `", "periodDays": 7, "experiences": {"hero": {"goal": "purchase"}}}}`
	f := filepath.Join(dir, "hearth.json")
	if err := os.WriteFile(f, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// emptyDist is a bundle directory with nothing in it (the reports need none).
func emptyDist(t *testing.T) string {
	d := t.TempDir()
	os.WriteFile(filepath.Join(d, "manifest.json"), []byte(`{"files": {}}`), 0o644)
	return d
}

// The child: hearthd's serving command, run by TestKill9KeepsEveryCountedReport.
func TestMain(m *testing.M) {
	if args := os.Getenv("HEARTH_DAEMON_CHILD"); args != "" {
		if err := Run(context.Background(), "child", strings.Split(args, "\n"), os.Stderr, Built{}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// Every report answered 2xx is counted after the server is killed with
// SIGKILL mid-load (the counts commit before the answer).
func TestKill9KeepsEveryCountedReport(t *testing.T) {
	site, outside := t.TempDir(), t.TempDir()
	cfg := measuredConfig(t, site)
	file := filepath.Join(outside, "counts.sqlite")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "HEARTH_DAEMON_CHILD="+strings.Join([]string{"-addr", "127.0.0.1:0", "-dist", emptyDist(t), "-site", site, "-measure", cfg, "-counts", file}, "\n"))
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	url := ""
	lines := bufio.NewScanner(stderr)
	for lines.Scan() {
		if u, ok := strings.CutPrefix(lines.Text(), "child: serving on "); ok {
			url = strings.TrimSuffix(u, "/")
			break
		}
	}
	go io.Copy(io.Discard, stderr)
	if url == "" {
		t.Fatal("the server did not start")
	}
	m := measure.Report{Measurement: "w", Period: 3}
	size := measure.Size("w", []string{"hero"})
	var mu sync.Mutex
	ok := 0
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for c := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				r := m
				r.Nonce = measure.Nonce([16]byte{byte(c), byte(i), byte(i >> 8)})
				r.Entries = []measure.Entry{{Experience: "hero", Arm: measure.Shown, Cell: measure.Goal}}
				resp, err := http.Post(url+server.ReportPath, "text/plain", strings.NewReader(string(r.Encode(size))))
				if err != nil {
					return // the server is gone
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusNoContent {
					mu.Lock()
					ok++
					n := ok
					mu.Unlock()
					if n == 40 { // mid-load: kill it
						cmd.Process.Kill()
					}
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	cmd.Wait()
	db, err := counts.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Read("w")
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, r := range rows {
		n += r.N
	}
	if ok < 40 || n < int64(ok) {
		t.Errorf("answered 204: %d; counted after SIGKILL: %d", ok, n)
	}
}

// -measure refuses what cannot work: counts inside the served site, a
// config without a measure section.
func TestMeasureFlagsRefuse(t *testing.T) {
	site := t.TempDir()
	cfg := measuredConfig(t, site)
	if err := Run(context.Background(), "t", []string{"-addr", "127.0.0.1:0", "-dist", emptyDist(t), "-site", site, "-measure", cfg, "-counts", filepath.Join(site, "c.sqlite")}, io.Discard, Built{}); err == nil || !strings.Contains(err.Error(), "inside the site directory") {
		t.Errorf("counts inside the site: %v", err)
	}
	// A -site that is a link to the folder of the counts is that folder (#33.13).
	link := filepath.Join(t.TempDir(), "site-link")
	if err := os.Symlink(site, link); err != nil {
		t.Fatal(err)
	}
	if err := Run(context.Background(), "t", []string{"-addr", "127.0.0.1:0", "-dist", emptyDist(t), "-site", link, "-measure", cfg, "-counts", filepath.Join(site, "c.sqlite")}, io.Discard, Built{}); err == nil || !strings.Contains(err.Error(), "inside the site directory") {
		t.Errorf("counts inside the site, -site a link to it: %v", err)
	}
	plain := filepath.Join(t.TempDir(), "plain.json")
	os.WriteFile(plain, []byte(`{"version": 1, "topics": {}}`), 0o644)
	if err := Run(context.Background(), "t", []string{"-addr", "127.0.0.1:0", "-dist", emptyDist(t), "-site", site, "-measure", plain}, io.Discard, Built{}); err == nil || !strings.Contains(err.Error(), `no "measure" section`) {
		t.Errorf("no measure section: %v", err)
	}
}
