package bench

// Where the main thread's work goes (#36): Lighthouse's groups per
// configuration, and each tool's own scripts' bootup by file.

import (
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"text/tabwriter"
)

// bootup is one script's main-thread time in Lighthouse's bootup-time
// audit: in all (its tasks, and what they called), running, and parsing
// and compiling.
type bootup struct{ Total, Scripting, Parse float64 }

// ownScript names a script as the table shows it when it is the tool
// under test's (Hearth's files under /hearth/, the bench's references under
// /bench/), "" for the page's own.
func ownScript(u string) string {
	i := strings.Index(u, "/hearth/")
	if i < 0 {
		i = strings.Index(u, "/bench/")
	}
	if i < 0 {
		return ""
	}
	name := path.Base(u[i:])
	// hearth-page.0123456789abcdef.js → hearth-page.js: the same across builds.
	if parts := strings.Split(name, "."); len(parts) == 3 && len(parts[1]) == 16 {
		name = parts[0] + "." + parts[2]
	}
	return name
}

// mainGroups are Lighthouse's main-thread groups, in its order.
var mainGroups = []struct{ id, label string }{
	{"scriptEvaluation", "script"}, {"scriptParseCompile", "parse+compile"}, {"styleLayout", "style+layout"},
	{"paintCompositeRender", "paint"}, {"parseHTML", "HTML+CSS"}, {"garbageCollection", "GC"}, {"other", "other"},
}

// printBreakdown prints where each configuration's main-thread work goes
// (Lighthouse's groups, medians) and the tool's own scripts' share of it
// (bootup-time, medians by file: all, of which parse and compile): what
// Hearth adds to the page without it, beside GrowthBook doing the same
// swap (#36).
func printBreakdown(w io.Writer, configs []lhConfig, results map[lhConfig][]lhRun) {
	med := func(c lhConfig, f func(lhRun) float64) float64 { return medianOf(results[c], f) }
	fmt.Fprintf(w, "\nWhere the main thread's work goes (Lighthouse's groups, ms, medians; simulated CPU as above), and the tool's own scripts' bootup (all / parse+compile)\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "\t\t\t"
	for _, g := range mainGroups {
		head += g.label + "\t"
	}
	fmt.Fprintln(tw, head+"own scripts\t")
	for _, c := range configs {
		line := c.form + "\t" + c.page + "\t" + c.variant + "\t"
		for _, g := range mainGroups {
			line += fmt.Sprintf("%.0f\t", med(c, func(r lhRun) float64 { return r.Groups[g.id] }))
		}
		names := map[string]bool{}
		for _, r := range results[c] {
			for n := range r.Bootup {
				names[n] = true
			}
		}
		var own []string
		for n := range names {
			own = append(own, fmt.Sprintf("%s %.0f/%.0f", n, med(c, func(r lhRun) float64 { return r.Bootup[n].Total }), med(c, func(r lhRun) float64 { return r.Bootup[n].Parse })))
		}
		sort.Strings(own)
		fmt.Fprintln(tw, line+strings.Join(own, ", ")+"\t")
	}
	tw.Flush()
}
