package bench

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/hearth-personalization/hearth/manifest"
	"github.com/hearth-personalization/hearth/tool/bundle"
)

// benchRun is what the stages share: the options, the bundle built once,
// the bench site served once, and the figures they add.
type benchRun struct {
	w                         io.Writer
	runs, lhRuns, measureReps int
	lhOnly, lhKeep            string
	lhProfile                 bool
	root, tmp, dist, base     string
	m                         *manifest.Manifest
	floor                     []byte
	figs                      []figure
	accuracy                  []accuracy
	stops                     []func()
}

// add keeps figures, with their ratio to the baseline.
func (b *benchRun) add(f ...figure) {
	for _, x := range f {
		if x.Baseline > 0 && x.Ratio == 0 {
			x.Ratio = x.Hearth / x.Baseline
		}
		b.figs = append(b.figs, x)
	}
}

func (b *benchRun) close() {
	for i := len(b.stops) - 1; i >= 0; i-- {
		b.stops[i]()
	}
	if b.tmp != "" {
		os.RemoveAll(b.tmp)
	}
}

// temp is the run's scratch directory, made on first use.
func (b *benchRun) temp() (string, error) {
	if b.tmp == "" {
		t, err := os.MkdirTemp("", "hearth-bench-")
		if err != nil {
			return "", err
		}
		b.tmp = t
	}
	return b.tmp, nil
}

// built builds the bundle and the floor program, once.
func (b *benchRun) built() error {
	if b.m != nil {
		return nil
	}
	root, err := bundle.ModuleRoot()
	if err != nil {
		return err
	}
	tmp, err := b.temp()
	if err != nil {
		return err
	}
	b.root, b.dist = root, filepath.Join(tmp, "dist")
	if b.m, err = bundle.Build(root, b.dist); err != nil {
		return err
	}
	b.floor, err = bundle.CompileWasmPkg(root, "./tool/bench/floor")
	return err
}

// served serves the bench site (the demo with its references), once.
func (b *benchRun) served() error {
	if b.base != "" {
		return nil
	}
	if err := b.built(); err != nil {
		return err
	}
	goroot, err := bundle.GoEnv("GOROOT")
	if err != nil {
		return err
	}
	glue, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	site, err := benchSite(b.root, b.dist, b.floor, glue, b.m)
	if err != nil {
		return err
	}
	base, stop, err := serveSite(b.dist, site)
	if err != nil {
		return err
	}
	b.base = base
	b.stops = append(b.stops, stop)
	return nil
}

// size: the module's bytes against the floor's, each script's, and what
// each package adds, to choose cuts from (#25).
func (b *benchRun) size() error {
	fmt.Fprintln(b.w, "bench: bytes…")
	if err := b.built(); err != nil {
		return err
	}
	floorBr, _ := bundle.Brotli(b.floor)
	floorGz, _ := bundle.Gzip(b.floor)
	mod := b.m.Files[manifest.Wasm]
	b.add(figure{Name: "module, brotli", Unit: "bytes", Hearth: float64(mod.Brotli), Baseline: float64(len(floorBr)), Against: "dom/v2 floor program", Budget: "≤ 1.10×"},
		figure{Name: "module, gzip", Unit: "bytes", Hearth: float64(mod.Gzip), Baseline: float64(len(floorGz)), Against: "dom/v2 floor program"},
		figure{Name: "module, raw", Unit: "bytes", Hearth: float64(mod.Bytes), Baseline: float64(len(b.floor)), Against: "dom/v2 floor program"})
	for _, n := range []string{manifest.Loader, manifest.Page, manifest.Worker, manifest.CSS} {
		a := b.m.Files[n]
		b.add(figure{Name: n + ", brotli (raw " + strconv.Itoa(a.Bytes) + ", gzip " + strconv.Itoa(a.Gzip) + ")", Unit: "bytes", Hearth: float64(a.Brotli)})
	}
	return moduleByPackage(b.root, "./wasm", 20, b.w)
}

// pageCost: Lighthouse, with and without Hearth, on the demo and on the
// fixture shop (when make deps installed Bootstrap): what the page's
// owner sees first.
func (b *benchRun) pageCost() error {
	if b.lhRuns <= 0 {
		return nil
	}
	if err := b.served(); err != nil {
		return err
	}
	fmt.Fprintln(b.w, "bench: what Hearth costs the page (Lighthouse)…")
	var fixtures []fixture
	if shop, err := shopSite(b.root); err != nil {
		fmt.Fprintln(b.w, "bench: the fixture shop is left out:", err)
	} else {
		u, stopShop, err := serveSite(b.dist, shop)
		if err != nil {
			return err
		}
		b.stops = append(b.stops, stopShop)
		fixtures = append(fixtures, fixture{"shop home", u, "/", "/bench/without.html", []string{"/c/tents/", "/p/tent/", "/"}})
	}
	if u, stopBlog, err := b.blogSite(); err != nil {
		fmt.Fprintln(b.w, "bench: the fixture blog is left out:", err)
	} else {
		b.stops = append(b.stops, stopBlog)
		fixtures = append(fixtures, fixture{"blog post", u, blogPost, "/bench/without.html",
			[]string{"/posts/choosing-a-campsite/", "/posts/tents-for-two/", blogPost}})
	}
	keep := lhKeep{dir: b.lhKeep, profile: b.lhProfile}
	pc, err := pageCost(b.root, b.base, fixtures, b.lhRuns, b.lhOnly, keep, b.w)
	if err != nil {
		return err
	}
	b.add(pc...)
	return nil
}

// phases: where Hearth's start goes, phase by phase.
func (b *benchRun) phases() error {
	if err := b.served(); err != nil {
		return err
	}
	fmt.Fprintln(b.w, "bench: Hearth's start, phase by phase…")
	ph, err := startPhases(b.base, min(b.runs, 5), b.w)
	if err != nil {
		return err
	}
	b.add(ph...)
	return nil
}

// timings: time to personalize, flicker and hiding, against plain JS.
func (b *benchRun) timings() error {
	if err := b.served(); err != nil {
		return err
	}
	fmt.Fprintln(b.w, "bench: page loads in Chromium…")
	t, err := pageTimings(b.base, b.runs)
	if err != nil {
		return err
	}
	b.add(t...)
	return nil
}

// goBench: the engine and the profile, Go's own benchmarks, natively and
// as wasm.
func (b *benchRun) goBench() error {
	if err := b.built(); err != nil {
		return err
	}
	fmt.Fprintln(b.w, "bench: engine and profile…")
	gb, err := goBenchmarks(b.root)
	if err != nil {
		return err
	}
	b.add(gb...)
	return nil
}

// measure: private measurement's accuracy (simulated) and its endpoint.
func (b *benchRun) measure() error {
	tmp, err := b.temp()
	if err != nil {
		return err
	}
	fmt.Fprintln(b.w, "bench: private measurement, simulated…")
	b.accuracy = measurementAccuracy(b.w, b.measureReps, []int{10_000, 100_000, 1_000_000}, []float64{2, 3, 4})
	fmt.Fprintln(b.w, "bench: the measurement endpoint under load (10 s)…")
	f, err := measureEndpoint(tmp, 10*time.Second, 32)
	if err != nil {
		return err
	}
	b.add(f...)
	return nil
}

// infer: the model of a page's words, scored on labelled pages it did not
// learn from (docs/ONE-TAG.md §3).
func (b *benchRun) infer() error {
	root, err := bundle.ModuleRoot()
	if err != nil {
		return err
	}
	goroot, err := bundle.GoEnv("GOROOT")
	if err != nil {
		return err
	}
	fmt.Fprintln(b.w, "bench: topics inferred from a page's words…")
	f, err := inferScores(root, goroot, b.w)
	if err != nil {
		return err
	}
	b.add(f...)
	return nil
}

// server: hearthd against nginx (wrk) and Go's floor. A machine without
// wrk or nginx skips it, and says so.
func (b *benchRun) server() error {
	if err := b.built(); err != nil {
		return err
	}
	fmt.Fprintln(b.w, "bench: server against nginx (wrk)…")
	sf, err := serverBench(b.root, b.dist, b.m, b.tmp)
	if err != nil {
		fmt.Fprintln(b.w, "bench: server comparison skipped:", err)
	}
	b.add(sf...)
	return nil
}

// edge: the edge worker under workerd.
func (b *benchRun) edge() error {
	if err := b.built(); err != nil {
		return err
	}
	fmt.Fprintln(b.w, "bench: the edge worker under workerd…")
	ef, err := edgeBench(b.root, b.dist, b.m, filepath.Join(b.tmp, "edge"))
	if err != nil {
		fmt.Fprintln(b.w, "bench: edge measure skipped:", err)
	}
	b.add(ef...)
	return nil
}
