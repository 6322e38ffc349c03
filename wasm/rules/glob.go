package rules

// Glob matches a page path against a pattern: "*" matches within one path
// segment, "**" across segments, every other character itself.
//
// It simulates the pattern as a set of positions advanced once per byte of
// s, so it takes O(len(pattern) × len(s)) whatever the pattern: a config's
// "/**a**a**a**b" cannot freeze a visitor's page by backtracking.
func Glob(pattern, s string) bool {
	toks := globTokens(pattern)
	n := len(toks)
	cur := make([]bool, n+1)
	next := make([]bool, n+1)
	cur[0] = true
	closeOver(toks, cur)
	for i := 0; i < len(s); i++ {
		c := s[i]
		clear(next)
		any := false
		for j, on := range cur[:n] {
			if !on {
				continue
			}
			switch t := toks[j]; {
			case t == anyDeep, t == anyInSegment && c != '/':
				next[j] = true // the star takes c and may take more
				any = true
			case t == int(c):
				next[j+1] = true
				any = true
			}
		}
		if !any {
			return false
		}
		closeOver(toks, next)
		cur, next = next, cur
	}
	return cur[n]
}

// Tokens of a glob: a byte (0–255) or one of the two stars.
const (
	anyInSegment = 256 // *
	anyDeep      = 257 // **
)

func globTokens(pattern string) []int {
	toks := make([]int, 0, len(pattern))
	for i := 0; i < len(pattern); i++ {
		switch {
		case pattern[i] == '*' && i+1 < len(pattern) && pattern[i+1] == '*':
			toks = append(toks, anyDeep)
			i++
		case pattern[i] == '*':
			toks = append(toks, anyInSegment)
		default:
			toks = append(toks, int(pattern[i]))
		}
	}
	return toks
}

// closeOver adds the positions reached by letting stars match nothing.
func closeOver(toks []int, set []bool) {
	for j, t := range toks {
		if set[j] && (t == anyInSegment || t == anyDeep) {
			set[j+1] = true
		}
	}
}
