package bundle

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The no-inline pattern must name the packages the module is built from:
// go.mod's path once changed, and the pattern, still naming the old one,
// matched nothing for weeks while the module grew 54 KB brotli.
func TestNoInlineMatches(t *testing.T) {
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(mod), "\n")
	if got := strings.TrimSpace(strings.TrimPrefix(first, "module")); got != ModulePath {
		t.Fatalf("go.mod names the module %q, ModulePath says %q", got, ModulePath)
	}
	pattern, ok := strings.CutPrefix(NoInline, "-gcflags=")
	pattern, _, found := strings.Cut(pattern, "=")
	if !ok || !found {
		t.Fatalf("NoInline = %q, want -gcflags=PATTERN=FLAGS", NoInline)
	}
	cmd := exec.Command("go", "list", "-e", pattern) // -e: a few tools do not build for js/wasm
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %s: %v", pattern, err)
	}
	pkgs := strings.Fields(string(out))
	for _, want := range []string{ModulePath + "/wasm", ModulePath + "/wasm/engine", ModulePath + "/wasm/panel"} {
		found := false
		for _, p := range pkgs {
			found = found || p == want
		}
		if !found {
			t.Errorf("NoInline's pattern %q does not match %s (it matches %d packages)", pattern, want, len(pkgs))
		}
	}
}
