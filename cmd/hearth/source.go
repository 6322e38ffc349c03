package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"

	"github.com/hearth-personalization/hearth/manifest"
	"github.com/hearth-personalization/hearth/tool/bundle"
)

// theBundle is the bundle this binary serves and writes: the one `make
// hearth` embedded, or for a binary `go install` built, one built from this
// binary's own module source (bundle.FromModule).
func theBundle() (fs.FS, error) {
	dist := bundleFS()
	if _, err := manifest.Read(dist); err == nil {
		return dist, nil
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Version == "" || bi.Main.Version == "(devel)" {
		return nil, errors.New("this binary carries no bundle: build it with `make hearth`, or install a release with `go install " + modulePath + "/cmd/hearth@VERSION`")
	}
	dist, err := bundle.FromModule(bi.Main.Path, bi.Main.Version, func(msg string) { fmt.Fprintln(os.Stderr, "hearth:", msg) })
	if err != nil {
		return nil, fmt.Errorf("this binary carries no bundle: %w", err)
	}
	return dist, nil
}

// modulePath is this binary's module, for the message of a binary built
// without build information.
const modulePath = "github.com/hearth-personalization/hearth"
