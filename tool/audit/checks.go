package audit

// What the two runs' requests must have in common: no canary, only GETs to
// the site, the same requests per step, from each initiator in the same
// order.

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"sort"
	"strings"
)

// checkRequests finds canaries in requests, requests that are not GETs to
// the site, and steps whose requests differ between the runs.
func checkRequests(rep *Report, start *url.URL) []Finding {
	var out []Finding
	origin := start.Scheme + "://" + start.Host
	for _, run := range []string{"fresh", "seeded", "new"} {
		for _, r := range rep.Requests[run] {
			if strings.HasPrefix(r.URL, "data:") || strings.HasPrefix(r.URL, "blob:") {
				continue // never leaves the browser
			}
			where := fmt.Sprintf("%s %s (%s, from %s)", r.Method, r.URL, r.Type, r.Initiator)
			for _, c := range rep.Canaries {
				hit := strings.Contains(r.URL, c) || strings.Contains(r.Body, c)
				if u, err := url.QueryUnescape(r.URL); err == nil && strings.Contains(u, c) {
					hit = true
				}
				for _, v := range r.Headers {
					hit = hit || strings.Contains(v, c)
				}
				if hit {
					out = append(out, Finding{Check: "canary", Run: run, Step: r.Step, Detail: where + " carries the canary " + c})
				}
			}
			if u, err := url.Parse(r.URL); err != nil || u.Scheme+"://"+u.Host != origin {
				out = append(out, Finding{Check: "foreign", Run: run, Step: r.Step, Detail: where + " is not to the site's own origin"})
			}
			if r.Method != "GET" {
				out = append(out, Finding{Check: "method", Run: run, Step: r.Step, Detail: where + " is not a GET"})
			}
		}
	}
	// Per step, the same requests in both runs (the seeding step aside),
	// and from each initiator in the same order: the order in which a script
	// asks for a variant's images could tell which one won as well as a
	// request could. (Between initiators the order is the network's race.)
	for i := range rep.Journey {
		a, b := stepRequests(rep.Requests["fresh"], i+1), stepRequests(rep.Requests["seeded"], i+1)
		for _, only := range []struct {
			run  string
			list []string
		}{{"fresh", minus(a, b)}, {"seeded", minus(b, a)}} {
			for _, r := range only.list {
				out = append(out, Finding{Check: "differs", Run: only.run, Step: i + 1,
					Detail: r + " only in the " + only.run + " run: the request depends on the visitor's profile"})
			}
		}
		fa, fb := stepOrder(rep.Requests["fresh"], i+1), stepOrder(rep.Requests["seeded"], i+1)
		for _, from := range slices.Sorted(maps.Keys(fa)) {
			x, y := fa[from], fb[from]
			if strings.Join(x, "\n") == strings.Join(y, "\n") || !sameSet(x, y) {
				continue // the same order, or a difference reported above
			}
			if !strings.HasPrefix(from, "script") {
				// The parser's requests (and scripts' ones Chromium credits to the
				// parser) are issued by its resource scheduler, whose order races
				// with the page's loading: only a script's own order is compared.
				continue
			}
			out = append(out, Finding{Check: "order", Step: i + 1,
				Detail: "requests from " + from + " in a different order (fresh: " + strings.Join(x, ", ") + "; seeded: " + strings.Join(y, ", ") + "): the order depends on the visitor's profile"})
		}
	}
	return out
}

// stepOrder is a step's requests, as stepRequests counts them, in the order
// they were made, grouped by initiator.
func stepOrder(reqs []Request, step int) map[string][]string {
	out := map[string][]string{}
	for _, r := range reqs {
		if r.Step == step && !r.Cached && !strings.HasPrefix(r.URL, "data:") && !strings.HasPrefix(r.URL, "blob:") {
			u, _, _ := strings.Cut(r.URL, "#")
			out[r.Initiator] = append(out[r.Initiator], r.Method+" "+u)
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	sort.Strings(x)
	sort.Strings(y)
	return slices.Equal(x, y)
}

func stepRequests(reqs []Request, step int) []string {
	var out []string
	for _, r := range reqs {
		if r.Step == step && !r.Cached && !strings.HasPrefix(r.URL, "data:") && !strings.HasPrefix(r.URL, "blob:") {
			u := r.URL
			if i := strings.IndexByte(u, '#'); i >= 0 {
				u = u[:i]
			}
			out = append(out, r.Method+" "+u)
		}
	}
	sort.Strings(out)
	return out
}

// minus is the multiset difference a − b of sorted lists.
func minus(a, b []string) []string {
	var out []string
	i, j := 0, 0
	for i < len(a) {
		switch {
		case j >= len(b) || a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] == b[j]:
			i++
			j++
		default:
			j++
		}
	}
	return out
}
