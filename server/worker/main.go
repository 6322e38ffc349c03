//go:build js && wasm

// Command worker is Hearth's server at the edge: server.Handler compiled for
// Cloudflare Workers with github.com/syumai/workers. The bundle and the site
// are Workers static assets (see wrangler.jsonc and `go run ./build
// worker`), so the handler serves no files here: it answers what it
// computes (/healthz), and whatever else reaches it as the native server
// would (400 for a malformed path, 404, 405 with Allow).
package main

import (
	"github.com/syumai/workers"

	"github.com/hearth-personalization/hearth/server"
)

func main() {
	h, err := server.New(nil, nil)
	if err != nil {
		panic(err)
	}
	workers.Serve(h)
}
