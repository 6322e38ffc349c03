package session

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"
)

// ContractCase is one step of testdata/contract.json: a message the page
// side posts and what its answer must carry.
type contractStep struct {
	Name  string
	Send  map[string]any
	Has   []string
	Not   []string
	Eq    map[string]any
	Slots map[string]string
}

// CheckContractAnswer says what in answer (the update's JSON) breaks the
// step, "" when nothing; e2e's browser run of the same cases calls it too
// (through checkContractAnswer's copy there, which reads the same file).
func checkContractAnswer(step contractStep, answer []byte) error {
	var a map[string]any
	if err := json.Unmarshal(answer, &a); err != nil {
		return fmt.Errorf("%s: the answer is not JSON: %v", step.Name, err)
	}
	for _, k := range step.Has {
		if _, ok := a[k]; !ok {
			return fmt.Errorf("%s: the answer has no %q: %.400s", step.Name, k, answer)
		}
		if !slices.Contains(UpdateKeys, k) {
			return fmt.Errorf("%s: %q is no update key of the contract", step.Name, k)
		}
	}
	for _, k := range step.Not {
		if _, ok := a[k]; ok {
			return fmt.Errorf("%s: the answer has %q: %.400s", step.Name, k, answer)
		}
	}
	for k, want := range step.Eq {
		if !reflect.DeepEqual(a[k], want) {
			return fmt.Errorf("%s: %q is %v, want %v", step.Name, k, a[k], want)
		}
	}
	slots, _ := a["slots"].([]any)
	for slot, want := range step.Slots {
		got := "(absent)"
		for _, s := range slots {
			if m, _ := s.(map[string]any); m["slot"] == slot {
				got, _ = m["variant"].(string)
			}
		}
		if got != want {
			return fmt.Errorf("%s: slot %s shows %q, want %q", step.Name, slot, got, want)
		}
	}
	return nil
}

// readContract reads the cases, the boot message given the config's text.
func readContract(t *testing.T) []contractStep {
	t.Helper()
	var c struct {
		Config string
		Steps  []contractStep
	}
	b, err := os.ReadFile(filepath.Join("testdata", "contract.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(c.Config)))
	if err != nil {
		t.Fatal(err)
	}
	c.Steps[0].Send["config"] = string(cfg)
	return c.Steps
}

// The contract's cases, run natively; every message kind the page side
// posts but the catalog's (its own tests) and the ones no page can post
// without a site's setup (measurement, storage events) has a step.
func TestContractCases(t *testing.T) {
	steps := readContract(t)
	stored, have := "", false
	kinds := map[string]bool{}
	var s *Session
	now := t0
	for i, step := range steps {
		m := map[string]any{}
		for k, v := range step.Send {
			m[k] = v
		}
		m["storage"] = true
		if have {
			m["stored"] = stored
		}
		kinds[m["t"].(string)] = true
		var out []byte
		if i == 0 {
			var err error
			if s, out, err = Boot(msg(t, m), now); err != nil {
				t.Fatal(err)
			}
		} else {
			out = s.Handle(msg(t, m), now)
		}
		if err := checkContractAnswer(step, out); err != nil {
			t.Error(err)
		}
		var a struct {
			Write  *string
			Remove bool
		}
		json.Unmarshal(out, &a)
		if a.Write != nil {
			stored, have = *a.Write, true
		}
		if a.Remove {
			stored, have = "", false
		}
		now = now.Add(time.Minute)
	}
	for _, k := range []string{MsgBoot, MsgNavigate, MsgClick, MsgIdle, MsgOpen, MsgClose, MsgBlock, MsgUnblock, MsgTogglePause, MsgResume, MsgDeclare, MsgClear} {
		if !kinds[k] {
			t.Errorf("no step posts %q", k)
		}
	}
}
