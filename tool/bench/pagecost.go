package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/tool/chrome"
	"github.com/hearth-personalization/hearth/tool/edge"
)

// What Hearth costs the page, judged as its owner will: Lighthouse
// (performance only, its default mobile emulation with simulated 4× CPU and
// slow 4G, and its desktop preset) on the demo's home and a category page,
// without Hearth and with it for a new and for a returning visitor, plus
// references on the home page: GrowthBook, a JS peer making the same swap;
// the smallest Go program (on the main thread); a do-nothing async script
// of the loader's bytes; and Hearth's own bytes fetched at the same moments
// by a script that runs nothing. The
// configurations alternate within each round; each figure is a median.

// lighthouseBin is where `make deps` installs Lighthouse (pinned).
const lighthouseBin = "build/.tools/node_modules/.bin/lighthouse"

// lhRun is one Lighthouse run's figures.
type lhRun struct {
	Score, TBT, FCP, LCP, CLS, MainThread, Longest, ScriptLongest, KB float64
	// Groups is Lighthouse's main-thread breakdown, ms by its group
	// ("scriptEvaluation", "styleLayout", …), and Bootup the tool's own
	// scripts' (Hearth's files, GrowthBook's bundle) main-thread time by
	// file, with what of it was parse and compile: where the main thread
	// work goes (#36).
	Groups map[string]float64
	Bootup map[string]bootup
}

// lhConfig is one column of the table: a page in one variant.
type lhConfig struct {
	form, page, variant, path string
	seedKey, seed             string // a returning visitor: seed stored under seedKey, HTTP cache cleared
	base                      string // the site's server: the demo's, or the fixture shop's
}

// fixture is a site of its own the page-cost table measures beside the
// demo (the fixture shop, the fixture blog): a page of it without Hearth,
// for a new visitor, and for a returning one whose profile comes from the
// journey.
type fixture struct {
	page, base, path, without string
	journey                   []string
}

// pageCost runs the Lighthouse rounds against the bench server at base
// (the bundle and benchSite) and the fixtures, and prints the table.
// lhKeep is where the Lighthouse reports and traces are kept ("": not
// kept), and whether the traces carry V8's CPU profile.
type lhKeep struct {
	dir     string
	profile bool
}

func pageCost(root, base string, fixtures []fixture, runs int, only string, keep lhKeep, w io.Writer) ([]figure, error) {
	bin := filepath.Join(root, lighthouseBin)
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("lighthouse is missing (%v): run `make deps`", err)
	}
	if _, err := os.Stat(filepath.Join(root, growthBookBundle)); err != nil {
		return nil, fmt.Errorf("GrowthBook's bundle is missing (%v): run `make bench`", err)
	}
	chromium, err := chrome.Path()
	if err != nil {
		return nil, err
	}
	port, err := edge.FreePort()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "hearth-lighthouse-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	// One browser for every run: Lighthouse drives it over its debugging
	// port, and so does the bench, to clear the cache and storage or seed
	// a returning visitor's profile before each run.
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
		"--remote-debugging-address=127.0.0.1", "--remote-debugging-port="+strconv.Itoa(port), "--user-data-dir="+filepath.Join(dir, "profile"), "about:blank")
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Hour)
	defer cancel()
	var actx context.Context
	for i := 0; i < 100; i++ { // until the debugging port answers
		if _, err := os.Stat(filepath.Join(dir, "profile", "DevToolsActivePort")); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	actx, cancelAlloc := chromedp.NewRemoteAllocator(ctx, "http://127.0.0.1:"+strconv.Itoa(port))
	defer cancelAlloc()
	tab, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()

	// The returning visitor's profile comes from real visits: two camping
	// pages, then the two pages measured, so both have a decision to replay.
	var seed string
	if err := chromedp.Run(tab,
		chromedp.Navigate(base+"/c/camping/"), chrome.WaitReady(), chromedp.Navigate(base+"/c/camping/"), chrome.WaitReady(),
		chromedp.Navigate(base+"/"), chrome.WaitReady(), chrome.Settle(), chromedp.Navigate(base+"/c/camping/"), chrome.WaitReady(), chrome.Settle(),
		chromedp.Evaluate(`localStorage.getItem("hearth:v1")`, &seed)); err != nil {
		return nil, fmt.Errorf("seeding a returning visitor: %w", err)
	}

	// Each fixture's returning visitor read its journey.
	seeds := make([]string, len(fixtures))
	for i, f := range fixtures {
		var steps []chromedp.Action
		for _, p := range f.journey {
			steps = append(steps, chromedp.Navigate(f.base+p), chrome.WaitReady(), chrome.Settle())
		}
		steps = append(steps, chromedp.Evaluate(`localStorage.getItem("hearth:v1")`, &seeds[i]))
		if err := chromedp.Run(tab, steps...); err != nil {
			return nil, fmt.Errorf("seeding the %s's returning visitor: %w", f.page, err)
		}
	}

	var configs []lhConfig
	for _, form := range []string{"mobile", "desktop"} {
		for _, pg := range []struct{ name, path, without string }{{"home", "/", "/bench/without.html"}, {"category", "/c/camping/", "/bench/without-camping.html"}} {
			configs = append(configs,
				lhConfig{form, pg.name, "without", pg.without, "", "", base},
				lhConfig{form, pg.name, "new visitor", pg.path, "", "", base},
				lhConfig{form, pg.name, "returning", pg.path, "hearth:v1", seed, base})
		}
		configs = append(configs,
			lhConfig{form, "home", "GrowthBook, new", "/bench/growthbook.html", "", "", base},
			lhConfig{form, "home", "GrowthBook, returning", "/bench/growthbook.html", "gb:attributes", gbSeed, base},
			lhConfig{form, "home", "Go floor", floorPage, "", "", base},
			lhConfig{form, "home", "loader's bytes, nothing run", "/bench/idle.html", "", "", base},
			lhConfig{form, "home", "same bytes, nothing run", "/bench/inert.html", "", "", base})
		for i, f := range fixtures {
			configs = append(configs,
				lhConfig{form, f.page, "without", f.without, "", "", f.base},
				lhConfig{form, f.page, "new visitor", f.path, "", "", f.base},
				lhConfig{form, f.page, "returning", f.path, "hearth:v1", seeds[i], f.base})
		}
	}
	if only != "" {
		var kept []lhConfig
		for _, c := range configs {
			if strings.Contains(c.form+" "+c.page+" "+c.variant, only) {
				kept = append(kept, c)
			}
		}
		configs = kept
	}
	results := map[lhConfig][]lhRun{}
	for round := 1; round <= runs; round++ {
		fmt.Fprintf(w, "bench: Lighthouse round %d of %d…\n", round, runs)
		for _, c := range configs {
			// Cold HTTP cache every time; storage empty, or the seed.
			if err := chromedp.Run(tab, network.ClearBrowserCache(), chromedp.Navigate(c.base+"/healthz"),
				storage.ClearDataForOrigin(c.base, "all")); err != nil {
				return nil, err
			}
			if c.seedKey != "" {
				if err := chromedp.Run(tab, chromedp.Evaluate(`localStorage.setItem(`+strconv.Quote(c.seedKey)+`, `+strconv.Quote(c.seed)+`)`, nil)); err != nil {
					return nil, err
				}
			}
			if err := chromedp.Run(tab, chromedp.Navigate("about:blank")); err != nil {
				return nil, err
			}
			r, err := lighthouse(bin, chromium, port, c.base+c.path, c.form, dir, keep)
			if err != nil {
				return nil, fmt.Errorf("lighthouse %s %s: %w", c.form, c.path, err)
			}
			results[c] = append(results[c], r)
			if keep.dir != "" {
				name := strings.NewReplacer(" ", "-", ",", "", "'", "").Replace(fmt.Sprintf("%s-%s-%s-%d.json", c.form, c.page, c.variant, round))
				err := os.MkdirAll(keep.dir, 0o755)
				for from, to := range map[string]string{"lh.json": name, "lh-0.trace.json": strings.TrimSuffix(name, ".json") + ".trace.json"} {
					var b []byte
					if err == nil {
						b, err = os.ReadFile(filepath.Join(dir, from))
					}
					if err == nil {
						err = os.WriteFile(filepath.Join(keep.dir, to), b, 0o644)
					}
				}
				if err != nil {
					return nil, fmt.Errorf("keeping the Lighthouse report: %w", err)
				}
			}
		}
	}
	return printPageCost(w, configs, results, runs), nil
}

// lighthouse runs the CLI once against the browser on port.
func lighthouse(bin, chromium string, port int, url, form, dir string, keep lhKeep) (lhRun, error) {
	out := filepath.Join(dir, "lh.json")
	args := []string{url, "--port=" + strconv.Itoa(port), "--disable-storage-reset", "--only-categories=performance",
		"--output=json", "--output-path=" + out, "--quiet"}
	if keep.dir != "" { // the trace too, as lh-0.trace.json
		args = append(args, "--save-assets")
		if keep.profile {
			args = append(args, "--additional-trace-categories=disabled-by-default-v8.cpu_profiler")
		}
	}
	if form == "desktop" {
		args = append(args, "--preset=desktop")
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "CHROME_PATH="+chromium)
	if b, err := cmd.CombinedOutput(); err != nil {
		return lhRun{}, fmt.Errorf("%w\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return lhRun{}, err
	}
	var rep struct {
		Categories map[string]struct {
			Score *float64 `json:"score"`
		} `json:"categories"`
		Audits map[string]struct {
			NumericValue float64         `json:"numericValue"`
			Details      json.RawMessage `json:"details"` // its shape differs by audit
		} `json:"audits"`
		RuntimeError *struct{ Message string } `json:"runtimeError"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		return lhRun{}, err
	}
	perf := rep.Categories["performance"]
	if perf.Score == nil {
		msg := "no performance score"
		if rep.RuntimeError != nil {
			msg += ": " + rep.RuntimeError.Message
		}
		return lhRun{}, errors.New(msg)
	}
	a := rep.Audits
	r := lhRun{Score: 100 * *perf.Score, TBT: a["total-blocking-time"].NumericValue, FCP: a["first-contentful-paint"].NumericValue,
		LCP: a["largest-contentful-paint"].NumericValue, CLS: a["cumulative-layout-shift"].NumericValue,
		MainThread: a["mainthread-work-breakdown"].NumericValue, KB: a["total-byte-weight"].NumericValue / 1024}
	var long struct {
		Items []struct {
			URL      string  `json:"url"`
			Duration float64 `json:"duration"`
		} `json:"items"`
	}
	if err := details(a["long-tasks"].Details, "long-tasks", &long); err != nil {
		return lhRun{}, err
	}
	var groups struct {
		Items []struct {
			Group    string  `json:"group"`
			Duration float64 `json:"duration"`
		} `json:"items"`
	}
	if err := details(a["mainthread-work-breakdown"].Details, "mainthread-work-breakdown", &groups); err != nil {
		return lhRun{}, err
	}
	r.Groups = map[string]float64{}
	for _, g := range groups.Items {
		r.Groups[g.Group] += g.Duration
	}
	var boot struct {
		Items []struct {
			URL                string  `json:"url"`
			Total              float64 `json:"total"`
			Scripting          float64 `json:"scripting"`
			ScriptParseCompile float64 `json:"scriptParseCompile"`
		} `json:"items"`
	}
	if err := details(a["bootup-time"].Details, "bootup-time", &boot); err != nil {
		return lhRun{}, err
	}
	r.Bootup = map[string]bootup{}
	for _, b := range boot.Items {
		if name := ownScript(b.URL); name != "" {
			x := r.Bootup[name]
			r.Bootup[name] = bootup{x.Total + b.Total, x.Scripting + b.Scripting, x.Parse + b.ScriptParseCompile}
		}
	}
	for _, t := range long.Items {
		r.Longest = max(r.Longest, t.Duration)
		if strings.Contains(t.URL, "/hearth/") || strings.Contains(t.URL, "/bench/") { // the script under test
			r.ScriptLongest = max(r.ScriptLongest, t.Duration)
		}
	}
	return r, nil
}

// printPageCost prints the medians and returns the budget figures.
func printPageCost(w io.Writer, configs []lhConfig, results map[lhConfig][]lhRun, runs int) []figure {
	med := func(c lhConfig, f func(lhRun) float64) float64 { return medianOf(results[c], f) }
	fmt.Fprintf(w, "\nWhat Hearth costs the page: Lighthouse (performance), median of %d, configurations alternated\n", runs)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\t\t\tscore\tTBT ms\tFCP ms\tLCP ms\tCLS\tmain thread ms\tlongest task ms\tits script's longest ms\tKB\t")
	for _, c := range configs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.0f\t%.0f\t%.0f\t%.0f\t%.3f\t%.0f\t%.0f\t%.0f\t%.0f\t\n", c.form, c.page, c.variant,
			med(c, func(r lhRun) float64 { return r.Score }), med(c, func(r lhRun) float64 { return r.TBT }),
			med(c, func(r lhRun) float64 { return r.FCP }), med(c, func(r lhRun) float64 { return r.LCP }),
			med(c, func(r lhRun) float64 { return r.CLS }), med(c, func(r lhRun) float64 { return r.MainThread }),
			med(c, func(r lhRun) float64 { return r.Longest }), med(c, func(r lhRun) float64 { return r.ScriptLongest }),
			med(c, func(r lhRun) float64 { return r.KB }))
	}
	tw.Flush()
	printBreakdown(w, configs, results)
	var figs []figure
	for _, c := range configs {
		if c.variant != "new visitor" && c.variant != "returning" {
			continue
		}
		without := c
		without.variant, without.seedKey, without.seed = "without", "", ""
		for _, cfg := range configs {
			if cfg.form == c.form && cfg.page == c.page && cfg.variant == "without" {
				without = cfg
			}
		}
		points, tbt := "≥ without − 3", "≤ +150 ms"
		if c.form == "desktop" {
			points, tbt = "≥ without − 1", "≤ +50 ms"
		}
		name := "Lighthouse " + c.form + ", " + c.page + ", " + c.variant
		figs = append(figs,
			figure{Name: name + ": score", Unit: "points", Hearth: med(c, func(r lhRun) float64 { return r.Score }),
				Baseline: med(without, func(r lhRun) float64 { return r.Score }), Against: "the page without Hearth", Budget: points},
			figure{Name: name + ": TBT added", Unit: "ms", Hearth: med(c, func(r lhRun) float64 { return r.TBT }) - med(without, func(r lhRun) float64 { return r.TBT }), Budget: tbt},
			figure{Name: name + ": LCP added", Unit: "ms", Hearth: med(c, func(r lhRun) float64 { return r.LCP }) - med(without, func(r lhRun) float64 { return r.LCP }), Budget: "≤ ±50 ms (mobile)"},
			figure{Name: name + ": Hearth's longest main-thread task", Unit: "ms", Hearth: med(c, func(r lhRun) float64 { return r.ScriptLongest }), Budget: "≤ 50 ms (mobile)"})
		// What Hearth's work adds to LCP beyond a script tag in its place,
		// and beyond its bytes: against a do-nothing async script of the
		// loader's bytes, and the same files fetched at the same moments
		// by a script that runs nothing (home page only, like the other
		// references).
		for _, ref := range configs {
			if ref.form != c.form || ref.page != c.page {
				continue
			}
			what := map[string]string{"loader's bytes, nothing run": "a do-nothing async script of the loader's bytes", "same bytes, nothing run": "Hearth's bytes fetched alike, nothing run"}[ref.variant]
			if what == "" {
				continue
			}
			figs = append(figs, figure{Name: name + ": LCP added beyond " + what, Unit: "ms",
				Hearth: med(c, func(r lhRun) float64 { return r.LCP }) - med(ref, func(r lhRun) float64 { return r.LCP }),
				Budget: "≤ +50 ms",
				Note:   fmt.Sprintf("that reference adds %+.0f ms", med(ref, func(r lhRun) float64 { return r.LCP })-med(without, func(r lhRun) float64 { return r.LCP }))})
		}
	}
	return figs
}

// medianOf is the median of one figure over a configuration's runs.
func medianOf(runs []lhRun, f func(lhRun) float64) float64 {
	xs := make([]float64, 0, len(runs))
	for _, r := range runs {
		xs = append(xs, f(r))
	}
	sort.Float64s(xs)
	return median(xs)
}

// details reads a Lighthouse audit's details into v (nothing when the
// audit has none).
func details(d json.RawMessage, audit string, v any) error {
	if len(d) == 0 {
		return nil
	}
	if err := json.Unmarshal(d, v); err != nil {
		return fmt.Errorf("%s: %w", audit, err)
	}
	return nil
}
