package jsonv

// What Parse returns: a tree of values that keep their byte offsets, for
// errors that name a line and column.

import ()

// Kind is the JSON type of a Value.
type Kind uint8

// The JSON types.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// Name is the kind as a site owner would say it in an error message.
func (k Kind) Name() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "a boolean"
	case Number:
		return "a number"
	case String:
		return "a string"
	case Array:
		return "an array"
	default:
		return "an object"
	}
}

// Value is one parsed JSON value.
type Value struct {
	Kind    Kind
	Off     int // byte offset of the value's first character
	Bool    bool
	Num     float64
	NumText string // the number as written, for exact messages
	Str     string
	Elems   []*Value // of an array
	Members []Member // of an object, in document order
}

// Member is one key of an object.
type Member struct {
	Key string
	Off int // byte offset of the key
	Val *Value
}

// Get returns the value of the first member named key, or nil.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	for _, m := range v.Members {
		if m.Key == key {
			return m.Val
		}
	}
	return nil
}
