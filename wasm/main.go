//go:build js && wasm

// Command wasm is Hearth's module. It runs in a Web Worker, off the page's
// main thread: this file is the worker's message glue and nothing else. The
// page side (web/hearth.js) posts JSON messages with the page's facts and
// the stored profile; the session (wasm/session) answers each with
// the update the page side applies. It makes no network request.
package main

import (
	"syscall/js"
	"time"

	"github.com/hearth-personalization/hearth/internal/jsonv"
	"github.com/hearth-personalization/hearth/wasm/session"
)

func main() {
	var s *session.Session
	self := js.Global()
	post := func(b []byte) { self.Call("postMessage", string(b)) }
	// hearthHandle is called by the worker's bootstrap (web/worker.js) with
	// each message's text. js.FuncOf is created once, for the worker's life.
	self.Set("hearthHandle", js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer func() {
			if r := recover(); r != nil {
				post(fatal("module failed: " + panicText(r)))
			}
		}()
		msg := []byte(args[0].String())
		if s == nil {
			var out []byte
			var err error
			if s, out, err = session.Boot(msg, time.Now()); err != nil {
				post(fatal(err.Error()))
				return nil
			}
			post(out)
			return nil
		}
		post(s.Handle(msg, time.Now()))
		return nil
	}))
	select {} // keep answering messages
}

// fatal is the message that makes the page side give up: it restores every
// default and rejects hearth.ready with text.
func fatal(text string) []byte {
	var w jsonv.Writer
	w.Open('{')
	w.Key("fatal")
	w.String(text)
	w.Close('}')
	return w.Bytes()
}

func panicText(r any) string {
	switch v := r.(type) {
	case error:
		return v.Error()
	case string:
		return v
	}
	return "unexpected panic"
}
