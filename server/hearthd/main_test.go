package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeAndShutDown runs hearthd on a free loopback port with an opt-in
// log, checks /healthz and a page, and shuts it down as SIGTERM would.
func TestServeAndShutDown(t *testing.T) {
	dist := t.TempDir()
	os.WriteFile(filepath.Join(dist, "manifest.json"), []byte(`{"files": {"hearth.js": {"file": "hearth.js"}}}`), 0o644)
	os.WriteFile(filepath.Join(dist, "hearth.js"), []byte("// loader"), 0o644)
	site := t.TempDir()
	os.WriteFile(filepath.Join(site, "index.html"), []byte("<!doctype html>home"), 0o644)

	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	errc := make(chan error, 1)
	go func() { errc <- run(ctx, []string{"-addr", "127.0.0.1:0", "-dist", dist, "-site", site, "-log"}, pw) }()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatal("no start line")
	}
	base := strings.TrimSuffix(strings.TrimPrefix(lines.Text(), "hearthd: serving on "), "/")
	logged := make(chan string, 10)
	go func() {
		for lines.Scan() {
			logged <- lines.Text()
		}
	}()
	for _, path := range []string{"/healthz", "/?utm_source=secret", "/hearth/hearth.js"} {
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("X-Forwarded-For", "203.0.113.7")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d", path, resp.StatusCode)
		}
		select {
		case l := <-logged:
			if strings.Contains(l, "127.0.0.1") || strings.Contains(l, "203.0.113.7") || strings.Contains(l, "secret") {
				t.Errorf("access log line %q holds the client's address or query", l)
			}
		case <-time.After(30 * time.Second): // a bound, not a wait (a busy machine)
			t.Errorf("no log line for %s", path)
		}
	}
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("run after shutdown = %v", err)
		}
	case <-time.After(30 * time.Second): // a bound, not a wait
		t.Fatal("no graceful shutdown")
	}
}

func TestNoBundleIsAClearError(t *testing.T) {
	err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-dist", t.TempDir()}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "no bundle") {
		t.Errorf("run without a bundle = %v", err)
	}
}

// -csp and -csp-file set the pages' policy ("none": no header), a policy
// that would stop Hearth is reported at start, and giving both is refused.
func TestOwnersPolicy(t *testing.T) {
	dist := t.TempDir()
	os.WriteFile(filepath.Join(dist, "manifest.json"), []byte(`{"files": {"hearth.js": {"file": "hearth.js"}}}`), 0o644)
	os.WriteFile(filepath.Join(dist, "hearth.js"), []byte("// loader"), 0o644)
	site := t.TempDir()
	os.WriteFile(filepath.Join(site, "index.html"), []byte("<!doctype html>home"), 0o644)
	file := filepath.Join(t.TempDir(), "csp.txt")
	os.WriteFile(file, []byte("default-src 'self';\n  connect-src 'none'\n"), 0o644)
	for _, tc := range []struct {
		args      []string
		header    string // "" for none
		warnAbout string
	}{
		{nil, "", ""}, // a site of the owner's goes as it was: its inline scripts must keep working
		{[]string{"-csp", "recommended"}, "default-src 'self'; script-src 'self';", ""},
		{[]string{"-csp", "none"}, "", ""},
		{[]string{"-csp", "default-src 'self' https://cdn.example"}, "default-src 'self' https://cdn.example", ""},
		{[]string{"-csp-file", file}, "default-src 'self'; connect-src 'none'", "connect-src"},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		errc := make(chan error, 1)
		go func() {
			errc <- run(ctx, append([]string{"-addr", "127.0.0.1:0", "-dist", dist, "-site", site}, tc.args...), pw)
		}()
		lines := bufio.NewScanner(pr)
		var warned string
		for lines.Scan() && !strings.HasPrefix(lines.Text(), "hearthd: serving on ") {
			warned += lines.Text() + "\n"
		}
		base := strings.TrimSuffix(strings.TrimPrefix(lines.Text(), "hearthd: serving on "), "/")
		go io.Copy(io.Discard, pr)
		resp, err := http.Get(base + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got, sent := resp.Header["Content-Security-Policy"]
		if tc.header == "" && sent || tc.header != "" && (!sent || !strings.HasPrefix(got[0], tc.header)) {
			t.Errorf("%v: pages' Content-Security-Policy %q, want %q", tc.args, got, tc.header)
		}
		if tc.warnAbout == "" && warned != "" || !strings.Contains(warned, tc.warnAbout) {
			t.Errorf("%v: start-up warnings %q, want one about %q", tc.args, warned, tc.warnAbout)
		}
		cancel()
		<-errc
	}
	if err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-dist", dist, "-csp", "x", "-csp-file", file}, io.Discard); err == nil {
		t.Error("-csp with -csp-file was accepted")
	}
}
