package panel

// Formatting for people: a check as a reason, events as counts, dates and
// "today", text kept in one direction inside the other.

import (
	"math"
	"strings"
	"time"

	"github.com/hearth-personalization/hearth/wasm/internal/stamp"
	"github.com/hearth-personalization/hearth/wasm/profile"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// eventLine is one event as the panel lists it: "Viewed /c/camping/ · 2026-11-23 14:05".
func eventLine(lang string, e profile.Event) string {
	k := map[profile.Kind]string{profile.View: kEvView, profile.Click: kEvClick, profile.Dwell: kEvDwell,
		profile.Purchase: kEvPurchase, profile.Track: kEvTrack}[e.Kind]
	s := tr(lang, k)
	if e.Path != "" {
		s += " " + e.Path
	}
	if src := srcKeys[e.Src]; src != "" {
		s += " (" + tr(lang, src) + ")"
	}
	return s + " · " + isolate(nobreak(stamp.Date(time.UnixMilli(e.At)))+"\u00a0"+stamp.Clock(time.UnixMilli(e.At)))
}

// srcKeys are the texts of where a page said what it was about; a source
// a later version wrote and this one does not know is not shown.
var srcKeys = map[string]string{rules.SrcTags: kSrcTags, rules.SrcSection: kSrcSection, rules.SrcJSONLD: kSrcJSONLD,
	rules.SrcKeywords: kSrcKeywords, rules.SrcPath: kSrcPath, rules.SrcWords: kSrcWords}

// date is a stored time as the visitor's local date, isolated as
// left-to-right text (U+2066…U+2069) so it reads the same in Arabic, with
// non-breaking hyphens (U+2011) so it never wraps across lines.
func date(ms int64) string { return isolate(nobreak(stamp.Date(time.UnixMilli(ms)))) }

func nobreak(s string) string { return strings.ReplaceAll(s, "-", "\u2011") }

func isolate(s string) string { return "\u2066" + s + "\u2069" }

// checkText says in plain words what one reason was.
func checkText(lang string, cfg *rules.Config, c rules.Check) string {
	n := math.Round(c.Got)
	switch c.Kind {
	case "interest":
		return tr(lang, kInterest, "topic", cfg.Label(c.Topic, lang))
	case "top":
		return tr(lang, kTop, "topic", cfg.Label(c.Topic, lang))
	case "declared":
		return tr(lang, kDeclared, "topic", cfg.Label(c.Topic, lang))
	case "visits":
		return trN(lang, cVisits, n)
	case "pages":
		return trN(lang, cPages, n)
	case "daysSinceLastVisit":
		return trN(lang, cSince, n)
	case "returning":
		if c.Got == 1 {
			return tr(lang, kReturning)
		}
		return tr(lang, kNewVisitor)
	case "path":
		return tr(lang, kPath)
	case "query":
		return tr(lang, kQuery, "param", c.Param, "value", c.GotText)
	case "time":
		return tr(lang, kTime, "time", c.GotText)
	case "weekday":
		if d, ok := rules.Weekday(c.GotText); ok { // the rules' names, the panel's words
			return tr(lang, kWeekday, "day", strings.Split(tr(lang, kDays), ",")[d])
		}
	case "language":
		return tr(lang, kLanguage, "value", c.GotText)
	case "viewport":
		return tr(lang, kViewport, "value", c.GotText)
	}
	return ""
}

// summary says what the events were: "2 page views, 1 click · last on DATE".
func summary(lang string, events []profile.Event) string {
	counts := map[profile.Kind]int{}
	var last int64
	for _, e := range events {
		counts[e.Kind]++
		last = max(last, e.At)
	}
	var parts []string
	for _, k := range []struct {
		kind profile.Kind
		text string
	}{{profile.View, cViews}, {profile.Click, cClicks}, {profile.Dwell, cDwells}, {profile.Purchase, cBuys}, {profile.Track, cTracks}} {
		if n := counts[k.kind]; n > 0 {
			parts = append(parts, trN(lang, k.text, float64(n)))
		}
	}
	s := strings.Join(parts, ", ")
	if from := sources(lang, events); from != "" {
		s += " · " + from
	}
	if last > 0 {
		s += " · " + tr(lang, kLastOn, "date", date(last))
	}
	return s
}

// sources says where the pages said the events' topic, for those that
// came from a page's metadata: "from the page's tags", each source once,
// in their order of trust.
func sources(lang string, events []profile.Event) string {
	var out []string
	for _, src := range rules.Origins {
		for _, e := range events {
			if e.Src == src {
				out = append(out, tr(lang, srcKeys[src]))
				break
			}
		}
	}
	return strings.Join(out, ", ")
}

// whenText says when, relative to now, in the visitor's calendar days.
func whenText(lang string, at int64, now time.Time) string {
	t := time.UnixMilli(at).In(now.Location())
	y1, m1, d1 := t.Date()
	y2, m2, d2 := now.Date()
	days := int(time.Date(y2, m2, d2, 0, 0, 0, 0, time.UTC).Sub(time.Date(y1, m1, d1, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	switch {
	case days <= 0:
		return tr(lang, kToday)
	case days == 1:
		return tr(lang, kYesterday)
	}
	return trN(lang, cDaysAgo, float64(days))
}

// itemKey is the variant of an item text for the site's kind of items
// (config "items"): the list's heading names them ("Articles you read"),
// and where they are articles, posts or (a docs site's) pages the visitor
// read them, not viewed.
func itemKey(cfg *rules.Config, key string) string {
	switch key {
	case kItems:
		if cfg.Items != "" {
			return kItems + "." + cfg.Items
		}
	case kGoesWith, kViewedThis, kItemViews:
		if cfg.Items == "articles" || cfg.Items == "posts" || cfg.Items == "pages" {
			return key + ".read"
		}
	}
	return key
}
