package bench

// What each Go package adds to the module (issue #25): the bytes of its
// functions' code, read from the module's code section and named by its
// "name" section (a build that keeps symbols: -s strips them). Brotli does
// not add up by package, so the figures are raw code bytes: which packages
// are linked, and which weigh, for choosing cuts from data.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hearth-personalization/hearth/tool/bundle"
)

// uleb reads an unsigned LEB128 number at b[*i].
func uleb(b []byte, i *int) (uint64, error) {
	var v uint64
	for shift := 0; ; shift += 7 {
		if *i >= len(b) || shift > 63 {
			return 0, errors.New("wasm: truncated number")
		}
		c := b[*i]
		*i++
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, nil
		}
	}
}

// wasmFunc is one function defined in a module: its name (from the name
// section) and where its body (size prefix excluded) lies in the module.
type wasmFunc struct {
	name     string
	off, end int
}

// funcSizes returns the code bytes of each named function of a WebAssembly
// module, and the code section's total.
func funcSizes(mod []byte) (map[string]int, int, error) {
	fns, code, err := wasmFuncs(mod)
	if err != nil {
		return nil, 0, err
	}
	out := map[string]int{}
	for _, f := range fns {
		out[f.name] += f.end - f.off
	}
	return out, code[1] - code[0], nil
}

// wasmFuncs lists the functions a module defines, and where its code
// section's contents lie.
func wasmFuncs(mod []byte) ([]wasmFunc, [2]int, error) {
	var code [2]int
	if len(mod) < 8 || string(mod[:4]) != "\x00asm" {
		return nil, code, errors.New("wasm: not a module")
	}
	imported, names := 0, map[uint64]string{}
	var bodies [][2]int
	for i := 8; i < len(mod); {
		id := mod[i]
		i++
		n, err := uleb(mod, &i)
		if err != nil || i+int(n) > len(mod) {
			return nil, code, errors.New("wasm: truncated section")
		}
		sec := mod[i : i+int(n)]
		base := i
		i += int(n)
		j := 0
		switch id {
		case 2: // imports: their functions come first in the index space
			count, _ := uleb(sec, &j)
			for range count {
				for range 2 { // module and field names
					l, _ := uleb(sec, &j)
					j += int(l)
				}
				kind := sec[j]
				j++
				switch kind {
				case 0:
					uleb(sec, &j)
					imported++
				case 1: // table: type, limits
					j++
					skipLimits(sec, &j)
				case 2:
					skipLimits(sec, &j)
				case 3: // global: type, mutability
					j += 2
				}
			}
		case 10: // code
			code = [2]int{base, i}
			count, _ := uleb(sec, &j)
			for range count {
				l, err := uleb(sec, &j)
				if err != nil || j+int(l) > len(sec) {
					return nil, code, errors.New("wasm: truncated function body")
				}
				bodies = append(bodies, [2]int{base + j, base + j + int(l)})
				j += int(l)
			}
		case 0: // custom: "name", subsection 1 is the function names
			l, _ := uleb(sec, &j)
			if string(sec[j:j+int(l)]) != "name" {
				continue
			}
			j += int(l)
			for j < len(sec) {
				sub := sec[j]
				j++
				sl, _ := uleb(sec, &j)
				end := j + int(sl)
				if sub == 1 {
					count, _ := uleb(sec, &j)
					for range count {
						idx, _ := uleb(sec, &j)
						nl, _ := uleb(sec, &j)
						names[idx] = string(sec[j : j+int(nl)])
						j += int(nl)
					}
				}
				j = end
			}
		}
	}
	if len(names) == 0 {
		return nil, code, errors.New("wasm: no name section (built with -s?)")
	}
	fns := make([]wasmFunc, len(bodies))
	for k, b := range bodies {
		name := names[uint64(imported+k)]
		if name == "" {
			name = "?"
		}
		fns[k] = wasmFunc{name, b[0], b[1]}
	}
	return fns, code, nil
}

// withoutBodies is mod with the body of every function drop names made
// empty ("unreachable"), its name section gone: a module that no longer
// runs, built only to be compressed, so that what those functions' code
// adds to the compressed module can be read as a difference.
func withoutBodies(mod []byte, drop func(name string) bool) ([]byte, error) {
	fns, code, err := wasmFuncs(mod)
	if err != nil {
		return nil, err
	}
	sec := lebAppend(nil, uint64(len(fns)))
	for _, f := range fns {
		body := mod[f.off:f.end]
		if drop(f.name) {
			body = []byte{0x00, 0x00, 0x0b} // no locals; unreachable; end
		}
		sec = append(lebAppend(sec, uint64(len(body))), body...)
	}
	// The code section's header: its id and size precede code[0].
	start := code[0] - 1
	for start > 0 && mod[start-1]&0x80 != 0 {
		start--
	}
	start-- // the id
	out := append([]byte(nil), mod[:start]...)
	out = append(lebAppend(append(out, 10), uint64(len(sec))), sec...)
	for i := code[1]; i < len(mod); { // the sections after, the name section left out
		id := mod[i]
		j := i + 1
		n, err := uleb(mod, &j)
		if err != nil {
			return nil, err
		}
		if id != 0 || !bytes.HasPrefix(mod[j:], []byte("\x04name")) {
			out = append(out, mod[i:j+int(n)]...)
		}
		i = j + int(n)
	}
	return out, nil
}

func lebAppend(b []byte, v uint64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func skipLimits(b []byte, j *int) {
	flag := b[*j]
	*j++
	uleb(b, j)
	if flag&1 != 0 {
		uleb(b, j)
	}
}

// pkgOf is the package of a function as Go's wasm name section spells it,
// its path's slashes as "_": "runtime.mallocgc" → "runtime",
// "internal_strconv.ftoa" → "internal_strconv",
// "github.com_a_b.__T_.M" → "github.com_a_b" (a module path's first
// element has a dot of its own).
func pkgOf(sym string) string {
	start := 0
	if us := strings.IndexByte(sym, '_'); us > 0 {
		if dot := strings.IndexByte(sym[:us], '.'); dot >= 0 && dot+1 < us { // "github.com_…", not "runtime.__mheap_…"
			start = us
		}
	}
	if dot := strings.IndexByte(sym[start:], '.'); dot >= 0 {
		return sym[:start+dot]
	}
	return sym
}

// byPackage sums function sizes by package, largest first.
func byPackage(funcs map[string]int) []pkgSize {
	sum := map[string]int{}
	for name, n := range funcs {
		sum[pkgOf(name)] += n
	}
	out := make([]pkgSize, 0, len(sum))
	for p, n := range sum {
		out = append(out, pkgSize{p, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].bytes != out[j].bytes {
			return out[i].bytes > out[j].bytes
		}
		return out[i].pkg < out[j].pkg
	})
	return out
}

type pkgSize struct {
	pkg   string
	bytes int
}

// moduleByPackage builds pkg for js/wasm with its symbols and prints the
// largest packages' code, and the share of each.
func moduleByPackage(root, pkg string, top int, w io.Writer) error {
	tmp, err := os.MkdirTemp("", "hearth-sizes-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "m.wasm")
	cmd := exec.Command("go", "build", "-trimpath", bundle.NoInline, "-o", out, pkg) // the shipped flags, with symbols
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building %s with symbols: %w\n%s", pkg, err, b)
	}
	mod, err := os.ReadFile(out)
	if err != nil {
		return err
	}
	funcs, total, err := funcSizes(mod)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nThe module's code by package (raw bytes of each package's functions; code section %d B, module %d B with symbols):\n", total, len(mod))
	for i, p := range byPackage(funcs) {
		if i == top {
			break
		}
		fmt.Fprintf(w, "  %-62s %9d B  %5.1f%%\n", p.pkg, p.bytes, 100*float64(p.bytes)/float64(total))
	}
	return compressedShares(mod, w)
}

// group is where a function of the module comes from, by its package.
func group(name string) string {
	switch p := pkgOf(name); {
	case strings.HasPrefix(p, strings.NewReplacer("/", "_", "-", "_").Replace(bundle.ModulePath)): // as the linker spells it
		return "Hearth's own packages"
	case p == "runtime" || strings.HasPrefix(p, "runtime.") || strings.HasPrefix(p, "internal_runtime") || strings.HasPrefix(p, "type_"):
		return "the Go runtime"
	default:
		return "the standard library"
	}
}

// compressedShares prints what each group's code adds to the module as
// served (brotli): the module against the same module with that group's
// function bodies emptied. The rest is data the linker writes per function
// too (the pclntab, type data, strings), which stays in every variant: so
// the module with no code of Hearth's at all would still be at least the
// full size less Hearth's share.
func compressedShares(mod []byte, w io.Writer) error {
	full, err := withoutBodies(mod, func(string) bool { return false })
	if err != nil {
		return err
	}
	fullBr, err := bundle.Brotli(full)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nWhat each part's code adds to the module as served (brotli; the module %d B, less the part's function bodies emptied):\n", len(fullBr))
	for _, g := range []string{"Hearth's own packages", "the standard library", "the Go runtime"} {
		less, err := withoutBodies(mod, func(name string) bool { return group(name) == g })
		if err != nil {
			return err
		}
		br, err := bundle.Brotli(less)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %-24s %8d B  %5.1f%%   (the module without it: %d B)\n", g, len(fullBr)-len(br), 100*float64(len(fullBr)-len(br))/float64(len(fullBr)), len(br))
	}
	return nil
}
