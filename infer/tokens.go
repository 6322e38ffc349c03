package infer

import (
	"strings"
	"unicode"
)

// Bounds on what a page's words may be: the page side sends at most its
// title and first MaxWords words (web/page/facts.js, pageWords), and
// anything longer is cut here too, never trusted to be small.
const (
	MaxWords    = 200
	MaxWordLen  = 24   // longer "words" are addresses, hashes, code: left out
	MaxTextLen  = 8192 // bytes of a page's words the module reads
	minTokenLen = 3
)

// Tokens are a text's words as the model counts them: lower case, letters
// only, at least three of them, without the commonest words of the
// panel's languages, a plural's final s taken off ("tents" counts as
// "tent"). The same function reads a page in `hearth index` and in the
// module, so the two cannot disagree on a word.
func Tokens(text string) []string {
	if len(text) > MaxTextLen {
		text = text[:MaxTextLen]
	}
	var out []string
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		w := strings.ToLower(f)
		if len([]rune(w)) < minTokenLen || len(w) > 4*MaxWordLen || stop[w] {
			continue
		}
		if n := len(w); n > 4 && w[n-1] == 's' && w[n-2] != 's' {
			w = w[:n-1]
		}
		out = append(out, w)
	}
	return out
}

// stop are words every page uses, in the panel's languages (English,
// French, German, Spanish, Arabic): they tell no topic from another, and
// leaving them out keeps the model small.
var stop = func() map[string]bool {
	m := map[string]bool{}
	for _, list := range []string{
		// English
		"the and for are but not you all any can had her was one our out has have him his how its may new now old see two way who did get let put say she too use that with this from they will would there their what about which when make like time just know take into year your good some could them than then look only come over think also back after work first well even want because these give most very been were more much such here where should each other being those many said does done made upon yet while both own same again off",
		// French
		"les des une est pas que qui dans pour par sur avec son sont aux ces mais plus tout comme elle nous vous ils elles leur leurs sans sous ont été être fait cette entre très aussi encore même peu",
		// German
		"der die das und den dem des ein eine einer eines einem nicht ist sind mit von auf für sich auch als wie bei aus nach oder noch nur wird werden wurde über vor zum zur sie ihr ihre ihm ihn wir uns kann hat haben war sein dass durch",
		// Spanish
		"los las del una unos unas por con para que sus como más pero sin sobre este esta estos estas entre también muy fue son está han ser hay todo todos cuando donde porque",
		// Arabic
		"في من على إلى عن مع هذا هذه ذلك التي الذي كان كانت هو هي أن إن لا ما لم لن قد كل بين بعد قبل عند",
	} {
		for _, w := range strings.Fields(list) {
			m[w] = true
		}
	}
	return m
}()
