package bundle

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/evanw/esbuild/pkg/api"
)

// Each file of the page side is an ES module that parses on its own
// (#34.4: they were fragments of one function, none of which parsed
// alone), and every name it imports it uses: a name shared across files
// is an import, never a variable that happens to be in scope.
func TestPageSideModulesStandAlone(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "web", "page", "*.js"))
	if err != nil || len(files) < 10 {
		t.Fatalf("web/page/*.js: %v %v", files, err)
	}
	importLine := regexp.MustCompile(`(?m)^import \{ ([^}]*) \} from "\./[a-z]+\.js";$`)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r := api.Transform(string(src), api.TransformOptions{Sourcefile: filepath.Base(f), Loader: api.LoaderJS, Format: api.FormatESModule})
		for _, e := range r.Errors {
			t.Errorf("%s does not parse as an ES module: %s", filepath.Base(f), e.Text)
		}
		body := importLine.ReplaceAllString(string(src), "")
		for _, m := range importLine.FindAllStringSubmatch(string(src), -1) {
			for _, name := range strings.Split(m[1], ", ") {
				if !regexp.MustCompile(`(^|[^\w$.])` + regexp.QuoteMeta(name) + `([^\w$]|$)`).MatchString(body) {
					t.Errorf("%s imports %s and never uses it", filepath.Base(f), name)
				}
			}
		}
	}
	if _, err := pageSide(filepath.Join("..", "..")); err != nil {
		t.Errorf("the page side does not bundle: %v", err)
	}
}
