package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hearth-personalization/hearth/infer"
	"github.com/hearth-personalization/hearth/tool/check"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// The inference model's precision and recall (#35, docs/ONE-TAG.md §3),
// by 5-fold cross-validation on labelled pages whose labels the model never
// sees: the fixtures (the Hugo blog's posts by tag, the docs site's pages
// by section, the shop's pages by hearth:topics), each read as `hearth
// index` reads a page, and a larger corpus of real text: the package
// documentation of Go's standard library, labelled by its directory.

// labelled is one corpus of labelled pages.
type labelled struct {
	name, labels string
	docs         []infer.Doc
}

const folds = 5

// inferScores scores the model on each corpus.
func inferScores(root, goroot string, w io.Writer) ([]figure, error) {
	corpora, err := inferCorpora(root, goroot)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "\nTopics inferred from a page's words (%d-fold cross-validation; 95%% Wilson intervals; a topic is inferred when its centroid is the nearest, at a cosine of at least %.2f and %.2f nearer than the next, with %d words the model knows; else none):\n", folds, infer.MinCosine, infer.MinMargin, infer.MinKnown)
	fmt.Fprintf(w, "  %-44s %6s %7s  %-25s %-25s\n", "corpus (labelled by)", "pages", "topics", "precision", "recall")
	var figs []figure
	for _, c := range corpora {
		s := infer.CrossValidate(c.docs, folds)
		topics := map[string]bool{}
		for _, d := range c.docs {
			for _, t := range d.Topics {
				topics[t] = true
			}
		}
		pl, ph := wilson(s.Right, s.Inferred)
		rl, rh := wilson(s.Right, s.Pages)
		precision := "–"
		if s.Inferred > 0 {
			precision = fmt.Sprintf("%4.2f (%4.2f–%4.2f)", s.Precision(), pl, ph)
			figs = append(figs, figure{Name: "inference precision, " + c.name, Hearth: s.Precision(), Budget: "≥ 0.8",
				Note: fmt.Sprintf("%d of %d inferred right; 95%% %.2f–%.2f", s.Right, s.Inferred, pl, ph)})
		}
		fmt.Fprintf(w, "  %-44s %6d %7d  %-17s %3d/%-3d %4.2f (%4.2f–%4.2f) %3d/%-3d\n", c.name+" ("+c.labels+")", s.Pages, len(topics),
			precision, s.Right, s.Inferred, s.Recall(), rl, rh, s.Right, s.Pages)
		figs = append(figs, figure{Name: "inference recall, " + c.name, Hearth: s.Recall(),
			Note: fmt.Sprintf("%d of %d pages; 95%% %.2f–%.2f", s.Right, s.Pages, rl, rh)})
	}
	return figs, nil
}

// wilson is the 95% Wilson score interval of k successes in n.
func wilson(k, n int) (float64, float64) {
	if n == 0 {
		return 0, 1
	}
	const z = 1.959964
	p, nf := float64(k)/float64(n), float64(n)
	c := (p + z*z/(2*nf)) / (1 + z*z/nf)
	h := z * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf)) / (1 + z*z/nf)
	return max(0, c-h), min(1, c+h)
}

// inferCorpora reads the labelled pages.
func inferCorpora(root, goroot string) ([]labelled, error) {
	blog, err := hugoPosts(filepath.Join(root, "e2e", "testdata", "hugo-blog", "content", "posts"))
	if err != nil {
		return nil, err
	}
	docs, err := mkdocsPages(filepath.Join(root, "e2e", "testdata", "mkdocs-site", "docs"))
	if err != nil {
		return nil, err
	}
	shop, err := shopPages(filepath.Join(root, "e2e", "testdata", "bootstrap-shop"))
	if err != nil {
		return nil, err
	}
	std, err := GoPackageDocs(filepath.Join(goroot, "src"))
	if err != nil {
		return nil, err
	}
	return []labelled{
		{"the Hugo blog", "tags", blog},
		{"the docs site", "section", docs},
		{"the fixture shop", "hearth:topics", shop},
		{"Go's standard library docs", "directory", std},
	}, nil
}

// hugoPosts reads the blog's posts: title and text, tags as topic ids.
func hugoPosts(dir string) ([]infer.Doc, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("bench: no posts in %s: %v", dir, err)
	}
	var docs []infer.Doc
	for _, f := range files {
		front, body, err := markdown(f)
		if err != nil {
			return nil, err
		}
		var topics []string
		if tags := front["tags"]; tags != "" {
			for _, t := range strings.Split(strings.Trim(tags, "[]"), ",") {
				if id := rules.TopicID(strings.Trim(strings.TrimSpace(t), `"`)); id != "" {
					topics = append(topics, id)
				}
			}
		}
		docs = append(docs, infer.Doc{Text: strings.Trim(front["title"], `"`) + " " + body, Topics: topics})
	}
	return docs, nil
}

// mkdocsPages reads the docs site's pages in a section (its first
// directory), labelled by it.
func mkdocsPages(dir string) ([]infer.Doc, error) {
	var docs []infer.Doc
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		section, _, ok := strings.Cut(filepath.ToSlash(rel), "/")
		if !ok {
			return nil // the home page is in no section
		}
		_, body, err := markdown(p)
		if err != nil {
			return err
		}
		docs = append(docs, infer.Doc{Text: body, Topics: []string{rules.TopicID(section)}})
		return nil
	})
	return docs, err
}

// shopPages reads the shop's product and category pages as `hearth index`
// does.
func shopPages(dir string) ([]infer.Doc, error) {
	files, err := filepath.Glob(filepath.Join(dir, "[pc]", "*", "index.html"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("bench: no shop pages in %s: %v", dir, err)
	}
	var docs []infer.Doc
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		rel, _ := filepath.Rel(dir, filepath.Dir(f))
		words, topics, err := check.LabelledWords(bytes.NewReader(b), "/"+filepath.ToSlash(rel)+"/")
		if err != nil {
			return nil, err
		}
		docs = append(docs, infer.Doc{Text: words, Topics: topics})
	}
	return docs, nil
}

// markdown reads a Markdown file's front matter (key: value lines between
// --- lines) and its text without code blocks.
func markdown(path string) (map[string]string, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	front := map[string]string{}
	var body []string
	sc := bufio.NewScanner(f)
	inFront, inCode, first := false, false, true
	for sc.Scan() {
		line := sc.Text()
		switch {
		case first && line == "---":
			inFront = true
		case inFront && line == "---":
			inFront = false
		case inFront:
			if k, v, ok := strings.Cut(line, ":"); ok {
				front[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		case strings.HasPrefix(line, "```"):
			inCode = !inCode
		case !inCode:
			body = append(body, strings.TrimLeft(line, "#> -*"))
		}
		first = false
	}
	words := strings.Fields(strings.Join(body, " "))
	return front, strings.Join(words[:min(len(words), infer.MaxWords)], " "), sc.Err()
}

// GoPackageDocs reads the package comment of every package of Go's
// standard library (not internal, vendor or cmd), its first words, labelled
// by its top directory, for the directories with at least 4 packages that
// say at least 30 words.
func GoPackageDocs(src string) ([]infer.Doc, error) {
	byDir := map[string][]infer.Doc{}
	seen := map[string]bool{} // one comment per package
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			base := d.Name()
			if rel == "cmd" || base == "internal" || base == "vendor" || base == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || !strings.Contains(rel, "/") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil || f.Doc == nil || f.Name.Name == "main" {
			return nil
		}
		words := strings.Fields(f.Doc.Text())
		if len(words) < 30 {
			return nil
		}
		pkg := filepath.Dir(rel)
		if seen[pkg] {
			return nil
		}
		seen[pkg] = true
		top := strings.Split(rel, "/")[0] // the label: never in the text
		byDir[top] = append(byDir[top], infer.Doc{Text: strings.Join(words[:min(len(words), infer.MaxWords)], " "), Topics: []string{top}})
		return nil
	})
	if err != nil {
		return nil, err
	}
	var dirs []string
	for dir, docs := range byDir {
		if len(docs) >= 4 {
			dirs = append(dirs, dir)
		}
	}
	sort.Strings(dirs)
	// The directories interleaved, so that each fold holds some of each.
	var docs []infer.Doc
	for i := 0; ; i++ {
		n := len(docs)
		for _, dir := range dirs {
			if i < len(byDir[dir]) {
				docs = append(docs, byDir[dir][i])
			}
		}
		if len(docs) == n {
			return docs, nil
		}
	}
}
