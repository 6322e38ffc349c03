package bundle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

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
	pageCSS, panelCSS, err := pageSheets(root)
	if err != nil {
		return nil, err
	}
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
		Define:            map[string]string{"HEARTH_PAGE_CSS": pageCSS, "HEARTH_PANEL_CSS": panelCSS},
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

// panelMark starts the part of web/hearth.css that styles only the
// panel's shadow root.
const panelMark = "/* --- inside the panel's shadow root"

// pageSheets is web/hearth.css minified, as two JavaScript string
// literals the page side carries (web/page/style.js): the part the
// document adopts at once, and the panel's, parsed when the panel is
// first made. Carried in the page script, the stylesheet costs the page
// no request of its own (#36: every response is several tasks on a
// phone's main thread) and is checked by the script's SRI; hearth.css
// stays in the bundle for a browser without constructed stylesheets.
func pageSheets(root string) (page, panel string, err error) {
	css, err := os.ReadFile(filepath.Join(root, "web", "hearth.css"))
	if err != nil {
		return "", "", fmt.Errorf("bundle: %w", err)
	}
	at := bytes.Index(css, []byte(panelMark))
	if at < 0 {
		return "", "", fmt.Errorf("bundle: web/hearth.css: no %q line: the panel's part cannot be told from the page's", panelMark)
	}
	var lits [2]string
	for i, part := range [][]byte{css[:at], css[at:]} {
		r := api.Transform(string(part), api.TransformOptions{Loader: api.LoaderCSS, MinifyWhitespace: true, MinifySyntax: true, LegalComments: api.LegalCommentsNone, LogLevel: api.LogLevelSilent})
		if len(r.Errors) > 0 {
			return "", "", fmt.Errorf("bundle: web/hearth.css: %s", r.Errors[0].Text)
		}
		b, err := json.Marshal(strings.TrimSpace(string(r.Code)))
		if err != nil {
			return "", "", err
		}
		lits[i] = string(b)
	}
	return lits[0], lits[1], nil
}
