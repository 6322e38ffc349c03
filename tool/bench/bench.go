// Package bench is `make bench`: what Hearth costs the page (Lighthouse,
// with GrowthBook and the Go floor as references, and the start's phases),
// time to personalize against plain JS, flicker and hiding, the engine and
// the profile, and the server against nginx and at the edge. Every figure
// is measured against a baseline in the same run.
package bench

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/tool/bundle"
)

// figure is one line of the table: a measure of Hearth against a baseline
// measured in the same run (the machine is shared and noisy: only ratios
// compare across runs).
type figure struct {
	Name     string  `json:"name"`
	Unit     string  `json:"unit"`
	Hearth   float64 `json:"hearth"`
	Baseline float64 `json:"baseline,omitempty"`
	Against  string  `json:"against,omitempty"` // what the baseline is
	Ratio    float64 `json:"ratio,omitempty"`   // hearth / baseline
	Budget   string  `json:"budget,omitempty"`
	Note     string  `json:"note,omitempty"`
}

// stage is one named part of the bench: -only runs the ones it names, in
// this order (each builds, or serves, what it needs on first use).
type stage struct {
	name, what string
	run        func(*benchRun) error
}

var stages = []stage{
	{"size", "the module's bytes against the floor, and what each package adds", (*benchRun).size},
	{"pagecost", "what Hearth costs the page: Lighthouse with and without it, GrowthBook beside it", (*benchRun).pageCost},
	{"phases", "Hearth's start, phase by phase", (*benchRun).phases},
	{"timings", "time to personalize, start, flicker and hiding, in Chromium", (*benchRun).timings},
	{"go", "the engine and the profile: Go's benchmarks, natively and as wasm", (*benchRun).goBench},
	{"measure", "private measurement: accuracy, simulated, and the endpoint's throughput", (*benchRun).measure},
	{"infer", "topics inferred from a page's words: precision and recall, cross-validated", (*benchRun).infer},
	{"server", "the server against nginx (wrk) and Go's floor", (*benchRun).server},
	{"edge", "the edge worker under workerd", (*benchRun).edge},
}

// oldOnly are the -X-only flags before -only, and the stages each ran.
var oldOnly = map[string]string{
	"page-cost-only": "size,pagecost,phases",
	"server-only":    "server",
	"size-only":      "size",
	"measure-only":   "measure",
}

// Run measures what `make bench` prints: every stage, or those -only names.
func Run(args []string, w io.Writer) error {
	fl := flag.NewFlagSet("bench", flag.ContinueOnError)
	b := &benchRun{w: w}
	var names []string
	for _, st := range stages {
		names = append(names, st.name)
	}
	only := fl.String("only", "", "run only these stages, comma-separated: "+strings.Join(names, ", "))
	fl.IntVar(&b.runs, "runs", 10, "page loads per timing (medians)")
	out := fl.String("out", resultsPath, "where the results are kept: each stage run replaces its own part (\"\" writes nothing)")
	docOnly := fl.Bool("doc", false, "measure nothing: write "+docPath+" from the results")
	skipServer := fl.Bool("skip-server", false, "skip the server and edge stages")
	fl.IntVar(&b.lhRuns, "lighthouse", 5, "Lighthouse rounds for the page-cost table (0 skips it)")
	fl.StringVar(&b.lhOnly, "lighthouse-only", "", "only the page-cost configurations whose name (e.g. \"mobile category returning\") contains this")
	fl.StringVar(&b.lhKeep, "lighthouse-reports", "", "keep every Lighthouse report (JSON) and its trace in this directory")
	fl.BoolVar(&b.lhProfile, "lighthouse-profile", false, "with -lighthouse-reports: the traces carry V8's CPU profile too, to tell which function does the work (sampling slows every run: its figures are not recorded)")
	fl.IntVar(&b.measureReps, "measure-reps", 1000, "simulated experiments per row of the measurement accuracy table")
	old := map[string]*bool{}
	for name, st := range oldOnly {
		old[name] = fl.Bool(name, false, "the same as -only "+st)
	}
	if err := fl.Parse(args); err != nil {
		return err
	}
	for name, on := range old {
		if *on {
			*only = strings.Trim(*only+","+oldOnly[name], ",")
		}
	}
	want := map[string]bool{}
	for _, n := range strings.Split(*only, ",") {
		if n = strings.TrimSpace(n); n == "" {
			continue
		}
		if !slices.Contains(names, n) {
			return fmt.Errorf("bench: -only %q: no stage %q (stages: %s)", *only, n, strings.Join(names, ", "))
		}
		want[n] = true
	}
	if *skipServer {
		delete(want, "server")
		delete(want, "edge")
	}
	root, err := bundle.ModuleRoot()
	if err != nil {
		return err
	}
	path := *out
	if b.lhProfile {
		if b.lhKeep == "" {
			return errors.New("bench: -lighthouse-profile needs -lighthouse-reports (where the traces go)")
		}
		path = "" // sampling slows every run: nothing of it is recorded
	}
	if path != "" && !filepath.IsAbs(path) {
		path = filepath.Join(root, path)
	}
	res := &results{Stages: map[string]*stageResult{}}
	if path != "" {
		if res, err = readResults(path); err != nil {
			return err // before an hour of measuring, not after
		}
	}
	if *docOnly {
		return writeDoc(root, res, w)
	}
	defer b.close()
	for _, st := range stages {
		if len(want) > 0 && !want[st.name] || len(want) == 0 && *skipServer && (st.name == "server" || st.name == "edge") {
			continue
		}
		figs, acc := len(b.figs), len(b.accuracy)
		t := &tables{w: w}
		b.w = t
		err := st.run(b)
		b.w = w
		if err != nil {
			return err
		}
		if r := b.result(st.name, t.text(), b.figs[figs:], b.accuracy[acc:]); r != nil {
			res.Stages[st.name] = r
		}
	}
	printFigures(w, b.figs)
	if path == "" {
		return nil
	}
	if err := res.write(path); err != nil {
		return err
	}
	fmt.Fprintln(w, "results written to", *out)
	return writeDoc(root, res, w)
}

// serveSite serves the bundle in dist and site with the real server's
// handler on a free loopback port. The floor program's page runs Go on the
// main thread, which the recommended policy forbids: it alone is sent with
// 'wasm-unsafe-eval' added (without it the floor's module never compiled,
// and its figures measured a page that ran nothing).
func serveSite(dist string, site fs.FS) (string, func(), error) {
	h, err := server.New(os.DirFS(dist), site)
	if err != nil {
		return "", nil, err
	}
	floor, err := server.New(os.DirFS(dist), site)
	if err != nil {
		return "", nil, err
	}
	floor.CSP = strings.Replace(server.CSP, "script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", 1)
	if floor.CSP == server.CSP {
		return "", nil, errors.New("bench: the recommended policy has no script-src 'self' to add 'wasm-unsafe-eval' to")
	}
	return serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == floorPage {
			floor.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	}))
}

// floorPage is the page that runs the floor program.
const floorPage = "/bench/floor.html"

// serve runs h on a free loopback port.
func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// num writes a figure's value in its unit.
func num(v float64, unit string) string {
	switch {
	case unit == "":
		return strconv.FormatFloat(v, 'f', 2, 64)
	case unit == "bytes":
		return strconv.FormatFloat(v, 'f', 0, 64) + " B"
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64) + " " + unit
	default:
		return strconv.FormatFloat(v, 'f', 1, 64) + " " + unit
	}
}

func printFigures(w io.Writer, figs []figure) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\nfigure\thearth\tbaseline\tratio\tbudget")
	for _, f := range figs {
		baseline, ratio := "", ""
		if f.Baseline > 0 {
			baseline = num(f.Baseline, f.Unit) + " (" + f.Against + ")"
			ratio = strconv.FormatFloat(f.Ratio, 'f', 2, 64) + "×"
		}
		name := f.Name
		if f.Note != "" {
			name += " [" + f.Note + "]"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", name, num(f.Hearth, f.Unit), baseline, ratio, f.Budget)
	}
	tw.Flush()
}
