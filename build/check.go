package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"hearth/wasm/rules"
)

// check validates each config and prints every problem as FILE:LINE:COL.
// With --page URL (repeatable) it also compares each config with pages,
// warning about variants without a template and slots nothing targets.
func check(args []string, w io.Writer) error {
	var files, pages []string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--page" || a == "-page":
			if i+1 >= len(args) {
				return errors.New("check: --page needs a URL")
			}
			pages = append(pages, args[i+1])
			i++
		case strings.HasPrefix(a, "--page="):
			pages = append(pages, strings.TrimPrefix(a, "--page="))
		default:
			files = append(files, a)
		}
	}
	if len(files) == 0 {
		return errors.New("check: name at least one config file")
	}
	var facts []*pageFacts
	for _, u := range pages {
		pf, err := readPage(u)
		if err != nil {
			return fmt.Errorf("check: --page %s: %w", u, err)
		}
		facts = append(facts, pf)
	}
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
			warnings := 0
			for i, pf := range facts {
				for _, msg := range pageWarnings(cfg, pf) {
					fmt.Fprintf(w, "%s: warning: %s: %s\n", f, pages[i], msg)
					warnings++
				}
			}
			fmt.Fprintf(w, "%s: ok (%d topics, %d experiences, %d warnings)\n", f, len(cfg.Topics), len(cfg.Experiences), warnings)
		}
	}
	if bad > 0 {
		return fmt.Errorf("check: %d of %d configs have errors", bad, len(files))
	}
	return nil
}
