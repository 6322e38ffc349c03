package audit

// Walking the site in a real browser: the journey (a walk or the owner's
// steps), every request recorded with its step and initiator, and what the
// site stored.

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"github.com/hearth-personalization/hearth/tool/chrome"
)

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
	// extra holds the headers as sent (cookies included) that arrived
	// before their request's first event.
	extra map[network.RequestID]network.Headers
	// writers says who wrote what the browser stores (storage.go).
	writers *storageWriters
	// workers are the page's workers, whose requests go in this log too,
	// and what their modules reported (worker_watch.go).
	workers *moduleWatch
}

func (n *netLog) listen(ctx context.Context) {
	chromedp.ListenTarget(ctx, func(ev any) {
		n.mu.Lock()
		defer n.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			if strings.Contains(e.Request.URL, slowPath) {
				return // the audit's own slow image (timing.go), answered by the audit
			}
			r := Request{Step: n.step, Method: e.Request.Method, URL: e.Request.URL, Type: string(e.Type), Headers: map[string]string{}, id: e.RequestID}
			if e.Timestamp != nil {
				r.ts = float64(e.Timestamp.Time().UnixNano()) / 1e9
			}
			for k, v := range e.Request.Headers {
				r.Headers[k] = fmt.Sprint(v)
			}
			for _, pd := range e.Request.PostDataEntries {
				// DevTools gives each entry base64-encoded.
				if b, err := base64.StdEncoding.DecodeString(pd.Bytes); err == nil {
					r.Body += string(b)
				} else {
					r.Body += pd.Bytes
				}
			}
			for k, v := range n.extra[e.RequestID] {
				r.Headers[k] = fmt.Sprint(v)
			}
			delete(n.extra, e.RequestID)
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
		case *network.EventRequestWillBeSentExtraInfo:
			// The headers as sent, cookies included (the first event has not
			// got them).
			i := len(n.requests) - 1
			for ; i >= 0 && n.requests[i].id != e.RequestID; i-- {
			}
			if i < 0 {
				if n.extra == nil {
					n.extra = map[network.RequestID]network.Headers{}
				}
				n.extra[e.RequestID] = e.Headers
				break
			}
			for k, v := range e.Headers {
				n.requests[i].Headers[k] = fmt.Sprint(v)
			}
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

func (n *netLog) setStep(step int) {
	n.mu.Lock()
	n.step = step
	n.mu.Unlock()
}

// readyJS waits for ready, then for idle as the module reports it: every
// message the page side sent has been answered and applied (hearth._idle),
// so what the step makes the page request has been requested.
const readyJS = `new Promise(r => { const t0 = Date.now(); (function w() {
	if (window.hearth) return window.hearth.ready.then(() => window.hearth._idle && window.hearth._idle()).then(() => r(true), () => r(false));
	if (Date.now() - t0 > 8000) return r(false); setTimeout(w, 25); })(); })`

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

// recordingBrowser starts a fresh browser whose requests log records, each
// page's load slowed (slowPages) so that the runs' timings compare.
func recordingBrowser(ctx context.Context) (context.Context, *netLog, func(), error) {
	bctx, stop, err := chrome.New(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	log := &netLog{}
	log.listen(bctx)
	if err := chromedp.Run(bctx, network.Enable()); err != nil {
		stop()
		return nil, nil, nil, err
	}
	if log.workers, err = watchWorkers(bctx, log); err != nil {
		stop()
		return nil, nil, nil, err
	}
	if log.writers, err = watchStorage(bctx); err != nil {
		stop()
		return nil, nil, nil, err
	}
	if err := slowPages(bctx); err != nil {
		stop()
		return nil, nil, nil, err
	}
	return bctx, log, stop, nil
}

// runJourney runs the journey in a fresh browser. With seed, it first gives
// the visitor a strong profile through window.hearth: every topic the fresh
// run saw, and the canaries. It returns the requests and what it found in
// the browser's storage afterwards, and the topics seen on the pages.
func runJourney(ctx context.Context, start *url.URL, journey []Step, seed bool, canaries []string, topics map[string]bool, kept *string) ([]Request, []Finding, map[string]bool, error) {
	bctx, log, stop, err := recordingBrowser(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	defer stop()
	awaitReady := chromedp.Evaluate(readyJS, nil, chrome.AwaitPromise)
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
		log.setStep(i + 1)
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
	findings, err := storageFindings(bctx, start, log.writers)
	if err != nil {
		return nil, nil, nil, err
	}
	if kept != nil { // the profile at the journey's end, for timing's re-measure
		if err := chromedp.Run(bctx, chromedp.Evaluate(`localStorage.getItem("hearth:v1") || ""`, kept)); err != nil {
			return nil, nil, nil, err
		}
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

// siteStorage marks what the site's own scripts stored: listed, not failed.
const siteStorage = "site-storage"

// storageFindings lists anything stored besides hearth:v1: a finding when
// Hearth wrote it (or no watched writer did), and the site's own storage
// (written by its scripts alone) as Check "site-storage", which is listed
// for the reviewer and fails nothing.
func storageFindings(ctx context.Context, start *url.URL, writers *storageWriters) ([]Finding, error) {
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
		check := "storage"
		if writers.site("cookie " + c.Name) {
			check = siteStorage
		}
		out = append(out, Finding{Check: check, Detail: "cookie " + c.Name + " on " + c.Domain})
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
	for what, list := range map[string][]string{"localStorage key": st.Local, "sessionStorage key": st.Session, "IndexedDB database": st.IDB, "Cache Storage cache": st.Caches, "service worker": st.Workers} {
		for _, k := range list {
			if what == "localStorage key" && k == "hearth:v1" {
				continue
			}
			check := "storage"
			if writers.site(what + " " + k) {
				check = siteStorage
			}
			out = append(out, Finding{Check: check, Detail: what + " " + k})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Detail < out[j].Detail })
	return out, nil
}
