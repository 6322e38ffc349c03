package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/hearth-personalization/hearth/server/counts"
	"github.com/hearth-personalization/hearth/tool/report"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// readReport is `hearth report`: the measurement's figures from its counts.
func readReport(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("hearth report", flag.ContinueOnError)
	fl.SetOutput(stderr)
	countsFile := fl.String("counts", counts.DefaultFile(), "the SQLite `FILE` \"hearth serve -measure\" keeps the counts in")
	htmlOut := fl.String("html", "", "also write the report, with a plot, as an HTML page to FILE")
	d1Export := fl.String("d1-export", "", "read the counts from FILE.sql instead, as \"wrangler d1 export hearth-counts --remote --table counts --output FILE.sql\" writes it (the edge)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: hearth report [-counts FILE | -d1-export FILE.sql] [-html FILE] CONFIG\n\nPrints, per measured experience of CONFIG's \"measure\" section, each arm's reports,\nestimated eligible visitors and goal rate with its 95% interval, the lift, and a verdict.")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		fl.Usage()
		return errors.New("report: name the config (hearth.json) whose measurement to read")
	}
	b, err := os.ReadFile(fl.Arg(0))
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	m, err := rules.ParseMeasure(b)
	if err != nil {
		return fmt.Errorf("report: %s: %w", fl.Arg(0), err)
	}
	var db *counts.DB
	if *d1Export != "" {
		b, err := os.ReadFile(*d1Export)
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		tmp, err := os.MkdirTemp("", "hearth-report-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		if db, err = counts.Import(filepath.Join(tmp, "counts.sqlite"), b); err != nil {
			return fmt.Errorf("report: %s: %w", *d1Export, err)
		}
	} else {
		if _, err := os.Stat(*countsFile); err != nil {
			return fmt.Errorf("report: %w (no report was counted yet, or give -counts)", err)
		}
		if db, err = counts.Open(*countsFile); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	defer db.Close()
	rows, err := db.Read(m.ID)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	s := report.Analyse(m, rows, time.Now())
	s.Text(stdout)
	if *htmlOut != "" {
		f, err := os.Create(*htmlOut)
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if err := errors.Join(s.HTML(f), f.Close()); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		fmt.Fprintf(stdout, "\nwrote %s\n", *htmlOut)
	}
	return nil
}
