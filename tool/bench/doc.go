package bench

import (
	_ "embed"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"
	"time"
)

// Where the results are kept and the page written from them, from the
// module's root.
const (
	resultsPath = "bench/results.json"
	docPath     = "docs/PERFORMANCE.md"
)

// docTemplate is docs/PERFORMANCE.md's text: what each stage measures and
// how to read it. Every figure in the page comes from the results.
//
//go:embed performance.md.tmpl
var docTemplate string

// renderDoc writes the page from r.
func renderDoc(r *results) (string, error) {
	stage := func(name string) (*stageResult, error) {
		if s := r.Stages[name]; s != nil {
			return s, nil
		}
		for _, st := range stages {
			if st.name == name {
				return nil, nil
			}
		}
		return nil, fmt.Errorf("bench: the page names a stage %q there is not", name)
	}
	missing := func(name string) string {
		return "(not measured yet: `go run ./build bench -only " + name + "`)"
	}
	funcs := template.FuncMap{
		// when says when and on what a stage was last measured.
		"when": func(name string) (string, error) {
			s, err := stage(name)
			if s == nil || err != nil {
				return missing(name), err
			}
			when := s.When
			if t, err := time.Parse(time.RFC3339, s.When); err == nil {
				when = t.UTC().Format("2006-01-02 15:04 UTC")
			}
			out := "measured " + when + ", " + s.Machine
			if s.Options != "" {
				out += ", " + s.Options
			}
			return out, nil
		},
		// tables is what the stage printed, as a code block.
		"tables": func(name string) (string, error) {
			s, err := stage(name)
			if s == nil || err != nil || s.Tables == "" {
				return missing(name), err
			}
			return "```\n" + s.Tables + "\n```", nil
		},
		// figures is the stage's figures as a table.
		"figures": func(name string) (string, error) {
			s, err := stage(name)
			if s == nil || err != nil || len(s.Figures) == 0 {
				return missing(name), err
			}
			return figureTable(s.Figures), nil
		},
		// fig is the figure whose name starts with prefix, in any stage.
		"fig": func(prefix string) (*figure, error) {
			for _, st := range stages {
				if s := r.Stages[st.name]; s != nil {
					for i := range s.Figures {
						if strings.HasPrefix(s.Figures[i].Name, prefix) {
							return &s.Figures[i], nil
						}
					}
				}
			}
			return nil, nil
		},
		"num":   num,
		"ratio": func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) + "×" },
	}
	t, err := template.New(docPath).Funcs(funcs).Option("missingkey=error").Parse(docTemplate)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := t.Execute(&b, r); err != nil {
		return "", err
	}
	return b.String(), nil
}

// figureTable writes figures as a Markdown table.
func figureTable(figs []figure) string {
	var b strings.Builder
	b.WriteString("| figure | Hearth | baseline | ratio | budget |\n|---|---|---|---|---|\n")
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	for _, f := range figs {
		name := f.Name
		if f.Note != "" {
			name += " [" + f.Note + "]"
		}
		baseline, ratio := "", ""
		if f.Baseline > 0 {
			baseline = num(f.Baseline, f.Unit) + " (" + f.Against + ")"
			ratio = strconv.FormatFloat(f.Ratio, 'f', 2, 64) + "×"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", cell(name), num(f.Hearth, f.Unit), cell(baseline), ratio, cell(f.Budget))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// writeDoc writes docs/PERFORMANCE.md from r.
func writeDoc(root string, r *results, w io.Writer) error {
	page, err := renderDoc(r)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(root, docPath), []byte(page), 0o644); err != nil {
		return err
	}
	fmt.Fprintln(w, "written:", docPath)
	return nil
}
