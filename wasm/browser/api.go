//go:build js && wasm

package browser

import (
	"syscall/js"
)

// Boot is what the loader hands the module on window.hearth._boot.
type Boot struct {
	Config string // the config's text
	CSS    string // the bundle stylesheet's URL
	Base   string // the URL the bundle is served from
	SHA256 string // the module's SHA-256 (hex), from the manifest
	// Store is localStorage as the loader could reach it; every operation
	// fails (and the profile stays in memory) where it could not.
	Store LocalStore
}

func hearthObject() js.Value { return js.Global().Get("hearth") }

// ReadBoot reads the loader's hand-over.
func ReadBoot() Boot {
	b := hearthObject().Get("_boot")
	if b.IsUndefined() || b.IsNull() {
		return Boot{}
	}
	str := func(k string) string {
		if v := b.Get(k); v.Type() == js.TypeString {
			return v.String()
		}
		return ""
	}
	return Boot{Config: str("config"), CSS: str("css"), Base: str("base"), SHA256: str("sha256"), Store: LocalStore{b.Get("storage")}}
}

// BundleFiles counts the resources the page loaded from the bundle's base
// URL (Resource Timing), for the panel's account of Hearth's traffic.
func BundleFiles(base string) int {
	if base == "" {
		return 0
	}
	perf := js.Global().Get("performance")
	if perf.IsUndefined() {
		return 0
	}
	n := 0
	for _, e := range jsArray(perf.Call("getEntriesByType", "resource")) {
		if name := e.Get("name").String(); len(name) >= len(base) && name[:len(base)] == base {
			n++
		}
	}
	return n
}

// Method is one window.hearth method: plain Go arguments in, a JSON text or
// nothing out. JSON results are parsed into JS values for the caller.
type Method func(args []js.Value) (jsonResult []byte, plain any)

// Expose installs the methods on window.hearth, replaces the loader's queueing
// stubs, and replays the calls they queued. Every call is guarded: a panic
// becomes a console line and an undefined result.
func Expose(methods map[string]Method) {
	h := hearthObject()
	for name, m := range methods {
		h.Set(name, callback(name, func(this js.Value, args []js.Value) any {
			j, plain := m(args)
			if j != nil {
				return js.Global().Get("JSON").Call("parse", string(j))
			}
			return plain
		}))
	}
	q := h.Get("_q")
	h.Set("_q", js.Undefined())
	if q.Type() != js.TypeObject {
		return
	}
	for _, call := range jsArray(q) {
		name := call.Index(0).String()
		if f := h.Get(name); f.Type() == js.TypeFunction {
			f.Call("apply", h, call.Index(1))
		}
	}
}

// Ready resolves window.hearth.ready.
func Ready() {
	if f := hearthObject().Get("_resolve"); f.Type() == js.TypeFunction {
		f.Invoke()
	}
}

// Fail hands a fatal error to the loader, which restores every slot's default
// content and rejects window.hearth.ready.
func Fail(msg string) {
	if f := hearthObject().Get("_fail"); f.Type() == js.TypeFunction {
		f.Invoke(msg)
		return
	}
	Log("error", msg)
}
