package panel

import (
	"strconv"
	"strings"
	"testing"

	"github.com/hearth-personalization/hearth/wasm/rules"
)

// The CLDR plural categories of the counts the tests use, by language.
func TestCategory(t *testing.T) {
	want := map[string][]string{ // for 0, 1, 2, 3, 11, 100, 1.5, 1000000
		"en": {"other", "one", "other", "other", "other", "other", "other", "other"},
		"de": {"other", "one", "other", "other", "other", "other", "other", "other"},
		"es": {"other", "one", "other", "other", "other", "other", "other", "many"},
		"fr": {"one", "one", "other", "other", "other", "other", "one", "many"},
		"ar": {"zero", "one", "two", "few", "many", "other", "other", "other"},
	}
	for lang, cats := range want {
		for i, n := range []float64{0, 1, 2, 3, 11, 100, 1.5, 1000000} {
			if got := category(lang, n); got != cats[i] {
				t.Errorf("category(%s, %v) = %s, want %s", lang, n, got, cats[i])
			}
		}
	}
	for n, cat := range map[float64]string{103: "few", 110: "few", 111: "many", 199: "many", 200: "other", 1002: "other"} {
		if got := category("ar", n); got != cat {
			t.Errorf("category(ar, %v) = %s, want %s", n, got, cat)
		}
	}
}

// Every counted text in every language, for 0, 1, 2, 3, 11 and 100: the
// form of the count's own category (only Spanish and French "many",
// millions, and Arabic "zero" may share "other"'s), no placeholder left,
// and the count written out wherever the form is not a word for it ("one",
// "two": "once", "يومين").
func TestCountedTexts(t *testing.T) {
	shared := map[string]bool{"es/many": true, "fr/many": true, "ar/zero": true}
	for _, lang := range rules.Languages {
		if len(counted[lang]) != len(counted["en"]) {
			t.Errorf("%s has %d counted texts, English %d", lang, len(counted[lang]), len(counted["en"]))
		}
		for key := range counted["en"] {
			msg, ok := counted[lang][key]
			if !ok {
				t.Errorf("counted[%s][%s] is missing", lang, key)
				continue
			}
			forms := map[string]bool{}
			for _, f := range strings.Split(msg, "|") {
				c, text, _ := strings.Cut(f, ":")
				if text == "" || forms[c] {
					t.Errorf("counted[%s][%s]: form %q empty or given twice", lang, key, c)
				}
				forms[c] = true
			}
			for _, n := range []float64{0, 1, 2, 3, 11, 100} {
				cat, got := category(lang, n), trN(lang, key, n)
				if !forms[cat] && !shared[lang+"/"+cat] && !(lang == "fr" && key == cVisits) {
					t.Errorf("counted[%s][%s] has no %q form (for %v)", lang, key, cat, n)
				}
				if strings.ContainsAny(got, "{}") || got == "" {
					t.Errorf("trN(%s, %s, %v) = %q", lang, key, n, got)
				}
				if (cat == "other" || cat == "few" || cat == "many") && !strings.Contains(got, strconv.Itoa(int(n))) {
					t.Errorf("trN(%s, %s, %v) = %q does not write the count", lang, key, n, got)
				}
			}
		}
	}
	for _, c := range []struct {
		lang, key string
		n         float64
		want      string
	}{
		{"en", cDaysAgo, 1, "1 day ago"}, {"en", cDaysAgo, 11, "11 days ago"}, {"en", cVisits, 1, "you have visited once"},
		{"de", cSince, 1, "Sie sind nach 1 Tag zurück"}, {"fr", cViews, 0, "0 page vue"}, {"fr", cViews, 2, "2 pages vues"},
		{"es", cLoaded, 1, "Esta página cargó 1 archivo propio de Hearth."}, {"en", cHalfLife, 1.5, "interest halves every 1.5 days"},
		{"ar", cDaysAgo, 2, "قبل يومين"}, {"ar", cDaysAgo, 3, "قبل 3 أيام"}, {"ar", cDaysAgo, 11, "قبل 11 يومًا"}, {"ar", cDaysAgo, 100, "قبل 100 يوم"},
	} {
		if got := trN(c.lang, c.key, c.n); got != c.want {
			t.Errorf("trN(%s, %s, %v) = %q, want %q", c.lang, c.key, c.n, got, c.want)
		}
	}
}
