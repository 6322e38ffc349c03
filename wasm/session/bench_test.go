package session

import (
	"encoding/json"
	"os"
	"testing"
	"time"
)

// BenchmarkBootReturning is the worker's whole first answer for a returning
// visitor of the demo: parse the config, read the stored profile, decide,
// build the "Why?" view and encode the update. It is what the compiler flags
// of the module (inlining or not) are judged by, as wasm.
func BenchmarkBootReturning(b *testing.B) {
	cfg, err := os.ReadFile("../../web/demo/hearth.json")
	if err != nil {
		b.Fatal(err)
	}
	f := facts("/p/tent/", "camping, hiking")
	m := map[string]any{"t": "boot", "config": string(cfg), "facts": f, "storage": true}
	var stored string
	for i := range 40 {
		if stored != "" {
			m["stored"] = stored
		}
		in, _ := json.Marshal(m)
		_, out, err := Boot(in, t0.Add(time.Duration(i)*time.Hour))
		if err != nil {
			b.Fatal(err)
		}
		var a answer
		if err := json.Unmarshal(out, &a); err != nil {
			b.Fatal(err)
		}
		if a.Write != nil {
			stored = *a.Write
		}
	}
	if len(stored) < 200 {
		b.Fatalf("no returning profile was stored: %q", stored)
	}
	m["stored"] = stored
	in, _ := json.Marshal(m)
	now := t0.Add(48 * time.Hour)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Boot(in, now); err != nil {
			b.Fatal(err)
		}
	}
}
