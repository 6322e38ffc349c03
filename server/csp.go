package server

import "strings"

// CSP is the Content-Security-Policy sent with pages unless the site's owner
// sets another: the one PRIVACY.md recommends for sites that use Hearth.
// Scripts, styles, images and connections only from the site itself; no
// plugins, no framing, no <base> tricks. connect-src 'self' also stops any
// script on the page from sending data elsewhere. The page's policy needs no
// 'wasm-unsafe-eval': the module compiles in Hearth's worker, whose policy
// is its own script's response's (the bundle is served without one).
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// CSPNone, given as the policy, sends no Content-Security-Policy header: the
// pages carry their own (<meta>) or a proxy in front sets it.
const CSPNone = "none"

// CSPRecommended, given as the policy, sends the recommended one (CSP).
const CSPRecommended = "recommended"

// PagePolicy is the header value for pages from an owner's choice: "" and
// CSPRecommended are the recommended CSP, CSPNone is no header (""),
// anything else is the owner's policy with its line breaks folded (a
// policy file may wrap).
func PagePolicy(choice string) string {
	switch choice = strings.Join(strings.Fields(choice), " "); choice {
	case "", CSPRecommended:
		return CSP
	case CSPNone:
		return ""
	}
	return choice
}

// CheckCSP lists, as sentences for the site's owner, what in a page's
// Content-Security-Policy would stop Hearth: the loader and page script,
// the worker, the config and bundle fetches, the stylesheet, Trusted Types.
// It follows CSP3's fallbacks (worker-src → child-src → script-src →
// default-src). A host source might be the site's own, which the server
// cannot know: it is taken as allowing.
func CheckCSP(header string) []string {
	var out []string
	for _, policy := range strings.Split(header, ",") { // every policy is enforced
		d := directives(policy)
		script := d.effective("script-src-elem", "script-src")
		strict := script.has("'strict-dynamic'")
		nonce := script.hasPrefix("'nonce-") // the loader gives the page's nonce to what it inserts
		switch {
		case strict && !nonce && !script.hasPrefix("'sha"):
			out = append(out, "script-src has 'strict-dynamic' without a nonce or hash: no script runs, Hearth's loader included")
		case !strict && !nonce && !script.allowsSelf():
			out = append(out, "script-src allows neither 'self' (or the bundle's origin) nor a nonce nor 'strict-dynamic': hearth-page.js, which the loader inserts, is blocked")
		}
		if w := d.effective("worker-src", "child-src", "script-src"); !w.allowsSelf() && !(strict && w.has("'strict-dynamic'")) {
			out = append(out, "worker-src (or the script-src it falls back to) does not allow 'self': Hearth's worker cannot start; add worker-src 'self'")
		}
		if script.hasPrefix("'sha") && !script.allowsSelf() { // only hashes admit the loader: its tag carries integrity
			// A pinned loader runs the worker from its checked bytes, a blob:
			// worker, which takes the page's policy (not its response's).
			if !script.has("'wasm-unsafe-eval'") && !script.has("'unsafe-eval'") {
				out = append(out, "script-src pins scripts by hash but lacks 'wasm-unsafe-eval': with integrity on the loader's tag, Hearth's worker runs from its checked bytes under the page's policy and cannot compile the module; add 'wasm-unsafe-eval'")
			}
			if w := d.effective("worker-src", "child-src", "script-src"); !w.has("blob:") && !(strict && w.has("'strict-dynamic'")) {
				out = append(out, "worker-src (or the script-src it falls back to) does not allow blob:: with integrity on the loader's tag, Hearth's worker runs from its checked bytes as a blob: worker; add worker-src 'self' blob: (or 'strict-dynamic')")
			}
		}
		if c := d.effective("connect-src"); !c.allowsSelf() {
			out = append(out, "connect-src does not allow 'self': the config and the integrity check of Hearth's worker cannot be fetched")
		}
		if s := d.effective("style-src-elem", "style-src"); !s.allowsSelf() && !s.hasPrefix("'nonce-") {
			out = append(out, "style-src does not allow 'self': Hearth's stylesheet is blocked (the Why? buttons and the panel unstyled)")
		}
		if names, ok := d["trusted-types"]; ok && !names.has("hearth") && !names.has("*") {
			if _, required := d["require-trusted-types-for"]; required {
				out = append(out, "trusted-types does not name the policy hearth, and require-trusted-types-for is set: the loader cannot insert its scripts; add hearth to trusted-types")
			} else {
				out = append(out, "trusted-types does not name the policy hearth: Hearth works (the page does not require Trusted Types), but the browser reports the refused policy on every page; add hearth to trusted-types")
			}
		}
	}
	return out
}

// sources is one directive's source list, lower-cased.
type sources []string

// policy maps directive names to their sources; a directive given twice
// keeps its first (CSP3 §2.2.1).
type policy map[string]sources

func directives(text string) policy {
	d := policy{}
	for _, part := range strings.Split(text, ";") {
		f := strings.Fields(strings.ToLower(part))
		if len(f) == 0 {
			continue
		}
		if _, dup := d[f[0]]; !dup {
			d[f[0]] = f[1:]
		}
	}
	return d
}

// effective is the list that governs a fetch: the first directive present
// of names, then default-src; * (everything allowed) if none is.
func (d policy) effective(names ...string) sources {
	for _, n := range append(names, "default-src") {
		if s, ok := d[n]; ok {
			return s
		}
	}
	return sources{"*"}
}

func (s sources) has(tok string) bool {
	for _, t := range s {
		if t == tok {
			return true
		}
	}
	return false
}

func (s sources) hasPrefix(p string) bool {
	for _, t := range s {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// allowsSelf reports whether the list might allow a same-origin URL:
// 'self', *, a scheme or a host source ('none' or keywords alone do not).
func (s sources) allowsSelf() bool {
	for _, t := range s {
		switch {
		case t == "'self'" || t == "*" || t == "http:" || t == "https:":
			return true
		case strings.HasPrefix(t, "'") || strings.HasSuffix(t, ":"): // a keyword, data:, blob:
		default: // a host source: perhaps the site's own
			return true
		}
	}
	return false
}
