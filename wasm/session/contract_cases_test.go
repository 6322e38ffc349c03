package session_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/wasm/session"
	"github.com/hearth-personalization/hearth/wasm/session/contractcase"
)

// The contract's cases (testdata/contract.json), run natively; e2e's
// TestContractCasesInTheBrowser runs them through the built module. Every
// message kind a page posts in a visit has a step (the catalog's, the
// measurement's and the storage events' have tests of their own).
func TestContractCases(t *testing.T) {
	steps, err := contractcase.Read(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	var stored *string
	var s *session.Session
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	kinds := map[string]bool{}
	for i, step := range steps {
		kinds[step.Send["t"].(string)] = true
		var out []byte
		if i == 0 {
			if s, out, err = session.Boot(step.Message(stored), now); err != nil {
				t.Fatal(err)
			}
		} else {
			out = s.Handle(step.Message(stored), now)
		}
		if err := step.Check(out, session.UpdateKeys); err != nil {
			t.Error(err)
		}
		stored = contractcase.Stored(out, stored)
		now = now.Add(time.Minute)
	}
	for _, k := range []string{session.MsgBoot, session.MsgNavigate, session.MsgClick, session.MsgIdle, session.MsgOpen, session.MsgClose, session.MsgBlock,
		session.MsgUnblock, session.MsgTogglePause, session.MsgResume, session.MsgDeclare, session.MsgClear} {
		if !kinds[k] {
			t.Errorf("no step posts %q", k)
		}
	}
}
