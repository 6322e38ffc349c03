package panel

import (
	"strconv"
	"strings"
)

// Texts that carry a count take the plural form of the count's CLDR plural
// category in the language (https://cldr.unicode.org/index/cldr-spec/plural-rules):
// English and German one/other; Spanish and French one/many/other (French
// "one" is 0 and 1; "many" is for millions, which fall back to "other"
// here); Arabic zero/one/two/few/many/other. The rules are a few lines each,
// written out below rather than taken from golang.org/x/text/feature/plural,
// whose tables for every language would weigh on the module's size.

// category is the CLDR plural category of n in lang, for the integers and
// the decimals ("1.5" days) the panel shows.
func category(lang string, n float64) string {
	i := int64(n)
	whole := float64(i) == n
	switch lang {
	case "fr":
		switch {
		case i == 0 || i == 1:
			return "one"
		case whole && i%1000000 == 0:
			return "many"
		}
	case "es":
		switch {
		case whole && i == 1:
			return "one"
		case whole && i != 0 && i%1000000 == 0:
			return "many"
		}
	case "ar":
		if !whole {
			return "other"
		}
		switch m := i % 100; {
		case i == 0:
			return "zero"
		case i == 1:
			return "one"
		case i == 2:
			return "two"
		case m >= 3 && m <= 10:
			return "few"
		case m >= 11 && m <= 99:
			return "many"
		}
	default: // en, de
		if whole && i == 1 {
			return "one"
		}
	}
	return "other"
}

// trN is tr for a text with a count: the form for n's category ("other"
// when the language's entry has none of its own), with {n} and pairs filled.
func trN(lang, key string, n float64, pairs ...string) string {
	msg, ok := counted[lang][key]
	if !ok {
		lang, msg = "en", counted["en"][key]
	}
	num := strconv.FormatFloat(n, 'f', -1, 64)
	return fill(pluralForm(msg, category(lang, n)), append([]string{"n", num}, pairs...)...)
}

// pluralForm picks a category's form from "one:…|other:…".
func pluralForm(msg, cat string) string {
	other := ""
	for _, f := range strings.Split(msg, "|") {
		c, text, _ := strings.Cut(f, ":")
		if c == cat {
			return text
		}
		if c == "other" {
			other = text
		}
	}
	return other
}

// text keys of counted texts.
const (
	cDaysAgo   = "daysAgo"
	cLoaded    = "loaded"
	cPages     = "pagesCheck"
	cSince     = "since"
	cVisits    = "visitsCheck"
	cViews     = "views"
	cClicks    = "clicks"
	cDwells    = "dwells"
	cBuys      = "buys"
	cTracks    = "tracks"
	cRetention = "retention"
	cHalfLife  = "halfLife"
	cTimes     = "times"  // an owner's why text's {times}: "once", "3 times"
	cPeriod    = "period" // an owner's why text's {period}: "today", "in the last 3 days"
)

// counted holds the texts with a count, each form as "category:text",
// separated by "|"; every language has an "other".
var counted = byLang(countedLists)

var countedLists = map[string][]kv{
	"en": {
		{cDaysAgo, "one:1 day ago|other:{n} days ago"},
		{cLoaded, "one:This page loaded 1 of Hearth's own files.|other:This page loaded {n} of Hearth's own files."},
		{cPages, "one:you have seen 1 page|other:you have seen {n} pages"},
		{cSince, "one:you are back after 1 day|other:you are back after {n} days"},
		{cVisits, "one:you have visited once|other:you have visited {n} times"},
		{cViews, "one:1 page view|other:{n} page views"},
		{cClicks, "one:1 click|other:{n} clicks"},
		{cDwells, "one:1 long read|other:{n} long reads"},
		{cBuys, "one:1 purchase|other:{n} purchases"},
		{cTracks, "one:1 action|other:{n} actions"},
		{cRetention, "one:Events are deleted after 1 day|other:Events are deleted after {n} days"},
		{cHalfLife, "one:interest halves every day|other:interest halves every {n} days"},
		{cTimes, "one:once|other:{n} times"},
		{cPeriod, "one:today|other:in the last {n} days"},
	},
	"es": {
		{cDaysAgo, "one:hace 1 día|other:hace {n} días"},
		{cLoaded, "one:Esta página cargó 1 archivo propio de Hearth.|other:Esta página cargó {n} archivos propios de Hearth."},
		{cPages, "one:has visto 1 página|other:has visto {n} páginas"},
		{cSince, "one:has vuelto después de 1 día|other:has vuelto después de {n} días"},
		{cVisits, "one:nos has visitado 1 vez|other:nos has visitado {n} veces"},
		{cViews, "one:1 visita a una página|other:{n} visitas a páginas"},
		{cClicks, "one:1 clic|other:{n} clics"},
		{cDwells, "one:1 lectura larga|other:{n} lecturas largas"},
		{cBuys, "one:1 compra|other:{n} compras"},
		{cTracks, "one:1 acción|other:{n} acciones"},
		{cRetention, "one:Los eventos se borran al cabo de 1 día|other:Los eventos se borran a los {n} días"},
		{cHalfLife, "one:el interés se reduce a la mitad cada día|other:el interés se reduce a la mitad cada {n} días"},
		{cTimes, "one:una vez|other:{n} veces"},
		{cPeriod, "one:hoy|other:en los últimos {n} días"},
	},
	"de": {
		{cDaysAgo, "one:vor 1 Tag|other:vor {n} Tagen"},
		{cLoaded, "one:Diese Seite hat 1 eigene Datei von Hearth geladen.|other:Diese Seite hat {n} eigene Dateien von Hearth geladen."},
		{cPages, "one:Sie haben 1 Seite angesehen|other:Sie haben {n} Seiten angesehen"},
		{cSince, "one:Sie sind nach 1 Tag zurück|other:Sie sind nach {n} Tagen zurück"},
		{cVisits, "one:Sie uns einmal besucht haben|other:Sie uns {n}-mal besucht haben"},
		{cViews, "one:1 Seitenaufruf|other:{n} Seitenaufrufe"},
		{cClicks, "one:1 Klick|other:{n} Klicks"},
		{cDwells, "one:1 längerer Besuch einer Seite|other:{n} längere Besuche von Seiten"},
		{cBuys, "one:1 Kauf|other:{n} Käufe"},
		{cTracks, "one:1 Aktion|other:{n} Aktionen"},
		{cRetention, "one:Ereignisse werden nach 1 Tag gelöscht|other:Ereignisse werden nach {n} Tagen gelöscht"},
		{cHalfLife, "one:das Interesse halbiert sich jeden Tag|other:das Interesse halbiert sich alle {n} Tage"},
		{cTimes, "one:einmal|other:{n}-mal"},
		{cPeriod, "one:heute|other:in den letzten {n} Tagen"},
	},
	"fr": { // "one" is 0 and 1: the count is written, not assumed
		{cDaysAgo, "one:il y a {n} jour|other:il y a {n} jours"},
		{cLoaded, "one:Cette page a chargé {n} fichier propre à Hearth.|other:Cette page a chargé {n} fichiers propres à Hearth."},
		{cPages, "one:vous avez vu {n} page|other:vous avez vu {n} pages"},
		{cSince, "one:vous revenez après {n} jour|other:vous revenez après {n} jours"},
		{cVisits, "other:vous êtes venu {n} fois"},
		{cViews, "one:{n} page vue|other:{n} pages vues"},
		{cClicks, "one:{n} clic|other:{n} clics"},
		{cDwells, "one:{n} lecture longue|other:{n} lectures longues"},
		{cBuys, "one:{n} achat|other:{n} achats"},
		{cTracks, "one:{n} action|other:{n} actions"},
		{cRetention, "one:Les événements sont supprimés après {n} jour|other:Les événements sont supprimés après {n} jours"},
		{cHalfLife, "one:l'intérêt diminue de moitié chaque jour|other:l'intérêt diminue de moitié tous les {n} jours"},
		{cTimes, "one:{n} fois|other:{n} fois"},
		{cPeriod, "one:aujourd'hui|other:ces {n} derniers jours"},
	},
	"ar": { // zero and other alike; two is the dual; few (3–10) a plural of the genitive; many (11–99) the accusative singular
		{cDaysAgo, "one:قبل يوم واحد|two:قبل يومين|few:قبل {n} أيام|many:قبل {n} يومًا|other:قبل {n} يوم"},
		{cLoaded, "one:حمّلت هذه الصفحة ملفًا واحدًا من ملفات Hearth الخاصة.|two:حمّلت هذه الصفحة ملفين من ملفات Hearth الخاصة.|few:حمّلت هذه الصفحة {n} ملفات من ملفات Hearth الخاصة.|many:حمّلت هذه الصفحة {n} ملفًا من ملفات Hearth الخاصة.|other:حمّلت هذه الصفحة {n} ملف من ملفات Hearth الخاصة."},
		{cPages, "one:شاهدت صفحة واحدة|two:شاهدت صفحتين|few:شاهدت {n} صفحات|many:شاهدت {n} صفحة|other:شاهدت {n} صفحة"},
		{cSince, "one:عدت بعد يوم واحد|two:عدت بعد يومين|few:عدت بعد {n} أيام|many:عدت بعد {n} يومًا|other:عدت بعد {n} يوم"},
		{cVisits, "one:زرتنا مرة واحدة|two:زرتنا مرتين|few:زرتنا {n} مرات|many:زرتنا {n} مرة|other:زرتنا {n} مرة"},
		{cViews, "one:مشاهدة صفحة واحدة|two:مشاهدتا صفحة|few:{n} مشاهدات للصفحات|many:{n} مشاهدة للصفحات|other:{n} مشاهدة للصفحات"},
		{cClicks, "one:نقرة واحدة|two:نقرتان|few:{n} نقرات|many:{n} نقرة|other:{n} نقرة"},
		{cDwells, "one:قراءة متأنية واحدة|two:قراءتان متأنيتان|few:{n} قراءات متأنية|many:{n} قراءة متأنية|other:{n} قراءة متأنية"},
		{cBuys, "one:عملية شراء واحدة|two:عمليتا شراء|few:{n} عمليات شراء|many:{n} عملية شراء|other:{n} عملية شراء"},
		{cTracks, "one:إجراء واحد|two:إجراءان|few:{n} إجراءات|many:{n} إجراءً|other:{n} إجراء"},
		{cRetention, "one:تُحذف الأحداث بعد يوم واحد|two:تُحذف الأحداث بعد يومين|few:تُحذف الأحداث بعد {n} أيام|many:تُحذف الأحداث بعد {n} يومًا|other:تُحذف الأحداث بعد {n} يوم"},
		{cHalfLife, "one:ويقل الاهتمام إلى النصف كل يوم|two:ويقل الاهتمام إلى النصف كل يومين|few:ويقل الاهتمام إلى النصف كل {n} أيام|many:ويقل الاهتمام إلى النصف كل {n} يومًا|other:ويقل الاهتمام إلى النصف كل {n} يوم"},
		{cTimes, "one:مرة واحدة|two:مرتين|few:{n} مرات|many:{n} مرة|other:{n} مرة"},
		{cPeriod, "one:اليوم|two:في اليومين الماضيين|few:في الأيام الـ{n} الماضية|many:في الـ{n} يومًا الماضية|other:في الـ{n} يوم الماضية"},
	},
}
