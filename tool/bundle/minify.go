package bundle

import (
	"bytes"
	"fmt"
	"path/filepath"

	"github.com/evanw/esbuild/pkg/api"
)

// The bundle's scripts go out minified (esbuild, pinned in go.mod): white
// space, comments, local names and syntax. Property names, strings and the
// scripts' top level stay as they are, so the public API, the messages and
// the manifest read the same; the output depends only on the input and
// esbuild's version, so `verify` still compares byte for byte. The readable
// source is web/; what is served is proved to be built from it.

// minify shrinks one script. target is the oldest language edition its
// output may use (the loader's is older: it must run, and fail soft, in
// any browser). banner is kept in front of it, as written.
func minify(name string, src []byte, target api.Target, banner string) ([]byte, error) {
	r := api.Transform(string(src), api.TransformOptions{
		Sourcefile:        name,
		Loader:            api.LoaderJS,
		Target:            target,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		Charset:           api.CharsetUTF8,
		LegalComments:     api.LegalCommentsNone,
	})
	if len(r.Errors) > 0 {
		e := r.Errors[0]
		if e.Location != nil {
			return nil, fmt.Errorf("bundle: minifying %s:%d:%d: %s", name, e.Location.Line, e.Location.Column+1, e.Text)
		}
		return nil, fmt.Errorf("bundle: minifying %s: %s", name, e.Text)
	}
	return append([]byte(banner), bytes.TrimRight(r.Code, "\n")...), nil
}

// leadingComment is the block of // lines a file starts with (a licence
// header), to keep in front of its minified form.
func leadingComment(src []byte) string {
	var b bytes.Buffer
	for _, line := range bytes.SplitAfter(src, []byte("\n")) {
		if !bytes.HasPrefix(line, []byte("//")) {
			break
		}
		b.Write(line)
	}
	return b.String()
}

// pageSide bundles web/page/'s ES modules, from main.js, into one
// minified script, hearth-page.js: one strict function, which runs the
// page side only where the loader started it (it hands the page side over
// as window.hearth._loader). The bundle is flat (format ESM with nothing
// imported or exported is plain code), so that function is its only scope.
func pageSide(root string) ([]byte, error) {
	r := api.Build(api.BuildOptions{
		EntryPoints:       []string{filepath.Join(root, "web", "page", "main.js")},
		Bundle:            true,
		Write:             false,
		Format:            api.FormatESModule,
		Target:            api.ES2017,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		Charset:           api.CharsetUTF8,
		LegalComments:     api.LegalCommentsNone,
		Banner:            map[string]string{"js": "/* Hearth's page side, web/page/ minified. */\n(function(){\"use strict\";if(!window.hearth||!window.hearth._loader)return;"},
		Footer:            map[string]string{"js": "})();"},
		LogLevel:          api.LogLevelSilent,
	})
	if len(r.Errors) > 0 {
		e := r.Errors[0]
		if e.Location != nil {
			return nil, fmt.Errorf("bundle: web/page/%s:%d:%d: %s", filepath.Base(e.Location.File), e.Location.Line, e.Location.Column+1, e.Text)
		}
		return nil, fmt.Errorf("bundle: web/page: %s", e.Text)
	}
	if len(r.Warnings) > 0 {
		w := r.Warnings[0]
		return nil, fmt.Errorf("bundle: web/page: %s (%v)", w.Text, w.Location)
	}
	if len(r.OutputFiles) != 1 {
		return nil, fmt.Errorf("bundle: web/page: %d outputs, want one script", len(r.OutputFiles))
	}
	return bytes.TrimRight(r.OutputFiles[0].Contents, "\n"), nil
}
