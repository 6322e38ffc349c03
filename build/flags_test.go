package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestFlagUsagesReadRight holds every flag's usage text in the tree to what
// Go's flag package prints: a back-quoted word in a usage becomes the
// argument's name in -h ("-counts FILE"), so a back-quoted command
// ("`hearth serve -measure`") printed "-counts hearth serve -measure".
// Only a single word in capitals may be back-quoted.
func TestFlagUsagesReadRight(t *testing.T) {
	kinds := map[string]bool{"String": true, "Bool": true, "Int": true, "Int64": true, "Uint": true, "Float64": true, "Duration": true,
		"StringVar": true, "BoolVar": true, "IntVar": true, "Float64Var": true, "DurationVar": true, "Var": true, "Func": true, "BoolFunc": true, "TextVar": true}
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n == "testdata" || n == "node_modules" || strings.HasPrefix(n, ".") && path != root {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 3 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !kinds[sel.Sel.Name] {
				return true
			}
			lit, ok := call.Args[len(call.Args)-1].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			usage, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			if name := quoted(usage); name != "" && strings.ToUpper(name) != name || strings.ContainsAny(name, " -./") {
				t.Errorf("%s: the usage %q back-quotes %q, which -h prints as the flag's argument: quote it with \" instead", path, usage, name)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// quoted is the first back-quoted text of a usage, as flag.UnquoteUsage
// takes it.
func quoted(usage string) string {
	_, rest, ok := strings.Cut(usage, "`")
	if !ok {
		return ""
	}
	name, _, ok := strings.Cut(rest, "`")
	if !ok {
		return ""
	}
	return name
}
