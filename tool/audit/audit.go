// Package audit is `audit`: it drives headless Chromium over a site twice,
// as a fresh visitor and as one whose profile was seeded very differently
// and salted with canary strings, and once more over each page as a
// brand-new visitor (for the moment of the requests, timing.go), and proves
// that nothing about the visitor leaves the browser (PRIVACY.md says what
// it checks and what it cannot).
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
	"strings"
	"time"

	"github.com/chromedp/cdproto/network"
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
	ts        float64 // when it went out, in seconds of the browser's monotonic clock
}

// Finding is one reason the audit fails.
type Finding struct {
	Check  string `json:"check"` // canary, differs, order, timing, foreign, method, storage
	Run    string `json:"run,omitempty"`
	Step   int    `json:"step,omitempty"`
	Detail string `json:"detail"`
}

// Report is what `audit --json` prints.
type Report struct {
	URL      string               `json:"url"`
	Journey  []Step               `json:"journey"`
	Canaries []string             `json:"canaries"`
	Requests map[string][]Request `json:"requests"` // by run: "fresh", "seeded" (step 0 is the first visit, and the seeding), "new" (each visit step as a brand-new visitor)
	Findings []Finding            `json:"findings"`
	Clean    bool                 `json:"clean"`
	// Measure is what was found of the site's private measurement (On
	// false: the config has none, and then no report may leave).
	Measure *MeasureAudit `json:"measure,omitempty"`
	// SiteStorage is what the site's own scripts stored (not Hearth's,
	// not egress): listed for the reviewer, it fails nothing.
	SiteStorage []string `json:"siteStorage,omitempty"`
	// TimingUnconfirmed counts the timing differences that did not
	// persist when measured again (a busy machine's, not the profile's).
	TimingUnconfirmed int `json:"timingUnconfirmed,omitempty"`
}

// Run drives headless Chromium over a site twice, as a fresh visitor and
// as one whose profile was seeded very differently and salted with canary
// strings, then over each page as a brand-new visitor, and proves that
// nothing about the visitor leaves the browser.
func Run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stdout) // -h and flag errors where the report goes
	journeyFile := fs.String("journey", "", "a JSON file of steps: [{\"visit\": \"/\"}, {\"click\": \"a.x\"}, {\"declare\": \"topic\"}]")
	maxPages := fs.Int("max-pages", 8, "without --journey: how many same-origin pages to walk")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	pageDraws := fs.Int("page-draws", PageDraws, "with measurement on: how many more visitors than the bare and the seeded one come back through the real page, each report compared with what its module made")
	measureOnly := fs.Bool("measure-only", false, "only the private measurement's checks (visitors back after a period, the module's draws), without a journey")
	timeout := fs.Duration("timeout", 10*time.Minute, "give up after this long (a busy machine, a long journey, measurement on: minutes)")
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
	if *journeyFile != "" && !*measureOnly {
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
	} else if !*measureOnly {
		if journey, err = crawl(ctx, start, *maxPages); err != nil {
			return err
		}
	}

	rep := &Report{URL: start.String(), Journey: journey, Requests: map[string][]Request{}}
	rep.Canaries = []string{canary(), canary()}
	if !*measureOnly {
		topics := map[string]bool{}
		var seededStore string
		for _, run := range []string{"fresh", "seeded"} {
			keep := (*string)(nil)
			if run == "seeded" {
				keep = &seededStore
			}
			reqs, found, seen, err := runJourney(ctx, start, journey, run == "seeded", rep.Canaries, topics, keep)
			if err != nil {
				return fmt.Errorf("audit: %s run: %w", run, err)
			}
			for t := range seen {
				topics[t] = true
			}
			rep.Requests[run] = reqs
			for _, f := range found {
				f.Run = run
				if f.Check == siteStorage {
					if !slices.Contains(rep.SiteStorage, f.Detail) {
						rep.SiteStorage = append(rep.SiteStorage, f.Detail)
					}
					continue
				}
				rep.Findings = append(rep.Findings, f)
			}
		}
		// A brand-new visitor on each page of the journey, for the timing check
		// (the two runs above have a profile from their first visit on).
		reqs, err := newVisitors(ctx, start, journey)
		if err != nil {
			return fmt.Errorf("audit: new visitors: %w", err)
		}
		rep.Requests["new"] = reqs
		rep.Findings = append(rep.Findings, checkRequests(rep, start)...)
		timing, err := confirmTiming(ctx, rep, start, checkTiming(rep, "new", "fresh", "seeded"), seededStore)
		if err != nil {
			return fmt.Errorf("audit: timing: %w", err)
		}
		rep.Findings = append(rep.Findings, timing...)
	}
	if err := auditMeasurement(ctx, rep, start, max(0, *pageDraws)); err != nil {
		return fmt.Errorf("audit: measurement: %w", err)
	}
	if *measureOnly && !rep.Measure.On {
		return errors.New("audit: --measure-only: the site's config has no measure section")
	}
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

func printReport(w io.Writer, rep *Report) {
	fmt.Fprintf(w, "Hearth egress audit of %s\n\n", rep.URL)
	fmt.Fprintf(w, "Journey (%d steps), run twice: as a fresh visitor, and as one seeded through window.hearth with canaries %s; each page once more as a brand-new visitor\n",
		len(rep.Journey), strings.Join(rep.Canaries, ", "))
	for i, s := range rep.Journey {
		fmt.Fprintf(w, "  %2d. %s: %d / %d requests\n", i+1, s, len(stepRequests(rep.Requests["fresh"], i+1)), len(stepRequests(rep.Requests["seeded"], i+1)))
	}
	fmt.Fprintf(w, "\nChecks: canaries in URLs, headers and bodies; only GETs to %s; the same requests per step in both runs, from each script in the same order;\n"+
		"each script's requests at the same moment (within %v, each page's load slowed by %v) for a brand-new visitor and both runs;\n"+
		"nothing stored by Hearth but localStorage \"hearth:v1\" (cookies, other keys, sessionStorage, IndexedDB, Cache Storage, service workers).\n\n", originOf(rep.URL), timingSlack, slowLoad)
	if rep.TimingUnconfirmed > 0 {
		fmt.Fprintf(w, "%d timing differences did not persist when measured again (%d loads each way): a busy machine's, not the profile's.\n\n", rep.TimingUnconfirmed, confirmRounds)
	}
	if len(rep.SiteStorage) > 0 {
		fmt.Fprintf(w, "The site's own storage, written by its scripts, not Hearth's (not egress, not failed): %s.\n\n", strings.Join(rep.SiteStorage, ", "))
	}
	if m := rep.Measure; m != nil && m.On {
		fmt.Fprintf(w, "Private measurement %q is on (ε = %g): %d visitors came back after a period through the real page (a bare one, a seeded one, and draws whose true answers are 0, 1, 2);\n"+
			"each must send one report of %d bytes to %s/hearth/report, byte for byte the one its module made (read inside the Web Worker, out of the page's reach),\n"+
			"with a browser's headers only (no cookie or referrer), no canary in any request; the bare and the seeded visitor the same requests; each report at the first 3 s slot after its module made it;\n"+
			"and %d reports drawn from each of three profiles (true answers 0, 1, 2) through this binary's module code must have every answer's frequencies within e^ε for every pair\n"+
			"(largest ratio seen e^%.2f, its lower bound e^%.2f) and a uniform nonce; \"hearth verify -url\" ties this binary's bundle to the site's.\n\n", m.Measurement, m.Epsilon, m.PageReports, m.Size, originOf(rep.URL), m.Draws, m.WorstLogRatio, m.WorstLower)
	} else if m != nil {
		fmt.Fprintf(w, "Private measurement: off (the config has no measure section): no report may leave, and none did.\n\n")
	}
	if rep.Clean {
		fmt.Fprintf(w, "CLEAN: %d + %d requests, nothing about the visitor left the browser", len(rep.Requests["fresh"]), len(rep.Requests["seeded"]))
		if m := rep.Measure; m != nil && m.On {
			fmt.Fprintf(w, " but the randomized reports of the measurement")
		}
		fmt.Fprintln(w, ".")
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
