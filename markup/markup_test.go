package markup

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The loader and the page side use no data-hearth-* name this package does
// not list, and the owner's guide (docs/GUIDE.md) documents every attribute a site writes.
func TestJavaScriptAndDocsAgree(t *testing.T) {
	all := append(slices.Clone(SiteAttributes), HearthAttributes...)
	files, _ := filepath.Glob("../web/page/*.js")
	files = append(files, "../web/hearth.js")
	name := regexp.MustCompile(`data-hearth-[a-z-]*[a-z]`)
	seen := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range name.FindAllString(string(b), -1) {
			seen[n] = true
			if !slices.Contains(all, n) {
				t.Errorf("%s uses %s, which package markup does not name", f, n)
			}
		}
	}
	for _, n := range []string{Slot, Variant, Applied, Pending, Item, Why, Dismiss} {
		if !seen[n] {
			t.Errorf("the JavaScript no longer uses %s: remove it here, or the test reads the wrong files", n)
		}
	}
	readme, err := os.ReadFile("../docs/GUIDE.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range SiteAttributes {
		if !strings.Contains(string(readme), n) {
			t.Errorf("docs/GUIDE.md does not document %s", n)
		}
	}
}
