package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoBinaryTracked keeps built programs out of the repository: a 30 MB
// `hearth` at the root was committed three times. A reproducible bundle is
// built from source, so no tracked file may be an executable (ELF, Mach-O,
// PE, wasm outside the demo's test fixtures) or carry the executable bit
// unless it is a script that starts with "#!".
func TestNoBinaryTracked(t *testing.T) {
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	root := strings.TrimSpace(string(top))
	out, err := exec.Command("git", "-C", root, "ls-files", "-s", "-z").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	for _, rec := range bytes.Split(out, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		// "<mode> <object> <stage>\t<path>"
		meta, path, ok := strings.Cut(string(rec), "\t")
		if !ok {
			t.Fatalf("git ls-files: unexpected record %q", rec)
		}
		head := make([]byte, 4)
		f, err := os.Open(filepath.Join(root, path))
		if err != nil {
			continue // deleted in the work tree and not yet committed
		}
		n, _ := f.Read(head)
		f.Close()
		head = head[:n]
		if kind := binaryKind(head); kind != "" {
			t.Errorf("%s is a tracked %s binary: git rm --cached it and add it to .gitignore", path, kind)
		}
		if strings.HasPrefix(meta, "100755") && !bytes.HasPrefix(head, []byte("#!")) {
			t.Errorf("%s is tracked as executable but is not a script (no #!)", path)
		}
	}
}

// binaryKind names the executable format whose magic number head starts with.
func binaryKind(head []byte) string {
	for _, m := range []struct {
		magic []byte
		kind  string
	}{
		{[]byte("\x7fELF"), "ELF"},
		{[]byte("MZ"), "PE"},
		{[]byte{0xcf, 0xfa, 0xed, 0xfe}, "Mach-O"},
		{[]byte{0xfe, 0xed, 0xfa, 0xcf}, "Mach-O"},
		{[]byte("\x00asm"), "wasm"},
	} {
		if bytes.HasPrefix(head, m.magic) {
			return m.kind
		}
	}
	return ""
}

func TestBinaryKind(t *testing.T) {
	for _, c := range []struct {
		head string
		want string
	}{
		{"\x7fELF", "ELF"}, {"MZ\x90\x00", "PE"}, {"\x00asm", "wasm"},
		{"#!/b", ""}, {"pack", ""}, {"", ""},
	} {
		if got := binaryKind([]byte(c.head)); got != c.want {
			t.Errorf("binaryKind(%q) = %q, want %q", c.head, got, c.want)
		}
	}
}
