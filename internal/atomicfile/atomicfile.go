// Package atomicfile writes a file whole or not at all, for the tools that
// write files a site serves or a reviewer reads (a bundle's files, a
// catalog, the bench's results): through a temporary file in the same
// folder, renamed over the name, so that a reader never sees half a file,
// a failed write leaves the last one, and a symlink already at the name
// is replaced, never followed.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write writes data to path, readable by all (0644).
func Write(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".hearth-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
