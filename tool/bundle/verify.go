package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/hearth-personalization/hearth/manifest"
)

// Reproduce (`go run ./build reproduce`) rebuilds the bundle from source in a temporary directory and
// compares every file with the given dist directory and its manifest, so a
// reviewer can confirm that what is served is what the source builds.
func Reproduce(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("reproduce", flag.ContinueOnError)
	dist := fs.String("dist", "dist", "the bundle directory to check")
	if err := fs.Parse(args); err != nil {
		return err
	}
	root, err := ModuleRoot()
	if err != nil {
		return err
	}
	if !filepath.IsAbs(*dist) {
		*dist = filepath.Join(root, *dist)
	}
	m, err := manifest.Read(os.DirFS(*dist))
	if err != nil {
		return fmt.Errorf("verify: %s: %w", *dist, err)
	}
	tmp, err := os.MkdirTemp("", "hearth-verify-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	fresh, err := Build(root, tmp)
	if err != nil {
		return err
	}
	var problems []string
	// The manifest in dist describes its files truthfully...
	names := make([]string, 0, len(m.Files))
	for n := range m.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		a := m.Files[n]
		data, err := os.ReadFile(filepath.Join(*dist, a.File))
		if err != nil {
			problems = append(problems, n+": "+err.Error())
			continue
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != a.SHA256 {
			problems = append(problems, fmt.Sprintf("%s: %s does not match the sha256 in manifest.json", n, a.File))
		}
		f, ok := fresh.Files[n]
		switch {
		case !ok:
			problems = append(problems, n+": not produced by the source")
		case f.SHA256 != a.SHA256 || f.File != a.File:
			problems = append(problems, fmt.Sprintf("%s: served %s (sha256 %.16s…), the source builds %s (sha256 %.16s…)", n, a.File, a.SHA256, f.File, f.SHA256))
		default:
			fmt.Fprintf(w, "ok  %-20s %s  sha256 %s\n", n, a.File, a.SHA256)
		}
	}
	for n := range fresh.Files {
		if _, ok := m.Files[n]; !ok {
			problems = append(problems, n+": built from source but missing from "+*dist)
		}
	}
	// ...and every file, twins included, is byte for byte what the source builds.
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return err
	}
	for _, e := range entries {
		want, _ := os.ReadFile(filepath.Join(tmp, e.Name()))
		got, err := os.ReadFile(filepath.Join(*dist, e.Name()))
		if err != nil || !bytes.Equal(got, want) {
			problems = append(problems, e.Name()+": differs from the rebuild")
		}
	}
	sort.Strings(problems)
	for _, p := range problems {
		fmt.Fprintln(w, "DIFF", p)
	}
	if len(problems) > 0 {
		return errors.New("verify: the bundle does not match its source")
	}
	fmt.Fprintf(w, "verified: %d files of %s are exactly what this source builds\n", len(entries), *dist)
	return nil
}
