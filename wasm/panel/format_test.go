package panel

import (
	"strings"
	"testing"

	"github.com/hearth-personalization/hearth/wasm/rules"
)

// Every kind of check the rules can give a decision has its own sentence in
// every language, with nothing left unfilled: a kind added to the rules
// without words here fails this test, not a visitor's panel.
func TestEveryCheckKindHasWords(t *testing.T) {
	cfg := &rules.Config{}
	for _, lang := range rules.Languages {
		seen := map[string]string{}
		for _, kind := range rules.CheckKinds() {
			c := rules.Check{Kind: kind, Topic: "camping", Param: "utm", Got: 2, GotText: "sat", Held: true}
			got := checkText(lang, cfg, c)
			if got == "" || strings.Contains(got, "{") {
				t.Errorf("%s: check %q reads %q", lang, kind, got)
			}
			if other, ok := seen[got]; ok {
				t.Errorf("%s: checks %q and %q read alike: %q", lang, other, kind, got)
			}
			seen[got] = kind
		}
	}
}
