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

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/tool/chrome"
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
	// PageReports is how many visitors came back through the real page,
	// each report that left compared byte for byte with the one its module
	// made (seen inside the worker).
	PageReports int `json:"pageReports,omitempty"`
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
func auditMeasurement(ctx context.Context, rep *Report, start *url.URL, draws int) error {
	m, text, err := siteMeasure(ctx, start)
	if err != nil || m == nil {
		rep.Measure = &MeasureAudit{}
		return err
	}
	got, err := measurementRuns(ctx, start, m, rep.Canaries, draws)
	if err != nil {
		return err
	}
	for run, r := range got.requests {
		rep.Requests[run] = r
	}
	rep.Findings = append(rep.Findings, checkReports(got, start, m, rep.Canaries)...)
	res, found := checkMechanism(m, sessionDrawer(text, time.Now()), MeasureDraws, rep.Canaries)
	res.PageReports = len(got.runs)
	rep.Measure = &res
	rep.Findings = append(rep.Findings, found...)
	return nil
}

func jsQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
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

// checkMechanism draws n reports from each of three profiles whose true
// answers differ in every entry (bare: 0, not eligible; seeded: 1, eligible
// with the goal; 2, eligible without it) and compares the answers'
// frequencies for every pair of profiles: each ratio must be within e^ε
// but for sampling error (its 99.9% bound). Every draw must make exactly
// one report of the fixed size, written exactly as the device writes one,
// and its nonce must be uniform whatever the profile (each hex digit's
// frequencies, per profile, by a chi-square test): a nonce derived from
// the answer would carry it out. The draws test the auditor's own binary
// (its wasm/session); `hearth verify -url` ties that binary's bundle to
// what the site serves.
func checkMechanism(m *rules.Measure, draw drawer, n int, canaries []string) (MeasureAudit, []Finding) {
	res := MeasureAudit{On: true, Measurement: m.ID, Epsilon: m.Epsilon, Size: m.ReportSize(), Draws: n}
	var out []Finding
	now := time.Now()
	answers := []measure.Cell{measure.NotEligible, measure.Goal, measure.NoGoal}
	freq := make([][][measure.K]float64, len(answers))
	for i, answer := range answers {
		stored := backAfterPeriod(m, now, answer, canaries)
		freq[i] = make([][measure.K]float64, len(m.Measured))
		var digits [measure.NonceLen][16]float64
		for range n {
			body, err := draw(stored)
			if err != nil {
				return res, append(out, Finding{Check: "measure", Detail: "drawing a report: " + err.Error()})
			}
			if len(body) != res.Size {
				return res, append(out, Finding{Check: "measure", Detail: fmt.Sprintf("a draw made a report of %d bytes, want %d every time (an absent report counts as 0)", len(body), res.Size)})
			}
			rep, err := measure.DecodeExact([]byte(body), res.Size)
			if err != nil || len(rep.Entries) != len(m.Measured) {
				return res, append(out, Finding{Check: "measure", Detail: fmt.Sprintf("a draw made %q, not a report of this measurement as the device writes it", body)})
			}
			for j, e := range rep.Entries {
				freq[i][j][e.Cell]++
			}
			for k, c := range []byte(rep.Nonce) {
				digits[k][strings.IndexByte("0123456789abcdef", c)]++
			}
		}
		// χ² with 15 degrees of freedom: past 52.6, p < 1e-5 (over 96
		// positions and profiles, a false alarm about once in 1,000 audits).
		for k := range digits {
			chi, e := 0.0, float64(n)/16
			for _, o := range digits[k] {
				chi += (o - e) * (o - e) / e
			}
			if chi > 52.6 {
				out = append(out, Finding{Check: "measure", Detail: fmt.Sprintf("the nonce's hex digit %d is not uniform for the profile whose answer is %d (χ² = %.0f over %d reports): the nonce may carry the profile", k+1, answer, chi, n)})
				break
			}
		}
	}
	const z = 3.29 // two-sided 99.9%: over a few dozen ratios, a false alarm about 1 in 30 audits at most
	for a := range answers {
		for b := a + 1; b < len(answers); b++ {
			for j, x := range m.Measured {
				for c := range measure.K {
					fa, fb := freq[a][j][c], freq[b][j][c]
					if fa == 0 || fb == 0 {
						out = append(out, Finding{Check: "measure", Detail: fmt.Sprintf("%s: answer %d never drawn from one profile in %d reports: the answers are not randomized", x.Experience, c, n)})
						continue
					}
					lr := math.Abs(math.Log(fa / fb))
					lower := lr - z*math.Sqrt(1/fa-1/float64(n)+1/fb-1/float64(n))
					if lr > res.WorstLogRatio {
						res.WorstLogRatio, res.WorstLower = lr, lower
					}
					if lower > m.Epsilon {
						out = append(out, Finding{Check: "measure", Detail: fmt.Sprintf("%s: answer %d drawn %.0f vs %.0f times in %d reports from profiles whose true answers are %d and %d: a ratio of e^%.2f (at least e^%.2f), over e^ε = e^%g", x.Experience, c, fa, fb, n, answers[a], answers[b], lr, lower, m.Epsilon)})
					}
				}
			}
		}
	}
	return res, out
}
