package audit

// The checks of what the measurement runs sent: the report itself (its
// path, method, headers, form and moment) and every other request (no
// canary anywhere, the same requests for the bare and the seeded visitor).

import (
	"fmt"
	"maps"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// checkReports finds what is wrong with the measurement runs' reports.
func checkReports(got measured, start *url.URL, m *rules.Measure, canaries []string) []Finding {
	var out []Finding
	origin := start.Scheme + "://" + start.Host
	size := m.ReportSize()
	for _, mr := range got.runs {
		run := mr.name
		var reports []Request
		var navStart float64
		for _, r := range got.requests[run] {
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
			if u, err := url.Parse(r.URL); err != nil || u.Scheme+"://"+u.Host != origin || u.Path != server.ReportPath || u.RawQuery != "" || u.Fragment != "" {
				out = append(out, Finding{Check: "measure", Run: run, Detail: where + ": a report goes to the site's own " + server.ReportPath + " exactly, without a query"})
			}
			if r.Method != "POST" {
				out = append(out, Finding{Check: "measure", Run: run, Detail: where + ": a report is a POST"})
			}
			if len(r.Body) != size {
				out = append(out, Finding{Check: "measure", Run: run, Detail: fmt.Sprintf("%s: a body of %d bytes, want the measurement's fixed %d", where, len(r.Body), size)})
			}
			rep, err := measure.DecodeExact([]byte(r.Body), size)
			switch {
			case err != nil:
				out = append(out, Finding{Check: "measure", Run: run, Detail: where + ": not a report: " + err.Error()})
			case rep.Measurement != m.ID || len(rep.Entries) != len(m.Measured):
				out = append(out, Finding{Check: "measure", Run: run, Detail: where + ": not a report of this measurement's experiences"})
			}
			for _, msg := range reportHeaders(r.Headers) {
				out = append(out, Finding{Check: "measure", Run: run, Detail: where + ": " + msg})
			}
			made, msg := madeByModule(r.Body, got.module[run], got.workers[run])
			if msg != "" {
				out = append(out, Finding{Check: "measure", Run: run, Detail: where + ": " + msg})
			}
			if msg := onItsSlot(1000*(r.ts-navStart), made.At-got.origin[run]); msg != "" && made.At > 0 && got.origin[run] > 0 {
				out = append(out, Finding{Check: "measure", Run: run, Detail: where + ": " + msg})
			}
		}
	}
	// Every request of every run, not the report alone: a site script or a
	// patched page side may carry the profile in any of them, in a header
	// as well as in the URL or the body.
	for _, mr := range got.runs {
		run := mr.name
		for _, r := range got.requests[run] {
			for _, c := range canaries {
				if carries(r, c) {
					out = append(out, Finding{Check: "canary", Run: run, Step: r.Step, Detail: r.Method + " " + r.URL + " carries the canary " + c})
				}
			}
		}
	}
	// The two runs make the same requests: what differs depends on the profile.
	bare, seeded := requestSet(got.requests["measure-bare"]), requestSet(got.requests["measure-seeded"])
	for k, n := range bare {
		if seeded[k] != n {
			out = append(out, Finding{Check: "measure", Detail: fmt.Sprintf("%s: %d times for the bare visitor, %d for the seeded one", k, n, seeded[k])})
		}
	}
	for k, n := range seeded {
		if _, ok := bare[k]; !ok {
			out = append(out, Finding{Check: "measure", Detail: fmt.Sprintf("%s: %d times for the seeded visitor, never for the bare one", k, n)})
		}
	}
	return out
}

// onItsSlot says what is wrong with the moment a report left (ms after the
// page began), given when its module handed it over: it leaves at the
// first multiple of 3 s after that (the page side's REPORT_AT), or the one
// after when the module answered just before one (the page applies the
// answer a little later). Later, someone held it back; between slots,
// someone timed it. A module slower than 3 s (a busy machine, a larger
// profile) moves the slot itself, which is the design's and not a finding.
func onItsSlot(left, made float64) string {
	grid, slack := float64(reportGrid.Milliseconds()), float64(reportSlack.Milliseconds())
	first := max(1, math.Ceil(made/grid))
	for _, k := range []float64{first, first + 1} {
		if k == first+1 && first*grid-made > slack {
			break // the page had time to take it before the first
		}
		if math.Abs(left-k*grid) <= slack {
			return ""
		}
	}
	return fmt.Sprintf("left %.0f ms after the page began, but its module made it at %.0f ms: it leaves at the first multiple of %v after that (within %v); it was held back or timed", left, made, reportGrid, reportSlack)
}

// madeByModule finds the report that left among those its page's module
// made (seen inside the worker), byte for byte, and says what is wrong
// when it is none of them.
func madeByModule(body string, module []madeReport, workers []string) (madeReport, string) {
	var bodies []string
	for _, m := range module {
		if m.Body == body {
			return m, ""
		}
		bodies = append(bodies, m.Body)
	}
	switch {
	case len(workers) == 0:
		return madeReport{}, "no Hearth worker ran on the page, yet a report left: the module did not make it"
	case len(module) == 0:
		return madeReport{}, fmt.Sprintf("the module (in %s) made no report, yet one left", strings.Join(workers, ", "))
	}
	return madeReport{}, fmt.Sprintf("not the report the module made: %q left, the module made %q (the page side or a site script rewrote it)", body, strings.Join(bodies, `", "`))
}

// reportGrid is the page side's REPORT_AT: a report leaves at a multiple
// of it after the page began. reportSlack is how far from it a report may
// leave: a busy machine moves a timer by tens of ms, not hundreds.
const (
	reportGrid  = 3 * time.Second
	reportSlack = 300 * time.Millisecond
)

// browserHeaders are the headers Chromium sends with the page side's
// report (a same-origin fetch, text/plain, no credentials, no referrer):
// anything else was added by someone.
var browserHeaders = map[string]bool{
	"host": true, "connection": true, "content-length": true, "content-type": true, "origin": true, "user-agent": true,
	"accept": true, "accept-encoding": true, "accept-language": true, "cache-control": true, "pragma": true,
	"sec-ch-ua": true, "sec-ch-ua-mobile": true, "sec-ch-ua-platform": true,
	"sec-fetch-site": true, "sec-fetch-mode": true, "sec-fetch-dest": true, "sec-fetch-storage-access": true,
	"priority": true,
}

// reportHeaders says what is wrong with a report's headers: one a browser
// does not send for it (a site script's own, carrying anything), a cookie,
// a referrer, or a Content-Type other than text/plain.
func reportHeaders(h map[string]string) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(h)) {
		v, lk := h[k], strings.ToLower(k)
		switch {
		case strings.HasPrefix(lk, ":"): // HTTP/2 pseudo-headers
		case lk == "cookie" || lk == "referer" || lk == "authorization":
			if v != "" {
				out = append(out, "sends "+k+": "+v)
			}
		case lk == "content-type":
			if mt, _, _ := strings.Cut(v, ";"); !strings.EqualFold(strings.TrimSpace(mt), "text/plain") {
				out = append(out, "sends Content-Type: "+v+", want text/plain")
			}
		case !browserHeaders[lk]:
			out = append(out, "sends "+k+": "+v+", a header the page side's fetch does not send")
		}
	}
	return out
}

// carries reports whether a request holds the canary: in its URL, its
// body or any header's value.
func carries(r Request, canary string) bool {
	if strings.Contains(r.URL+r.Body, canary) {
		return true
	}
	for k, v := range r.Headers {
		if strings.EqualFold(k, "cookie") {
			continue // the audit's own cookie carries a canary by design: the report check refuses any cookie
		}
		if strings.Contains(v, canary) {
			return true
		}
	}
	return false
}

// requestSet counts each request (method and URL) of a run.
func requestSet(reqs []Request) map[string]int {
	out := map[string]int{}
	for _, r := range reqs {
		u, _, _ := strings.Cut(r.URL, "#")
		out[r.Method+" "+u]++
	}
	return out
}
