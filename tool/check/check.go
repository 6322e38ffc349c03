// Package check is `check`: it validates site configs and, given pages,
// compares each config with their Hearth markup.
package check

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/hearth-personalization/hearth/catalog"
	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// Run validates each config and prints every problem as FILE:LINE:COL.
// With --page URL (repeatable) it also compares each config with pages:
// a slot on none of them but close to one they have is an error (a
// misspelling), and so is anything in a variant or item template that
// loads only when shown (a frame, an object, a stylesheet, an inline url():
// the loader cannot request those uniformly); variants without a template
// and slots nothing targets are warnings. With --csp it proposes a
// Content-Security-Policy that fits the site: the pages given and those
// their links and the sitemap reach (at most --crawl N in all, 0 for only
// the pages given).
func Run(args []string, w io.Writer) error {
	var files, pages []string
	wantCSP := false
	limit := DefaultCrawl
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--csp" || a == "-csp":
			wantCSP = true
		case a == "--crawl" || a == "-crawl" || strings.HasPrefix(a, "--crawl="):
			v := strings.TrimPrefix(a, "--crawl=")
			if v == a {
				if i+1 >= len(args) {
					return errors.New("check: --crawl needs a number of pages")
				}
				v = args[i+1]
				i++
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return fmt.Errorf("check: --crawl %q: want a number of pages, 0 for only those given", v)
			}
			limit = n
		case a == "--page" || a == "-page":
			if i+1 >= len(args) {
				return errors.New("check: --page needs a URL")
			}
			pages = append(pages, args[i+1])
			i++
		case strings.HasPrefix(a, "--page="):
			pages = append(pages, strings.TrimPrefix(a, "--page="))
		default:
			files = append(files, a)
		}
	}
	if len(files) == 0 {
		return errors.New("check: name at least one config file")
	}
	var facts []*pageFacts
	telling := 0
	for _, u := range pages {
		pf, err := readPage(u)
		if err != nil {
			return fmt.Errorf("check: --page %s: %w", u, err)
		}
		facts = append(facts, pf)
		for _, msg := range pf.telling {
			fmt.Fprintf(w, "%s:%s\n", u, msg)
			telling++
		}
		if n := pf.inline.note(); n != "" && !wantCSP {
			fmt.Fprintf(w, "%s: note: %s\n", u, n)
		}
	}
	if wantCSP && len(facts) == 0 {
		return errors.New("check: --csp needs at least one --page URL to fit the policy to")
	}
	bad := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("check: %w", err)
		}
		cfg, err := rules.Parse(data)
		var list rules.ErrorList
		switch {
		case errors.As(err, &list):
			bad++
			printErrors(w, f, list)
			// The pages are compared all the same, with what of the config
			// reads (its topics, and the slots and variants of its
			// experiences): every finding in one round.
			if loose := looseConfig(data); loose != nil {
				for i, pf := range facts {
					for _, msg := range pageWarnings(loose, pf) {
						fmt.Fprintf(w, "%s: warning: %s: %s\n", f, pages[i], msg)
					}
				}
				for _, msg := range misspelledSlots(loose, facts) {
					fmt.Fprintf(w, "%s: %s\n", f, msg)
				}
			}
		case err != nil:
			return fmt.Errorf("check: %s: %w", f, err)
		case len(cfg.MeasureErr) > 0:
			bad++
			printErrors(w, f, cfg.MeasureErr)
			fmt.Fprintf(w, "%s: note: with its measure section broken, measurement is off in the browser; personalization works\n", f)
		default:
			warnings := 0
			if m := cfg.Measure; m != nil {
				fmt.Fprintf(w, "%s: measurement %q: %s, ε = %g each: a visitor gives at most %g per %d-day period, %g a year; serve the reports with `hearth serve -measure %s`\n",
					f, m.ID, plural(len(m.Measured), "experience"), m.Epsilon, m.PerPeriod(), m.PeriodDays, min(m.PerYear(), measure.MaxPerYear), f)
				if m.PerYear() > measure.MaxPerYear {
					fmt.Fprintf(w, "%s: warning: at %g a period over %d-day periods the config asks %g a year; a device gives at most %g in 365 days and skips the reports past it: fewer visitors report late in the year\n",
						f, m.PerPeriod(), m.PeriodDays, m.PerYear(), measure.MaxPerYear)
					warnings++
				}
				fmt.Fprintf(w, "%s: note: a later change of start, periodDays or holdout starts a new measurement on every device (arms drawn anew, no report until a full period has passed); give it a new id so that its counts stay apart\n", f)
			}
			for _, msg := range whyWarnings(cfg) {
				fmt.Fprintf(w, "%s: warning: %s\n", f, msg)
				warnings++
			}
			var cat catalog.Catalog
			if cfg.Catalog != "" && len(pages) > 0 {
				var err error
				if cat, err = readCatalog(pages[0], cfg.Catalog); err != nil {
					fmt.Fprintf(w, "%s: catalog %s: %v: recommendation slots would show the pages' own templates only (write it with `hearth index`)\n", f, cfg.Catalog, err)
					bad++
					continue
				}
				model := "no model of the pages' words"
				if cat.Model != nil {
					model = fmt.Sprintf("a model of the pages' words (%s) for the pages that say nothing", plural(len(cat.Model.Topics), "topic"))
				}
				fmt.Fprintf(w, "%s: note: catalog %s: %s to recommend, %s\n", f, cfg.Catalog, plural(len(cat.Items), "item"), model)
			}
			for i, pf := range facts {
				if n := pageTopicsNote(cfg, pf, cat.Model); n != "" {
					fmt.Fprintf(w, "%s: note: %s: %s\n", f, pages[i], n)
				}
				for _, msg := range pageWarnings(cfg, pf) {
					fmt.Fprintf(w, "%s: warning: %s: %s\n", f, pages[i], msg)
					warnings++
				}
			}
			if errs := misspelledSlots(cfg, facts); len(errs) > 0 {
				for _, msg := range errs {
					fmt.Fprintf(w, "%s: %s\n", f, msg)
				}
				bad++
				continue
			}
			fmt.Fprintf(w, "%s: ok (%s, %s, %s)\n", f, plural(len(cfg.Topics), "topic"), plural(len(cfg.Experiences), "experience"), plural(warnings, "warning"))
		}
	}
	if wantCSP {
		site := crawled{pages: pages, facts: facts}
		if limit > len(pages) {
			site = crawl(pages, facts, limit)
		}
		policy, notes := proposePolicy(site.facts)
		read := plural(len(pages), "page") + " given"
		if found := len(site.pages) - len(pages); found > 0 {
			read = plural(len(site.pages), "page") + " read (" + strconv.Itoa(len(pages)) + " given, " + strconv.Itoa(found) + " found by their links and the sitemap)"
		}
		fmt.Fprintf(w, "\nA Content-Security-Policy that fits the %s, their inline code by hash and the origins they load from, and lets Hearth run:\n\n%s\n\n", read, policy)
		if site.left > 0 {
			notes = append(notes, fmt.Sprintf("the crawl stopped at %s and left %s it found unread: a page kind among them may have inline code of its own; raise --crawl to read them", plural(len(site.pages), "page"), plural(site.left, "page")))
		}
		for _, n := range notes {
			fmt.Fprintln(w, "note:", n)
		}
		for _, warn := range server.CheckCSP(policy) {
			fmt.Fprintln(w, "warning: Hearth under it:", warn)
		}
		fmt.Fprintln(w, "Save it to a file and serve it with `hearth serve -csp-file FILE` (or your server's header); run this again when a page kind, a theme or a plugin changes, since each may bring inline code of its own.")
	}
	if bad > 0 {
		return fmt.Errorf("check: %d of %d configs have errors", bad, len(files))
	}
	if telling > 0 {
		return fmt.Errorf("check: the pages' templates hold %s that would tell the network the decision", plural(telling, "element"))
	}
	return nil
}

// misspelledSlots finds the config's slots that are on none of the pages
// given but close to one they have: misspellings (heor for hero), each an
// error naming the closest. A slot far from every slot on them may be on
// another page.
func misspelledSlots(cfg *rules.Config, facts []*pageFacts) []string {
	if len(facts) == 0 {
		return nil
	}
	onPages := map[string]bool{}
	for _, pf := range facts {
		for _, s := range pf.slots {
			onPages[s] = true
		}
	}
	names := make([]string, 0, len(onPages))
	for s := range onPages {
		names = append(names, s)
	}
	sort.Strings(names)
	var errs []string
	seen := map[string]bool{}
	for i, x := range cfg.Experiences {
		if onPages[x.Slot] || seen[x.Slot] {
			continue
		}
		seen[x.Slot] = true
		if c := rules.Closest(x.Slot, names); c != "" {
			errs = append(errs, "experiences["+strconv.Itoa(i)+"] ("+x.ID+"): slot "+strconv.Quote(x.Slot)+
				" is on none of the pages given; did you mean "+strconv.Quote(c)+"?")
		}
	}
	return errs
}

// plural writes a count with its noun, in the singular for one.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// fixedNoun finds a number placeholder followed by a word: "{days} days",
// "{count} posts".
var fixedNoun = regexp.MustCompile(`\{(count|days)\}\s*\p{L}+`)

// whyWarnings finds why texts that pair a number with a fixed noun: it
// reads wrong for 1 ("in the last 1 days") and in every language whose
// plural has other forms. {times} and {period} carry their own.
func whyWarnings(cfg *rules.Config) []string {
	var out []string
	for i, x := range cfg.Experiences {
		langs := make([]string, 0, len(x.Why))
		for l := range x.Why {
			langs = append(langs, l)
		}
		sort.Strings(langs)
		for _, l := range langs {
			if m := fixedNoun.FindString(x.Why[l]); m != "" {
				out = append(out, "experiences["+strconv.Itoa(i)+"] ("+x.ID+"): why."+l+": "+strconv.Quote(m)+
					" pairs a number with a fixed word, which reads wrong for 1 and in languages with other plural forms; use {times} (\"3 times\") or {period} (\"today\", \"in the last 3 days\"), which carry their own")
			}
		}
	}
	return out
}

// looseConfig reads what it can of a config that does not validate: its
// topic ids and its experiences' ids, slots and variants, for comparing it
// with the pages in the same run as its errors. nil when it is not JSON.
func looseConfig(data []byte) *rules.Config {
	var raw struct {
		Topics      map[string]json.RawMessage `json:"topics"`
		Experiences []struct {
			ID      string `json:"id"`
			Slot    string `json:"slot"`
			Variant string `json:"variant"`
		} `json:"experiences"`
	}
	if json.Unmarshal(data, &raw) != nil {
		return nil
	}
	cfg := &rules.Config{Topics: map[string]rules.Topic{}}
	for id := range raw.Topics {
		cfg.Topics[id] = rules.Topic{}
	}
	for _, x := range raw.Experiences {
		if x.Slot != "" {
			cfg.Experiences = append(cfg.Experiences, rules.Experience{ID: x.ID, Slot: x.Slot, Variant: x.Variant})
		}
	}
	return cfg
}

// printErrors prints a config's errors as FILE:LINE:COL: PATH: MESSAGE.
func printErrors(w io.Writer, f string, list rules.ErrorList) {
	for _, e := range list {
		pos := f
		if e.Line > 0 {
			pos = fmt.Sprintf("%s:%d:%d", f, e.Line, e.Col)
		}
		where := ""
		if e.Path != "" {
			where = e.Path + ": "
		}
		fmt.Fprintf(w, "%s: %s%s\n", pos, where, e.Msg)
	}
}
