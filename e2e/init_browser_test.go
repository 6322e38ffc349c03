package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/hearth-personalization/hearth/tool/check"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// hearth init on the shop and the docs site (the blog, untagged: in
// TestTopicsFromPageMetadata): it proposes the topics their pages name,
// the small shop's one-page categories included and its links' topics
// not counted as the pages' own (every page links every category), and
// check passes on the config with the site's pages.
func TestInitOnTheFixtures(t *testing.T) {
	for _, site := range []struct {
		name, url string
		want      []string
		pages     []string
	}{
		{"shop", customSite(t, demoFiles(t)), []string{"camping", "coats", "running"}, []string{"/", "/c/camping/"}},
		{"mkdocs", mkdocsSite(t), []string{"containers", "guides", "install", "reference"}, []string{"/", "/install/docker/"}},
	} {
		out := filepath.Join(t.TempDir(), "hearth.json")
		var said bytes.Buffer
		// No catalog: these sites are served from memory, where init could
		// not put it (the untagged blog's, in TestTopicsFromPageMetadata,
		// is served and checked).
		if err := check.Propose([]string{"-out", out, "-catalog", "", site.url + "/"}, &said); err != nil {
			t.Fatalf("%s: init: %v\n%s", site.name, err, said.String())
		}
		b, _ := os.ReadFile(out)
		cfg, err := rules.Parse(b)
		if err != nil {
			t.Fatalf("%s: %v\n%s", site.name, err, b)
		}
		if got := cfg.TopicNames(); !slices.Equal(got, site.want) {
			t.Errorf("%s: init proposed %v, want %v\n%s", site.name, got, site.want, said.String())
		}
		args := []string{}
		for _, p := range site.pages {
			args = append(args, "--page", site.url+p)
		}
		said.Reset()
		if err := check.Run(append(args, out), &said); err != nil {
			t.Errorf("%s: check on what init proposed: %v\n%s", site.name, err, said.String())
		}
	}
}
