//go:build js && wasm

package browser

import "syscall/js"

// node is a DOM node as a plain js.Value, with the few element methods the
// adapter needs.
//
// The adapter reaches the page through dom/v2 (window, document, location)
// but works on elements through node. Each method called through dom/v2's
// Element interface keeps a wrapper method for every one of its ~75
// element types in the module: on the floor program, calling 13 more such
// methods added 102 KB brotli (1.6 MB raw) and the compile time that goes
// with it. node's methods exist once.
type node struct{ js.Value }

// ok reports whether n is a node (not null or undefined).
func (n node) ok() bool { return n.Truthy() }

// attr is the attribute's value, "" when absent.
func (n node) attr(name string) string {
	v := n.Call("getAttribute", name)
	if v.IsNull() {
		return ""
	}
	return v.String()
}

func (n node) has(name string) bool    { return n.Call("hasAttribute", name).Bool() }
func (n node) set(name, value string)  { n.Call("setAttribute", name, value) }
func (n node) unset(name string)       { n.Call("removeAttribute", name) }
func (n node) text() string            { return n.Get("textContent").String() }
func (n node) setText(s string)        { n.Set("textContent", s) }
func (n node) add(child js.Value)      { n.Call("appendChild", child) }
func (n node) remove()                 { n.Call("remove") }
func (n node) one(sel string) node     { return node{n.Call("querySelector", sel)} }
func (n node) closest(sel string) node { return node{n.Call("closest", sel)} }

// all lists the descendants matching sel, in document order.
func (n node) all(sel string) []node {
	list := n.Call("querySelectorAll", sel)
	out := make([]node, list.Length())
	for i := range out {
		out[i] = node{list.Index(i)}
	}
	return out
}

// on adds a listener for the page's lifetime; a panic in f becomes one
// console line (see guard).
func (n node) on(typ string, capture bool, what string, f func(ev js.Value)) {
	n.Call("addEventListener", typ, callback(what, func(_ js.Value, args []js.Value) any {
		f(args[0])
		return nil
	}), capture)
}
