package daemon

import (
	"errors"
	"fmt"
	"net/http"
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
	cfg, err := rules.Parse(b)
	if err != nil {
		return nil, nil, fmt.Errorf("-measure %s:\n%w", configFile, err)
	}
	if len(cfg.MeasureErr) > 0 {
		return nil, nil, fmt.Errorf("-measure %s: its measure section is broken:\n%w", configFile, cfg.MeasureErr)
	}
	if cfg.Measure == nil {
		return nil, nil, fmt.Errorf("-measure %s: the config has no \"measure\" section", configFile)
	}
	if siteDir != "" {
		site, err1 := filepath.Abs(siteDir)
		file, err2 := filepath.Abs(countsFile)
		if err := errors.Join(err1, err2); err != nil {
			return nil, nil, err
		}
		if rel, err := filepath.Rel(site, file); err == nil && !strings.HasPrefix(rel, "..") {
			return nil, nil, fmt.Errorf("-counts %s is inside the site directory, which is served: keep it outside", countsFile)
		}
	}
	db, err := counts.Open(countsFile)
	if err != nil {
		return nil, nil, err
	}
	return &server.Reports{M: cfg.Measure, Counts: db}, db, nil
}

// withReports routes server.ReportPath to the reports, around everything
// else (the access log included: no log line per report).
func withReports(next http.Handler, rep *server.Reports) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == server.ReportPath {
			rep.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}
