package rules

import "strings"

// Glob matches a page path against a pattern: "*" matches within one path
// segment, "**" across segments, every other character itself.
//
// It simulates the pattern as a set of positions advanced once per byte of
// s, so it takes O(len(pattern) × len(s)) whatever the pattern: a config's
// "/**a**a**a**b" cannot freeze a visitor's page by backtracking. The set
// is a bitset on the stack for patterns of up to 127 bytes: deciding runs
// it for every path condition, so it allocates nothing there.
func Glob(pattern, s string) bool {
	star := strings.IndexByte(pattern, '*')
	if star < 0 {
		return pattern == s
	}
	// The literal part before the first star, then the common tails
	// ("/c/*", "/guides/**") without the simulation.
	if !strings.HasPrefix(s, pattern[:star]) {
		return false
	}
	pattern, s = pattern[star:], s[star:]
	switch pattern {
	case "*":
		return !strings.Contains(s, "/")
	case "**":
		return true
	}
	n := len(pattern)
	words := n/64 + 1
	var small [4]uint64
	var cur, next []uint64
	if words <= 2 {
		cur, next = small[:words], small[2:2+words]
	} else {
		cur, next = make([]uint64, words), make([]uint64, words)
	}
	set(cur, 0)
	closeOver(pattern, cur)
	for i := 0; i < len(s); i++ {
		c := s[i]
		clear(next)
		any := false
		for j := 0; j < n; j++ {
			if !has(cur, j) {
				continue
			}
			switch p := pattern[j]; {
			case p == '*' && (doubleStar(pattern, j) || c != '/'):
				set(next, j) // the star takes c and may take more
				any = true
			case p != '*' && p == c:
				set(next, j+1)
				any = true
			}
		}
		if !any {
			return false
		}
		closeOver(pattern, next)
		cur, next = next, cur
	}
	return has(cur, n)
}

// The positions of the set are the starts of the pattern's tokens (a byte,
// "*" or "**", read greedily from the left) and its end.

func doubleStar(pattern string, j int) bool { return j+1 < len(pattern) && pattern[j+1] == '*' }

// closeOver adds the positions reached by letting stars match nothing.
func closeOver(pattern string, bits []uint64) {
	for j := 0; j < len(pattern); j++ {
		if pattern[j] != '*' || !has(bits, j) {
			continue
		}
		if doubleStar(pattern, j) {
			set(bits, j+2)
		} else {
			set(bits, j+1)
		}
	}
}

func set(bits []uint64, j int)      { bits[j/64] |= 1 << (j % 64) }
func has(bits []uint64, j int) bool { return bits[j/64]&(1<<(j%64)) != 0 }
