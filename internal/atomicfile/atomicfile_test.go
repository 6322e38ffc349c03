package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

// A file is written whole, over a symlink without following it, and a
// write that cannot be done leaves the last file and no temporary one.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "catalog.json")
	outside := filepath.Join(t.TempDir(), "outside")
	os.WriteFile(outside, []byte("keep"), 0o644)
	if err := os.Symlink(outside, p); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(outside); string(b) != "keep" {
		t.Errorf("the symlink was followed: %q", b)
	}
	if b, _ := os.ReadFile(p); string(b) != "new" {
		t.Errorf("read back %q", b)
	}
	if st, _ := os.Lstat(p); st.Mode().Perm() != 0o644 || st.Mode()&os.ModeSymlink != 0 {
		t.Errorf("mode %v", st.Mode())
	}
	if err := Write(filepath.Join(dir, "no-such-dir", "x"), []byte("x")); err == nil {
		t.Error("a write into a missing folder succeeded")
	}
	if err := os.Mkdir(filepath.Join(dir, "a-dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "a-dir", "f"), []byte("x"), 0o644)
	if err := Write(filepath.Join(dir, "a-dir"), []byte("x")); err == nil {
		t.Error("a file was renamed over a folder that is not empty")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "catalog.json" && e.Name() != "a-dir" {
			t.Errorf("left behind %s", e.Name())
		}
	}
}
