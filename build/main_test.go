package main

import (
	"io"
	"strings"
	"testing"
)

// The CLI only parses arguments: an unknown command is an error naming the
// known ones (each command is tested in its package and end to end in e2e/).
func TestUnknownCommand(t *testing.T) {
	err := run([]string{"frobnicate"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "known: bundle, check, audit, reproduce, bench, edge, measure-demo") {
		t.Errorf("an unknown command: %v", err)
	}
}

// The developers' verbs no longer share a name with the owner's binary's
// (#34.6: `verify` rebuilt from source here and compared a served bundle
// there; `worker` named the deployment and the Web Worker): the old names
// say what they are now.
func TestRenamedCommandsSaySo(t *testing.T) {
	for old, now := range map[string]string{"verify": "reproduce", "worker": "edge"} {
		if err := run([]string{old}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), `is now "`+now+`"`) {
			t.Errorf("go run ./build %s: %v, want it to name %s", old, err, now)
		}
	}
}
