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
	if err == nil || !strings.Contains(err.Error(), "known: bundle, check, audit, verify, bench, worker") {
		t.Errorf("an unknown command: %v", err)
	}
}
