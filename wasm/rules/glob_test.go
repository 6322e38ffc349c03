package rules

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestGlob(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"/", "/", true}, {"/c/*", "/c/camping", true}, {"/c/*", "/c/camping/tents", false},
		{"/c/**", "/c/camping/tents", true}, {"/c/*/", "/c/camping/", true}, {"/p/*-tent", "/p/ridge-tent", true},
		{"**", "/anything/at/all", true}, {"/a", "/ab", false}, {"/a*", "/a", true},
		{"", "", true}, {"", "/", false}, {"*", "", true}, {"***", "/a/b", true}, {"/*/x", "/a/b/x", false},
		{"/**/x", "/a/b/x", true}, {"/**x", "/x", true}, {"/c/*", "/c/", true},
	} {
		if got := Glob(tc.pattern, tc.s); got != tc.want {
			t.Errorf("Glob(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

// TestGlobLinear: a pattern that made the old backtracking matcher take
// seconds on a 401-byte path (and exponentially longer with each "**a")
// must not. The bound is generous: it catches exponential work, not speed.
func TestGlobLinear(t *testing.T) {
	done := make(chan bool, 1)
	go func() {
		pattern := "/" + strings.Repeat("**a", 12) + "**b"
		done <- Glob(pattern, "/"+strings.Repeat("a", 4000))
	}()
	select {
	case got := <-done:
		if got {
			t.Errorf("Glob matched a path without the final b")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Glob backtracks: a 4,001-byte path is still matching after 20 s")
	}
}

// globRegexp is the reference: Go's regexp runs in linear time too. It
// matches runes, so both sides go through byteRunes: byte b is rune 0x100+b.
func globRegexp(pattern string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`^`)
	for i := 0; i < len(pattern); i++ {
		switch {
		case pattern[i] == '*' && i+1 < len(pattern) && pattern[i+1] == '*':
			b.WriteString(`(?s:.*)`)
			i++
		case pattern[i] == '*':
			b.WriteString(`[^` + byteRunes("/") + `]*`)
		default:
			b.WriteString(byteRunes(pattern[i : i+1]))
		}
	}
	b.WriteString(`$`)
	return regexp.MustCompile(b.String())
}

func byteRunes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteRune(rune(0x100 + int(s[i])))
	}
	return b.String()
}

// FuzzGlob checks Glob against the regexp reference. Inputs are bounded so
// that each call is quick; a matcher that backtracks would still blow up on
// them and trip the fuzzer's per-input timeout.
func FuzzGlob(f *testing.F) {
	for _, s := range [][2]string{{"/c/*", "/c/x"}, {"/**a**a**a**b", "/" + strings.Repeat("a", 400)}, {"**/", "a/b/"}, {"*", "/"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, s string) {
		if len(pattern) > 64 || len(s) > 1024 {
			return
		}
		want := globRegexp(pattern).MatchString(byteRunes(s))
		if got := Glob(pattern, s); got != want {
			t.Errorf("Glob(%q, %q) = %v, want %v", pattern, s, got, want)
		}
	})
}
