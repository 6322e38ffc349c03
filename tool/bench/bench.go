// Package bench is `make bench`: what Hearth costs the page (Lighthouse,
// with GrowthBook and the Go floor as references, and the start's phases),
// time to personalize against plain JS, flicker and hiding, the engine and
// the profile, and the server against nginx and at the edge. Every figure
// is measured against a baseline in the same run.
package bench

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hearth-personalization/hearth/manifest"
	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/tool/bundle"
)

// figure is one line of the table: a measure of Hearth against a baseline
// measured in the same run (the machine is shared and noisy: only ratios
// compare across runs).
type figure struct {
	Name     string  `json:"name"`
	Unit     string  `json:"unit"`
	Hearth   float64 `json:"hearth"`
	Baseline float64 `json:"baseline,omitempty"`
	Against  string  `json:"against,omitempty"` // what the baseline is
	Ratio    float64 `json:"ratio,omitempty"`   // hearth / baseline
	Budget   string  `json:"budget,omitempty"`
	Note     string  `json:"note,omitempty"`
}

// Run measures everything `make bench` prints.
func Run(args []string, w io.Writer) error {
	fl := flag.NewFlagSet("bench", flag.ContinueOnError)
	runs := fl.Int("runs", 10, "page loads per timing (medians)")
	out := fl.String("out", "bench/results.json", "where to write the results")
	skipServer := fl.Bool("skip-server", false, "skip the wrk comparison with nginx")
	lhRuns := fl.Int("lighthouse", 5, "Lighthouse rounds for the page-cost table (0 skips it)")
	onlyCost := fl.Bool("page-cost-only", false, "measure only what Hearth costs the page (Lighthouse)")
	onlyServer := fl.Bool("server-only", false, "only the server against nginx (wrk) and Go's floor")
	lhOnly := fl.String("lighthouse-only", "", "only the page-cost configurations whose name (e.g. \"mobile category returning\") contains this")
	lhKeep := fl.String("lighthouse-reports", "", "keep every Lighthouse report (JSON) in this directory")
	onlySize := fl.Bool("size-only", false, "only the module's bytes against the floor, and what each package adds")
	onlyMeasure := fl.Bool("measure-only", false, "only private measurement: its accuracy, simulated, and its endpoint's throughput")
	measureReps := fl.Int("measure-reps", 1000, "simulated experiments per row of the measurement accuracy table")
	if err := fl.Parse(args); err != nil {
		return err
	}
	measurement := func(w io.Writer, tmp string) ([]figure, []accuracy, error) {
		fmt.Fprintln(w, "bench: private measurement, simulated…")
		acc := measurementAccuracy(w, *measureReps, []int{10_000, 100_000, 1_000_000}, []float64{2, 3, 4})
		fmt.Fprintln(w, "bench: the measurement endpoint under load (10 s)…")
		f, err := measureEndpoint(tmp, 10*time.Second, 32)
		return f, acc, err
	}
	if *onlyMeasure {
		tmp, err := os.MkdirTemp("", "hearth-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		f, _, err := measurement(w, tmp)
		if err != nil {
			return err
		}
		printFigures(w, f)
		return nil
	}
	root, err := bundle.ModuleRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "hearth-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	dist := filepath.Join(tmp, "dist")
	m, err := bundle.Build(root, dist)
	if err != nil {
		return err
	}
	if *onlyServer {
		sf, err := serverBench(root, dist, m, tmp)
		if err != nil {
			return err
		}
		printFigures(w, sf)
		return nil
	}
	var figs []figure
	add := func(f ...figure) {
		for _, x := range f {
			if x.Baseline > 0 && x.Ratio == 0 {
				x.Ratio = x.Hearth / x.Baseline
			}
			figs = append(figs, x)
		}
	}

	// 1. Bytes.
	fmt.Fprintln(w, "bench: bytes…")
	floor, err := bundle.CompileWasmPkg(root, "./tool/bench/floor")
	if err != nil {
		return err
	}
	floorBr, _ := bundle.Brotli(floor)
	floorGz, _ := bundle.Gzip(floor)
	mod := m.Files[manifest.Wasm]
	add(figure{Name: "module, brotli", Unit: "bytes", Hearth: float64(mod.Brotli), Baseline: float64(len(floorBr)), Against: "dom/v2 floor program", Budget: "≤ 1.10×"},
		figure{Name: "module, gzip", Unit: "bytes", Hearth: float64(mod.Gzip), Baseline: float64(len(floorGz)), Against: "dom/v2 floor program"},
		figure{Name: "module, raw", Unit: "bytes", Hearth: float64(mod.Bytes), Baseline: float64(len(floor)), Against: "dom/v2 floor program"})
	for _, n := range []string{manifest.Loader, manifest.Page, manifest.Worker, manifest.CSS} {
		a := m.Files[n]
		add(figure{Name: n + ", brotli (raw " + strconv.Itoa(a.Bytes) + ", gzip " + strconv.Itoa(a.Gzip) + ")", Unit: "bytes", Hearth: float64(a.Brotli)})
	}
	// What each package adds, to choose cuts from (#25).
	if err := moduleByPackage(root, "./wasm", 20, w); err != nil {
		return err
	}
	if *onlySize {
		printFigures(w, figs)
		return nil
	}

	// 2 and 3. Time to personalize, start-up, flicker: in headless Chromium.
	fmt.Fprintln(w, "bench: page loads in Chromium…")
	goroot, err := bundle.GoEnv("GOROOT")
	if err != nil {
		return err
	}
	glue, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	site, err := benchSite(root, dist, floor, glue, m)
	if err != nil {
		return err
	}
	base, stop, err := serveSite(dist, site)
	if err != nil {
		return err
	}
	defer stop()
	// What the page's owner sees first: Lighthouse, with and without Hearth,
	// on the demo and on the fixture shop (when make deps installed
	// Bootstrap).
	if *lhRuns > 0 {
		fmt.Fprintln(w, "bench: what Hearth costs the page (Lighthouse)…")
		shopURL := ""
		if shop, err := shopSite(root); err != nil {
			fmt.Fprintln(w, "bench: the fixture shop is left out:", err)
		} else {
			u, stopShop, err := serveSite(dist, shop)
			if err != nil {
				return err
			}
			defer stopShop()
			shopURL = u
		}
		pc, err := pageCost(root, base, shopURL, *lhRuns, *lhOnly, *lhKeep, w)
		if err != nil {
			return err
		}
		add(pc...)
	}
	// Where Hearth's start goes, phase by phase.
	fmt.Fprintln(w, "bench: Hearth's start, phase by phase…")
	ph, err := startPhases(base, min(*runs, 5), w)
	if err != nil {
		return err
	}
	add(ph...)
	if *onlyCost {
		printFigures(w, figs)
		return nil
	}
	timing, err := pageTimings(base, *runs)
	if err != nil {
		return err
	}
	add(timing...)

	// 4 and 5. Engine and profile: Go's own benchmarks, natively and as wasm.
	fmt.Fprintln(w, "bench: engine and profile…")
	gb, err := goBenchmarks(root)
	if err != nil {
		return err
	}
	add(gb...)

	// Private measurement: accuracy (simulated) and the endpoint.
	mf, accuracyTable, err := measurement(w, tmp)
	if err != nil {
		return err
	}
	add(mf...)

	// 6. Server throughput against nginx.
	if !*skipServer {
		fmt.Fprintln(w, "bench: server against nginx (wrk)…")
		sf, err := serverBench(root, dist, m, tmp)
		if err != nil {
			fmt.Fprintln(w, "bench: server comparison skipped:", err)
		}
		add(sf...)
		fmt.Fprintln(w, "bench: the edge worker under workerd…")
		ef, err := edgeBench(root, dist, m, filepath.Join(tmp, "edge"))
		if err != nil {
			fmt.Fprintln(w, "bench: edge measure skipped:", err)
		}
		add(ef...)
	}

	printFigures(w, figs)
	if *out != "" {
		p := *out
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		os.MkdirAll(filepath.Dir(p), 0o755)
		b, _ := json.MarshalIndent(map[string]any{"when": time.Now().UTC().Format(time.RFC3339), "figures": figs, "measurementAccuracy": accuracyTable}, "", "  ")
		if err := os.WriteFile(p, append(b, '\n'), 0o644); err != nil {
			return err
		}
		fmt.Fprintln(w, "results written to", *out)
	}
	return nil
}

// serveSite serves the bundle in dist and site with the real server's
// handler on a free loopback port. The floor program's page runs Go on the
// main thread, which the recommended policy forbids: it alone is sent with
// 'wasm-unsafe-eval' added (without it the floor's module never compiled,
// and its figures measured a page that ran nothing).
func serveSite(dist string, site fs.FS) (string, func(), error) {
	h, err := server.New(os.DirFS(dist), site)
	if err != nil {
		return "", nil, err
	}
	floor, err := server.New(os.DirFS(dist), site)
	if err != nil {
		return "", nil, err
	}
	floor.CSP = strings.Replace(server.CSP, "script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", 1)
	if floor.CSP == server.CSP {
		return "", nil, errors.New("bench: the recommended policy has no script-src 'self' to add 'wasm-unsafe-eval' to")
	}
	return serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == floorPage {
			floor.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	}))
}

// floorPage is the page that runs the floor program.
const floorPage = "/bench/floor.html"

// serve runs h on a free loopback port.
func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

func printFigures(w io.Writer, figs []figure) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\nfigure\thearth\tbaseline\tratio\tbudget")
	num := func(v float64, unit string) string {
		switch {
		case unit == "bytes":
			return strconv.FormatFloat(v, 'f', 0, 64) + " B"
		case v >= 100:
			return strconv.FormatFloat(v, 'f', 0, 64) + " " + unit
		default:
			return strconv.FormatFloat(v, 'f', 1, 64) + " " + unit
		}
	}
	for _, f := range figs {
		baseline, ratio := "", ""
		if f.Baseline > 0 {
			baseline = num(f.Baseline, f.Unit) + " (" + f.Against + ")"
			ratio = strconv.FormatFloat(f.Ratio, 'f', 2, 64) + "×"
		}
		name := f.Name
		if f.Note != "" {
			name += " [" + f.Note + "]"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", name, num(f.Hearth, f.Unit), baseline, ratio, f.Budget)
	}
	tw.Flush()
}
