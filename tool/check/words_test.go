package check

import (
	"fmt"
	"strings"
	"testing"
)

// A page's words are its title and its first 200 words outside what every
// page repeats (nav, header, footer, asides), code, templates and
// Hearth's own elements, as the page side reads them (facts.js,
// pageWords); a region ends at its own end tag, whatever is nested in it.
func TestPageWords(t *testing.T) {
	var body strings.Builder
	for i := range 250 {
		fmt.Fprintf(&body, "w%d ", i)
	}
	page := `<!doctype html><html><head><title> The  title </title><meta charset="utf-8"><link rel="stylesheet" href="/s.css"></head><body>
<header><nav><a href="/">Home</a><nav>inner nav</nav> still nav</nav> header words</header>
<div id="hearth-launcher"><div>launcher <br> words</div> still launcher</div>
<main><h1>Heading &amp; more</h1><script>var notWords = 1;</script><template><p>template words</p></template>
<p>` + body.String() + `<img src="/x.png"> <span>` + strings.Repeat("x", 25) + `</span></p></main>
<aside>aside words</aside><footer>footer words</footer></body></html>`
	words, topics, err := LabelledWords(strings.NewReader(page), "/p/")
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(words)
	want := append([]string{"The", "title", "Heading", "&", "more"}, strings.Fields(body.String())[:197]...)
	if strings.Join(fields, " ") != strings.Join(want, " ") {
		t.Errorf("words:\n got %q\nwant %q", words, strings.Join(want, " "))
	}
	if len(topics) != 0 {
		t.Errorf("topics %q from a page that says none", topics)
	}
}
