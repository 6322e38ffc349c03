// Package contractcase reads the page<->worker contract's cases
// (wasm/session/testdata/contract.json) and checks an answer against one:
// wasm/session's tests run them natively, e2e's through the built module
// in a real browser's worker, so that both hold the same cases. Tests
// only: nothing of it is linked into the module.
package contractcase

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
)

// Step is one message the page side posts and what its answer must carry.
type Step struct {
	Name  string
	Send  map[string]any
	Has   []string          // keys the answer carries
	Not   []string          // keys it must not
	Eq    map[string]any    // keys and the values they must have
	Slots map[string]string // slot -> the variant it shows ("" the default)
}

// Read reads the cases from the module's root; the first step's message
// (the boot) is given the config the cases name.
func Read(root string) ([]Step, error) {
	var c struct {
		Config string
		Steps  []Step
	}
	b, err := os.ReadFile(filepath.Join(root, "wasm", "session", "testdata", "contract.json"))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, err
	}
	cfg, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(c.Config)))
	if err != nil {
		return nil, err
	}
	if len(c.Steps) == 0 {
		return nil, fmt.Errorf("contract.json: no steps")
	}
	c.Steps[0].Send["config"] = string(cfg)
	return c.Steps, nil
}

// Message is the step's message as the page side posts it: with the
// stored hearth:v1 (stored, when there is one).
func (s Step) Message(stored *string) []byte {
	m := map[string]any{"storage": true}
	for k, v := range s.Send {
		m[k] = v
	}
	if stored != nil {
		m["stored"] = *stored
	}
	b, _ := json.Marshal(m)
	return b
}

// Stored is what the page side keeps after answer: its write, nothing
// after a remove, else what it kept.
func Stored(answer []byte, kept *string) *string {
	var a struct {
		Write  *string
		Remove bool
	}
	json.Unmarshal(answer, &a)
	switch {
	case a.Remove:
		return nil
	case a.Write != nil:
		return a.Write
	}
	return kept
}

// Check says what in answer breaks the step, nil when nothing; keys are
// the contract's update keys (session.UpdateKeys).
func (s Step) Check(answer []byte, keys []string) error {
	var a map[string]any
	if err := json.Unmarshal(answer, &a); err != nil {
		return fmt.Errorf("%s: the answer is not JSON: %v", s.Name, err)
	}
	for _, k := range s.Has {
		if _, ok := a[k]; !ok {
			return fmt.Errorf("%s: the answer has no %q: %.400s", s.Name, k, answer)
		}
		if !slices.Contains(keys, k) {
			return fmt.Errorf("%s: %q is no update key of the contract", s.Name, k)
		}
	}
	for _, k := range s.Not {
		if _, ok := a[k]; ok {
			return fmt.Errorf("%s: the answer has %q: %.400s", s.Name, k, answer)
		}
	}
	for k, want := range s.Eq {
		if !reflect.DeepEqual(a[k], want) {
			return fmt.Errorf("%s: %q is %v, want %v", s.Name, k, a[k], want)
		}
	}
	slots, _ := a["slots"].([]any)
	for slot, want := range s.Slots {
		got := "(absent)"
		for _, x := range slots {
			if m, _ := x.(map[string]any); m["slot"] == slot {
				got, _ = m["variant"].(string)
			}
		}
		if got != want {
			return fmt.Errorf("%s: slot %s shows %q, want %q", s.Name, slot, got, want)
		}
	}
	return nil
}
