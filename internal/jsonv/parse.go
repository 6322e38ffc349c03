// Package jsonv is a small JSON reader and writer for the wasm module.
//
// encoding/json and fmt would add about 300 KB (brotli) of reflection to a
// module whose whole budget is a few dozen KB over Go's floor, and the module
// only reads two documents: the site config and the stored profile. The
// reader builds a tree that remembers where each value starts, so config
// errors can name their line and column without a second pass.
package jsonv

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// SyntaxError is malformed JSON at byte offset Off.
type SyntaxError struct {
	Off int
	Msg string
}

func (e *SyntaxError) Error() string { return "jsonv: " + e.Msg + " at offset " + strconv.Itoa(e.Off) }

// MaxDepth bounds nesting so that hostile input cannot exhaust the stack.
const MaxDepth = 64

type parser struct {
	s     []byte
	i     int
	depth int
}

// Parse reads exactly one JSON value (with surrounding white space).
func Parse(data []byte) (*Value, error) {
	p := &parser{s: data}
	p.space()
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.s) {
		return nil, p.fail("unexpected data after the value")
	}
	return v, nil
}

func (p *parser) fail(msg string) error { return &SyntaxError{Off: p.i, Msg: msg} }

func (p *parser) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value() (*Value, error) {
	if p.i >= len(p.s) {
		return nil, p.fail("unexpected end of input")
	}
	start := p.i
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return &Value{Kind: String, Off: start, Str: s}, nil
	case c == 't':
		return p.literal("true", &Value{Kind: Bool, Off: start, Bool: true})
	case c == 'f':
		return p.literal("false", &Value{Kind: Bool, Off: start})
	case c == 'n':
		return p.literal("null", &Value{Kind: Null, Off: start})
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		return nil, p.fail("invalid character " + strconv.QuoteRune(rune(c)) + " looking for a value")
	}
}

func (p *parser) literal(word string, v *Value) (*Value, error) {
	if len(p.s)-p.i < len(word) || string(p.s[p.i:p.i+len(word)]) != word {
		return nil, p.fail("invalid literal, want " + word)
	}
	p.i += len(word)
	return v, nil
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > MaxDepth {
		return p.fail("nested deeper than " + strconv.Itoa(MaxDepth) + " levels")
	}
	return nil
}

func (p *parser) object() (*Value, error) {
	v := &Value{Kind: Object, Off: p.i}
	if err := p.enter(); err != nil {
		return nil, err
	}
	p.i++ // {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		p.depth--
		return v, nil
	}
	for {
		p.space()
		if p.i >= len(p.s) {
			return nil, p.fail("unexpected end of input")
		}
		if p.s[p.i] != '"' {
			return nil, p.fail("invalid character " + strconv.QuoteRune(rune(p.s[p.i])) + " looking for an object key")
		}
		koff := p.i
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.i >= len(p.s) {
			return nil, p.fail("unexpected end of input")
		}
		if p.s[p.i] != ':' {
			return nil, p.fail("missing ':' after object key")
		}
		p.i++
		p.space()
		val, err := p.value()
		if err != nil {
			return nil, err
		}
		v.Members = append(v.Members, Member{Key: k, Off: koff, Val: val})
		p.space()
		if p.i >= len(p.s) {
			return nil, p.fail("unexpected end of input")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			p.depth--
			return v, nil
		default:
			return nil, p.fail("missing ',' or '}' in object")
		}
	}
}

func (p *parser) array() (*Value, error) {
	v := &Value{Kind: Array, Off: p.i}
	if err := p.enter(); err != nil {
		return nil, err
	}
	p.i++ // [
	p.space()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		p.depth--
		return v, nil
	}
	for {
		p.space()
		el, err := p.value()
		if err != nil {
			return nil, err
		}
		v.Elems = append(v.Elems, el)
		p.space()
		if p.i >= len(p.s) {
			return nil, p.fail("unexpected end of input")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			p.depth--
			return v, nil
		default:
			return nil, p.fail("missing ',' or ']' in array")
		}
	}
}

func (p *parser) number() (*Value, error) {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.i < len(p.s) && p.s[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		return nil, p.fail("invalid number")
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return nil, p.fail("invalid number: digits must follow '.'")
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return nil, p.fail("invalid number: digits must follow the exponent")
		}
	}
	text := string(p.s[start:p.i])
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		p.i = start
		return nil, p.fail("number " + text + " is out of range")
	}
	return &Value{Kind: Number, Off: start, Num: f, NumText: text}, nil
}

// str reads a string starting at the opening quote.
func (p *parser) str() (string, error) {
	p.i++ // "
	start := p.i
	// Fast path: no escapes.
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '"' {
			s := p.s[start:p.i]
			p.i++
			return validUTF8(s), nil
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return "", p.fail("control character in string")
		}
		p.i++
	}
	buf := append([]byte(nil), p.s[start:p.i]...)
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return validUTF8(buf), nil
		case c < 0x20:
			return "", p.fail("control character in string")
		case c != '\\':
			buf = append(buf, c)
			p.i++
			continue
		}
		p.i++ // backslash
		if p.i >= len(p.s) {
			break
		}
		e := p.s[p.i]
		p.i++
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", p.fail("invalid \\u escape")
			}
			if utf16.IsSurrogate(r) {
				r2 := rune(utf8.RuneError)
				if p.i+1 < len(p.s) && p.s[p.i] == '\\' && p.s[p.i+1] == 'u' {
					save := p.i
					p.i += 2
					if lo, ok := p.hex4(); ok {
						if d := utf16.DecodeRune(r, lo); d != utf8.RuneError {
							r2 = d
						} else {
							p.i = save
						}
					} else {
						p.i = save
					}
				}
				r = r2
			}
			buf = utf8.AppendRune(buf, r)
		default:
			p.i--
			return "", p.fail("invalid escape " + strconv.QuoteRune(rune(e)))
		}
	}
	return "", p.fail("unexpected end of input in string")
}

func (p *parser) hex4() (rune, bool) {
	if len(p.s)-p.i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range p.s[p.i : p.i+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	p.i += 4
	return r, true
}

// validUTF8 replaces each byte of invalid UTF-8 with U+FFFD, as encoding/json
// does, so that any string read can be written back.
func validUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			out = append(out, "\uFFFD"...)
		} else {
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	return string(out)
}
