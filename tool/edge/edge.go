// Package edge is the Cloudflare Workers deployment (`go run ./build
// worker`): the bundle and a site as Workers static assets with the server's
// header policy in _headers, and server.Handler compiled for Workers for
// what only it answers. It also starts the servers the bench and the
// request tests run against: hearthd's binary and `wrangler dev`.
package edge

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hearth-personalization/hearth/manifest"
	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/tool/bundle"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// wranglerBin is where `make deps` installs wrangler (with workerd inside).
const wranglerBin = "build/.tools/node_modules/.bin/wrangler"

// Limit is the Workers free plan's limit on a worker's compressed
// size (https://developers.cloudflare.com/workers/platform/limits/).
const Limit = 3 << 20

// headersMark starts the generated _headers file; a directory holding any
// other _headers is not ours to replace.
const headersMark = "# Written by `go run ./build edge`"

// oldHeadersMark is the mark before the command was named edge (#34.6): a
// _headers file written then is ours too.
const oldHeadersMark = "# Written by `go run ./build worker`"

// Edge is what `go run ./build edge` wrote.
type Edge struct {
	Dir        string   // holds wrangler.jsonc, build/ and assets/
	WorkerGzip int      // gzip -9 size of the Go worker and its JS glue
	Assets     int      // files under assets/
	Skipped    []string // site files not deployed, each with the reason
}

// Run is `go run ./build edge`: the Cloudflare Workers deployment.
func Run(args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("edge", flag.ContinueOnError)
	dist := fl.String("dist", "dist", "bundle directory written by \"go run ./build bundle\"")
	site := fl.String("site", "web/demo", "site directory served at /")
	out := fl.String("out", "server/worker", "directory for wrangler.jsonc, build/ and assets/")
	csp := fl.String("csp", "", "Content-Security-Policy for pages: a policy, or \"none\" to send none; default: the recommended one (PRIVACY.md)")
	measureFile := fl.String("measure", "", "accept private measurement reports, checked against this config's \"measure\" section, counted in a D1 database bound as COUNTS")
	if err := fl.Parse(args); err != nil {
		return err
	}
	policy := server.PagePolicy(*csp)
	for _, warn := range server.CheckCSP(policy) {
		fmt.Fprintln(stdout, "edge: warning: the pages' Content-Security-Policy would stop Hearth:", warn)
	}
	root, err := bundle.ModuleRoot()
	if err != nil {
		return err
	}
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(root, p)
	}
	var measureText string
	if *measureFile != "" {
		b, err := os.ReadFile(*measureFile)
		if err != nil {
			return err
		}
		measureText = string(b)
	}
	e, err := Build(root, abs(*dist), abs(*site), abs(*out), policy, measureText)
	if err != nil {
		return err
	}
	for _, s := range e.Skipped {
		fmt.Fprintf(stdout, "edge: skipped %s\n", s)
	}
	fmt.Fprintf(stdout, "edge: %s (Go worker %d KB gzip of the %d KB limit, %d static assets)\n",
		e.Dir, e.WorkerGzip>>10, Limit>>10, e.Assets)
	fmt.Fprintf(stdout, "try it:  cd %s && npx wrangler@4.86.0 dev --ip 127.0.0.1\n", e.Dir)
	return nil
}

// Build writes the deployment into out: the hashed bundle and the site
// become Workers static assets (served without running any Go, with the
// server's headers via _headers, 404.html for any other path), and
// server.Handler compiled for Workers answers what only it computes
// (/healthz; see wrangler.jsonc).
//
// With measure, the text of a config with a measure section, the worker
// also accepts measurement reports: the config goes in the variable
// HEARTH_MEASURE, and a D1 database is bound as COUNTS (wrangler dev keeps
// it locally; deploying needs `wrangler d1 create hearth-counts` and its id
// in wrangler.jsonc).
func Build(root, dist, site, out, csp, measure string) (*Edge, error) {
	m, err := readManifest(dist)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	if measure != "" {
		if _, err := rules.ParseMeasure([]byte(measure)); err != nil {
			return nil, fmt.Errorf("edge: -measure: %w", err)
		}
	}
	conf := filepath.Join(root, "server", "worker", "wrangler.jsonc")
	if filepath.Join(out, "wrangler.jsonc") != conf || measure != "" {
		b, err := os.ReadFile(conf)
		if err != nil {
			return nil, err
		}
		if measure != "" {
			b = withMeasure(b, measure)
		}
		if err := os.WriteFile(filepath.Join(out, "wrangler.jsonc"), b, 0o644); err != nil {
			return nil, err
		}
	}
	e := &Edge{Dir: out}
	if e.WorkerGzip, err = compileWorker(root, filepath.Join(out, "build")); err != nil {
		return nil, err
	}
	if e.WorkerGzip > Limit {
		return nil, fmt.Errorf("edge: the Go worker is %d KB gzip, over the %d KB limit", e.WorkerGzip>>10, Limit>>10)
	}
	if e.Assets, e.Skipped, err = writeAssets(m, dist, site, filepath.Join(out, "assets"), csp); err != nil {
		return nil, err
	}
	return e, nil
}

func readManifest(dist string) (*manifest.Manifest, error) {
	m, err := manifest.Read(os.DirFS(dist))
	if err != nil {
		return nil, fmt.Errorf("edge: %s: %w", dist, err)
	}
	return m, nil
}

// compileWorker writes syumai/workers' JS glue (in Go mode, not TinyGo) and
// server/worker compiled for js/wasm into dir; it returns their gzip size.
func compileWorker(root, dir string) (int, error) {
	gen := exec.Command("go", "run", "github.com/syumai/workers/cmd/workers-assets-gen", "-mode=go", "-o", dir)
	gen.Dir = root
	if b, err := gen.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("edge: workers-assets-gen: %w\n%s", err, b)
	}
	app, err := bundle.CompileWasmPkg(root, "./server/worker")
	if err != nil {
		return 0, fmt.Errorf("edge: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "app.wasm"), app, 0o644); err != nil {
		return 0, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	size := 0
	for _, en := range entries {
		b, err := os.ReadFile(filepath.Join(dir, en.Name()))
		if err != nil {
			return 0, err
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(b)
		zw.Close()
		size += buf.Len()
	}
	return size, nil
}

// writeAssets fills dir with the site, the bundle under hearth/ (raw: the
// edge compresses by Accept-Encoding itself) and _headers.
// Dotfiles and what resolves outside site (a symlink to /etc/passwd) are
// skipped and listed.
func writeAssets(m *manifest.Manifest, dist, site, dir, csp string) (n int, skipped []string, err error) {
	var hashed []string // site files whose names carry a content hash
	if b, err := os.ReadFile(filepath.Join(dir, "_headers")); err == nil && !bytes.HasPrefix(b, []byte(headersMark)) && !bytes.HasPrefix(b, []byte(oldHeadersMark)) {
		return 0, nil, fmt.Errorf("edge: %s holds a _headers file this tool did not write; refusing to replace it", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, nil, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return 0, nil, err
	}
	// Reading through os.Root refuses what resolves outside the site, as
	// hearthd does when it serves the same directory.
	root, err := os.OpenRoot(site)
	if err != nil {
		return 0, nil, err
	}
	defer root.Close()
	err = fs.WalkDir(root.FS(), ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil || rel == "." {
			return err
		}
		if server.Hidden(rel) {
			skipped = append(skipped, rel+" (a dotfile)")
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if rel == "_headers" || rel == "_redirects" || strings.HasPrefix(rel, strings.TrimPrefix(server.Prefix, "/")) {
			return fmt.Errorf("edge: the site's %s would shadow Hearth's own; rename it", rel)
		}
		st, err := root.Stat(rel) // follows a symlink, only within the site
		if err != nil {
			skipped = append(skipped, rel+" (it resolves outside the site)")
			return nil
		}
		if !st.Mode().IsRegular() {
			skipped = append(skipped, rel+" (not a regular file)")
			return nil
		}
		b, err := root.ReadFile(rel)
		if err != nil {
			return err
		}
		if server.Hashed(rel) {
			hashed = append(hashed, rel)
		}
		n++
		return writeFile(filepath.Join(dir, filepath.FromSlash(rel)), b)
	})
	if err != nil {
		return 0, nil, err
	}
	// Not found: the site's own 404.html, else a plain one (served by the
	// edge with a 404 status, without running Go).
	if _, err := os.Stat(filepath.Join(dir, "404.html")); errors.Is(err, fs.ErrNotExist) {
		n++
		if err := os.WriteFile(filepath.Join(dir, "404.html"), []byte(notFoundPage), 0o644); err != nil {
			return 0, nil, err
		}
	}
	var files []manifest.Asset
	for _, a := range m.Files {
		files = append(files, a)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].File < files[j].File })
	for _, a := range files {
		n++
		if err := copyFile(filepath.Join(dist, a.File), filepath.Join(dir, filepath.FromSlash(server.Prefix[1:]+a.File))); err != nil {
			return 0, nil, err
		}
	}
	return n, skipped, os.WriteFile(filepath.Join(dir, "_headers"), edgeHeaders(files, hashed, csp), 0o644)
}

// notFoundPage is what a path that is no asset gets at the edge.
const notFoundPage = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Not found</title><p>404 page not found</p></html>
`

// edgeHeaders is server.Handler's header policy in the _headers format of
// Workers static assets
// (https://developers.cloudflare.com/workers/static-assets/headers/). Rules
// that match one response add up, so no two rules set the same header,
// but for the detached page headers on the bundle.
func edgeHeaders(files []manifest.Asset, hashed []string, csp string) []byte {
	var b strings.Builder
	rule := func(pattern string, headers ...string) {
		b.WriteString(pattern + "\n")
		for _, h := range headers {
			b.WriteString("  " + h + "\n")
		}
	}
	b.WriteString(headersMark + " from hearth/server's policy. Do not edit.\n")
	page := []string{"X-Content-Type-Options: nosniff",
		"Allow: " + server.Methods, // the edge's own 405 lacks it (RFC 9110 §15.5.6)
		"Referrer-Policy: " + server.ReferrerPolicy}
	detach := []string{"! Referrer-Policy"}
	if csp != "" {
		page = append(page, "Content-Security-Policy: "+csp)
		detach = append(detach, "! Content-Security-Policy")
	}
	rule("/*", page...)
	rule(server.Prefix+"*", append(detach,
		"Access-Control-Allow-Origin: *",
		"Cross-Origin-Resource-Policy: "+server.CORP,
		"Vary: Accept-Encoding")...)
	for _, a := range files {
		cache := server.CacheRevalidate
		if a.Hashed {
			cache = server.CacheImmutable
		}
		rule(server.Prefix+a.File, "Cache-Control: "+cache)
	}
	for _, name := range hashed { // as hearthd caches them (server.Hashed)
		rule("/"+name, "Cache-Control: "+server.CacheImmutable)
	}
	return []byte(b.String())
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return writeFile(to, b)
}

// writeFile writes b to the path to, making its directory.
func writeFile(to string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

// withMeasure adds the measurement's D1 binding and config to wrangler.jsonc.
func withMeasure(conf []byte, measure string) []byte {
	text, _ := json.Marshal(measure)
	add := `"send_metrics": false,
  // Private measurement (go run ./build edge -measure): the config the
  // reports are checked against, and the D1 database of their counts.
  "vars": { "HEARTH_MEASURE": ` + string(text) + ` },
  "d1_databases": [{ "binding": "COUNTS", "database_name": "hearth-counts", "database_id": "00000000-0000-0000-0000-000000000000" }]`
	return bytes.Replace(conf, []byte(`"send_metrics": false`), []byte(add), 1)
}
