package check

// What a Content-Security-Policy must allow for a page to work as it does:
// its inline scripts and event handlers (by hash), its inline styles, and
// the origins it loads from. `check --csp` proposes a policy from them
// that keeps the recommended one's guarantees (connect-src 'self': no
// script on the page sends data elsewhere).

import (
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"slices"
	"sort"
	"strings"
)

// inlineFacts are the inline code and the foreign origins of one page.
type inlineFacts struct {
	scripts  []string // sources of hashes: inline <script> elements
	handlers []string // on* attribute values
	jsURLs   int      // javascript: URLs (no hash can allow them)
	styles   []string // inline <style> elements
	styleAt  int      // style="…" attributes
	origins  map[string]map[string]bool
}

// executable reports whether a <script type> runs as script.
func executable(typ string) bool {
	switch strings.ToLower(strings.TrimSpace(typ)) {
	case "", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript":
		return true
	}
	return false
}

// directiveOf is the fetch directive a tag's URL attribute falls under.
func directiveOf(tag, attr, rel string) string {
	switch {
	case tag == "script" && attr == "src":
		return "script-src"
	case tag == "img" && (attr == "src" || attr == "srcset"), tag == "source" && attr == "srcset", tag == "video" && attr == "poster":
		return "img-src"
	case (tag == "video" || tag == "audio" || tag == "source" || tag == "track") && attr == "src":
		return "media-src"
	case (tag == "iframe" || tag == "frame") && attr == "src":
		return "frame-src"
	case tag == "link" && attr == "href" && strings.Contains(rel, "stylesheet"):
		return "style-src"
	case tag == "link" && attr == "href" && (strings.Contains(rel, "icon") || strings.Contains(rel, "preload")):
		return "img-src"
	}
	return ""
}

// foreign notes the origin of a URL the page loads, when it is another
// origin than the page's own.
func (f *inlineFacts) foreign(directive, raw string, page *url.URL) {
	if directive == "" || page == nil {
		return
	}
	for _, part := range strings.Split(raw, ",") { // a srcset lists several
		fields := strings.Fields(part)
		if len(fields) == 0 {
			continue
		}
		u, err := page.Parse(fields[0])
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == page.Host && u.Scheme == page.Scheme {
			if err == nil && u.Scheme == "data" {
				f.add(directive, "data:")
			}
			continue
		}
		f.add(directive, u.Scheme+"://"+u.Host)
	}
}

func (f *inlineFacts) add(directive, source string) {
	if f.origins == nil {
		f.origins = map[string]map[string]bool{}
	}
	if f.origins[directive] == nil {
		f.origins[directive] = map[string]bool{}
	}
	f.origins[directive][source] = true
}

func hashOf(code string) string {
	sum := sha256.Sum256([]byte(code))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// inlineNote says what a policy with script-src 'self' would block on a
// page, or "".
func (f *inlineFacts) note() string {
	var parts []string
	if n := len(f.scripts); n > 0 {
		parts = append(parts, plural(n, "inline script"))
	}
	if n := len(f.handlers); n > 0 {
		parts = append(parts, plural(n, "inline event handler"))
	}
	if f.jsURLs > 0 {
		parts = append(parts, plural(f.jsURLs, "javascript: URL"))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " and ") + ": a policy with script-src 'self' (hearthd's recommended one) blocks them; `check --csp` prints one that allows exactly these"
}

// proposePolicy is a Content-Security-Policy that lets the pages work as
// they do and Hearth run: the recommended one, with the pages' inline
// code allowed by hash and the origins they load from.
func proposePolicy(pages []*pageFacts) (policy string, notes []string) {
	var scripts, handlers, styles []string
	jsURLs, styleAttrs := 0, 0
	origins := map[string]map[string]bool{}
	for _, pf := range pages {
		f := pf.inline
		scripts = append(scripts, f.scripts...)
		handlers = append(handlers, f.handlers...)
		styles = append(styles, f.styles...)
		jsURLs += f.jsURLs
		styleAttrs += f.styleAt
		for d, set := range f.origins {
			if origins[d] == nil {
				origins[d] = map[string]bool{}
			}
			for o := range set {
				origins[d][o] = true
			}
		}
	}
	hashes := func(codes []string) []string {
		set := map[string]bool{}
		for _, c := range codes {
			set[hashOf(c)] = true
		}
		out := make([]string, 0, len(set))
		for h := range set {
			out = append(out, h)
		}
		sort.Strings(out)
		return out
	}
	extra := func(d string) []string {
		out := make([]string, 0, len(origins[d]))
		for o := range origins[d] {
			out = append(out, o)
		}
		sort.Strings(out)
		return out
	}
	script := append([]string{"'self'"}, extra("script-src")...)
	if len(handlers) > 0 {
		script = append(script, "'unsafe-hashes'")
	}
	script = append(script, hashes(append(scripts, handlers...))...)
	if jsURLs > 0 {
		notes = append(notes, plural(jsURLs, "javascript: URL")+" on the pages: no hash allows one; make each a button with a handler of its own, or the policy needs 'unsafe-inline' (which undoes the hashes)")
	}
	style := append([]string{"'self'"}, extra("style-src")...)
	switch {
	case styleAttrs > 0:
		// A hash cannot allow style="…" without 'unsafe-hashes' per value; and
		// with any hash present 'unsafe-inline' is ignored: inline styles are
		// allowed whole (they cannot send data where connect-src forbids it).
		style = append(style, "'unsafe-inline'")
		notes = append(notes, plural(styleAttrs, "style attribute")+" on the pages: style-src allows inline styles ('unsafe-inline'); move them to a stylesheet to drop it")
	default:
		style = append(style, hashes(styles)...)
	}
	img := []string{"'self'", "data:"}
	for _, o := range extra("img-src") {
		if !slices.Contains(img, o) {
			img = append(img, o)
		}
	}
	d := []string{
		"default-src 'self'",
		"script-src " + strings.Join(script, " "),
		"style-src " + strings.Join(style, " "),
		"img-src " + strings.Join(img, " "),
	}
	if m := extra("media-src"); len(m) > 0 {
		d = append(d, "media-src 'self' "+strings.Join(m, " "))
	}
	if f := extra("frame-src"); len(f) > 0 {
		d = append(d, "frame-src 'self' "+strings.Join(f, " "))
	}
	d = append(d, "connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'self'")
	if len(extra("style-src")) > 0 {
		notes = append(notes, "stylesheets from "+strings.Join(extra("style-src"), ", ")+": the fonts they load come from origins only they name; add those to font-src")
	}
	return strings.Join(d, "; "), notes
}
