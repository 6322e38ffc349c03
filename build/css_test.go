package main

import (
	"regexp"
	"strings"
	"testing"
)

// The stylesheet's panel part is parsed only when the panel is first made
// (#36): the bundle (tool/bundle/minify.go) splits the one file at the
// marker below, into the two sheets web/page/style.js carries. The
// marker is there once, the page side names it exactly, and no rule of the
// page's (the buttons, the launcher, the dark scheme) sits after it, where
// the document would never get it.
func TestStylesheetSplitsAtThePanel(t *testing.T) {
	css := readFile(t, "../web/hearth.css")
	js := readFile(t, "../tool/bundle/minify.go")
	m := regexp.MustCompile(`const panelMark = "([^"]+)"`).FindStringSubmatch(js)
	if m == nil {
		t.Fatal("tool/bundle/minify.go no longer names panelMark")
	}
	if n := strings.Count(css, m[1]); n != 1 {
		t.Fatalf("web/hearth.css has the panel marker %q %d times, want once", m[1], n)
	}
	page, panel, _ := strings.Cut(css, m[1])
	for _, sel := range []string{"button.hearth-why", "button.hearth-dismiss", "#hearth-launcher", ".hearth-bar", "html[", "#hearth-panel"} {
		if strings.Contains(panel, sel) {
			t.Errorf("a rule for %s follows the panel marker: the document would never get it", sel)
		}
	}
	if !strings.Contains(page, "#hearth-launcher-space") || !strings.Contains(panel, ".hearth-body") {
		t.Errorf("the split does not fall between the page's rules and the panel's")
	}
}
