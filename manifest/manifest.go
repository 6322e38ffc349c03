// Package manifest is the schema of a Hearth bundle's manifest.json: which
// file under dist/ holds each of the bundle's logical files, with its sizes,
// SHA-256 and Subresource Integrity. The build writes it; the server, the
// edge build and the site owner's CLI read it.
package manifest

import (
	"encoding/json"
	"fmt"
	"io/fs"
)

// Logical names of the bundle's files, the keys of manifest.json.
const (
	Wasm   = "hearth.wasm"
	Worker = "hearth-worker.js" // Go's wasm glue and web/worker.js: the module's Web Worker
	Page   = "hearth-page.js"   // web/page/*.js: the page side, loaded when the module starts
	CSS    = "hearth.css"
	Loader = "hearth.js"
)

// File is manifest.json's name in a bundle directory.
const File = "manifest.json"

// Asset is one file of the bundle as listed in manifest.json.
type Asset struct {
	File      string `json:"file"`      // name under dist/
	Bytes     int    `json:"bytes"`     // raw size
	Gzip      int    `json:"gzip"`      // size of the .gz twin
	Brotli    int    `json:"br"`        // size of the .br twin
	SHA256    string `json:"sha256"`    // hex, of the raw bytes
	Integrity string `json:"integrity"` // Subresource Integrity, sha384
	Hashed    bool   `json:"hashed"`    // the name carries the content hash: cache forever
}

// Manifest maps logical names to files.
type Manifest struct {
	Files map[string]Asset `json:"files"`
}

// Read reads manifest.json from a bundle directory.
func Read(dist fs.FS) (*Manifest, error) {
	b, err := fs.ReadFile(dist, File)
	if err != nil {
		return nil, fmt.Errorf("no bundle: %w (build one with `go run ./build bundle -out DIR`)", err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", File, err)
	}
	return &m, nil
}
