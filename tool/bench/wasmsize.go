package bench

// What each Go package adds to the module (issue #25): the bytes of its
// functions' code, read from the module's code section and named by its
// "name" section (a build that keeps symbols: -s strips them). Brotli does
// not add up by package, so the figures are raw code bytes: which packages
// are linked, and which weigh, for choosing cuts from data.

import (
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

// funcSizes returns the code bytes of each named function of a WebAssembly
// module, and the code section's total.
func funcSizes(mod []byte) (map[string]int, int, error) {
	if len(mod) < 8 || string(mod[:4]) != "\x00asm" {
		return nil, 0, errors.New("wasm: not a module")
	}
	imported, names, sizes, total := 0, map[uint64]string{}, []int{}, 0
	for i := 8; i < len(mod); {
		id := mod[i]
		i++
		n, err := uleb(mod, &i)
		if err != nil || i+int(n) > len(mod) {
			return nil, 0, errors.New("wasm: truncated section")
		}
		sec := mod[i : i+int(n)]
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
			total = len(sec)
			count, _ := uleb(sec, &j)
			for range count {
				l, err := uleb(sec, &j)
				if err != nil {
					return nil, 0, err
				}
				sizes = append(sizes, int(l))
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
		return nil, 0, errors.New("wasm: no name section (built with -s?)")
	}
	out := map[string]int{}
	for k, s := range sizes {
		name := names[uint64(imported+k)]
		if name == "" {
			name = "?"
		}
		out[name] += s
	}
	return out, total, nil
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
	return nil
}
