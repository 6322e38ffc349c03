//go:build js && wasm

// Command worker is Hearth's server at the edge: server.Handler compiled for
// Cloudflare Workers with github.com/syumai/workers.
package main

import (
	"github.com/syumai/workers"

	"hearth/server"
)

func main() {
	h, err := server.New(nil, nil)
	if err != nil {
		panic(err)
	}
	workers.Serve(h)
}
