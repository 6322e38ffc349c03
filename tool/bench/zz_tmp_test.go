package bench

import (
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/hearth-personalization/hearth/tool/bundle"
)

func TestZZFuncs(t *testing.T) {
	cmd := exec.Command("go", "build", "-trimpath", bundle.NoInline, "-o", "/tmp/zz.wasm", "./wasm")
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatal(string(b))
	}
	mod, _ := os.ReadFile("/tmp/zz.wasm")
	funcs, _, _ := funcSizes(mod)
	type f struct{ n string; b int }
	var fs []f
	for n, b := range funcs {
		if strings.Contains(n, os.Getenv("ZZ")) {
			fs = append(fs, f{n, b})
		}
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].b > fs[j].b })
	for i, x := range fs {
		if i == 70 { break }
		fmt.Printf("   %7d %s\n", x.b, strings.TrimPrefix(x.n, "github.com_hearth_personalization_hearth_wasm_"))
	}
	fmt.Println("count", len(fs))
}
