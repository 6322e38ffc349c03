package check

import (
	"net/url"
	"strings"
	"testing"

	"github.com/hearth-personalization/hearth/wasm/rules"
)

// check --page says, for a page without hearth:topics, which topics its
// own metadata gives and from where; a page with hearth:topics gets no
// such note. (The browser's reading of the same page is held to this one
// by e2e's TestTopicsFromPageMetadata.)
func TestPageTopicsNote(t *testing.T) {
	cfg, err := rules.Parse([]byte(`{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}}, "guides": {"label": {"en": "Guides"}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	read := func(page, path string) *pageFacts {
		u, _ := url.Parse("http://127.0.0.1" + path)
		pf, err := parsePage(strings.NewReader(page), u)
		if err != nil {
			t.Fatal(err)
		}
		return pf
	}
	pf := read(`<html><head><meta property="article:tag" content="Camping &amp; more">
		<script type="application/ld+json">{"keywords": "Night hikes, health"}</script>
		<template><meta property="article:tag" content="inside"></template></head>
		<body><a rel="nofollow tag" href="/t/x">Camping</a></body></html>`, "/guides/first-trail/")
	got := pageTopicsNote(cfg, pf, nil)
	for _, want := range []string{"camping-more (tags, not in the config", "night-hikes (jsonld", "health (jsonld, not in the config: shown as \"Health\", sensitive",
		"guides (path)", "camping (tags)"} {
		if !strings.Contains(got, want) {
			t.Errorf("note %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "inside") {
		t.Errorf("a template's content was read as the page's: %q", got)
	}
	if got := pageTopicsNote(cfg, read(`<meta name="hearth:topics" content="camping"><meta property="article:tag" content="x">`, "/guides/x/"), nil); got != "" {
		t.Errorf("a page with hearth:topics: %q", got)
	}
	if got := pageTopicsNote(cfg, read(`<p>nothing</p>`, "/x/"), nil); !strings.Contains(got, "records no topic") {
		t.Errorf("a page that says nothing: %q", got)
	}
}
