// Package audit is `audit`: it drives headless Chromium over a site twice,
// as a fresh visitor and as one whose profile was seeded very differently
// and salted with canary strings, and proves that nothing about the visitor
// leaves the browser (PRIVACY.md says what it checks and what it cannot).
package audit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"hearth/tool/chrome"
)

// Step is one action of a journey. Exactly one field is set.
type Step struct {
	Visit   string `json:"visit,omitempty"`   // a path (or URL) on the site
	Click   string `json:"click,omitempty"`   // a CSS selector on the current page
	Declare string `json:"declare,omitempty"` // a topic, through hearth.declare
}

func (s Step) String() string {
	switch {
	case s.Visit != "":
		return "visit " + s.Visit
	case s.Click != "":
		return "click " + s.Click
	default:
		return "declare " + s.Declare
	}
}

// Request is one network request the browser made.
type Request struct {
	Step      int               `json:"step"` // 0: seeding, 1…: the journey's steps
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	Type      string            `json:"type"`
	Initiator string            `json:"initiator"`
	Cached    bool              `json:"cached,omitempty"` // served from the browser's cache: it never reached the network
	Headers   map[string]string `json:"-"`
	Body      string            `json:"-"`
	id        network.RequestID
}

// Finding is one reason the audit fails.
type Finding struct {
	Check  string `json:"check"` // canary, differs, order, foreign, method, storage
	Run    string `json:"run,omitempty"`
	Step   int    `json:"step,omitempty"`
	Detail string `json:"detail"`
}

// Report is what `audit --json` prints.
type Report struct {
	URL      string               `json:"url"`
	Journey  []Step               `json:"journey"`
	Canaries []string             `json:"canaries"`
	Requests map[string][]Request `json:"requests"` // by run: "fresh", "seeded"; step 0 is the first visit (and the seeding)
	Findings []Finding            `json:"findings"`
	Clean    bool                 `json:"clean"`
}

// Run drives headless Chromium over a site twice, as a fresh visitor and
// as one whose profile was seeded very differently and salted with canary
// strings, and proves that nothing about the visitor leaves the browser.
func Run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stdout) // -h and flag errors where the report goes
	journeyFile := fs.String("journey", "", "a JSON file of steps: [{\"visit\": \"/\"}, {\"click\": \"a.x\"}, {\"declare\": \"topic\"}]")
	maxPages := fs.Int("max-pages", 8, "without --journey: how many same-origin pages to walk")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	timeout := fs.Duration("timeout", 3*time.Minute, "give up after this long")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("audit: give the site's URL, e.g. go run ./build audit http://127.0.0.1:8080/")
	}
	start, err := url.Parse(fs.Arg(0))
	if err != nil || (start.Scheme != "http" && start.Scheme != "https") || start.Host == "" {
		return fmt.Errorf("audit: %q is not an http(s) URL", fs.Arg(0))
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	var journey []Step
	if *journeyFile != "" {
		b, err := os.ReadFile(*journeyFile)
		if err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		if err := json.Unmarshal(b, &journey); err != nil {
			return fmt.Errorf("audit: %s: %w", *journeyFile, err)
		}
		for i, s := range journey {
			n := 0
			for _, f := range []string{s.Visit, s.Click, s.Declare} {
				if f != "" {
					n++
				}
			}
			if n != 1 {
				return fmt.Errorf("audit: %s: step %d must have exactly one of visit, click, declare", *journeyFile, i+1)
			}
		}
		if len(journey) == 0 || journey[0].Visit == "" {
			return fmt.Errorf("audit: %s: the journey must start with a visit", *journeyFile)
		}
	} else if journey, err = crawl(ctx, start, *maxPages); err != nil {
		return err
	}

	rep := &Report{URL: start.String(), Journey: journey, Requests: map[string][]Request{}}
	rep.Canaries = []string{canary(), canary()}
	topics := map[string]bool{}
	for _, run := range []string{"fresh", "seeded"} {
		reqs, found, seen, err := runJourney(ctx, start, journey, run == "seeded", rep.Canaries, topics)
		if err != nil {
			return fmt.Errorf("audit: %s run: %w", run, err)
		}
		for t := range seen {
			topics[t] = true
		}
		rep.Requests[run] = reqs
		for _, f := range found {
			f.Run = run
			rep.Findings = append(rep.Findings, f)
		}
	}
	rep.Findings = append(rep.Findings, checkRequests(rep, start)...)
	rep.Clean = len(rep.Findings) == 0
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		printReport(stdout, rep)
	}
	if !rep.Clean {
		return fmt.Errorf("audit: %d findings: data may leave the browser", len(rep.Findings))
	}
	return nil
}

func canary() string {
	b := make([]byte, 6)
	rand.Read(b)
	return "hearthcanary" + hex.EncodeToString(b)
}

// crawl walks same-origin links breadth first and returns a journey that
// visits each page found, and toggles a declared preference where a page
// offers one.
func crawl(ctx context.Context, start *url.URL, max int) ([]Step, error) {
	bctx, stop, err := chrome.New(ctx)
	if err != nil {
		return nil, err
	}
	defer stop()
	queue, seen := []string{start.String()}, map[string]bool{pageKey(start): true}
	var journey []Step
	for len(queue) > 0 && len(journey) < max {
		u := queue[0]
		queue = queue[1:]
		var links []string
		var declare string
		if err := chromedp.Run(bctx, chromedp.Navigate(u),
			chromedp.Evaluate(`[...document.querySelectorAll("a[href]")].map(a => a.href)`, &links),
			chromedp.Evaluate(`(document.querySelector("input[data-hearth-declare]") || {getAttribute: () => ""}).getAttribute("data-hearth-declare")`, &declare),
		); err != nil {
			return nil, fmt.Errorf("audit: walking %s: %w", u, err)
		}
		pu, _ := url.Parse(u)
		journey = append(journey, Step{Visit: pu.RequestURI()})
		if declare != "" {
			journey = append(journey, Step{Click: `input[data-hearth-declare="` + declare + `"]`})
		}
		for _, l := range links {
			lu, err := url.Parse(l)
			if err != nil || lu.Scheme+"://"+lu.Host != start.Scheme+"://"+start.Host || seen[pageKey(lu)] {
				continue
			}
			seen[pageKey(lu)] = true
			queue = append(queue, lu.String())
		}
	}
	return journey, nil
}

func pageKey(u *url.URL) string { return u.Path + "?" + u.RawQuery }

// netLog collects the requests of one run, attributed to the step that
// was running.
type netLog struct {
	mu       sync.Mutex
	step     int
	requests []Request
	frames   []string // WebSocket frames sent
	last     time.Time
}

func (n *netLog) listen(ctx context.Context) {
	chromedp.ListenTarget(ctx, func(ev any) {
		n.mu.Lock()
		defer n.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			r := Request{Step: n.step, Method: e.Request.Method, URL: e.Request.URL, Type: string(e.Type), Headers: map[string]string{}, id: e.RequestID}
			for k, v := range e.Request.Headers {
				r.Headers[k] = fmt.Sprint(v)
			}
			for _, pd := range e.Request.PostDataEntries {
				r.Body += pd.Bytes
			}
			if e.Initiator != nil {
				r.Initiator = string(e.Initiator.Type)
				if e.Initiator.URL != "" {
					r.Initiator += " " + e.Initiator.URL
				} else if e.Initiator.Stack != nil && len(e.Initiator.Stack.CallFrames) > 0 {
					r.Initiator += " " + e.Initiator.Stack.CallFrames[0].URL
				}
			}
			n.requests = append(n.requests, r)
			n.last = time.Now()
		case *network.EventRequestServedFromCache:
			n.markCached(e.RequestID)
		case *network.EventResponseReceived:
			if e.Response != nil && (e.Response.FromDiskCache || e.Response.FromPrefetchCache) {
				n.markCached(e.RequestID)
			}
		case *network.EventWebSocketCreated:
			n.requests = append(n.requests, Request{Step: n.step, Method: "WEBSOCKET", URL: e.URL, Type: "WebSocket"})
			n.last = time.Now()
		case *network.EventWebSocketFrameSent:
			n.frames = append(n.frames, e.Response.PayloadData)
		}
	})
}

func (n *netLog) markCached(id network.RequestID) {
	for i := len(n.requests) - 1; i >= 0; i-- {
		if n.requests[i].id == id {
			n.requests[i].Cached = true
			return
		}
	}
}

// quiet waits until no request has started for 400 ms (at most 5 s).
func (n *netLog) quiet() {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		n.mu.Lock()
		idle := time.Since(n.last) > 400*time.Millisecond
		n.mu.Unlock()
		if idle {
			return
		}
	}
}

// runJourney runs the journey in a fresh browser. With seed, it first gives
// the visitor a strong profile through window.hearth: every topic the fresh
// run saw, and the canaries. It returns the requests and what it found in
// the browser's storage afterwards, and the topics seen on the pages.
func runJourney(ctx context.Context, start *url.URL, journey []Step, seed bool, canaries []string, topics map[string]bool) ([]Request, []Finding, map[string]bool, error) {
	bctx, stop, err := chrome.New(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	defer stop()
	log := &netLog{}
	log.listen(bctx)
	if err := chromedp.Run(bctx, network.Enable()); err != nil {
		return nil, nil, nil, err
	}
	// Ready, then idle as the module reports it: every message the page
	// side sent has been answered and applied (hearth._idle), so what the
	// step makes the page request has been requested.
	ready := `new Promise(r => { const t0 = Date.now(); (function w() {
		if (window.hearth) return window.hearth.ready.then(() => window.hearth._idle && window.hearth._idle()).then(() => r(true), () => r(false));
		if (Date.now() - t0 > 8000) return r(false); setTimeout(w, 25); })(); })`
	awaitReady := chromedp.Evaluate(ready, nil, chrome.AwaitPromise)
	// Both runs start the same way, with one visit to the start page (the
	// seeded run seeds its profile there), so their caches compare: what a
	// step fetches from the network then depends only on what it shows.
	if err := chromedp.Run(bctx, chromedp.Navigate(start.String()), awaitReady); err != nil {
		return nil, nil, nil, fmt.Errorf("warming up: %w", err)
	}
	if seed {
		names := make([]string, 0, len(topics))
		for t := range topics {
			names = append(names, t)
		}
		sort.Strings(names)
		js := "(() => {"
		for i, t := range names {
			js += fmt.Sprintf("hearth.track(%q, 40); hearth.declare(%q, %v);", t, t, i%2 == 0)
		}
		js += fmt.Sprintf("hearth.track(%q, 99); return hearth.declare(%q, true).then(() => hearth._idle()); })()", canaries[0], canaries[1])
		if err := chromedp.Run(bctx, chromedp.Evaluate(js, nil, chrome.AwaitPromise)); err != nil {
			return nil, nil, nil, fmt.Errorf("seeding the profile: %w", err)
		}
	}
	log.quiet()
	seen := map[string]bool{}
	for i, s := range journey {
		log.mu.Lock()
		log.step = i + 1
		log.mu.Unlock()
		var act chromedp.Action
		switch {
		case s.Visit != "":
			u, err := start.Parse(s.Visit)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("step %d: %w", i+1, err)
			}
			act = chromedp.Navigate(u.String())
		case s.Click != "":
			act = chromedp.Click(s.Click, chromedp.ByQuery, chromedp.NodeVisible)
		default:
			act = chromedp.Evaluate(fmt.Sprintf("hearth.declare(%q, true)", s.Declare), nil)
		}
		var found []string
		if err := chromedp.Run(bctx, act, awaitReady, chromedp.Evaluate(`[...document.querySelectorAll("[data-hearth-topics], meta[name='hearth:topics'], [data-hearth-declare]")]
			.flatMap(e => (e.getAttribute("data-hearth-topics") || e.getAttribute("content") || e.getAttribute("data-hearth-declare") || "").split(","))
			.map(s => s.trim().toLowerCase()).filter(Boolean)`, &found)); err != nil {
			return nil, nil, nil, fmt.Errorf("step %d (%s): %w", i+1, s, err)
		}
		for _, t := range found {
			seen[t] = true
		}
		log.quiet()
	}
	findings, err := storageFindings(bctx, start)
	if err != nil {
		return nil, nil, nil, err
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	for _, f := range log.frames {
		for _, c := range canaries {
			if strings.Contains(f, c) {
				findings = append(findings, Finding{Check: "canary", Detail: "a WebSocket frame carries the canary " + c})
			}
		}
	}
	return log.requests, findings, seen, nil
}

// storageFindings lists anything the site stored besides hearth:v1.
func storageFindings(ctx context.Context, start *url.URL) ([]Finding, error) {
	var out []Finding
	var cookies []*network.Cookie
	if err := chromedp.Run(ctx, chromedp.ActionFunc(func(c context.Context) error {
		var err error
		cookies, err = storage.GetCookies().Do(c)
		return err
	})); err != nil {
		return nil, fmt.Errorf("reading cookies: %w", err)
	}
	for _, c := range cookies {
		out = append(out, Finding{Check: "storage", Detail: "cookie " + c.Name + " on " + c.Domain})
	}
	var st struct {
		Local   []string `json:"local"`
		Session []string `json:"session"`
		IDB     []string `json:"idb"`
		Caches  []string `json:"caches"`
		Workers []string `json:"workers"`
	}
	if err := chromedp.Run(ctx, chromedp.Evaluate(`(async () => ({
		local: Object.keys(localStorage), session: Object.keys(sessionStorage),
		idb: indexedDB.databases ? (await indexedDB.databases()).map(d => d.name) : [],
		caches: self.caches ? await caches.keys() : [],
		workers: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).map(r => r.scope) : [],
	}))()`, &st, chrome.AwaitPromise)); err != nil {
		return nil, fmt.Errorf("reading storage: %w", err)
	}
	for _, k := range st.Local {
		if k != "hearth:v1" {
			out = append(out, Finding{Check: "storage", Detail: "localStorage key " + k})
		}
	}
	for what, list := range map[string][]string{"sessionStorage key": st.Session, "IndexedDB database": st.IDB, "Cache Storage cache": st.Caches, "service worker": st.Workers} {
		for _, k := range list {
			out = append(out, Finding{Check: "storage", Detail: what + " " + k})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Detail < out[j].Detail })
	return out, nil
}

// checkRequests finds canaries in requests, requests that are not GETs to
// the site, and steps whose requests differ between the runs.
func checkRequests(rep *Report, start *url.URL) []Finding {
	var out []Finding
	origin := start.Scheme + "://" + start.Host
	for _, run := range []string{"fresh", "seeded"} {
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
		for _, from := range sortedKeys(fa) {
			x, y := fa[from], fb[from]
			if strings.Join(x, "\n") == strings.Join(y, "\n") || !sameSet(x, y) {
				continue // the same order, or a difference reported above
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

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
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

func printReport(w io.Writer, rep *Report) {
	fmt.Fprintf(w, "Hearth egress audit of %s\n\n", rep.URL)
	fmt.Fprintf(w, "Journey (%d steps), run twice: as a fresh visitor, and as one seeded through window.hearth with canaries %s\n",
		len(rep.Journey), strings.Join(rep.Canaries, ", "))
	for i, s := range rep.Journey {
		fmt.Fprintf(w, "  %2d. %s: %d / %d requests\n", i+1, s, len(stepRequests(rep.Requests["fresh"], i+1)), len(stepRequests(rep.Requests["seeded"], i+1)))
	}
	fmt.Fprintf(w, "\nChecks: canaries in URLs, headers and bodies; only GETs to %s; the same requests per step in both runs, from each initiator in the same order;\n"+
		"nothing stored but localStorage \"hearth:v1\" (cookies, other keys, sessionStorage, IndexedDB, Cache Storage, service workers).\n\n", originOf(rep.URL))
	if rep.Clean {
		fmt.Fprintf(w, "CLEAN: %d + %d requests, nothing about the visitor left the browser.\n", len(rep.Requests["fresh"]), len(rep.Requests["seeded"]))
		return
	}
	fmt.Fprintf(w, "FAILED: %d findings\n", len(rep.Findings))
	for _, f := range rep.Findings {
		loc := ""
		if f.Run != "" {
			loc = f.Run + " run"
			if f.Step > 0 {
				loc += fmt.Sprintf(", step %d", f.Step)
			}
			loc = " (" + loc + ")"
		}
		fmt.Fprintf(w, "  [%s]%s %s\n", f.Check, loc, f.Detail)
	}
}

func originOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Scheme + "://" + u.Host
}
