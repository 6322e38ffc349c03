package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The README is a guide a site owner reads in ten minutes (#34.5): at most
// 300 lines, naming every command of the owner's binary; the rest lives in
// docs/.
func TestReadmeIsShortAndNamesEveryCommand(t *testing.T) {
	readme := readFile(t, "../README.md")
	if n := strings.Count(readme, "\n"); n > 300 {
		t.Errorf("README.md has %d lines; keep it at most 300 and move the rest to docs/", n)
	}
	main := readFile(t, "../cmd/hearth/main.go")
	_, body, _ := strings.Cut(main, "func command(")
	cmds := regexp.MustCompile(`case "(\w+)":`).FindAllStringSubmatch(body, -1)
	if len(cmds) < 6 {
		t.Fatalf("found %d commands in cmd/hearth/main.go: the test reads the wrong function", len(cmds))
	}
	for _, c := range cmds {
		if !strings.Contains(readme, "hearth "+c[1]+" ") {
			t.Errorf("README.md does not show `hearth %s`", c[1])
		}
		if !strings.Contains(main, "  hearth "+c[1]+" ") {
			t.Errorf("hearth's usage does not list %s", c[1])
		}
	}
}

// Every link between the documents points at a file that exists.
func TestDocLinksResolve(t *testing.T) {
	docs, _ := filepath.Glob("../docs/*.md")
	more, _ := filepath.Glob("../integrations/*/README.md")
	docs = append(append(docs, "../README.md", "../CONTRIBUTING.md", "../PRIVACY.md"), more...)
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	local := 0
	for _, d := range docs {
		for _, m := range link.FindAllStringSubmatch(readFile(t, d), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "#") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			target, _, _ = strings.Cut(target, "#")
			local++
			if _, err := os.Stat(filepath.Join(filepath.Dir(d), target)); err != nil {
				t.Errorf("%s links to %s, which does not exist", strings.TrimPrefix(d, "../"), m[1])
			}
		}
	}
	if local < 10 {
		t.Errorf("found %d links between the documents: the test reads the wrong files", local)
	}
}

// docs/ARCHITECTURE.md names every package of the module: the picture of
// the rooms is kept true as packages come and go.
func TestArchitectureNamesEveryPackage(t *testing.T) {
	cmd := exec.Command("go", "list", "./...")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	arch := readFile(t, "../docs/ARCHITECTURE.md")
	const module = "github.com/hearth-personalization/hearth/"
	if !strings.Contains(string(out), module+"wasm/session") {
		t.Fatalf("go list ./... from the root lacks wasm/session: %s", out)
	}
	for _, p := range strings.Fields(string(out)) {
		rel, ok := strings.CutPrefix(p, module)
		if !ok {
			continue
		}
		if !strings.Contains(arch, rel) {
			t.Errorf("docs/ARCHITECTURE.md does not name the package %s", rel)
		}
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
