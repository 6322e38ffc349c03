package bundle

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hearth-personalization/hearth/manifest"
)

// FromModule is the bundle of Hearth's module path@version, built once
// from the source `go install` fetched into the module cache, with the Go
// toolchain on PATH, into the user's cache directory, and reused after
// (the site owner's binary installed with `go install` carries none: a
// module's published copy holds no dist/). Builds are deterministic: the
// same source and toolchain give the same files, as `go run ./build
// verify` in a checkout of the same version shows. note, when set, is told
// before a build, which takes a few seconds.
func FromModule(path, version string, note func(string)) (fs.FS, error) {
	cacheDir, err := os.UserCacheDir()
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(cacheDir, "hearth", "bundle-"+version)
	if _, err := manifest.Read(os.DirFS(dir)); err == nil {
		return os.DirFS(dir), nil
	}
	modcache, err := GoEnv("GOMODCACHE")
	if err != nil {
		return nil, fmt.Errorf("building the bundle from source needs the go command: %w", err)
	}
	root := filepath.Join(modcache, escapePath(path)+"@"+escapePath(version))
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return nil, fmt.Errorf("the module's source is not in the module cache (%s): run `go install %s/cmd/hearth@%s` again", root, path, version)
	}
	if note != nil {
		note(fmt.Sprintf("building the bundle from %s@%s (once; kept in %s)", path, version, dir))
	}
	tmp := dir + ".tmp" + strconv.Itoa(os.Getpid())
	if _, err := Build(root, tmp); err != nil {
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
