package session

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// pageSide is the page side's JavaScript, joined: web/page/*.js, and the
// worker's glue (web/worker.js), which posts the catalog it fetched (the
// loader posts nothing to the worker and reads no answer).
func pageSide(t *testing.T) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "web", "page", "*.js"))
	if err != nil || len(files) == 0 {
		t.Fatalf("web/page/*.js: %v", err)
	}
	files = append(files, filepath.Join("..", "..", "web", "worker.js"))
	var b strings.Builder
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(src)
	}
	return b.String()
}

// The page side posts exactly the message kinds Messages names, each one
// Handle (or Boot) takes, and reads exactly the update keys UpdateKeys
// names, each one update writes (#34.3): renaming a kind or a key on one
// side alone fails here, where every native test stayed green before.
func TestPageSideContract(t *testing.T) {
	js := pageSide(t)
	posted := map[string]bool{}
	for _, m := range regexp.MustCompile(`\bt: "([a-z-]+)"`).FindAllStringSubmatch(js, -1) {
		posted[m[1]] = true
	}
	for k := range posted {
		if !slices.Contains(Messages, k) {
			t.Errorf("the page side posts %q, which session.Messages does not name", k)
		}
	}
	src, err := os.ReadFile("session.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Messages {
		if !posted[k] {
			t.Errorf("session.Messages names %q, which the page side never posts", k)
		}
	}
	if !strings.Contains(string(src), "case MsgGoal:") || strings.Index(string(src), "default:") < strings.Index(string(src), "case MsgGoal:") {
		t.Errorf("Handle's switch: every case before its default")
	}
	read := map[string]bool{}
	for _, m := range regexp.MustCompile(`\b(?:u|last)\.([a-zA-Z]+)\b`).FindAllStringSubmatch(js, -1) {
		read[m[1]] = true
	}
	update, err := os.ReadFile("update.go")
	if err != nil {
		t.Fatal(err)
	}
	for k := range read {
		if !slices.Contains(UpdateKeys, k) {
			t.Errorf("the page side reads the update's %q, which session.UpdateKeys does not name", k)
		}
	}
	for _, k := range UpdateKeys {
		if !read[k] {
			t.Errorf("session.UpdateKeys names %q, which the page side never reads", k)
		}
		if k != "fatal" && !strings.Contains(string(update), `w.Key("`+k+`")`) {
			t.Errorf("session.UpdateKeys names %q, which update.go never writes", k)
		}
	}
}

// The facts the page side reads from a page (web/page/facts.js, scan) are
// the facts decodeFacts reads, key for key: a key renamed or added on one
// side alone fails here (a page's words, added on both, are one).
func TestFactsContract(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "web", "page", "facts.js"))
	if err != nil {
		t.Fatal(err)
	}
	js := string(src)
	start := strings.Index(js, "export function scan()")
	if start < 0 {
		t.Fatal("facts.js has no scan()")
	}
	js = js[start:]
	if end := strings.Index(js, "\n}\n"); end > 0 {
		js = js[:end]
	}
	sent := map[string]bool{}
	for _, m := range regexp.MustCompile(`[{,]\s*([a-zA-Z]+):`).FindAllStringSubmatch(js, -1) {
		sent[m[1]] = true
	}
	goSrc, err := os.ReadFile("facts.go")
	if err != nil {
		t.Fatal(err)
	}
	read := map[string]bool{}
	for _, m := range regexp.MustCompile(`\.Get\("([a-zA-Z]+)"\)`).FindAllStringSubmatch(string(goSrc), -1) {
		read[m[1]] = true
	}
	if len(sent) < 20 || len(read) < 20 {
		t.Fatalf("read %d keys from scan() and %d from decodeFacts: the patterns no longer match the code", len(sent), len(read))
	}
	for k := range sent {
		if !read[k] {
			t.Errorf("the page side sends the fact %q, which decodeFacts never reads", k)
		}
	}
	for k := range read {
		if !sent[k] {
			t.Errorf("decodeFacts reads the fact %q, which the page side never sends", k)
		}
	}
}
