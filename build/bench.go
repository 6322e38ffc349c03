package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing/fstest"
	"text/tabwriter"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"hearth/manifest"
	"hearth/server"
	"hearth/tool/chrome"
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

// bench measures everything `make bench` prints.
func bench(args []string, w io.Writer) error {
	fl := flag.NewFlagSet("bench", flag.ContinueOnError)
	runs := fl.Int("runs", 10, "page loads per timing (medians)")
	out := fl.String("out", "bench/results.json", "where to write the results")
	skipServer := fl.Bool("skip-server", false, "skip the wrk comparison with nginx")
	lhRuns := fl.Int("lighthouse", 5, "Lighthouse rounds for the page-cost table (0 skips it)")
	onlyCost := fl.Bool("page-cost-only", false, "measure only what Hearth costs the page (Lighthouse)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "hearth-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	dist := filepath.Join(tmp, "dist")
	m, err := bundle(root, dist)
	if err != nil {
		return err
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
	floor, err := compileWasmPkg(root, "./build/benchfloor")
	if err != nil {
		return err
	}
	floorBr, _ := brotliBytes(floor)
	floorGz, _ := gzipBytes(floor)
	mod := m.Files[manifest.Wasm]
	add(figure{Name: "module, brotli", Unit: "bytes", Hearth: float64(mod.Brotli), Baseline: float64(len(floorBr)), Against: "dom/v2 floor program", Budget: "≤ 1.10×"},
		figure{Name: "module, gzip", Unit: "bytes", Hearth: float64(mod.Gzip), Baseline: float64(len(floorGz)), Against: "dom/v2 floor program"},
		figure{Name: "module, raw", Unit: "bytes", Hearth: float64(mod.Bytes), Baseline: float64(len(floor)), Against: "dom/v2 floor program"})
	for _, n := range []string{manifest.Loader, manifest.Page, manifest.Worker, manifest.CSS} {
		a := m.Files[n]
		add(figure{Name: n + ", brotli (raw " + strconv.Itoa(a.Bytes) + ", gzip " + strconv.Itoa(a.Gzip) + ")", Unit: "bytes", Hearth: float64(a.Brotli)})
	}

	// 2 and 3. Time to personalize, start-up, flicker: in headless Chromium.
	fmt.Fprintln(w, "bench: page loads in Chromium…")
	goroot, err := goEnv("GOROOT")
	if err != nil {
		return err
	}
	glue, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	site, err := benchSite(root, floor, glue)
	if err != nil {
		return err
	}
	h, err := server.New(os.DirFS(dist), site)
	if err != nil {
		return err
	}
	base, stop, err := serve(h)
	if err != nil {
		return err
	}
	defer stop()
	// What the page's owner sees first: Lighthouse, with and without Hearth.
	if *lhRuns > 0 {
		fmt.Fprintln(w, "bench: what Hearth costs the page (Lighthouse)…")
		pc, err := pageCost(root, base, *lhRuns, w)
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
		b, _ := json.MarshalIndent(map[string]any{"when": time.Now().UTC().Format(time.RFC3339), "figures": figs}, "", "  ")
		if err := os.WriteFile(p, append(b, '\n'), 0o644); err != nil {
			return err
		}
		fmt.Fprintln(w, "results written to", *out)
	}
	return nil
}

// benchSite is the demo plus the baselines: a plain-JS page that makes the
// same DOM change as Hearth, and a page that runs the floor program.
func benchSite(root string, floor, glue []byte) (fs.FS, error) {
	demo := filepath.Join(root, "web", "demo")
	site := fstest.MapFS{}
	err := filepath.WalkDir(demo, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(demo, p)
		site[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		return nil, err
	}
	home := string(site["index.html"].Data)
	plain := strings.Replace(home, `<script src="/hearth/hearth.js" data-config="/hearth.json" async></script>`, `<script src="/bench/plain.js" async></script>`, 1)
	if plain == home {
		return nil, errors.New("bench: the demo's home page lacks the loader tag")
	}
	site["bench/plain.html"] = &fstest.MapFile{Data: []byte(plain)}
	// The pages without Hearth, for the page-cost table.
	const tag = `<script src="/hearth/hearth.js" data-config="/hearth.json" async></script>`
	site["bench/without.html"] = &fstest.MapFile{Data: []byte(strings.Replace(home, tag, "", 1))}
	site["bench/without-camping.html"] = &fstest.MapFile{Data: []byte(strings.Replace(string(site["c/camping/index.html"].Data), tag, "", 1))}
	// The same page with the loader as a parser-blocking script: it runs
	// before the first paint, at the cost of the loader's fetch.
	blocking := strings.Replace(home, `data-config="/hearth.json" async>`, `data-config="/hearth.json">`, 1)
	site["bench/blocking.html"] = &fstest.MapFile{Data: []byte(blocking)}
	// The lower bound: read the stored decision and swap the slot, nothing else.
	site["bench/plain.js"] = &fstest.MapFile{Data: []byte(`(function () {
  function go() {
    var s = JSON.parse(localStorage.getItem("hearth:v1") || "null"), v = null;
    (s && s.replay || []).forEach(function (r) { if (r.path === "/") v = r.slots.hero; });
    var slot = document.querySelector('[data-hearth-slot="hero"]');
    var t = v && document.querySelector('template[data-hearth-variant="hero/' + v + '"]');
    if (slot && t) { slot.replaceChildren(t.content.cloneNode(true)); slot.setAttribute("data-hearth-applied", v); }
    performance.mark("plain:applied");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go); else go();
})();`)}
	// The floor program runs on the same page, loaded the way the loader
	// loads the module (an async script that compiles the module while Go's
	// glue loads), so that the comparison is of Go start-ups, not of pages.
	floorPage := strings.Replace(home, `<script src="/hearth/hearth.js" data-config="/hearth.json" async></script>`, `<script src="/bench/floor.js" async></script>`, 1)
	site["bench/floor.html"] = &fstest.MapFile{Data: []byte(floorPage)}
	site["bench/floor.js"] = &fstest.MapFile{Data: []byte(`(function () {
  var mod = WebAssembly.compileStreaming(fetch("/bench/floor.wasm"));
  var glue = new Promise(function (resolve) {
    var s = document.createElement("script"); s.src = "/bench/wasm_exec.js"; s.onload = resolve; document.head.appendChild(s);
  });
  Promise.all([mod, glue]).then(function (r) {
    var go = new Go(); return WebAssembly.instantiate(r[0], go.importObject).then(function (i) { go.run(i); });
  });
})();`)}
	// The JS reference: GrowthBook's browser bundle (npm, pinned, installed
	// by make bench) swapping the same hero from an attribute kept in
	// localStorage, its features inline: what a JS peer costs the page.
	if gb, err := os.ReadFile(filepath.Join(root, growthBookBundle)); err == nil {
		site["bench/growthbook.html"] = &fstest.MapFile{Data: []byte(strings.Replace(home, tag, `<script src="/bench/growthbook.js" async></script>`, 1))}
		site["bench/growthbook.js"] = &fstest.MapFile{Data: append(gb, growthBookSwap...)}
	}
	site["bench/floor.wasm"] = &fstest.MapFile{Data: floor}
	site["bench/wasm_exec.js"] = &fstest.MapFile{Data: glue}
	return site, nil
}

// growthBookBundle is GrowthBook's browser build (a global, growthbook).
const growthBookBundle = "build/.tools/node_modules/@growthbook/growthbook/dist/bundles/index.min.js"

// growthBookSwap makes GrowthBook do what Hearth does on the home page:
// the hero's camping variant for a visitor whose stored attributes
// (gbSeed) say camping.
const growthBookSwap = `
;(function () {
  var attrs = {};
  try { attrs = JSON.parse(localStorage.getItem("gb:attributes") || "{}"); } catch (e) {}
  var gb = new growthbook.GrowthBook({ attributes: attrs, features: {
    hero: { defaultValue: "", rules: [{ condition: { interest: "camping" }, force: "camping" }] } } });
  function go() {
    var v = gb.getFeatureValue("hero", "");
    var slot = document.querySelector('[data-hearth-slot="hero"]');
    var t = v && document.querySelector('template[data-hearth-variant="hero/' + v + '"]');
    if (slot && t) { slot.replaceChildren(t.content.cloneNode(true)); slot.setAttribute("data-hearth-applied", v); }
    performance.mark("growthbook:applied");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go); else go();
})();
`

// gbSeed is a returning visitor's stored attributes for growthBookSwap.
const gbSeed = `{"interest":"camping"}`

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

// returning is a stored profile that personalizes the home page's hero, with
// its decision remembered for the loader's replay.
func returning() string {
	now := time.Now().UnixMilli()
	return fmt.Sprintf(`{"v":1,"topics":{"camping":{"events":[{"kind":"view","path":"/c/camping/","at":%d,"weight":1},{"kind":"view","path":"/c/camping/","at":%d,"weight":1}]}},"visits":1,"pages":2,"firstSeen":%d,"lastSeen":%d,"replay":[{"path":"/","at":%d,"slots":{"hero":"camping"}},{"path":"/bench/plain.html","at":%d,"slots":{"hero":"camping"}},{"path":"/bench/blocking.html","at":%d,"slots":{"hero":"camping"}}]}`,
		now-60000, now-30000, now-60000, now-30000, now-30000, now-30000, now-30000)
}

// sampler records, every animation frame from the document's start, each
// slot's visibility and what it shows.
const sampler = `window.__hearthFrames = []; (function f() {
  var row = [performance.now()];
  document.querySelectorAll("[data-hearth-slot]").forEach(function (s) {
    row.push([s.getAttribute("data-hearth-slot"), getComputedStyle(s).visibility !== "hidden", s.getAttribute("data-hearth-applied") || ""]);
  });
  window.__hearthFrames.push(row);
  if (performance.now() < 4000) requestAnimationFrame(f);
})();`

type loadResult struct {
	Applied, Ready, Plain, Floor, FCP float64
	Frames                            [][]any
}

// load opens url in ctx (optionally after storing a profile) and reads the marks.
func load(ctx context.Context, base, path, profile string) (loadResult, error) {
	var r loadResult
	var marks map[string]float64
	acts := []chromedp.Action{}
	if profile != "" {
		acts = append(acts, chromedp.Navigate(base+"/healthz"),
			chromedp.Evaluate(`localStorage.setItem("hearth:v1", `+strconv.Quote(profile)+`)`, nil))
	}
	acts = append(acts, chromedp.Navigate(base+path),
		chromedp.Evaluate(`new Promise(r => { const t0 = Date.now(); (function w() {
			const m = n => (performance.getEntriesByName(n, "mark")[0] || {}).startTime || 0;
			const v = {applied: m("hearth:applied"), ready: m("hearth:ready"), plain: m("plain:applied"), floor: m("floor:ready"),
				fcp: (performance.getEntriesByName("first-contentful-paint")[0] || {}).startTime || 0};
			if (v.ready || v.plain || v.floor || Date.now() - t0 > 8000) return setTimeout(() => r(v), 150);
			setTimeout(w, 10); })(); })`, &marks, chrome.AwaitPromise),
		chromedp.Evaluate(`window.__hearthFrames || []`, &r.Frames))
	if err := chromedp.Run(ctx, acts...); err != nil {
		return r, err
	}
	r.Applied, r.Ready, r.Plain, r.Floor, r.FCP = marks["applied"], marks["ready"], marks["plain"], marks["floor"], marks["fcp"]
	return r, nil
}

// flicker reads the sampled frames of one slot: how many frames it was
// visible showing other content before what it ends with (when that is a
// personalized variant), and the longest time it stayed hidden.
func flicker(frames [][]any, slot string) (wrong int, hiddenMs float64) {
	type obs struct {
		t       float64
		visible bool
		applied string
	}
	var seen []obs
	for _, f := range frames {
		if len(f) == 0 {
			continue
		}
		t, _ := f[0].(float64)
		for _, s := range f[1:] {
			a, _ := s.([]any)
			if len(a) == 3 && a[0] == slot {
				vis, _ := a[1].(bool)
				ap, _ := a[2].(string)
				seen = append(seen, obs{t, vis, ap})
			}
		}
	}
	if len(seen) == 0 {
		return 0, 0
	}
	final := seen[len(seen)-1].applied
	var hiddenSince float64 = -1
	for i, o := range seen {
		if final != "" && o.visible && o.applied != final {
			wrong++
		}
		if !o.visible && hiddenSince < 0 {
			hiddenSince = o.t
		}
		if (o.visible || i == len(seen)-1) && hiddenSince >= 0 {
			hiddenMs = math.Max(hiddenMs, o.t-hiddenSince)
			hiddenSince = -1
		}
	}
	return wrong, hiddenMs
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// pageTimings measures cold loads (a fresh browser each, the returning
// visitor's profile stored first) and warm reloads, for Hearth, the plain-JS
// lower bound and the floor program, plus flicker and hiding.
func pageTimings(base string, runs int) ([]figure, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	fresh := func() (context.Context, func(), error) {
		bctx, stop, err := chrome.New(ctx)
		if err != nil {
			return nil, nil, err
		}
		if err := chromedp.Run(bctx, chromedp.ActionFunc(func(c context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(sampler).Do(c)
			return err
		})); err != nil {
			stop()
			return nil, nil, err
		}
		return bctx, stop, nil
	}
	var coldApplied, coldPlain, coldReady, coldFloor, newHidden, retHidden, retWrong []float64
	var blockApplied, blockWrong, fcpAsync, fcpBlocking []float64
	for i := 0; i < runs; i++ {
		for _, c := range []struct{ path, profile string }{
			{"/", returning()}, {"/bench/plain.html", returning()}, {"/bench/floor.html", ""}, {"/", ""},
			{"/bench/blocking.html", returning()}, {"/bench/blocking.html", ""},
		} {
			bctx, stop, err := fresh()
			if err != nil {
				return nil, err
			}
			r, err := load(bctx, base, c.path, c.profile)
			stop()
			if err != nil {
				return nil, fmt.Errorf("bench: loading %s: %w", c.path, err)
			}
			switch {
			case c.path == "/" && c.profile != "":
				coldApplied = append(coldApplied, r.Applied)
				coldReady = append(coldReady, r.Ready)
				wrong, hidden := flicker(r.Frames, "hero")
				retWrong = append(retWrong, float64(wrong))
				retHidden = append(retHidden, hidden)
			case c.path == "/":
				_, hidden := flicker(r.Frames, "hero")
				newHidden = append(newHidden, hidden)
				fcpAsync = append(fcpAsync, r.FCP)
			case c.path == "/bench/blocking.html" && c.profile != "":
				blockApplied = append(blockApplied, r.Applied)
				wrong, _ := flicker(r.Frames, "hero")
				blockWrong = append(blockWrong, float64(wrong))
			case c.path == "/bench/blocking.html":
				fcpBlocking = append(fcpBlocking, r.FCP)
			case c.path == "/bench/plain.html":
				coldPlain = append(coldPlain, r.Plain)
			default:
				coldFloor = append(coldFloor, r.Floor)
			}
		}
	}
	// Warm: one browser, the page loaded once, then reloaded.
	var warmApplied, warmPlain []float64
	for _, c := range []struct {
		path string
		into *[]float64
	}{{"/", &warmApplied}, {"/bench/plain.html", &warmPlain}, {"/bench/blocking.html", nil}} {
		bctx, stop, err := fresh()
		if err != nil {
			return nil, err
		}
		if _, err := load(bctx, base, c.path, returning()); err != nil {
			stop()
			return nil, err
		}
		for i := 0; i < runs; i++ {
			r, err := load(bctx, base, c.path, "")
			if err != nil {
				stop()
				return nil, err
			}
			switch c.path {
			case "/":
				*c.into = append(*c.into, r.Applied)
				wrong, _ := flicker(r.Frames, "hero")
				retWrong = append(retWrong, float64(wrong))
			case "/bench/blocking.html":
				wrong, _ := flicker(r.Frames, "hero")
				blockWrong = append(blockWrong, float64(wrong))
			default:
				*c.into = append(*c.into, r.Plain)
			}
		}
		stop()
	}
	maxOf := func(xs []float64) float64 {
		m := 0.0
		for _, x := range xs {
			m = math.Max(m, x)
		}
		return m
	}
	n := strconv.Itoa(runs)
	return []figure{
		{Name: "time to personalize, returning visitor, cold (median of " + n + ")", Unit: "ms", Hearth: median(coldApplied), Baseline: median(coldPlain), Against: "plain-JS page, same DOM change", Budget: "≤ 1.20×"},
		{Name: "time to personalize, returning visitor, warm (median of " + n + ")", Unit: "ms", Hearth: median(warmApplied), Baseline: median(warmPlain), Against: "plain-JS page, same DOM change", Budget: "≤ 1.20×"},
		{Name: "hearth:ready, cold (median of " + n + ")", Unit: "ms", Hearth: median(coldReady), Baseline: median(coldFloor), Against: "floor program's ready", Budget: "≤ 1.15×"},
		{Name: "frames showing other content before the personalized one (all loads)", Unit: "frames", Hearth: maxOf(retWrong), Budget: "0", Note: "worst load"},
		{Name: "same, loader as a blocking script in <head> (cold and warm)", Unit: "frames", Hearth: maxOf(blockWrong), Budget: "0", Note: "worst load"},
		{Name: "time to personalize, blocking loader, cold (median of " + n + ")", Unit: "ms", Hearth: median(blockApplied), Baseline: median(coldPlain), Against: "plain-JS page, same DOM change", Budget: "≤ 1.20×"},
		{Name: "first contentful paint, new visitor, blocking loader (median of " + n + ")", Unit: "ms", Hearth: median(fcpBlocking), Baseline: median(fcpAsync), Against: "async loader, the contract's tag"},
		{Name: "longest time a slot stayed hidden, new visitor", Unit: "ms", Hearth: maxOf(newHidden), Budget: "0"},
		{Name: "longest time a slot stayed hidden, returning visitor, cold", Unit: "ms", Hearth: maxOf(retHidden), Budget: "≤ time to personalize, < 1000"},
	}, nil
}

// goBenchmarks runs BenchmarkDecide natively and as wasm, and the profile
// size benchmark.
func goBenchmarks(root string) ([]figure, error) {
	run := func(env []string, pkg, bench, benchtime string) (string, error) {
		// The module's compiler flags (wasmFlags: Hearth's packages not
		// inlined), so that the figures are the shipped code's.
		cmd := exec.Command("go", "test", noInline, pkg, "-run", "^$", "-bench", bench, "-benchmem", "-benchtime", benchtime)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), env...)
		b, err := cmd.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("bench: go test %s: %w\n%s", pkg, err, b)
		}
		return string(b), nil
	}
	goroot, err := goEnv("GOROOT")
	if err != nil {
		return nil, err
	}
	wasmEnv := []string{"GOOS=js", "GOARCH=wasm", "PATH=" + filepath.Join(goroot, "lib", "wasm") + string(os.PathListSeparator) + os.Getenv("PATH")}
	native, err := run(nil, "./wasm/engine", "Decide", "2s")
	if err != nil {
		return nil, err
	}
	wasm, err := run(wasmEnv, "./wasm/engine", "Decide", "2s")
	if err != nil {
		return nil, err
	}
	size, err := run(nil, "./wasm/profile", "ProfileSize", "1x")
	if err != nil {
		return nil, err
	}
	recWasm, err := run(wasmEnv, "./wasm/engine", "Recommend5000", "1s")
	if err != nil {
		return nil, err
	}
	recNative, err := run(nil, "./wasm/engine", "Recommend5000", "1s")
	if err != nil {
		return nil, err
	}
	nsN, allocN := benchValue(native, "ns/op"), benchValue(native, "allocs/op")
	nsW := benchValue(wasm, "ns/op")
	return []figure{
		{Name: "Decide, 1,000 experiences × 200 topics, native", Unit: "µs", Hearth: nsN / 1000, Note: fmt.Sprintf("%.0f allocs/op", allocN)},
		{Name: "Decide, 1,000 experiences × 200 topics, wasm (Node)", Unit: "µs", Hearth: nsW / 1000, Baseline: nsN / 1000, Against: "native", Budget: "≤ 1000 µs"},
		{Name: "rank 5,000 catalog items for a complements slot, wasm (Node)", Unit: "ms", Hearth: benchValue(recWasm, "ns/op") / 1e6,
			Baseline: benchValue(recNative, "ns/op") / 1e6, Against: "native"},
		{Name: "stored profile after 100,000 events over a year", Unit: "bytes", Hearth: benchValue(size, "stored-bytes"), Baseline: 32768, Against: "the 32 KB bound", Budget: "≤ 1.00×"},
	}, nil
}

// benchValue reads the value before unit on a benchmark result line.
func benchValue(out, unit string) float64 {
	re := regexp.MustCompile(`([0-9.]+) ` + regexp.QuoteMeta(unit))
	m := re.FindStringSubmatch(out)
	if m == nil {
		return 0
	}
	f, _ := strconv.ParseFloat(m[1], 64)
	return f
}

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
	ours, stopOurs, err := startHearthd(root, dist, filepath.Join(root, "web", "demo"), tmp)
	if err != nil {
		return nil, err
	}
	defer stopOurs()
	port, err := freePort()
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
	rps := func(u string) (float64, error) {
		out, err := exec.Command(wrk, "-t2", "-c32", "-d3s", "-H", "Accept-Encoding: gzip", u).CombinedOutput()
		if err != nil {
			return 0, fmt.Errorf("wrk %s: %w\n%s", u, err, out)
		}
		return wrkRPS(string(out)), nil
	}
	var figs []figure
	for _, f := range []struct{ name, file string }{{"loader", m.Files[manifest.Loader].File}, {"module", m.Files[manifest.Wasm].File}} {
		// Three rounds, alternating, best of each: a burst of load from
		// elsewhere on the machine then hits both alike.
		var o, n float64
		for round := 0; round < 3; round++ {
			x, err := rps(ours + "/hearth/" + f.file)
			if err != nil {
				return figs, err
			}
			y, err := rps(theirs + "/hearth/" + f.file)
			if err != nil {
				return figs, err
			}
			o, n = math.Max(o, x), math.Max(n, y)
		}
		figs = append(figs, figure{Name: "server throughput, " + f.name + " (gzip, 32 connections, best of 3)", Unit: "req/s", Hearth: o, Baseline: n, Against: "nginx, same files", Budget: "≥ 1.00×"})
	}
	return figs, nil
}

// edgeBench builds the Workers deployment, serves it with `wrangler dev`
// and times requests one at a time: what the Go worker answers (each request
// instantiates Go anew) against a static asset, which runs no Go.
func edgeBench(root, dist string, m *manifest.Manifest, out string) ([]figure, error) {
	e, err := buildEdge(root, dist, filepath.Join(root, "web", "demo"), out, server.CSP)
	if err != nil {
		return nil, err
	}
	figs := []figure{{Name: "edge: Go worker + glue, gzip", Unit: "bytes", Hearth: float64(e.WorkerGzip), Baseline: workerLimit, Against: "Workers free plan limit", Budget: "< 1.00×"}}
	base, stop, err := startWrangler(root, e.Dir)
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

// wrkRPS reads "Requests/sec: N" from wrk's output.
func wrkRPS(out string) float64 {
	m := regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`).FindStringSubmatch(out)
	if m == nil {
		return 0
	}
	f, _ := strconv.ParseFloat(m[1], 64)
	return f
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
