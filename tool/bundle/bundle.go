// Package bundle builds Hearth's bundle (dist/): the module compiled to
// wasm, the loader linked with the files' names and SRI, the page side, the
// worker and the stylesheet, each hashed and precompressed, and
// manifest.json; and verifies a copy against a rebuild. The output depends
// only on the source tree and the Go toolchain.
package bundle

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/andybalholm/brotli"
	"github.com/evanw/esbuild/pkg/api"

	"github.com/hearth-personalization/hearth/manifest"
)

// Build builds the module and writes dist/: hashed assets, the loader,
// .gz and .br twins, and manifest.json. The output depends only on the
// source tree and the Go toolchain: no timestamps, sorted maps, -trimpath.
func Build(root, out string) (*manifest.Manifest, error) {
	if !filepath.IsAbs(out) {
		out = filepath.Join(root, out)
	}
	if err := resetDir(out); err != nil {
		return nil, err
	}
	wasm, err := compileWasm(root)
	if err != nil {
		return nil, err
	}
	goroot, err := GoEnv("GOROOT")
	if err != nil {
		return nil, err
	}
	glue, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return nil, fmt.Errorf("bundle: Go's wasm glue: %w", err)
	}
	boot, err := os.ReadFile(filepath.Join(root, "web", "worker.js"))
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	workerJS, err := minify("hearth-worker.js", append(append(append([]byte(nil), glue...), '\n'), boot...), api.ES2017,
		leadingComment(glue)+"// Go's wasm_exec.js, then web/worker.js; minified.\n")
	if err != nil {
		return nil, err
	}
	page, err := pageSide(root)
	if err != nil {
		return nil, err
	}
	css, err := os.ReadFile(filepath.Join(root, "web", "hearth.css"))
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	loader, err := os.ReadFile(filepath.Join(root, "web", "hearth.js"))
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	m := &manifest.Manifest{Files: map[string]manifest.Asset{}}
	for _, f := range []struct {
		name string
		data []byte
	}{{manifest.Wasm, wasm}, {manifest.Worker, workerJS}, {manifest.Page, page}, {manifest.CSS, css}} {
		if m.Files[f.name], err = writeAsset(out, f.name, f.data, true); err != nil {
			return nil, err
		}
	}
	loader, err = linkLoader(loader, m)
	if err != nil {
		return nil, err
	}
	if loader, err = minify("hearth.js", loader, api.ES5, "/* Hearth loader, web/hearth.js minified: personalization that never leaves the browser. */\n"); err != nil {
		return nil, err
	}
	if m.Files[manifest.Loader], err = writeAsset(out, manifest.Loader, loader, false); err != nil {
		return nil, err
	}
	// The JSON Schemas, for editors and reviewers, at stable names.
	for _, name := range []string{"hearth.schema.json", "profile.schema.json"} {
		data, err := os.ReadFile(filepath.Join(root, "web", name))
		if err != nil {
			return nil, fmt.Errorf("bundle: %w", err)
		}
		if m.Files[name], err = writeAsset(out, name, data, false); err != nil {
			return nil, err
		}
	}
	js, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(out, "manifest.json"), append(js, '\n'), 0o644); err != nil {
		return nil, err
	}
	return m, nil
}

// resetDir empties out, refusing to touch a non-empty directory that is not
// a previous build (it has no manifest.json).
func resetDir(out string) error {
	entries, err := os.ReadDir(out)
	if err == nil && len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(out, "manifest.json")); err != nil {
			return fmt.Errorf("bundle: %s is not empty and holds no manifest.json; refusing to replace it", out)
		}
		if err := os.RemoveAll(out); err != nil {
			return err
		}
	}
	return os.MkdirAll(out, 0o755)
}

func GoEnv(key string) (string, error) {
	b, err := exec.Command("go", "env", key).Output()
	if err != nil {
		return "", fmt.Errorf("bundle: go env %s: %w", key, err)
	}
	return strings.TrimSpace(string(b)), nil
}

// wasmFlags build the module (and the bench's floor program, with the same
// flags): reproducible (no paths, no build id), stripped, and Hearth's own
// packages not inlined. Inlining copies function bodies into every caller:
// without it the module is 54 KB brotli smaller (779 -> 725 KB), and
// BenchmarkBootReturning, BenchmarkDecide and BenchmarkRecommend5000 as wasm
// measured within 5%. The runtime and the standard library stay inlined:
// without their inlining the module loses 36 KB more but Decide and a
// returning visitor's first answer take twice as long.
var wasmFlags = []string{"-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid=", NoInline}

// ModulePath is Hearth's Go module path, as go.mod names it.
const ModulePath = "github.com/hearth-personalization/hearth"

// NoInline turns inlining off in Hearth's own packages. The pattern must
// name the module's path: when the module was renamed, a pattern of
// "hearth/..." went on matching nothing, silently (TestNoInlineMatches).
const NoInline = "-gcflags=" + ModulePath + "/...=-l"

// compileWasm builds ./wasm for js/wasm, reproducibly.
func compileWasm(root string) ([]byte, error) {
	return CompileWasmPkg(root, "./wasm")
}

// CompileWasmPkg builds a js/wasm main package with wasmFlags.
func CompileWasmPkg(root, pkg string) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "hearth-wasm-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "out.wasm")
	cmd := exec.Command("go", append(append([]string{"build"}, wasmFlags...), "-o", bin, pkg)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("compiling %s for js/wasm: %w\n%s", pkg, err, stderr.Bytes())
	}
	return os.ReadFile(bin)
}

// linkLoader writes the bundle's file names and SRI into the loader.
func linkLoader(src []byte, m *manifest.Manifest) ([]byte, error) {
	const marker = "/*HEARTH:MANIFEST*/"
	i := bytes.Index(src, []byte(marker))
	if i < 0 {
		return nil, errors.New("bundle: web/hearth.js lacks the " + marker + " marker")
	}
	end := bytes.IndexByte(src[i:], '\n')
	semi := bytes.LastIndexByte(src[i:i+end], ';')
	if end < 0 || semi < 0 {
		return nil, errors.New("bundle: the manifest line of web/hearth.js must end with ';'")
	}
	type link struct {
		Wasm   string            `json:"wasm"`
		Worker string            `json:"worker"`
		Page   string            `json:"page"`
		CSS    string            `json:"css"`
		SHA256 string            `json:"sha256"`
		SRI    map[string]string `json:"sri"`
	}
	l := link{
		Wasm: m.Files[manifest.Wasm].File, Worker: m.Files[manifest.Worker].File, Page: m.Files[manifest.Page].File, CSS: m.Files[manifest.CSS].File,
		SHA256: m.Files[manifest.Wasm].SHA256,
		SRI:    map[string]string{"wasm": m.Files[manifest.Wasm].Integrity, "worker": m.Files[manifest.Worker].Integrity, "page": m.Files[manifest.Page].Integrity, "css": m.Files[manifest.CSS].Integrity},
	}
	js, err := json.Marshal(l)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Write(src[:i])
	b.Write(js)
	b.Write(src[i+semi:])
	return b.Bytes(), nil
}

// writeAsset writes data (under a content-hashed name when hashed) and its
// .gz and .br twins, and describes them.
func writeAsset(out, name string, data []byte, hashed bool) (manifest.Asset, error) {
	sum := sha256.Sum256(data)
	file := name
	if hashed {
		ext := filepath.Ext(name)
		file = strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:8]) + ext
	}
	gz, err := Gzip(data)
	if err != nil {
		return manifest.Asset{}, err
	}
	br, err := Brotli(data)
	if err != nil {
		return manifest.Asset{}, err
	}
	for suffix, b := range map[string][]byte{"": data, ".gz": gz, ".br": br} {
		if err := os.WriteFile(filepath.Join(out, file+suffix), b, 0o644); err != nil {
			return manifest.Asset{}, err
		}
	}
	sri := sha512.Sum384(data)
	return manifest.Asset{
		File: file, Bytes: len(data), Gzip: len(gz), Brotli: len(br),
		SHA256: hex.EncodeToString(sum[:]), Integrity: "sha384-" + base64.StdEncoding.EncodeToString(sri[:]),
		Hashed: hashed,
	}, nil
}

// Gzip compresses with no name and no time in the header, so equal
// input gives equal output.
func Gzip(data []byte) ([]byte, error) {
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func Brotli(data []byte) ([]byte, error) {
	var b bytes.Buffer
	w := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24})
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ModuleRoot finds the directory of go.mod from the working directory up.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory: run from the Hearth checkout")
		}
		dir = parent
	}
}

// Summary prints the bundle's sizes.
func Summary(m *manifest.Manifest, w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "file\traw\tgzip\tbrotli\t")
	for _, name := range []string{manifest.Wasm, manifest.Worker, manifest.Page, manifest.CSS, manifest.Loader} {
		a := m.Files[name]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", a.File, a.Bytes, a.Gzip, a.Brotli)
	}
	return tw.Flush()
}
