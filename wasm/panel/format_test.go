package panel

import (
	"strings"
	"testing"

	"github.com/hearth-personalization/hearth/wasm/profile"
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

// An event whose topic the page gave in its metadata says where, in every
// language, each source in words of its own; an event from the owner's
// hearth:topics, or from a source this version does not know, says nothing.
func TestEventLineSaysWhereTheTopicCameFrom(t *testing.T) {
	for _, lang := range rules.Languages {
		seen := map[string]string{}
		plain := eventLine(lang, profile.Event{Kind: profile.View, Path: "/guides/x/", At: 1e12, Weight: 1})
		for _, src := range rules.Sources {
			got := eventLine(lang, profile.Event{Kind: profile.View, Path: "/guides/x/", At: 1e12, Weight: 1, Src: src})
			extra, _, _ := strings.Cut(got, " · ")
			if got == plain || strings.Contains(got, "{") || !strings.Contains(got, "(") {
				t.Errorf("%s: an event from %q reads %q", lang, src, got)
			}
			if other, ok := seen[extra]; ok {
				t.Errorf("%s: sources %q and %q read alike: %q", lang, other, src, got)
			}
			seen[extra] = src
		}
		if got := eventLine(lang, profile.Event{Kind: profile.View, Path: "/guides/x/", At: 1e12, Weight: 1, Src: "later"}); got != plain {
			t.Errorf("%s: an unknown source reads %q, want %q", lang, got, plain)
		}
	}
}

// A topic's summary says where its pages said it, each source once.
func TestSummarySaysWhereThePagesSaidIt(t *testing.T) {
	events := []profile.Event{{Kind: profile.View, At: 1e12, Weight: 1, Src: rules.SrcTags}, {Kind: profile.View, At: 2e12, Weight: 1, Src: rules.SrcTags},
		{Kind: profile.Dwell, At: 2e12, Weight: 1, Src: rules.SrcSection}, {Kind: profile.View, At: 3e12, Weight: 1}}
	got := summary("en", events)
	if !strings.Contains(got, "3 page views") || strings.Count(got, "from the page's tags") != 1 || !strings.Contains(got, "from the page's tags, from the page's section") {
		t.Errorf("summary = %q", got)
	}
	if got := summary("en", events[3:]); strings.Contains(got, "from") {
		t.Errorf("a topic from hearth:topics alone: %q", got)
	}
}
