package daemon

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/server/counts"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// measurement opens what -measure and -counts name: the config whose
// measure section the reports are checked against, and the SQLite file of
// counts, which must not lie inside the site (it would be served).
func measurement(configFile, countsFile, siteDir string) (*server.Reports, *counts.DB, error) {
	b, err := os.ReadFile(configFile)
	if err != nil {
		return nil, nil, err
	}
	m, err := rules.ParseMeasure(b)
	if err != nil {
		return nil, nil, fmt.Errorf("-measure %s: %w", configFile, err)
	}
	if siteDir != "" && inside(countsFile, siteDir) {
		return nil, nil, fmt.Errorf("-counts %s is inside the site directory, which is served: keep it outside (the default, %s, is)", countsFile, counts.DefaultFile())
	}
	db, err := counts.Open(countsFile)
	if err != nil {
		return nil, nil, err
	}
	return &server.Reports{M: m, Counts: db}, db, nil
}

// inside reports whether file lies in dir, symbolic links resolved on both
// sides (a -site that is a link to the folder holding the counts is that
// folder). A file not made yet is placed by its directory.
func inside(file, dir string) bool {
	real := func(p string) string {
		abs, err := filepath.Abs(p)
		if err != nil {
			return p
		}
		if r, err := filepath.EvalSymlinks(abs); err == nil {
			return r
		}
		if r, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
			return filepath.Join(r, filepath.Base(abs))
		}
		return abs
	}
	rel, err := filepath.Rel(real(dir), real(file))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
