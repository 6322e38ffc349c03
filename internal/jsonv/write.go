package jsonv

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// Writer appends compact JSON to a buffer. The caller writes keys in a fixed
// order, so equal inputs give equal bytes.
type Writer struct {
	buf   []byte
	comma []bool // per open container: whether the next item needs a comma
	key   bool   // a key was just written
}

// Bytes returns the written JSON.
func (w *Writer) Bytes() []byte { return w.buf }

func (w *Writer) sep() {
	if w.key {
		w.key = false
		return
	}
	if n := len(w.comma); n > 0 {
		if w.comma[n-1] {
			w.buf = append(w.buf, ',')
		}
		w.comma[n-1] = true
	}
}

// Open starts an object ('{') or array ('[').
func (w *Writer) Open(c byte) {
	w.sep()
	w.buf = append(w.buf, c)
	w.comma = append(w.comma, false)
}

// Close ends the innermost object ('}') or array (']').
func (w *Writer) Close(c byte) {
	w.buf = append(w.buf, c)
	w.comma = w.comma[:len(w.comma)-1]
}

// Key writes an object key; the next value belongs to it.
func (w *Writer) Key(k string) {
	w.sep()
	w.buf = appendString(w.buf, k)
	w.buf = append(w.buf, ':')
	w.key = true
}

// String writes a string value.
func (w *Writer) String(s string) { w.sep(); w.buf = appendString(w.buf, s) }

// Bool writes true or false.
func (w *Writer) Bool(b bool) { w.sep(); w.buf = strconv.AppendBool(w.buf, b) }

// Int writes an integer.
func (w *Writer) Int(n int64) { w.sep(); w.buf = strconv.AppendInt(w.buf, n, 10) }

// Float writes a number in its shortest form; NaN and infinities, which JSON
// cannot hold, are written as 0.
func (w *Writer) Float(f float64) {
	w.sep()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		f = 0
	}
	w.buf = strconv.AppendFloat(w.buf, f, 'g', -1, 64)
}

// Null writes null.
func (w *Writer) Null() { w.sep(); w.buf = append(w.buf, "null"...) }

const hexDigits = "0123456789abcdef"

// appendString quotes s as a JSON string. Invalid UTF-8 becomes U+FFFD;
// <, > and & are escaped so the output is safe inside HTML.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
