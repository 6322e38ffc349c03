package bench

// Page loads in Chromium: time to personalize against plain JS and the Go
// floor, flicker, hiding.

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/tool/chrome"
)

// Returning is a stored profile that personalizes the home page's hero, with
// its decision remembered for the loader's replay.
func Returning() string {
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
			{"/", Returning()}, {"/bench/plain.html", Returning()}, {floorPage, ""}, {"/", ""},
			{"/bench/blocking.html", Returning()}, {"/bench/blocking.html", ""},
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
				if r.Floor == 0 { // a baseline that ran nothing must not pass for one
					return nil, errors.New("bench: the floor program's page marked no floor:ready (its module blocked or failed)")
				}
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
		if _, err := load(bctx, base, c.path, Returning()); err != nil {
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
