package audit

// The measurement's runs in the browser: visitors back after a period, each
// in a browser of its own, sending the one report the module made for
// them. The bare and the seeded visitor's requests are compared with each
// other; every run's report is compared with what its module made.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/tool/chrome"
	"github.com/hearth-personalization/hearth/wasm/rules"
	"github.com/hearth-personalization/hearth/wasm/session"
)

// PageDraws is how many more visitors than the bare and the seeded one the
// audit brings back through the real page by default: each report that
// leaves is one more chance to catch a page side that rewrites some.
const PageDraws = 4

// lastSlot is how long a run waits for a report that has not left by
// 6 s: past the grid's third slot (9 s) by the slack and then some.
const lastSlot = 10 * time.Second

// sentReport reports whether the page sent a request other than a GET in
// the step being recorded (the report, or what stands in for it).
func (l *netLog) sentReport() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, r := range l.requests {
		if r.Step == l.step && r.Method != "GET" {
			return true
		}
	}
	return false
}

// measureRun is one visitor back after a period.
type measureRun struct {
	name   string
	answer measure.Cell // the true answer of every measured experience
}

// measureRunsOf is the bare and the seeded visitor, then draws more, whose
// true answers take each value in turn.
func measureRunsOf(draws int) []measureRun {
	runs := []measureRun{{"measure-bare", measure.NotEligible}, {"measure-seeded", measure.Goal}}
	answers := []measure.Cell{measure.NoGoal, measure.Goal, measure.NotEligible}
	for i := range draws {
		runs = append(runs, measureRun{fmt.Sprintf("measure-draw-%d", i+1), answers[i%len(answers)]})
	}
	return runs
}

// measured is what the runs sent, and what the module made in each.
type measured struct {
	runs     []measureRun
	requests map[string][]Request
	module   map[string][]madeReport // by run: the reports the module handed the page side
	workers  map[string][]string     // by run: the watched workers' script URLs
	origin   map[string]float64      // by run: the page's performance.timeOrigin (ms since the epoch)
}

// measurementRuns brings each visitor back after a period: the bare and
// the seeded one in turn, the draws two at a time. (The two ran apart when
// their moments were compared with each other; each is now timed against
// its own module, so they could run two at a time as well.)
func measurementRuns(ctx context.Context, start *url.URL, m *rules.Measure, canaries []string, draws int) (measured, error) {
	got := measured{runs: measureRunsOf(draws), requests: map[string][]Request{}, module: map[string][]madeReport{}, workers: map[string][]string{}, origin: map[string]float64{}}
	now := time.Now()
	var mu sync.Mutex
	do := func(r measureRun) error {
		run, err := measurementRun(ctx, start, backAfterPeriod(m, now, r.answer, canaries), canaries[0])
		mu.Lock()
		defer mu.Unlock()
		got.requests[r.name], got.module[r.name], got.workers[r.name], got.origin[r.name] = run.requests, run.module, run.workers, run.origin
		if err != nil {
			return fmt.Errorf("%s: %w", r.name, err)
		}
		return nil
	}
	for _, r := range got.runs[:2] {
		if err := do(r); err != nil {
			return got, err
		}
	}
	errs := make(chan error, len(got.runs))
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for _, r := range got.runs[2:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			errs <- do(r)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return got, err
		}
	}
	return got, nil
}

// oneRun is what one visitor's run saw.
type oneRun struct {
	requests []Request
	module   []madeReport
	workers  []string
	origin   float64
}

// measurementRun is one visitor back after a period with the profile
// stored, in a fresh browser: its requests, and the reports its module
// made, as seen inside the worker.
func measurementRun(ctx context.Context, start *url.URL, stored, cookie string) (oneRun, error) {
	var out oneRun
	bctx, log, stop, err := recordingBrowser(ctx)
	if err != nil {
		return out, err
	}
	defer stop()
	err = chromedp.Run(bctx, chromedp.Navigate(start.String()), chromedp.Evaluate(readyJS, nil, chrome.AwaitPromise),
		chromedp.Evaluate(fmt.Sprintf(`localStorage.setItem("hearth:v1", %s); document.cookie = "hearthaudit=%s; path=/"`, jsQuote(stored), cookie), nil))
	watch := log.workers
	watch.forget() // the warm-up's worker, gone with its page
	if err == nil {
		log.quiet()
		log.setStep(1)
		// Past the moment a report leaves (3 s after the page began, or
		// the next multiple of 3 s when the module answered later),
		// whatever the page's own load took.
		err = chromedp.Run(bctx, chromedp.Navigate(start.String()), chromedp.Evaluate(`performance.timeOrigin`, &out.origin),
			chromedp.Evaluate(readyJS, nil, chrome.AwaitPromise),
			chromedp.Poll(`performance.now() > 6000`, nil, chromedp.WithPollingTimeout(30*time.Second)))
		if err == nil && !log.sentReport() {
			// A module slower than 3 s (a busy machine) sends at 6 s or 9 s.
			err = chromedp.Run(bctx, chromedp.Poll(fmt.Sprintf(`performance.now() > %d`, lastSlot.Milliseconds()), nil, chromedp.WithPollingTimeout(30*time.Second)))
		}
		log.quiet()
		if err == nil {
			out.module, out.workers, err = watch.reports()
		}
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	out.requests = log.requests
	return out, err
}

// backAfterPeriod is hearth:v1 for a visitor last here in the previous
// period whose true answer is the same for every measured experience:
// NotEligible (bare: nothing eligible, every arm shown, no canary), Goal
// (seeded: canaries, eligible with the goal, every arm held out) or
// NoGoal (canaries, eligible without the goal, held out).
func backAfterPeriod(m *rules.Measure, now time.Time, answer measure.Cell, canaries []string) string {
	seeded := answer != measure.NotEligible
	period := m.Period(now) - 1
	last := m.Start().Add(time.Duration(period)*time.Duration(m.PeriodDays)*24*time.Hour + time.Hour).UnixMilli()
	arms, elig, goal := map[string]any{}, map[string]any{}, map[string]any{}
	arm := 0
	if seeded {
		arm = 1
	}
	for _, x := range m.Measured {
		arms[x.Experience] = map[string]any{"arm": arm, "at": last}
		if seeded {
			elig[x.Experience] = last
		}
		if answer == measure.Goal {
			goal[x.Experience] = last + 1
		}
	}
	p := map[string]any{"v": 1, "topics": map[string]any{}, "visits": 1, "pages": 1, "firstSeen": last, "lastSeen": last,
		"measure": measureState(m, period, last, arms, elig, goal)}
	if seeded {
		p["visits"], p["pages"] = 9, 40
		p["declared"] = map[string]any{canaries[1]: map[string]any{"on": true, "at": last}}
		p["topics"] = map[string]any{canaries[0]: map[string]any{"events": []any{map[string]any{"kind": "track", "at": last, "weight": 99}}}}
	}
	b, _ := json.Marshal(p)
	return string(b)
}

// measureState is a stored measurement's state (hearth:v1's "measure"),
// drawn under m's basis.
func measureState(m *rules.Measure, period int, at int64, arms, elig, goal map[string]any) map[string]any {
	b := session.BasisOf(m)
	return map[string]any{"id": m.ID, "period": period, "at": at, "start": b.Start, "days": b.Days, "holdout": b.Holdout,
		"arms": arms, "eligible": elig, "goal": goal}
}
