package bench

import (
	"reflect"
	"testing"
)

// leb writes an unsigned LEB128 number.
func leb(n int) []byte {
	var b []byte
	for {
		c := byte(n & 0x7f)
		n >>= 7
		if n != 0 {
			b = append(b, c|0x80)
			continue
		}
		return append(b, c)
	}
}

func section(id byte, body []byte) []byte {
	return append(append([]byte{id}, leb(len(body))...), body...)
}

func str(s string) []byte { return append(leb(len(s)), s...) }

// A module with one imported function and three of its own, named as Go's
// wasm linker names them (a path's slashes as "_"): the sizes come back per
// function and per package, the import's index skipped.
func TestFuncSizesByPackage(t *testing.T) {
	var mod []byte
	mod = append(mod, "\x00asm\x01\x00\x00\x00"...)
	imp := append(leb(1), append(append(str("go"), str("debug")...), 0, 0)...)
	mod = append(mod, section(2, imp)...)
	bodies := [][]byte{make([]byte, 10), make([]byte, 300), make([]byte, 7)}
	code := leb(len(bodies))
	for _, b := range bodies {
		code = append(append(code, leb(len(b))...), b...)
	}
	mod = append(mod, section(10, code)...)
	names := leb(4)
	for i, n := range []string{"go.debug", "runtime.mallocgc", "github.com_a_b_panel.__View_.WriteJSON", "github.com_a_b_panel.tr"} {
		names = append(append(names, leb(i)...), str(n)...)
	}
	sub := append([]byte{1}, append(leb(len(names)), names...)...)
	mod = append(mod, section(0, append(str("name"), sub...))...)

	funcs, total, err := funcSizes(mod)
	if err != nil {
		t.Fatal(err)
	}
	// Emptying one function's body leaves the others as they were, and
	// drops the name section (put back here to read the sizes).
	emptied, err := withoutBodies(mod, func(name string) bool { return name == "github.com_a_b_panel.__View_.WriteJSON" })
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := funcSizes(emptied); err == nil {
		t.Error("withoutBodies kept the name section")
	}
	again, _, err := funcSizes(append(emptied, section(0, append(str("name"), sub...))...))
	if err != nil {
		t.Fatal(err)
	}
	if w := map[string]int{"runtime.mallocgc": 10, "github.com_a_b_panel.__View_.WriteJSON": 3, "github.com_a_b_panel.tr": 7}; !reflect.DeepEqual(again, w) {
		t.Errorf("after withoutBodies: %v, want %v", again, w)
	}
	want := map[string]int{"runtime.mallocgc": 10, "github.com_a_b_panel.__View_.WriteJSON": 300, "github.com_a_b_panel.tr": 7}
	if !reflect.DeepEqual(funcs, want) || total != len(code) {
		t.Errorf("funcSizes = %v, total %d; want %v, %d", funcs, total, want, len(code))
	}
	if got := byPackage(funcs); !reflect.DeepEqual(got, []pkgSize{{"github.com_a_b_panel", 307}, {"runtime", 10}}) {
		t.Errorf("byPackage = %v", got)
	}
}

func TestPkgOf(t *testing.T) {
	for sym, want := range map[string]string{
		"runtime.mallocgc":            "runtime",
		"runtime.__mheap_.alloc":      "runtime",
		"internal_strconv.ftoa":       "internal_strconv",
		"type_.eq.runtime.x":          "type_",
		"github.com_a_b_panel.tr":     "github.com_a_b_panel",
		"golang.org_x_net_html.Parse": "golang.org_x_net_html",
		"main.main":                   "main",
	} {
		if got := pkgOf(sym); got != want {
			t.Errorf("pkgOf(%q) = %q, want %q", sym, got, want)
		}
	}
}
