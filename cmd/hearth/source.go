package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/hearth-personalization/hearth/manifest"
	"github.com/hearth-personalization/hearth/tool/bundle"
)

// theBundle is the bundle this binary serves and writes: the one `make
// hearth` embedded, or for a binary `go install` built (which carries
// none: a module's published copy holds no dist/), one built from this
// binary's own module source (see fromSource).
func theBundle() (fs.FS, error) {
	dist := bundleFS()
	if _, err := manifest.Read(dist); err == nil {
		return dist, nil
	}
	return fromSource()
}

// fromSource builds the bundle once from the module source `go install`
// fetched into the module cache, with the Go toolchain on PATH (the one
// that installed this binary), into the user's cache directory, and reuses
// it after. Builds are deterministic: the same source and toolchain give
// the same files, which `go run ./build verify` in a checkout of the same
// version shows.
func fromSource() (fs.FS, error) {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Version == "" || bi.Main.Version == "(devel)" {
		return nil, errors.New("this binary carries no bundle: build it with `make hearth`, or install a release with `go install " + bi.Main.Path + "/cmd/hearth@VERSION`")
	}
	cacheDir, err := os.UserCacheDir()
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(cacheDir, "hearth", "bundle-"+bi.Main.Version)
	if _, err := manifest.Read(os.DirFS(dir)); err == nil {
		return os.DirFS(dir), nil
	}
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		return nil, fmt.Errorf("this binary carries no bundle, and building it from source needs the go command: %w", err)
	}
	root := filepath.Join(strings.TrimSpace(string(out)), escapePath(bi.Main.Path)+"@"+escapePath(bi.Main.Version))
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return nil, fmt.Errorf("this binary carries no bundle, and its source is not in the module cache (%s): run `go install %s/cmd/hearth@%s` again", root, bi.Main.Path, bi.Main.Version)
	}
	fmt.Fprintf(os.Stderr, "hearth: building the bundle from %s@%s (once; kept in %s)\n", bi.Main.Path, bi.Main.Version, dir)
	tmp := dir + ".tmp" + strconv.Itoa(os.Getpid())
	if _, err := bundle.Build(root, tmp); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("building the bundle from source: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		if _, rerr := manifest.Read(os.DirFS(dir)); rerr != nil { // not another hearth's build, finished first
			return nil, err
		}
	}
	return os.DirFS(dir), nil
}

// escapePath is a module path or version as the module cache spells it:
// each capital letter as "!" and its small letter.
func escapePath(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
