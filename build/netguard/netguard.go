// Package netguard is a go/analysis pass that keeps network access out of
// Hearth's wasm module: the module must never send anything anywhere. It
// reports any use, through syscall/js or honnef.co/go/js/dom/v2, of a
// browser API that makes a request (fetch, XMLHttpRequest, sendBeacon,
// WebSocket, EventSource, RTCPeerConnection, Image, workers, window.open,
// eval), and any URL-bearing attribute or element (src, href, script,
// iframe, …) set from Go. A use that is known safe carries a comment
// "//hearth:network-ok <why>" on its line or the line above; the reason is
// required, so a reviewer reads it.
package netguard

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Analyzer is the pass.
var Analyzer = &analysis.Analyzer{
	Name: "netguard",
	Doc:  "reports browser APIs that could send data off the device from Hearth's wasm code",
	Run:  run,
}

// Directive marks a reviewed, safe use; a reason must follow it.
const Directive = "//hearth:network-ok"

// requestAPIs are JavaScript names whose use can make a request.
var requestAPIs = map[string]bool{
	"fetch": true, "XMLHttpRequest": true, "sendBeacon": true, "WebSocket": true, "EventSource": true,
	"RTCPeerConnection": true, "Image": true, "Worker": true, "SharedWorker": true, "serviceWorker": true,
	"importScripts": true, "open": true, "eval": true, "Function": true, "Request": true, "Audio": true,
	"FontFace": true, "WebTransport": true, "navigation": true, "assign": true,
}

// urlAttributes are properties and attributes whose value is fetched or
// navigated to.
var urlAttributes = map[string]bool{
	"src": true, "href": true, "srcset": true, "action": true, "formaction": true, "poster": true,
	"data": true, "background": true, "ping": true, "codebase": true, "xlink:href": true, "innerHTML": true,
	"outerHTML": true,
}

// loadingElements are elements that fetch what they point at.
var loadingElements = map[string]bool{
	"script": true, "iframe": true, "img": true, "link": true, "object": true, "embed": true,
	"audio": true, "video": true, "source": true, "frame": true, "form": true, "a": true, "base": true,
}

// domMethods are honnef.co/go/js/dom/v2 methods that load or navigate.
var domMethods = map[string]bool{
	"SetSrc": true, "SetHref": true, "SetAction": true, "SetSrcset": true, "SetPoster": true,
	"SetData": true, "Open": true, "Assign": true, "Replace": true, "Reload": true, "SetInnerHTML": true,
	"SetOuterHTML": true,
}

func run(pass *analysis.Pass) (any, error) {
	for _, f := range pass.Files {
		allowed := directives(pass, f)
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			fn, ok := pass.TypesInfo.Uses[sel.Sel].(*types.Func)
			if !ok || fn.Pkg() == nil {
				return true
			}
			line := pass.Fset.Position(call.Pos()).Line
			if allowed[line] || allowed[line-1] {
				return true
			}
			if msg := check(pass, fn, call); msg != "" {
				pass.Reportf(call.Pos(), "%s (mark a reviewed safe use with %q and a reason)", msg, Directive)
			}
			return true
		})
	}
	return nil, nil
}

// check returns why a call may make a request, or "".
func check(pass *analysis.Pass, fn *types.Func, call *ast.CallExpr) string {
	name := fn.Name()
	switch fn.Pkg().Path() {
	case "syscall/js":
		args := strArgs(pass, call)
		switch name {
		case "Get", "Call", "Set", "Invoke", "New", "Delete":
			if len(args) > 0 && requestAPIs[args[0]] {
				return "js." + name + "(" + quote(args[0]) + ") reaches a browser API that makes requests"
			}
		}
		if name == "Set" && len(args) > 0 && urlAttributes[args[0]] {
			return "js.Set(" + quote(args[0]) + ") sets a URL the browser loads"
		}
		if name == "Call" && len(args) >= 2 && args[0] == "setAttribute" && urlAttributes[strings.ToLower(args[1])] {
			return "setAttribute(" + quote(args[1]) + ") sets a URL the browser loads"
		}
		if name == "Call" && len(args) >= 2 && args[0] == "createElement" && loadingElements[strings.ToLower(args[1])] {
			return "createElement(" + quote(args[1]) + ") makes an element that loads a URL"
		}
	case "honnef.co/go/js/dom/v2":
		if domMethods[name] {
			return "dom." + name + " loads or navigates"
		}
		args := strArgs(pass, call)
		if name == "SetAttribute" && len(args) > 0 && urlAttributes[strings.ToLower(args[0])] {
			return "SetAttribute(" + quote(args[0]) + ") sets a URL the browser loads"
		}
		if name == "CreateElement" && len(args) > 0 && loadingElements[strings.ToLower(args[0])] {
			return "CreateElement(" + quote(args[0]) + ") makes an element that loads a URL"
		}
	}
	return ""
}

// strArgs returns the constant string values of a call's leading arguments
// (stopping at the first that is not one).
func strArgs(pass *analysis.Pass, call *ast.CallExpr) []string {
	var out []string
	for _, a := range call.Args {
		tv, ok := pass.TypesInfo.Types[a]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			break
		}
		out = append(out, constant.StringVal(tv.Value))
	}
	return out
}

func quote(s string) string { return `"` + s + `"` }

// directives returns the lines with a reasoned //hearth:network-ok comment.
func directives(pass *analysis.Pass, f *ast.File) map[int]bool {
	lines := map[int]bool{}
	for _, g := range f.Comments {
		for _, c := range g.List {
			if rest, ok := strings.CutPrefix(c.Text, Directive); ok {
				if strings.TrimSpace(rest) == "" {
					pass.Reportf(c.Pos(), "%s needs a reason", Directive)
					continue
				}
				lines[pass.Fset.Position(c.Pos()).Line] = true
			}
		}
	}
	return lines
}
