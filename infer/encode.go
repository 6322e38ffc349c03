package infer

import (
	"errors"
	"sort"
	"strconv"

	"github.com/hearth-personalization/hearth/internal/jsonv"
)

// A model in JSON (the catalog's "model"): each row of levels is a string
// of one character per topic, level l written as alphabet[l]:
// printable ASCII but for the characters JSON escapes ("\\) or jsonv's
// writer does (&<>), so that a row is as many bytes as topics.
//
//	{"topics": ["camping", "cooking"],
//	 "words": {"tent": "Z!k", "stove": "I!u"}}
//
// A word's row is its idf's level, then its weight's in each topic.
const alphabet = "!#$%'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"

// level is the level each byte of the alphabet writes, -1 for none.
var level = func() (l [256]int) {
	for i := range l {
		l[i] = -1
	}
	for i := 0; i < len(alphabet); i++ {
		l[alphabet[i]] = i
	}
	return l
}()

func encodeRow(row []uint8) string {
	b := make([]byte, len(row))
	for i, l := range row {
		b[i] = alphabet[l]
	}
	return string(b)
}

func decodeRow(s string, n int) ([]uint8, error) {
	if len(s) != n {
		return nil, errors.New("a row of " + strconv.Itoa(len(s)) + " levels for " + strconv.Itoa(n) + " topics")
	}
	row := make([]uint8, n)
	for i := 0; i < n; i++ {
		if level[s[i]] < 0 {
			return nil, errors.New(strconv.QuoteRune(rune(s[i])) + " is not a level")
		}
		row[i] = uint8(level[s[i]])
	}
	return row, nil
}

// Write writes m into w as one JSON value.
func (m *Model) Write(w *jsonv.Writer) {
	w.Open('{')
	w.Key("topics")
	w.Open('[')
	for _, t := range m.Topics {
		w.String(t)
	}
	w.Close(']')
	w.Key("words")
	w.Open('{')
	words := make([]string, 0, len(m.Words))
	for word := range m.Words {
		words = append(words, word)
	}
	sort.Strings(words) // the same model, the same bytes: a catalog is reproducible
	for _, word := range words {
		w.Key(word)
		w.String(encodeRow(m.Words[word]))
	}
	w.Close('}')
	w.Close('}')
}

// Read reads a model written by Write, refusing anything past the bounds.
func Read(v *jsonv.Value) (*Model, error) {
	if v.Kind != jsonv.Object {
		return nil, errors.New("model: not an object")
	}
	ts := v.Get("topics")
	if ts == nil || ts.Kind != jsonv.Array || len(ts.Elems) < 2 || len(ts.Elems) > MaxTopics {
		return nil, errors.New("model: \"topics\" is not a list of 2 to " + strconv.Itoa(MaxTopics))
	}
	m := &Model{Words: map[string][]uint8{}}
	for _, t := range ts.Elems {
		if t.Kind != jsonv.String || t.Str == "" || len(t.Str) > 64 {
			return nil, errors.New("model: a topic is not a short string")
		}
		m.Topics = append(m.Topics, t.Str)
	}
	ws := v.Get("words")
	if ws == nil || ws.Kind != jsonv.Object || len(ws.Members) > MaxVocab {
		return nil, errors.New("model: \"words\" is not an object of at most " + strconv.Itoa(MaxVocab))
	}
	for _, mem := range ws.Members {
		if mem.Val.Kind != jsonv.String || mem.Key == "" || len(mem.Key) > 4*MaxWordLen {
			return nil, errors.New("model: word " + strconv.Quote(mem.Key))
		}
		row, err := decodeRow(mem.Val.Str, 1+len(m.Topics))
		if err != nil {
			return nil, errors.New("model: word " + strconv.Quote(mem.Key) + ": " + err.Error())
		}
		m.Words[mem.Key] = row
	}
	return m, nil
}
