package bench

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/tool/chrome"
)

// Where Hearth's start goes, phase by phase. The loader, the page side and
// the worker mark each phase as a User Timing measure ("hearth:…", the
// worker's converted to the page's timeline); the bench loads the demo's
// home page with the CPU slowed 4× (Lighthouse's mobile factor) and reads
// them, for a new and a returning visitor, then opens the panel.

// phaseWhere says on which thread a phase runs: what the page's main thread
// pays, and what only the worker does.
var phaseWhere = map[string]string{
	"loader": "page", "storage": "page", "replay": "page", "preload": "page", "page-script": "page", "scan": "page",
	"apply": "page", "panel": "page", "config": "network + worker", "worker-script": "network + worker",
	"module-fetch-compile": "network + worker", "instantiate": "worker", "go-start": "worker",
	"config-parse": "worker", "decide": "worker",
}

// phaseOrder is the order a start goes through them.
var phaseOrder = []string{"loader", "storage", "preload", "replay", "page-script", "worker-script", "config",
	"module-fetch-compile", "instantiate", "go-start", "scan", "config-parse", "decide", "apply", "panel"}

type phaseRun map[string][2]float64 // name → [start, duration] in ms

// startPhases loads the home page runs times per visitor kind and prints
// the medians; it returns the figures for the results file.
func startPhases(base string, runs int, w io.Writer) ([]figure, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	kinds := []struct{ name, profile string }{{"new visitor", ""}, {"returning", Returning()}}
	got := map[string][]phaseRun{}
	for i := 0; i < runs; i++ {
		for _, k := range kinds {
			r, err := phaseLoad(ctx, base, k.profile)
			if err != nil {
				return nil, fmt.Errorf("bench: start phases (%s): %w", k.name, err)
			}
			got[k.name] = append(got[k.name], r)
		}
	}
	med := func(kind, phase string, i int) (float64, bool) {
		var xs []float64
		for _, r := range got[kind] {
			if v, ok := r[phase]; ok {
				xs = append(xs, v[i])
			}
		}
		if len(xs) == 0 {
			return 0, false
		}
		sort.Float64s(xs)
		return median(xs), true
	}
	fmt.Fprintf(w, "\nHearth's start, phase by phase: home page, CPU slowed 4×, loopback network, median of %d (ms; \"at\" from navigation start)\n", runs)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "phase\twhere\tnew: at\tnew: ms\treturning: at\treturning: ms\t")
	var figs []figure
	for _, p := range phaseOrder {
		row := []string{p, phaseWhere[p]}
		for _, k := range kinds {
			at, ok := med(k.name, p, 0)
			d, _ := med(k.name, p, 1)
			if !ok {
				row = append(row, "–", "–")
				continue
			}
			row = append(row, strconv.FormatFloat(at, 'f', 0, 64), strconv.FormatFloat(d, 'f', 1, 64))
			figs = append(figs, figure{Name: "start phase " + p + " (" + phaseWhere[p] + "), " + k.name + ", CPU 4×", Unit: "ms", Hearth: d})
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	tw.Flush()
	return figs, nil
}

// phaseLoad loads the home page in a fresh browser with the CPU slowed,
// waits for Hearth to be idle, opens the panel and reads the measures.
func phaseLoad(ctx context.Context, base, profile string) (phaseRun, error) {
	bctx, stop, err := chrome.New(ctx)
	if err != nil {
		return nil, err
	}
	defer stop()
	var acts []chromedp.Action
	if profile != "" {
		acts = append(acts, chromedp.Navigate(base+"/healthz"),
			chromedp.Evaluate(`localStorage.setItem("hearth:v1", `+strconv.Quote(profile)+`)`, nil))
	}
	var ms []struct {
		Name      string  `json:"name"`
		StartTime float64 `json:"startTime"`
		Duration  float64 `json:"duration"`
	}
	acts = append(acts, emulation.SetCPUThrottlingRate(4), chromedp.Navigate(base+"/?hearth-timing"), chrome.WaitReady(), chrome.Settle(),
		chrome.EvalAwait(`hearth.open().then(() => hearth._idle()).then(() => true)`, nil),
		chromedp.Evaluate(`performance.getEntriesByType("measure").filter(m => m.name.startsWith("hearth:"))
			.map(m => ({name: m.name, startTime: m.startTime, duration: m.duration}))`, &ms))
	if err := chromedp.Run(bctx, acts...); err != nil {
		return nil, err
	}
	r := phaseRun{}
	for _, m := range ms {
		r[strings.TrimPrefix(m.Name, "hearth:")] = [2]float64{m.StartTime, m.Duration}
	}
	for _, want := range []string{"loader", "storage", "module-fetch-compile", "go-start", "decide", "apply", "panel"} {
		if _, ok := r[want]; !ok {
			return nil, fmt.Errorf("no hearth:%s measure on the page", want)
		}
	}
	return r, nil
}
