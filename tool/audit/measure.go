package audit

// Private measurement (docs/MEASUREMENT.md), audited where the site's
// config turns it on. In the browser: two visitors come back after a
// period, one with a bare profile and one seeded with canaries; each must
// send exactly one report, to the site's /hearth/report, of the
// measurement's fixed size and schema, without cookie or referrer or
// canary, at the same moment. Natively, through the same Go code the
// module runs (wasm/session), ≥ 10,000 reports from each of those two
// profiles: every answer's frequency from one within e^ε of the other's,
// allowing for sampling error. A mechanism that leaks (ε ignored, the
// true answer sent) fails it (TestMechanismCheckCatchesLeaks).

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/tool/chrome"
	"github.com/hearth-personalization/hearth/wasm/measure"
	"github.com/hearth-personalization/hearth/wasm/rules"
	"github.com/hearth-personalization/hearth/wasm/session"
)

// MeasureDraws is how many reports the statistical check draws per profile.
const MeasureDraws = 10000

// MeasureAudit is what the audit found of the site's measurement.
type MeasureAudit struct {
	On          bool    `json:"on"`
	Measurement string  `json:"measurement,omitempty"`
	Epsilon     float64 `json:"epsilon,omitempty"`
	Size        int     `json:"size,omitempty"`
	Draws       int     `json:"draws,omitempty"`
	// WorstLogRatio is the largest |log(f_a(c) / f_b(c))| over the
	// experiences and answers, and WorstLower its lower 99.9% bound: the
	// check fails when that bound exceeds ε.
	WorstLogRatio float64 `json:"worstLogRatio,omitempty"`
	WorstLower    float64 `json:"worstLowerBound,omitempty"`
}

// siteConfigJS reads the config the page's loader uses: fetched from
// data-config, or inline.
const siteConfigJS = `(async () => {
	const s = document.querySelector("script[data-config]");
	if (s) { const r = await fetch(new URL(s.getAttribute("data-config"), location.href), {cache: "no-store"}); return r.ok ? await r.text() : ""; }
	const i = document.getElementById("hearth-config");
	return i ? i.textContent : "";
})()`

// siteMeasure reads the site's config and its measure section; nil when
// measurement is off.
func siteMeasure(ctx context.Context, start *url.URL) (*rules.Measure, string, error) {
	bctx, stop, err := chrome.New(ctx)
	if err != nil {
		return nil, "", err
	}
	defer stop()
	var text string
	if err := chromedp.Run(bctx, chromedp.Navigate(start.String()), chrome.EvalAwait(siteConfigJS, &text)); err != nil {
		return nil, "", fmt.Errorf("reading the site's config: %w", err)
	}
	cfg, err := rules.Parse([]byte(text))
	if err != nil {
		return nil, "", nil // no config Hearth reads: Hearth runs no measurement either
	}
	return cfg.Measure, text, nil
}

// auditMeasurement runs the measurement checks when the site measures.
func auditMeasurement(ctx context.Context, rep *Report, start *url.URL) error {
	m, text, err := siteMeasure(ctx, start)
	if err != nil || m == nil {
		rep.Measure = &MeasureAudit{}
		return err
	}
	reqs, err := measurementRuns(ctx, start, m, rep.Canaries)
	if err != nil {
		return err
	}
	for run, r := range reqs {
		rep.Requests[run] = r
	}
	rep.Findings = append(rep.Findings, checkReports(reqs, start, m, rep.Canaries)...)
	res, found := checkMechanism(m, sessionDrawer(text, time.Now()), MeasureDraws, rep.Canaries)
	rep.Measure = &res
	rep.Findings = append(rep.Findings, found...)
	return nil
}

// backAfterPeriod is hearth:v1 for a visitor last here in the previous
// period: bare (nothing eligible, every arm shown), or seeded (canaries,
// every experience eligible with its goal, every arm held out).
func backAfterPeriod(m *rules.Measure, now time.Time, seeded bool, canaries []string) string {
	period := measure.Period(m.Start(), m.PeriodDays, now) - 1
	last := m.Start().Add(time.Duration(period)*time.Duration(m.PeriodDays)*24*time.Hour + time.Hour).UnixMilli()
	arms, elig, goal := map[string]any{}, map[string]any{}, map[string]any{}
	arm := 0
	if seeded {
		arm = 1
	}
	for _, x := range m.Measured {
		arms[x.Experience] = map[string]any{"arm": arm, "at": last}
		if seeded {
			elig[x.Experience], goal[x.Experience] = last, last+1
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

// measurementRuns has each of the two visitors come back after a period
// in a fresh browser, and returns their requests by run.
func measurementRuns(ctx context.Context, start *url.URL, m *rules.Measure, canaries []string) (map[string][]Request, error) {
	out := map[string][]Request{}
	now := time.Now()
	for _, run := range []string{"measure-bare", "measure-seeded"} {
		bctx, log, stop, err := recordingBrowser(ctx)
		if err != nil {
			return nil, err
		}
		stored := backAfterPeriod(m, now, run == "measure-seeded", canaries)
		err = chromedp.Run(bctx, chromedp.Navigate(start.String()), chromedp.Evaluate(readyJS, nil, chrome.AwaitPromise),
			chromedp.Evaluate(fmt.Sprintf(`localStorage.setItem("hearth:v1", %s); document.cookie = "hearthaudit=%s; path=/"`, jsQuote(stored), canaries[0]), nil))
		if err == nil {
			log.quiet()
			log.setStep(1)
			// Past the moment a report leaves (3 s after the page began),
			// whatever the page's own load took.
			err = chromedp.Run(bctx, chromedp.Navigate(start.String()), chromedp.Evaluate(readyJS, nil, chrome.AwaitPromise),
				chromedp.Poll(`performance.now() > 6000`, nil, chromedp.WithPollingTimeout(30*time.Second)))
			log.quiet()
		}
		log.mu.Lock()
		out[run] = log.requests
		log.mu.Unlock()
		stop()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", run, err)
		}
	}
	return out, nil
}

func jsQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// checkReports finds what is wrong with the measurement runs' reports.
func checkReports(reqs map[string][]Request, start *url.URL, m *rules.Measure, canaries []string) []Finding {
	var out []Finding
	origin := start.Scheme + "://" + start.Host
	size := measure.Size(m.ID, m.Names())
	when := map[string]float64{}
	for _, run := range []string{"measure-bare", "measure-seeded"} {
		var reports []Request
		var navStart float64
		for _, r := range reqs[run] {
			if r.Step != 1 {
				continue
			}
			if navStart == 0 && r.Type == "Document" {
				navStart = r.ts
			}
			if r.Method != "GET" {
				reports = append(reports, r)
			}
		}
		if len(reports) != 1 {
			out = append(out, Finding{Check: "measure", Run: run, Step: 1, Detail: fmt.Sprintf("%d requests other than GET after a period, want exactly one report", len(reports))})
		}
		for _, r := range reports {
			where := r.Method + " " + r.URL
			if u, err := url.Parse(r.URL); err != nil || u.Scheme+"://"+u.Host != origin || !strings.HasSuffix(u.Path, "/report") || u.RawQuery != "" {
				out = append(out, Finding{Check: "measure", Run: run, Detail: where + ": a report goes to the site's own /hearth/report, without a query"})
			}
			if r.Method != "POST" {
				out = append(out, Finding{Check: "measure", Run: run, Detail: where + ": a report is a POST"})
			}
			if len(r.Body) != size {
				out = append(out, Finding{Check: "measure", Run: run, Detail: fmt.Sprintf("%s: a body of %d bytes, want the measurement's fixed %d", where, len(r.Body), size)})
			}
			rep, err := measure.Decode([]byte(r.Body))
			switch {
			case err != nil:
				out = append(out, Finding{Check: "measure", Run: run, Detail: where + ": not a report: " + err.Error()})
			case rep.Measurement != m.ID || len(rep.Entries) != len(m.Measured):
				out = append(out, Finding{Check: "measure", Run: run, Detail: where + ": not a report of this measurement's experiences"})
			}
			for k, v := range r.Headers {
				switch strings.ToLower(k) {
				case "cookie", "referer", "authorization":
					if v == "" {
						continue
					}
					out = append(out, Finding{Check: "measure", Run: run, Detail: where + " sends " + k + ": " + v})
				}
			}
			for _, c := range canaries {
				if strings.Contains(r.URL+r.Body, c) {
					out = append(out, Finding{Check: "canary", Run: run, Detail: where + " carries the canary " + c})
				}
			}
			when[run] = r.ts - navStart
		}
	}
	if a, okA := when["measure-bare"]; okA {
		if b, okB := when["measure-seeded"]; okB && math.Abs(a-b) > timingSlack.Seconds() {
			out = append(out, Finding{Check: "measure", Detail: fmt.Sprintf("the report left %.0f ms after the page began for the bare visitor, %.0f ms for the seeded one: its moment depends on the profile", 1000*a, 1000*b)})
		}
	}
	return out
}

// drawer makes one report from a stored profile, as the module does on
// the first page view after a period; "" when it makes none.
type drawer func(stored string) (string, error)

// sessionDrawer runs the real session code (the module's Go, natively).
func sessionDrawer(config string, now time.Time) drawer {
	return func(stored string) (string, error) {
		msg, _ := json.Marshal(map[string]any{"t": "boot", "config": config, "stored": stored, "storage": true,
			"facts": map[string]any{"path": "/", "lang": "en", "width": 1280}})
		_, out, err := session.Boot(msg, now)
		if err != nil {
			return "", err
		}
		var u struct{ Report string }
		if err := json.Unmarshal(out, &u); err != nil {
			return "", err
		}
		return u.Report, nil
	}
}

// checkMechanism draws n reports from each of two profiles whose true
// answers differ in every entry (bare: not eligible; seeded: eligible with
// the goal) and compares the answers' frequencies: each ratio must be
// within e^ε but for sampling error (its 99.9% bound). Every draw must make
// exactly one report of the fixed size.
func checkMechanism(m *rules.Measure, draw drawer, n int, canaries []string) (MeasureAudit, []Finding) {
	res := MeasureAudit{On: true, Measurement: m.ID, Epsilon: m.Epsilon, Size: measure.Size(m.ID, m.Names()), Draws: n}
	var out []Finding
	now := time.Now()
	freq := [2][][measure.K]float64{}
	for i, seeded := range []bool{false, true} {
		stored := backAfterPeriod(m, now, seeded, canaries)
		freq[i] = make([][measure.K]float64, len(m.Measured))
		for range n {
			body, err := draw(stored)
			if err != nil {
				return res, append(out, Finding{Check: "measure", Detail: "drawing a report: " + err.Error()})
			}
			if len(body) != res.Size {
				return res, append(out, Finding{Check: "measure", Detail: fmt.Sprintf("a draw made a report of %d bytes, want %d every time (an absent report counts as 0)", len(body), res.Size)})
			}
			rep, err := measure.Decode([]byte(body))
			if err != nil || len(rep.Entries) != len(m.Measured) {
				return res, append(out, Finding{Check: "measure", Detail: fmt.Sprintf("a draw made %q, not a report of this measurement", body)})
			}
			for j, e := range rep.Entries {
				freq[i][j][e.Cell]++
			}
		}
	}
	const z = 3.29 // two-sided 99.9%: over a few dozen ratios, a false alarm about 1 in 30 audits at most
	for j, x := range m.Measured {
		for c := range measure.K {
			a, b := freq[0][j][c], freq[1][j][c]
			if a == 0 || b == 0 {
				out = append(out, Finding{Check: "measure", Detail: fmt.Sprintf("%s: answer %d never drawn from one profile in %d reports: the answers are not randomized", x.Experience, c, n)})
				continue
			}
			lr := math.Abs(math.Log(a / b))
			lower := lr - z*math.Sqrt(1/a-1/float64(n)+1/b-1/float64(n))
			if lr > res.WorstLogRatio {
				res.WorstLogRatio, res.WorstLower = lr, lower
			}
			if lower > m.Epsilon {
				out = append(out, Finding{Check: "measure", Detail: fmt.Sprintf("%s: answer %d drawn %.0f vs %.0f times in %d reports from a bare and a seeded profile: a ratio of e^%.2f (at least e^%.2f), over e^ε = e^%g", x.Experience, c, a, b, n, lr, lower, m.Epsilon)})
			}
		}
	}
	return res, out
}
