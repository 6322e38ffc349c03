package main

import (
	"encoding/json"
	"os/exec"
	"regexp"
	"testing"

	"github.com/hearth-personalization/hearth/wasm/session"
)

// The module hashes the config for every page view, the worker's glue
// once the config is there (the page then takes back a replay from
// another config before the module answers), and the loader on a page
// whose config is inline, before its replay (#36): all three must give the
// same hash for the same text, or every replay would be taken back. The
// two JavaScript functions, taken from web/hearth.js and web/worker.js,
// run under Node beside session.ConfigHash.
func TestConfigHashAgreesWithTheLoader(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node: make deps installs it")
	}
	texts := []string{"", `{"version": 1, "topics": {}}`, "Écharpes, التخييم, 🏕️ camping\n\ttabs", string(make([]byte, 3000))}
	in, _ := json.Marshal(texts)
	for _, file := range []string{"../web/hearth.js", "../web/worker.js"} {
		src := readFile(t, file)
		fn := regexp.MustCompile(`(?s)function configHash\(text\) \{.*?\n  \}`).FindString(src)
		if fn == "" {
			t.Fatalf("%s has no configHash(text) function", file)
		}
		out, err := exec.Command(node, "-e", fn+"; console.log(JSON.stringify("+string(in)+".map(configHash)))").Output()
		if err != nil {
			t.Fatal(err)
		}
		var js []string
		if err := json.Unmarshal(out, &js); err != nil || len(js) != len(texts) {
			t.Fatalf("node said %q: %v", out, err)
		}
		for i, text := range texts {
			if got := session.ConfigHash(text); got != js[i] {
				t.Errorf("text %d: Go %s, %s %s", i, got, file, js[i])
			}
		}
	}
}
