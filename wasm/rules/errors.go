package rules

import (
	"strconv"
	"strings"
)

// Error is one problem in a config, located by its JSON path and, where the
// text has it, by line and column (1-based).
type Error struct {
	Path      string // e.g. "experiences[2].when.interest.topic"; "" for the document
	Line, Col int    // 0 when unknown
	Msg       string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("rules: ")
	if e.Line > 0 {
		b.WriteString(strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + ": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is every problem found in a config, in document order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// path is a location in a JSON document, e.g. "experiences[0].when".
type path string

func (p path) key(k string) path {
	if p == "" {
		return path(k)
	}
	return p + "." + path(k)
}

func (p path) idx(i int) path { return p + "[" + path(strconv.Itoa(i)) + "]" }

// lineCol turns a byte offset into a 1-based line and column (in bytes).
func lineCol(data []byte, off int) (int, int) {
	off = max(0, min(off, len(data)))
	line, start := 1, 0
	for i, c := range data[:off] {
		if c == '\n' {
			line++
			start = i + 1
		}
	}
	return line, off - start + 1
}
