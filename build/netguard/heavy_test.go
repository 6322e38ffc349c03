package netguard

import (
	"strings"
	"testing"
)

// The module links none of encoding/json, fmt and regexp: dropping them
// took it from 1,056 KB (a50359a), and each costs the visitor's download
// far more than the code that calls it (encoding/json: 703 → 888 KB
// brotli). fmt came back once, through fmt.Errorf in the catalog's parser
// (703 → 805 KB brotli, found in make bench's figures a session later): no
// package of this repository the module links may import them, even for
// code the module never calls (the linker keeps what is reachable, and a
// later call makes it reachable).
func TestModuleLinksNoHeavyPackage(t *testing.T) {
	out := goListWasm(t, "./wasm", "-f", `{{.ImportPath}}:{{join .Imports " "}}`)
	ours := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		pkg, imports, _ := strings.Cut(line, ":")
		if pkg != module && !strings.HasPrefix(pkg, module+"/") {
			continue
		}
		ours++
		for _, imp := range strings.Fields(imports) {
			if imp == "fmt" || imp == "encoding/json" || imp == "regexp" {
				t.Errorf("%s imports %s, which the module must not link (errors.New and strconv do; see internal/jsonv)", pkg, imp)
			}
		}
	}
	if ours < 8 {
		t.Fatalf("found %d of the module's own packages: the list is wrong", ours)
	}
}
