package e2e

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/hearth-personalization/hearth/manifest"
	"github.com/hearth-personalization/hearth/tool/bundle"
	"github.com/hearth-personalization/hearth/tool/check"
)

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestBundleIsReproducible builds twice and compares every byte.
func TestBundleIsReproducible(t *testing.T) {
	t.Parallel() // no browser: its builds overlap the planted-report audits, which mostly wait
	needsBuild(t)
	s := demoSite(t) // the first build
	second := t.TempDir()
	if _, err := bundle.Build(s.root, second); err != nil {
		t.Fatal(err)
	}
	a, b := readTree(t, distDir), readTree(t, second)
	var names []string
	for n := range a {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(a) != len(b) {
		t.Errorf("builds have %d and %d files", len(a), len(b))
	}
	for _, n := range names {
		if !bytes.Equal(a[n], b[n]) {
			t.Errorf("%s differs between two builds of the same tree", n)
		}
	}
}

// TestBundleManifest checks that the manifest describes the files exactly
// and that the twins decompress to the original.
func TestBundleManifest(t *testing.T) {
	needsBuild(t)
	s := demoSite(t)
	for _, name := range []string{manifest.Wasm, manifest.Worker, manifest.Page, manifest.CSS, manifest.Loader} {
		a, ok := s.manifest.Files[name]
		if !ok {
			t.Errorf("manifest lacks %s", name)
			continue
		}
		raw, err := os.ReadFile(filepath.Join(distDir, a.File))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(raw)
		if a.Bytes != len(raw) || a.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: manifest says %d bytes sha256 %s; file has %d bytes sha256 %x", name, a.Bytes, a.SHA256, len(raw), sum)
		}
		if a.Hashed != (name != manifest.Loader) || (a.Hashed && !strings.Contains(a.File, hex.EncodeToString(sum[:8]))) {
			t.Errorf("%s: file %q, hashed %v; want a content-hashed name for everything but the loader", name, a.File, a.Hashed)
		}
		for _, tw := range []struct {
			ext  string
			size int
			open func(io.Reader) (io.Reader, error)
		}{
			{".gz", a.Gzip, func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
			{".br", a.Brotli, func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }},
		} {
			c, err := os.ReadFile(filepath.Join(distDir, a.File+tw.ext))
			if err != nil {
				t.Fatal(err)
			}
			r, err := tw.open(bytes.NewReader(c))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(got, raw) || len(c) != tw.size {
				t.Errorf("%s%s: decompresses equal %v (err %v), %d bytes vs manifest %d", a.File, tw.ext, bytes.Equal(got, raw), err, len(c), tw.size)
			}
		}
	}
	loader, _ := os.ReadFile(filepath.Join(distDir, manifest.Loader))
	for _, n := range []string{manifest.Wasm, manifest.Worker, manifest.Page, manifest.CSS} {
		if f := s.manifest.Files[n]; !bytes.Contains(loader, []byte(`"`+f.File+`"`)) || !bytes.Contains(loader, []byte(f.Integrity)) {
			t.Errorf("the loader does not name %s (%s) with its integrity", n, f.File)
		}
	}
}

func TestCheckCommand(t *testing.T) {
	root, err := bundle.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := check.Run([]string{filepath.Join(root, "web", "demo", "hearth.json")}, &out); err != nil {
		t.Errorf("check demo: %v\n%s", err, out.String())
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte("{\"version\": 1,\n \"topics\": {\"a\": {\"label\": {}}}}"), 0o644)
	out.Reset()
	err = check.Run([]string{bad}, &out)
	if err == nil || !strings.Contains(out.String(), bad+`:2:28: topics.a.label: an English ("en") text is required`) {
		t.Errorf("check bad = %v, output:\n%s", err, out.String())
	}
}

func TestCheckPage(t *testing.T) {
	s := demoSite(t)
	root := s.root
	var out bytes.Buffer
	err := check.Run([]string{"--page", s.url + "/", "--page", s.url + "/p/tent/", filepath.Join(root, "web", "demo", "hearth.json")}, &out)
	if err != nil {
		t.Fatalf("check --page: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "ok (9 topics, 7 experiences, 0 warnings)") {
		t.Errorf("the demo pages should give no warnings:\n%s", out.String())
	}
	// A slot the pages do not have but close to one they have is a
	// misspelling: an error naming it. Counts are in the singular for one.
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "hearth.json")
	os.WriteFile(cfgFile, []byte(`{"version": 1, "topics": {"a": {"label": {"en": "A"}}}, "experiences": [
		{"id": "x", "slot": "heor", "variant": "camping", "when": {"declared": "a"}}]}`), 0o644)
	out.Reset()
	err = check.Run([]string{"--page", s.url + "/", cfgFile}, &out)
	if err == nil || !strings.Contains(out.String(), `experiences[0] (x): slot "heor" is on none of the pages given; did you mean "hero"?`) {
		t.Errorf("check with a misspelled slot = %v:\n%s", err, out.String())
	}
	os.WriteFile(cfgFile, []byte(`{"version": 1, "topics": {"a": {"label": {"en": "A"}}}, "experiences": [
		{"id": "x", "slot": "checkout-banner", "variant": "v", "when": {"declared": "a"}}]}`), 0o644)
	out.Reset()
	// Warnings: the slot no experience targets, and the page's topics this
	// config does not name.
	if err := check.Run([]string{"--page", s.url + "/", cfgFile}, &out); err != nil || !strings.Contains(out.String(), "ok (1 topic, 1 experience, 2 warnings)") {
		t.Errorf("check with a slot on another page = %v:\n%s", err, out.String())
	}
}

func TestVerify(t *testing.T) {
	t.Parallel() // no browser: its builds overlap the planted-report audits, which mostly wait
	needsBuild(t)
	demoSite(t)
	var out bytes.Buffer
	if err := bundle.Reproduce([]string{"-dist", distDir}, &out); err != nil {
		t.Fatalf("verify of a fresh build: %v\n%s", err, out.String())
	}
	// A tampered copy fails, naming the file.
	tampered := t.TempDir()
	for name, data := range readTree(t, distDir) {
		os.WriteFile(filepath.Join(tampered, name), data, 0o644)
	}
	css := filepath.Join(tampered, demoSite(t).manifest.Files[manifest.CSS].File)
	os.WriteFile(css, []byte("body{background:red}"), 0o644)
	out.Reset()
	err := bundle.Reproduce([]string{"-dist", tampered}, &out)
	if err == nil || !strings.Contains(out.String(), "DIFF hearth.css: ") {
		t.Errorf("verify of a tampered bundle = %v\n%s", err, out.String())
	}
}
