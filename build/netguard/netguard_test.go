package netguard

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// analyze loads packages for js/wasm and returns "file:line: message" for
// every diagnostic.
func analyze(t *testing.T, dir string, patterns ...string) []string {
	t.Helper()
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOFLAGS=-mod=mod"),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		t.Fatalf("%d errors loading %v", n, patterns)
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{Analyzer}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		for _, d := range act.Diagnostics {
			pos := act.Package.Fset.Position(d.Pos)
			out = append(out, filepath.Base(pos.Filename)+":"+strconv.Itoa(pos.Line)+": "+d.Message)
		}
	}
	sort.Strings(out)
	return out
}

// TestFixture: every "want:" line is reported, and nothing else.
func TestFixture(t *testing.T) {
	src, err := os.ReadFile("testdata/fixture/fixture.go")
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{}
	for i, line := range strings.Split(string(src), "\n") {
		if _, after, ok := strings.Cut(line, "// want: "); ok {
			want[i+1] = after
		}
	}
	got := map[int]string{}
	re := regexp.MustCompile(`^fixture\.go:(\d+): (.*)$`)
	for _, d := range analyze(t, "testdata/fixture", ".") {
		m := re.FindStringSubmatch(d)
		if m == nil {
			t.Errorf("unexpected diagnostic %s", d)
			continue
		}
		n, _ := strconv.Atoi(m[1])
		if strings.Contains(m[2], "needs a reason") {
			continue
		}
		got[n] = m[2]
	}
	for line, w := range want {
		if !strings.Contains(got[line], w) {
			t.Errorf("line %d: got %q, want a report containing %q", line, got[line], w)
		}
	}
	for line, g := range got {
		if _, ok := want[line]; !ok {
			t.Errorf("line %d: unexpected report %q", line, g)
		}
	}
}

// TestWasmModuleHasNoNetworkCode runs the pass over Hearth's wasm module:
// every package of this repository that it links (measure and
// internal/jsonv live outside wasm/, shared with the server).
func TestWasmModuleHasNoNetworkCode(t *testing.T) {
	out := goListWasm(t, "./wasm/...")
	var ours []string
	for _, p := range strings.Fields(out) {
		if p == module || strings.HasPrefix(p, module+"/") {
			ours = append(ours, p)
		}
	}
	if !slices.Contains(ours, module+"/measure") {
		t.Fatalf("the module's packages %v lack measure: the list is wrong", ours)
	}
	for _, d := range analyze(t, "../..", ours...) {
		t.Errorf("wasm: %s", d)
	}
}

// module is this repository's module path.
const module = "github.com/hearth-personalization/hearth"

// goListWasm is `go list -deps` of pkgs as the module is built (js/wasm),
// from the repository's root, with go list's other flags given.
func goListWasm(t *testing.T, pkgs string, flags ...string) string {
	t.Helper()
	cmd := exec.Command("go", append(append([]string{"list", "-deps"}, flags...), pkgs)...)
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
