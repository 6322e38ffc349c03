package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"hearth/wasm/rules"
)

// check validates each config and prints every problem as FILE:LINE:COL.
func check(files []string, w io.Writer) error {
	bad := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("check: %w", err)
		}
		cfg, err := rules.Parse(data)
		var list rules.ErrorList
		switch {
		case errors.As(err, &list):
			bad++
			for _, e := range list {
				pos := f
				if e.Line > 0 {
					pos = fmt.Sprintf("%s:%d:%d", f, e.Line, e.Col)
				}
				where := ""
				if e.Path != "" {
					where = e.Path + ": "
				}
				fmt.Fprintf(w, "%s: %s%s\n", pos, where, e.Msg)
			}
		case err != nil:
			return fmt.Errorf("check: %s: %w", f, err)
		default:
			fmt.Fprintf(w, "%s: ok (%d topics, %d experiences)\n", f, len(cfg.Topics), len(cfg.Experiences))
		}
	}
	if bad > 0 {
		return fmt.Errorf("check: %d of %d configs have errors", bad, len(files))
	}
	return nil
}
