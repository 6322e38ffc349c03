package bench

// The third site the page-cost table is measured on: the fixture blog
// (e2e/testdata/hugo-blog), built by Hugo with the integration's catalog
// option (one card, the catalog `hearth index` writes): the "one script
// tag" setup of a content site (#35), served with no policy (its theme's
// inline scripts, as `hearth serve` serves it by default).

import (
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"

	"github.com/hearth-personalization/hearth/internal/atomicfile"
	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/tool/check"
)

// blogPost is the post measured: its similar slot draws from the catalog.
const blogPost = "/posts/leave-no-trace/"

// blogLoader is the loader's tag in the built blog's pages.
var blogLoader = regexp.MustCompile(`<script[^>]*hearth\.js[^>]*></script>`)

// blogSite builds and serves the fixture blog with its catalog, and a copy
// of the post without Hearth at /bench/without.html.
func (b *benchRun) blogSite() (string, func(), error) {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		return "", nil, errors.New("no hugo (make deps installs Debian's)")
	}
	tmp, err := b.temp()
	if err != nil {
		return "", nil, err
	}
	dir := filepath.Join(tmp, "blog")
	src := filepath.Join(b.root, "e2e", "testdata", "hugo-blog")
	cmd := exec.Command(hugo, "--quiet", "--source", src, "--config", "config.toml,catalog.toml",
		"--themesDir", filepath.Join(b.root, "integrations"), "--destination", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", nil, errors.New("hugo: " + err.Error() + "\n" + string(out))
	}
	cfg := filepath.Join(dir, "hearth.json")
	text, err := os.ReadFile(cfg)
	if err != nil {
		return "", nil, err
	}
	named := regexp.MustCompile(`"version":\s*1,`).ReplaceAll(text, []byte(`"version": 1, "catalog": "/catalog.json",`))
	post, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(blogPost), "index.html"))
	if err != nil {
		return "", nil, err
	}
	without := blogLoader.ReplaceAll(post, nil)
	if len(without) == len(post) || string(named) == string(text) {
		return "", nil, errors.New("the built blog has no loader tag, or its hearth.json no version to name the catalog after")
	}
	os.MkdirAll(filepath.Join(dir, "bench"), 0o755)
	if err := atomicfile.Write(filepath.Join(dir, "bench", "without.html"), without); err != nil {
		return "", nil, err
	}
	if err := atomicfile.Write(cfg, named); err != nil {
		return "", nil, err
	}
	h, err := server.New(os.DirFS(b.dist), os.DirFS(dir))
	if err != nil {
		return "", nil, err
	}
	h.CSP = ""
	url, stop, err := serve(http.Handler(h))
	if err != nil {
		return "", nil, err
	}
	if err := check.Index([]string{"-out", filepath.Join(dir, "catalog.json"), url + "/"}, io.Discard); err != nil {
		stop()
		return "", nil, err
	}
	return url, stop, nil
}
