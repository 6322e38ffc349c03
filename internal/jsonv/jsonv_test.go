package jsonv

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// toAny converts a Value to what encoding/json would produce.
func toAny(v *Value) any {
	switch v.Kind {
	case Null:
		return nil
	case Bool:
		return v.Bool
	case Number:
		return v.Num
	case String:
		return v.Str
	case Array:
		out := []any{}
		for _, e := range v.Elems {
			out = append(out, toAny(e))
		}
		return out
	default:
		out := map[string]any{}
		for _, m := range v.Members {
			if _, dup := out[m.Key]; !dup { // encoding/json keeps the last; compare only unique keys
				out[m.Key] = toAny(m.Val)
			}
		}
		return out
	}
}

func TestParseAgreesWithEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`{}`, `[]`, `null`, `true`, ` false `, `0`, `-0.5e+3`, `1E2`, `"a\"b\\c\/d\n\u00e9\ud83d\ude00"`,
		`{"a": [1, 2, {"b": null}], "c": "é"}`, `[[[[]]]]`, `"\ud800"`, `"\ud800\u0041"`,
	} {
		v, err := Parse([]byte(in))
		if err != nil {
			t.Errorf("Parse(%s): %v", in, err)
			continue
		}
		var want any
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatal(err)
		}
		if got := toAny(v); !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(%s) = %#v, want %#v", in, got, want)
		}
	}
}

func TestParseErrorsAndOffsets(t *testing.T) {
	for _, tc := range []struct {
		in  string
		off int
	}{
		{``, 0}, {`{`, 1}, {`{"a" 1}`, 5}, {`{"a":1,}`, 7}, {`[1 2]`, 3}, {`01`, 1}, {`1.`, 2}, {`-`, 1},
		{`"abc`, 4}, {"\"a\tb\"", 2}, {`"\x"`, 2}, {`tru`, 0}, {`{} x`, 3}, {`1e999`, 0},
	} {
		_, err := Parse([]byte(tc.in))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) = %v, want a SyntaxError", tc.in, err)
			continue
		}
		if se.Off != tc.off {
			t.Errorf("Parse(%q) error at %d (%s), want %d", tc.in, se.Off, se.Msg, tc.off)
		}
	}
	deep := make([]byte, 0, 200)
	for i := 0; i < 100; i++ {
		deep = append(deep, '[')
	}
	if _, err := Parse(deep); err == nil {
		t.Errorf("Parse accepted nesting of 100")
	}
}

func TestValueOffsets(t *testing.T) {
	v, err := Parse([]byte(`{"a": [10, "x"], "b": {"c": true}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Get("a").Elems[1].Off; got != 11 {
		t.Errorf("offset of a[1] = %d, want 11", got)
	}
	if got := v.Get("b").Get("c").Off; got != 28 {
		t.Errorf("offset of b.c = %d, want 28", got)
	}
	if v.Get("nope") != nil || v.Get("a").Get("x") != nil {
		t.Errorf("Get of a missing key or on an array is not nil")
	}
}

func TestWriterRoundTrip(t *testing.T) {
	var w Writer
	w.Open('{')
	w.Key("s")
	w.String("a\"<b>&\x01\u2028é\xff")
	w.Key("n")
	w.Float(1.5)
	w.Key("i")
	w.Int(-7)
	w.Key("bad")
	w.Float(math.NaN())
	w.Key("l")
	w.Open('[')
	w.Bool(true)
	w.Null()
	w.Open('{')
	w.Close('}')
	w.Close(']')
	w.Close('}')
	var got map[string]any
	if err := json.Unmarshal(w.Bytes(), &got); err != nil {
		t.Fatalf("%s: %v", w.Bytes(), err)
	}
	want := map[string]any{"s": "a\"<b>&\x01\u2028é\ufffd", "n": 1.5, "i": -7.0, "bad": 0.0, "l": []any{true, nil, map[string]any{}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip = %#v, want %#v", got, want)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,"x",null,true]}`, `"\ud83d\ude00"`, `-1.5e-3`, `[[]]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Parse(data)
		var want any
		stdErr := json.Unmarshal(data, &want)
		if err != nil && strings.Contains(err.Error(), "nested deeper") {
			return // a limit of ours, not a disagreement
		}
		if (err == nil) != (stdErr == nil) {
			t.Fatalf("Parse(%q) error %v, but encoding/json says %v", data, err, stdErr)
		}
		if err != nil {
			return
		}
		if !hasDupKeys(v) && !reflect.DeepEqual(toAny(v), want) {
			t.Fatalf("Parse(%q) = %#v, encoding/json %#v", data, toAny(v), want)
		}
	})
}

func hasDupKeys(v *Value) bool {
	seen := map[string]bool{}
	for _, m := range v.Members {
		if seen[m.Key] || hasDupKeys(m.Val) {
			return true
		}
		seen[m.Key] = true
	}
	for _, e := range v.Elems {
		if hasDupKeys(e) {
			return true
		}
	}
	return false
}
