package main

import (
	"encoding/json"
	"os/exec"
	"regexp"
	"testing"

	"github.com/hearth-personalization/hearth/wasm/session"
)

// The module hashes the config for every page view and the loader only on
// a page with a replay to check (#36): both must give the same hash for the
// same text, or every replay would be taken back. The loader's function,
// taken from web/hearth.js, runs under Node beside session.ConfigHash.
func TestConfigHashAgreesWithTheLoader(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node: make deps installs it")
	}
	src := readFile(t, "../web/hearth.js")
	fn := regexp.MustCompile(`(?s)function configHash\(text\) \{.*?\n  \}`).FindString(src)
	if fn == "" {
		t.Fatal("web/hearth.js has no configHash(text) function")
	}
	texts := []string{"", `{"version": 1, "topics": {}}`, "Écharpes, التخييم, 🏕️ camping\n\ttabs", string(make([]byte, 3000))}
	in, _ := json.Marshal(texts)
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
			t.Errorf("text %d: Go %s, the loader %s", i, got, js[i])
		}
	}
}
