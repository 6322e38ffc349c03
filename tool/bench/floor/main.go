//go:build js && wasm

// Command benchfloor is the floor `make bench` measures Hearth's module
// against: the smallest Go program that uses honnef.co/go/js/dom/v2 for one
// QuerySelector and one SetTextContent, built with the same toolchain and
// flags. It marks "floor:ready" when it has run, for the start-up timing.
package main

import (
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

func main() {
	if el := dom.GetWindow().Document().QuerySelector("[data-hearth-slot]"); el != nil {
		el.SetTextContent("floor")
	}
	js.Global().Get("performance").Call("mark", "floor:ready")
}
