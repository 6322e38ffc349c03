package bench

// The server against nginx (wrk), and the edge worker under workerd.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"time"

	"github.com/hearth-personalization/hearth/manifest"
	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/tool/edge"
)

// serverBench runs wrk against Hearth's server and against nginx serving the
// same dist/, for the loader and the module, gzip on both.
func serverBench(root, dist string, m *manifest.Manifest, tmp string) ([]figure, error) {
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		return nil, errors.New("wrk is not installed (make bench installs it)")
	}
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		if _, statErr := os.Stat("/usr/sbin/nginx"); statErr != nil {
			return nil, errors.New("nginx is not installed (make bench installs it)")
		}
		nginx = "/usr/sbin/nginx"
	}
	ours, stopOurs, err := edge.StartHearthd(root, dist, filepath.Join(root, "web", "demo"), tmp)
	if err != nil {
		return nil, err
	}
	defer stopOurs()
	port, err := edge.FreePort()
	if err != nil {
		return nil, err
	}
	conf := filepath.Join(tmp, "nginx.conf")
	os.WriteFile(conf, []byte(fmt.Sprintf(`worker_processes auto; daemon off; pid %[1]s/nginx.pid; error_log %[1]s/nginx.err;
events { worker_connections 1024; }
http {
  access_log off; sendfile on; tcp_nopush on; gzip_static on; etag on;
  include /etc/nginx/mime.types;
  client_body_temp_path %[1]s; proxy_temp_path %[1]s; fastcgi_temp_path %[1]s; uwsgi_temp_path %[1]s; scgi_temp_path %[1]s;
  # The same header policy as Hearth's server, so both do the same job.
  server { listen 127.0.0.1:%[2]d;
    location /hearth/ { alias %[3]s/;
      add_header Vary Accept-Encoding; add_header X-Content-Type-Options nosniff;
      add_header Access-Control-Allow-Origin *; add_header Cross-Origin-Resource-Policy cross-origin;
      add_header Cache-Control no-cache; }
    location ~ "^/hearth/(.+\.[0-9a-f]{16}\.[a-z]+)$" { alias %[3]s/$1;
      add_header Vary Accept-Encoding; add_header X-Content-Type-Options nosniff;
      add_header Access-Control-Allow-Origin *; add_header Cross-Origin-Resource-Policy cross-origin;
      add_header Cache-Control "public, max-age=31536000, immutable"; } }
}
`, tmp, port, dist)), 0o644)
	cmd := exec.Command(nginx, "-c", conf, "-e", filepath.Join(tmp, "nginx.err"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting nginx: %w", err)
	}
	// SIGTERM lets the master stop its workers (a SIGKILL would orphan them).
	defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
	theirs := fmt.Sprintf("http://127.0.0.1:%d", port)
	for i := 0; i < 50; i++ {
		if resp, err := http.Get(theirs + "/hearth/" + manifest.Loader); err == nil {
			resp.Body.Close()
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	rpsAs := func(u, enc string) (float64, error) {
		out, err := exec.Command(wrk, "-t2", "-c32", "-d3s", "-H", "Accept-Encoding: "+enc, u).CombinedOutput()
		if err != nil {
			return 0, fmt.Errorf("wrk %s: %w\n%s", u, err, out)
		}
		return wrkRPS(string(out)), nil
	}
	rps := func(u string) (float64, error) { return rpsAs(u, "gzip") }
	// Go's own floor for these files: net/http answering the same bytes
	// with no logic at all. For a file a little over 4 KB (the loader,
	// gzipped) net/http's 4 KB connection buffer makes two writes of
	// every response where nginx makes one: a CPU profile of hearthd
	// under wrk spends 61% in write syscalls. What hearthd can reach is
	// this floor, not nginx.
	floor, stopFloor, err := netHTTPFloor(dist, m)
	if err != nil {
		return nil, err
	}
	defer stopFloor()
	var figs []figure
	for _, f := range []struct{ name, file string }{{"loader", m.Files[manifest.Loader].File}, {"module", m.Files[manifest.Wasm].File}} {
		// Three rounds, alternating, best of each: a burst of load from
		// elsewhere on the machine then hits both alike.
		var o, n, g float64
		for round := 0; round < 3; round++ {
			x, err := rps(ours + "/hearth/" + f.file)
			if err != nil {
				return figs, err
			}
			y, err := rps(theirs + "/hearth/" + f.file)
			if err != nil {
				return figs, err
			}
			z, err := rps(floor + "/hearth/" + f.file)
			if err != nil {
				return figs, err
			}
			o, n, g = math.Max(o, x), math.Max(n, y), math.Max(g, z)
		}
		figs = append(figs, figure{Name: "server throughput, " + f.name + " (gzip, 32 connections, best of 3)", Unit: "req/s", Hearth: o, Baseline: n, Ratio: o / n, Against: "nginx, same files", Budget: "≥ 1.00×"},
			figure{Name: "server throughput, " + f.name + ", against Go's floor", Unit: "req/s", Hearth: o, Baseline: g, Ratio: o / g, Against: "net/http writing the same bytes, no logic",
				Note: fmt.Sprintf("the floor is %.2f× nginx", g/n)})
	}
	// As a browser asks: brotli, which fits the loader and its headers in
	// one 4 KB write (nginx here has no brotli module and answers gzip).
	var o, n float64
	loader := "/hearth/" + m.Files[manifest.Loader].File
	for round := 0; round < 3; round++ {
		x, err := rpsAs(ours+loader, "gzip, deflate, br")
		if err != nil {
			return figs, err
		}
		y, err := rpsAs(theirs+loader, "gzip, deflate, br")
		if err != nil {
			return figs, err
		}
		o, n = math.Max(o, x), math.Max(n, y)
	}
	figs = append(figs, figure{Name: "server throughput, loader as browsers ask (Accept-Encoding: gzip, deflate, br; best of 3)", Unit: "req/s",
		Hearth: o, Baseline: n, Ratio: o / n, Against: "nginx, same files (gzip: no brotli module)", Budget: "≥ 1.00×"})
	return figs, nil
}

// edgeBench builds the Workers deployment, serves it with `wrangler dev`
// and times requests one at a time: what the Go worker answers (each request
// instantiates Go anew) against a static asset, which runs no Go.
func edgeBench(root, dist string, m *manifest.Manifest, out string) ([]figure, error) {
	e, err := edge.Build(root, dist, filepath.Join(root, "web", "demo"), out, server.CSP, "")
	if err != nil {
		return nil, err
	}
	figs := []figure{{Name: "edge: Go worker + glue, gzip", Unit: "bytes", Hearth: float64(e.WorkerGzip), Baseline: edge.Limit, Against: "Workers free plan limit", Budget: "< 1.00×"}}
	base, stop, err := edge.StartWrangler(root, e.Dir)
	if err != nil {
		return figs, err
	}
	defer stop()
	timed := func(u string) (float64, error) {
		t0 := time.Now()
		res, err := http.Get(u)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return float64(time.Since(t0).Microseconds()) / 1000, nil
	}
	goURL, assetURL := base+"/healthz", base+server.Prefix+m.Files[manifest.Loader].File
	var goMs, assetMs []float64
	for i := 0; i < 65; i++ {
		g, err := timed(goURL)
		if err != nil {
			return figs, err
		}
		a, err := timed(assetURL)
		if err != nil {
			return figs, err
		}
		if i >= 5 { // the first requests compile the worker
			goMs, assetMs = append(goMs, g), append(assetMs, a)
		}
	}
	return append(figs, figure{Name: "edge: request answered by Go (/healthz), median of 60", Unit: "ms",
		Hearth: median(goMs), Baseline: median(assetMs), Against: "static asset (loader), workerd",
		Note: "Go starts anew per request"}), nil
}

// netHTTPFloor serves each bundle file's gzip twin from memory with
// net/http and nothing else (its Content-Type, Content-Encoding and
// Content-Length): the most Go's server can do for these bytes.
func netHTTPFloor(dist string, m *manifest.Manifest) (string, func(), error) {
	files := map[string][]byte{}
	for _, f := range m.Files {
		b, err := os.ReadFile(filepath.Join(dist, f.File+".gz"))
		if err != nil {
			continue
		}
		files["/hearth/"+f.File] = b
	}
	return serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		hd := w.Header()
		hd["Content-Type"] = []string{"application/octet-stream"}
		hd["Content-Encoding"] = []string{"gzip"}
		hd["Content-Length"] = []string{strconv.Itoa(len(b))}
		w.Write(b)
	}))
}

// wrkRPS reads "Requests/sec: N" from wrk's output.
func wrkRPS(out string) float64 {
	m := regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`).FindStringSubmatch(out)
	if m == nil {
		return 0
	}
	f, _ := strconv.ParseFloat(m[1], 64)
	return f
}
