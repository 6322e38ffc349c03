package audit

// Timing: the moment each of a page's script requests goes out must not
// depend on the profile either. A server sees when the bundle's files are
// asked for; a start tied to the page's load for one visitor and to its
// parsing for another would tell them apart. The audit slows every page's
// load (one image it answers itself after slowLoad) so that such a
// difference shows, and compares each visit step across a brand-new
// visitor, the fresh run and the seeded run.

import (
	"context"
	"encoding/base64"
	"fmt"
	"maps"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/tool/chrome"
)

const (
	// slowPath is the image the audit adds to every page and answers itself
	// (it never reaches the site), after slowLoad: the page's load event
	// comes that late.
	slowPath = "/.hearth-audit-slow.gif"
	slowLoad = 1500 * time.Millisecond
	// timingSlack is how far apart the same request may go out in two runs
	// before the audit calls it a difference: well under slowLoad, well
	// over a busy machine's jitter.
	timingSlack = 750 * time.Millisecond
)

var gif, _ = base64.StdEncoding.DecodeString("R0lGODlhAQABAAAAACwAAAAAAQABAAACAkQBADs=")

// slowPages makes every page of the tab load slowly: an image the page
// does not have, which the audit answers after slowLoad.
func slowPages(ctx context.Context) error {
	chromedp.ListenTarget(ctx, func(ev any) {
		e, ok := ev.(*fetch.EventRequestPaused)
		if !ok {
			return
		}
		go func() {
			select {
			case <-time.After(slowLoad):
			case <-ctx.Done():
				return
			}
			chromedp.Run(ctx, fetch.FulfillRequest(e.RequestID, 200).
				WithResponseHeaders([]*fetch.HeaderEntry{{Name: "Content-Type", Value: "image/gif"}, {Name: "Cache-Control", Value: "no-store"}}).
				WithBody(base64.StdEncoding.EncodeToString(gif)))
		}()
	})
	return chromedp.Run(ctx,
		fetch.Enable().WithPatterns([]*fetch.RequestPattern{{URLPattern: "*" + slowPath + "*"}}),
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(`new Image().src = "` + slowPath + `";`).Do(ctx)
			return err
		}),
	)
}

// newVisitors visits each page of the journey as a brand-new visitor
// (nothing stored for the site), and returns the requests of each visit
// under the journey's step numbers.
func newVisitors(ctx context.Context, start *url.URL, journey []Step) ([]Request, error) {
	bctx, log, stop, err := recordingBrowser(ctx)
	if err != nil {
		return nil, err
	}
	defer stop()
	origin := start.Scheme + "://" + start.Host
	for i, s := range journey {
		if s.Visit == "" {
			continue
		}
		u, err := start.Parse(s.Visit)
		if err != nil {
			return nil, fmt.Errorf("step %d: %w", i+1, err)
		}
		log.setStep(i + 1)
		if err := chromedp.Run(bctx,
			storage.ClearDataForOrigin(origin, "local_storage,session_storage,indexeddb,cookies,cache_storage,service_workers"),
			chromedp.Navigate(u.String()), chromedp.Evaluate(readyJS, nil, chrome.AwaitPromise)); err != nil {
			return nil, fmt.Errorf("step %d (%s): %w", i+1, s, err)
		}
		log.quiet()
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	return log.requests, nil
}

// checkTiming compares, for each visit step, when each script's request
// went out (from the step's document request) in the runs given.
func checkTiming(rep *Report, runs ...string) []Finding {
	var out []Finding
	for i, s := range rep.Journey {
		if s.Visit == "" {
			continue
		}
		at := map[string]map[string]float64{}
		for _, run := range runs {
			at[run] = scriptTimes(rep.Requests[run], i+1)
		}
		for a := 0; a < len(runs); a++ {
			for b := a + 1; b < len(runs); b++ {
				x, y := at[runs[a]], at[runs[b]]
				for _, req := range slices.Sorted(maps.Keys(x)) {
					ty, ok := y[req]
					if !ok {
						continue // a difference in the requests themselves: checkRequests reports it
					}
					if d := math.Abs(x[req] - ty); d > float64(timingSlack.Milliseconds()) {
						out = append(out, Finding{Check: "timing", Step: i + 1, Detail: fmt.Sprintf(
							"%s went out %.0f ms after the page's request for the %s visitor, %.0f ms for the %s one: when it is asked for depends on the visitor's profile",
							req, x[req], runs[a], ty, runs[b])})
					}
				}
			}
		}
	}
	return out
}

// scriptTimes is, for one step, the moment (ms after the step's first
// document request) of the first request for each URL a script asked for.
func scriptTimes(reqs []Request, step int) map[string]float64 {
	out := map[string]float64{}
	var t0 float64
	for _, r := range reqs {
		if r.Step != step {
			continue
		}
		if r.Type == "Document" && t0 == 0 {
			t0 = r.ts
		}
		if t0 == 0 || !strings.HasPrefix(r.Initiator, "script") || strings.HasPrefix(r.URL, "data:") || strings.HasPrefix(r.URL, "blob:") {
			continue
		}
		u, _, _ := strings.Cut(r.URL, "#")
		k := r.Method + " " + u
		if _, seen := out[k]; !seen {
			out[k] = (r.ts - t0) * 1000
		}
	}
	return out
}

// confirmRounds is how many alternating pairs of loads re-measure a
// timing difference: it stands only if every pair shows it, the same way.
const confirmRounds = 3

// confirmTiming measures each timing difference again before calling it
// one: a busy machine delays a whole page's load by seconds now and then
// (a clean demo failed 1 audit in 3), a profile-dependent start delays it
// every time. For each step with a difference, a brand-new visitor and a
// returning one (the seeded run's profile stored) load the step's page in
// turn, confirmRounds times each, in a browser of their own; the finding
// stands when the request's moments differ by more than timingSlack in
// every pair, in the same direction. What does not persist is counted in
// rep.TimingUnconfirmed and dropped.
func confirmTiming(ctx context.Context, rep *Report, start *url.URL, found []Finding, stored string) ([]Finding, error) {
	if len(found) == 0 {
		return nil, nil
	}
	bctx, log, stop, err := recordingBrowser(ctx)
	if err != nil {
		return nil, err
	}
	defer stop()
	origin := start.Scheme + "://" + start.Host
	blank, _ := start.Parse("/.hearth-audit-blank") // a page of the site's origin that is no page: a 404
	measured := map[int]map[string][2][]float64{}   // step → request → [new, returning] moments
	var out []Finding
	for _, f := range found {
		req, _, _ := strings.Cut(f.Detail, " went out ")
		if _, ok := measured[f.Step]; !ok {
			measured[f.Step] = map[string][2][]float64{}
			u, err := start.Parse(rep.Journey[f.Step-1].Visit)
			if err != nil {
				return nil, err
			}
			for round := range confirmRounds {
				for who := range 2 {
					prep := []chromedp.Action{storage.ClearDataForOrigin(origin, "local_storage,session_storage,indexeddb,cookies,cache_storage,service_workers")}
					if who == 1 {
						prep = append(prep, chromedp.Navigate(blank.String()), chromedp.Evaluate(`localStorage.setItem("hearth:v1", `+jsQuote(stored)+`)`, nil))
					}
					log.setStep(0) // the preparation's requests (the blank page) are not the step's
					if err := chromedp.Run(bctx, prep...); err != nil {
						return nil, fmt.Errorf("re-measuring step %d: %w", f.Step, err)
					}
					log.quiet()
					step := 1000 + 2*round + who
					log.setStep(step)
					if err := chromedp.Run(bctx, chromedp.Navigate(u.String()), chromedp.Evaluate(readyJS, nil, chrome.AwaitPromise)); err != nil {
						return nil, fmt.Errorf("re-measuring step %d: %w", f.Step, err)
					}
					log.quiet()
					log.mu.Lock()
					times := scriptTimes(log.requests, step)
					log.mu.Unlock()
					for k, v := range times {
						m := measured[f.Step][k]
						m[who] = append(m[who], v)
						measured[f.Step][k] = m
					}
				}
			}
		}
		m := measured[f.Step][req]
		if confirmed(m[0], m[1]) {
			f.Detail += fmt.Sprintf("; measured again %d times each way, every time (new visitor %s ms, returning %s ms)", confirmRounds, msList(m[0]), msList(m[1]))
			out = append(out, f)
		} else {
			rep.TimingUnconfirmed++
		}
	}
	return out, nil
}

// confirmed reports whether every pair of moments differs by more than
// timingSlack, the same way. A request asked for in every load by one
// visitor and in none by the other is a difference; one a load missed
// (two CI runs side by side: 2 of 3 loads of a new visitor recorded it)
// is evidence of nothing, and the difference stands unconfirmed.
func confirmed(a, b []float64) bool {
	if len(a) != confirmRounds || len(b) != confirmRounds {
		return len(a) == confirmRounds && len(b) == 0 || len(b) == confirmRounds && len(a) == 0
	}
	sign := 0
	for i := range a {
		d := a[i] - b[i]
		if math.Abs(d) <= float64(timingSlack.Milliseconds()) {
			return false
		}
		s := 1
		if d < 0 {
			s = -1
		}
		if sign != 0 && s != sign {
			return false
		}
		sign = s
	}
	return true
}

func msList(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprintf("%.0f", x)
	}
	return strings.Join(parts, ", ")
}
