package session

import (
	"strings"
	"testing"
	"time"
)

// A page without hearth:topics is about what its own metadata says: its
// tags, section, JSON-LD and keywords, matched to the config's topics by
// id or label, and a directory of its path that names one. Each event
// keeps where its topic came from; hearth:topics, where the owner wrote it,
// still wins; a sensitive topic from a page's tags is kept out as from
// hearth:topics (docs/ONE-TAG.md §1).
func TestTopicsFromWhatThePageSays(t *testing.T) {
	const cfg = `{"version": 1, "topics": {"containers": {"label": {"en": "Containers"}},
	  "install": {"label": {"en": "Installing"}}}, "experiences": []}`
	var stored *string
	f := facts("/install/docker/", "")
	f["labels"] = []any{[]any{"tags", "Containers"}, []any{"section", "Night Hikes"}, []any{"keywords", "health"}, []any{"nonsense", "x"}, "not a pair"}
	bootCfg(t, cfg, f, &stored, t0)
	for _, want := range []string{
		`"containers":{"events":[{"kind":"view","at":`, // no path: the page is about health too, which the visitor did not declare
		`"night-hikes":{"events":[{"kind":"view"`,
		`"src":"tags"`, `"src":"section"`, `"src":"path"`,
	} {
		if !strings.Contains(*stored, want) {
			t.Errorf("a page tagged Containers, in the section Night Hikes, under /install/, stored no %s:\n%s", want, *stored)
		}
	}
	if strings.Contains(*stored, "health") || strings.Contains(*stored, "nonsense") || strings.Contains(*stored, `"x"`) {
		t.Errorf("stored a sensitive keyword, or a source Hearth does not read: %s", *stored)
	}
	// The owner's hearth:topics wins over the page's metadata.
	stored = nil
	f = facts("/install/docker/", "containers")
	f["labels"] = []any{[]any{"tags", "Night Hikes"}}
	bootCfg(t, cfg, f, &stored, t0.Add(time.Minute))
	if strings.Contains(*stored, "night-hikes") || strings.Contains(*stored, `"src"`) || strings.Contains(*stored, `"install":`) {
		t.Errorf("a page with hearth:topics also took its metadata: %s", *stored)
	}
}
