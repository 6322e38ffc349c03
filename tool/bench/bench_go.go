package bench

// Go's own benchmarks of the engine and the profile, natively and as wasm.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"

	"github.com/hearth-personalization/hearth/tool/bundle"
)

// goBenchmarks runs BenchmarkDecide, BenchmarkRecommend5000,
// BenchmarkBootReturning and BenchmarkCatalog2000 natively and as wasm, and
// the profile size benchmark.
func goBenchmarks(root string) ([]figure, error) {
	run := func(env []string, pkg, bench, benchtime string) (string, error) {
		// The module's compiler flags (wasmFlags: Hearth's packages not
		// inlined), so that the figures are the shipped code's.
		cmd := exec.Command("go", "test", bundle.NoInline, pkg, "-run", "^$", "-bench", bench, "-benchmem", "-benchtime", benchtime)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), env...)
		b, err := cmd.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("bench: go test %s: %w\n%s", pkg, err, b)
		}
		return string(b), nil
	}
	goroot, err := bundle.GoEnv("GOROOT")
	if err != nil {
		return nil, err
	}
	wasmEnv := []string{"GOOS=js", "GOARCH=wasm", "PATH=" + filepath.Join(goroot, "lib", "wasm") + string(os.PathListSeparator) + os.Getenv("PATH")}
	native, err := run(nil, "./wasm/engine", "Decide", "2s")
	if err != nil {
		return nil, err
	}
	wasm, err := run(wasmEnv, "./wasm/engine", "Decide", "2s")
	if err != nil {
		return nil, err
	}
	size, err := run(nil, "./wasm/profile", "ProfileSize", "1x")
	if err != nil {
		return nil, err
	}
	recWasm, err := run(wasmEnv, "./wasm/engine", "Recommend5000", "1s")
	if err != nil {
		return nil, err
	}
	recNative, err := run(nil, "./wasm/engine", "Recommend5000", "1s")
	if err != nil {
		return nil, err
	}
	bootWasm, err := run(wasmEnv, "./wasm/session", "BootReturning", "1s")
	if err != nil {
		return nil, err
	}
	bootNative, err := run(nil, "./wasm/session", "BootReturning", "1s")
	if err != nil {
		return nil, err
	}
	catWasm, err := run(wasmEnv, "./wasm/session", "Catalog2000", "3x")
	if err != nil {
		return nil, err
	}
	catNative, err := run(nil, "./wasm/session", "Catalog2000", "10x")
	if err != nil {
		return nil, err
	}
	nsN, allocN := benchValue(native, "ns/op"), benchValue(native, "allocs/op")
	nsW := benchValue(wasm, "ns/op")
	return []figure{
		{Name: "Decide, 1,000 experiences × 200 topics, native", Unit: "µs", Hearth: nsN / 1000, Note: fmt.Sprintf("%.0f allocs/op", allocN)},
		{Name: "Decide, 1,000 experiences × 200 topics, wasm (Node)", Unit: "µs", Hearth: nsW / 1000, Baseline: nsN / 1000, Against: "native", Budget: "≤ 1000 µs"},
		{Name: "rank 5,000 catalog items for a complements slot, wasm (Node)", Unit: "ms", Hearth: benchValue(recWasm, "ns/op") / 1e6,
			Baseline: benchValue(recNative, "ns/op") / 1e6, Against: "native"},
		{Name: "a returning visitor's first answer (demo config: parse, read the profile, decide, Why? view), wasm (Node)", Unit: "ms", Hearth: benchValue(bootWasm, "ns/op") / 1e6,
			Baseline: benchValue(bootNative, "ns/op") / 1e6, Against: "native"},
		{Name: "the catalog at its bound taken by the worker (2,000 items, a model of 20 topics × 1,500 words: parse, match, infer, rank), wasm (Node)", Unit: "ms",
			Hearth: benchValue(catWasm, "ns/op") / 1e6, Baseline: benchValue(catNative, "ns/op") / 1e6, Against: "native",
			Note: fmt.Sprintf("%.0f KB of JSON", benchValue(catNative, "catalog-bytes")/1024)},
		{Name: "stored profile after 100,000 events over a year", Unit: "bytes", Hearth: benchValue(size, "stored-bytes"), Baseline: 32768, Against: "the 32 KB bound", Budget: "≤ 1.00×"},
	}, nil
}

// benchValue reads the value before unit on a benchmark result line.
func benchValue(out, unit string) float64 {
	re := regexp.MustCompile(`([0-9.]+) ` + regexp.QuoteMeta(unit))
	m := re.FindStringSubmatch(out)
	if m == nil {
		return 0
	}
	f, _ := strconv.ParseFloat(m[1], 64)
	return f
}
