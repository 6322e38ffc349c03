package rules

import "strings"

// Conditions on the page and the browser: path, query, language, viewport.

type pathGlob string

func (c pathGlob) Topics() []string { return nil }
func (c pathGlob) Eval(f Facts, why *[]Check) bool {
	p := f.Path()
	return note(why, Check{Kind: "path", WantText: string(c), GotText: p, Held: Glob(string(c), p)})
}

// query: every named parameter of the page's own URL has the value ("*": any).
type query []struct{ name, value string }

func (c query) Topics() []string { return nil }
func (c query) Eval(f Facts, why *[]Check) bool {
	ok := true
	for _, q := range c {
		got, present := f.Query(q.name)
		held := present && (q.value == "*" || got == q.value)
		ok = ok && held
		if why == nil && !ok {
			return false
		}
		note(why, Check{Kind: "query", Param: q.name, WantText: q.value, GotText: got, Held: held})
	}
	return ok
}

type language []string // primary subtags, lowercase

func (c language) Topics() []string { return nil }
func (c language) Eval(f Facts, why *[]Check) bool {
	got := f.Language()
	primary := strings.ToLower(got)
	if i := strings.IndexAny(primary, "-_"); i >= 0 {
		primary = primary[:i]
	}
	ok := false
	for _, l := range c {
		ok = ok || l == primary
	}
	if why == nil {
		return ok
	}
	return note(why, Check{Kind: "language", WantText: strings.Join(c, ","), GotText: got, Held: ok})
}

// Viewport classes, by the viewport's CSS width.
var viewports = []string{"small", "medium", "large"}

// ViewportClass names the class of a viewport width in CSS pixels: small
// below 640, medium below 1024, large from 1024.
func ViewportClass(width float64) string {
	switch {
	case width < 640:
		return "small"
	case width < 1024:
		return "medium"
	}
	return "large"
}

type viewport []string

func (c viewport) Topics() []string { return nil }
func (c viewport) Eval(f Facts, why *[]Check) bool {
	got := f.Viewport()
	ok := false
	for _, v := range c {
		ok = ok || v == got
	}
	if why == nil {
		return ok
	}
	return note(why, Check{Kind: "viewport", WantText: strings.Join(c, ","), GotText: got, Held: ok})
}
