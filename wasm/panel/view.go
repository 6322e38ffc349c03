// Package panel builds the "Why?" panel's view model and its localized
// strings from the engine's decisions and the profile. It never decides
// anything itself: it only explains what the engine decided.
package panel

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"hearth/wasm/engine"
	"hearth/wasm/internal/stamp"
	"hearth/wasm/profile"
	"hearth/wasm/rules"
)

// View is everything the panel shows, as plain text: the browser adapter
// renders it with text nodes only.
type View struct {
	Lang, Dir string
	Title     string
	Close     string
	Notices   []string // storage trouble, paused state

	WhyHeading  string
	Decisions   []DecisionView
	NoDecisions string // shown when Decisions is empty

	// Recs explains each recommended item shown on the page.
	Recs []DecisionView
	// Items lists the catalog items the visitor looked at.
	ItemsHeading string
	Items        []ItemView

	// Consent is the prompt or note about consent; nil when there is none.
	Consent *ConsentView

	Prefs PrefsView

	ProfileHeading  string
	Topics          []TopicView
	NoTopics        string
	CountersHeading string
	Counters        []Counter
	Blocked         BlockedView
	Storage         string // what is stored, where, for how long

	// Debug lists, for the site owner, the experiences that lost and why.
	DebugHeading string
	Debug        []string

	Trust    string
	Bundle   string // the module's SHA-256, to compare with a rebuild
	Requests string // what Hearth fetched, and that the module sent nothing
	Export   string
	Clear    string
	// ClearAsk, ClearYes and ClearNo confirm "Clear everything" first.
	ClearAsk, ClearYes, ClearNo string
	PauseToggle                 string // "Pause…" or "Resume…"
	Paused                      bool
}

// ItemView is one item of the profile, with its "don't show me this again".
type ItemView struct {
	SKU, Name, Detail     string
	Dismiss, DismissLabel string // empty once dismissed or bought
}

// ConsentView asks for consent, or says why personalization is off and how
// to turn it on. Kind is "prompt" (opt-in, no answer yet), "gpc" (Global
// Privacy Control), "denied" (the visitor said no) or "granted" (the
// visitor said yes where it was needed, and may withdraw it).
type ConsentView struct {
	Kind    string
	Title   string // only for the prompt
	Body    string
	Yes, No string // No is empty where there is nothing to refuse
}

// PrefsView is the preference center: every topic of the site, with what
// the visitor declared.
type PrefsView struct {
	Heading, Help string
	Yes, No       string
	Topics        []PrefTopic
}

// PrefTopic is one topic of the preference center.
type PrefTopic struct {
	ID, Label string
	State     int // 1 interested, -1 not interested, 0 not said
}

// BlockedView lists the topics the visitor removed.
type BlockedView struct {
	Heading, Help string
	Topics        []BlockedTopic
}

// BlockedTopic is one removed topic with the label of its "allow again" button.
type BlockedTopic struct {
	ID, Label, Allow, AllowLabel string
}

// DecisionView explains one personalized slot.
type DecisionView struct {
	Slot     string
	Heading  string   // e.g. `In “hero”`
	Why      string   // one sentence
	Evidence []string // per topic: what the visitor did, when
}

// TopicView is one topic of the profile.
type TopicView struct {
	ID       string
	Label    string
	Score    string  // rounded, for display; "" for a declared topic
	Fraction float64 // 0..1 of the strongest topic, for the bar
	Source   string  // "2 page views, 1 click · last on 2026-11-23" or the declaration
	// EventsLabel heads the list of Events, one line per event behind the score.
	EventsLabel string
	Events      []string
	// Remove is the label of the button that removes and blocks the topic;
	// RemoveLabel its accessible name.
	Remove, RemoveLabel string
}

// Counter is a labelled number of the profile.
type Counter struct{ Label, Value string }

// Input is what Build needs.
type Input struct {
	Lang      string // a shipped language, see Lang
	Config    *rules.Config
	Profile   *profile.Profile
	Decisions []engine.Decision
	Status    profile.Status
	Memory    bool // storage failed during this page
	Now       time.Time
	Debug     bool   // the page URL has ?hearth-debug: show why experiences lost
	GPC       bool   // the browser sends Global Privacy Control
	Stored    int    // bytes stored under hearth:v1 now
	BundleSHA string // the module's SHA-256 (hex), from the bundle's manifest
	Files     int    // how many of Hearth's own files the page loaded
	// SlotLabels names slots for people (data-hearth-label); the slot's
	// name is used where it has none.
	SlotLabels map[string]string
	// Recs are the recommendations shown on the page, and the page's item
	// names by SKU.
	Recs      []engine.Rec
	ItemNames map[string]string
}

// WhyLabel is the text of the "Why?" buttons.
func WhyLabel(lang string) string { return tr(lang, kWhy) }

// LauncherLabel is the text of the launcher: the consent question while an
// opt-in site has no answer yet, so the visitor is asked first.
func LauncherLabel(lang string, cfg *rules.Config, p *profile.Profile) string {
	if cfg.Consent == rules.OptIn && p.Consent == profile.ConsentUnset {
		return tr(lang, kConsentQ)
	}
	return tr(lang, kLauncher)
}

// Build returns the panel's view model.
func Build(in Input) View {
	lang := Lang(in.Lang)
	p := in.Profile
	v := View{
		Lang: lang, Dir: Dir(lang),
		Title: tr(lang, kTitle), Close: tr(lang, kClose),
		WhyHeading: tr(lang, kWhyHeading), NoDecisions: tr(lang, kNoDecisions),
		ProfileHeading: tr(lang, kProfile), NoTopics: tr(lang, kNoTopics),
		Trust: tr(lang, kTrust), Clear: tr(lang, kClear),
		ClearAsk: tr(lang, kClearAsk), ClearYes: tr(lang, kClearYes), ClearNo: tr(lang, kClearNo),
		Paused: p.Paused.On,
	}
	v.Consent = consentView(lang, in)
	switch in.Status {
	case profile.Reset:
		v.Notices = append(v.Notices, tr(lang, kReset))
	case profile.Repaired:
		v.Notices = append(v.Notices, tr(lang, kRepaired))
	}
	if in.Status == profile.Unavailable || in.Memory {
		v.Notices = append(v.Notices, tr(lang, kMemory))
	}
	if p.Paused.On {
		v.Notices = append(v.Notices, tr(lang, kPausedNote))
		v.PauseToggle = tr(lang, kResume)
	} else {
		v.PauseToggle = tr(lang, kPause)
	}
	for _, d := range in.Decisions {
		if d.Personalized() {
			v.Decisions = append(v.Decisions, decisionView(lang, in.Config, p, d, in.SlotLabels, in.Now))
		}
		if in.Debug {
			for _, l := range d.Losers {
				line := d.Slot + " ← " + l.Experience + " (" + l.Variant + "): " + l.Reason
				for _, c := range l.Checks {
					line += "; " + c.String()
				}
				v.Debug = append(v.Debug, line)
			}
		}
	}
	if len(v.Debug) > 0 {
		v.DebugHeading = tr(lang, kDebug)
	}
	v.Topics = topicViews(lang, in.Config, p, in.Now)
	v.Counters = []Counter{
		{tr(lang, kVisits), strconv.Itoa(p.Visits)},
		{tr(lang, kPages), strconv.Itoa(p.Pages)},
	}
	if p.FirstSeen > 0 {
		v.Counters = append(v.Counters, Counter{tr(lang, kFirstSeen), date(p.FirstSeen)})
	}
	v.CountersHeading = tr(lang, kCounters)
	for _, r := range in.Recs {
		name := in.ItemNames[r.SKU]
		if name == "" {
			name = r.SKU
		}
		when := whenText(lang, r.BecauseAt, in.Now)
		dv := DecisionView{Slot: "item:" + r.SKU, Heading: name}
		if r.Kind == engine.Recent {
			dv.Why = tr(lang, kViewedThis, "when", when)
		} else {
			dv.Why = tr(lang, kGoesWith, "item", r.BecauseName, "when", when)
		}
		v.Recs = append(v.Recs, dv)
	}
	v.ItemsHeading = tr(lang, kItems)
	v.Items = itemViews(lang, in)
	v.Prefs = prefsView(lang, in.Config, p)
	v.Blocked = blockedView(lang, in.Config, p)
	v.Storage = tr(lang, kStorage, "bytes", bytesText(in.Stored),
		"retention", trN(lang, cRetention, days(in.Config.Retention)), "half", trN(lang, cHalfLife, days(in.Config.HalfLife)))
	if in.BundleSHA != "" {
		v.Bundle = tr(lang, kBundle, "hash", in.BundleSHA)
	}
	v.Requests = tr(lang, kRequests, "loaded", trN(lang, cLoaded, float64(in.Files)))
	v.Export = tr(lang, kExport)
	return v
}

func days(d time.Duration) float64 { return d.Hours() / 24 }

// bytesText is a byte count for people: "812 B", "3.4 KB".
func bytesText(n int) string {
	if n < 1024 {
		return strconv.Itoa(n) + " B"
	}
	return strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + " KB"
}

func consentView(lang string, in Input) *ConsentView {
	p := in.Profile
	switch {
	case p.Consent == profile.ConsentDenied:
		return &ConsentView{Kind: "denied", Body: tr(lang, kDenied), Yes: tr(lang, kChangeMind)}
	case p.Consent == profile.ConsentGranted:
		if in.Config.Consent == rules.OptIn || in.GPC {
			return &ConsentView{Kind: "granted", Body: tr(lang, kGranted, "date", date(p.ConsentAt)), No: tr(lang, kWithdraw)}
		}
		return nil
	case in.Config.Consent == rules.OptIn:
		return &ConsentView{Kind: "prompt", Title: tr(lang, kConsentQ), Body: tr(lang, kConsentBody),
			Yes: tr(lang, kConsentYes), No: tr(lang, kConsentNo)}
	case in.GPC:
		return &ConsentView{Kind: "gpc", Body: tr(lang, kGPC), Yes: tr(lang, kGPCYes)}
	}
	return nil
}

func prefsView(lang string, cfg *rules.Config, p *profile.Profile) PrefsView {
	pv := PrefsView{Heading: tr(lang, kPrefs), Help: tr(lang, kPrefsHelp), Yes: tr(lang, kPrefYes), No: tr(lang, kPrefNo)}
	for _, id := range cfg.TopicNames() {
		pt := PrefTopic{ID: id, Label: cfg.Label(id, lang)}
		if on, set := p.DeclaredOn(id); set {
			pt.State = -1
			if on {
				pt.State = 1
			}
		}
		pv.Topics = append(pv.Topics, pt)
	}
	sort.SliceStable(pv.Topics, func(i, j int) bool { return pv.Topics[i].Label < pv.Topics[j].Label })
	return pv
}

func blockedView(lang string, cfg *rules.Config, p *profile.Profile) BlockedView {
	bv := BlockedView{Heading: tr(lang, kRemoved), Help: tr(lang, kRemovedHelp)}
	ids := make([]string, 0, len(p.Blocked))
	for id, f := range p.Blocked {
		if f.On {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		label := cfg.Label(id, lang)
		bv.Topics = append(bv.Topics, BlockedTopic{ID: id, Label: label, Allow: tr(lang, kAllow), AllowLabel: tr(lang, kAllowLabel, "topic", label)})
	}
	return bv
}

// eventLine is one event as the panel lists it: "Viewed /c/camping/ · 2026-11-23 14:05".
func eventLine(lang string, e profile.Event) string {
	k := map[profile.Kind]string{profile.View: kEvView, profile.Click: kEvClick, profile.Dwell: kEvDwell,
		profile.Purchase: kEvPurchase, profile.Track: kEvTrack}[e.Kind]
	s := tr(lang, k)
	if e.Path != "" {
		s += " " + e.Path
	}
	return s + " · " + isolate(nobreak(stamp.Date(time.UnixMilli(e.At)))+"\u00a0"+stamp.Clock(time.UnixMilli(e.At)))
}

// date is a stored time as the visitor's local date, isolated as
// left-to-right text (U+2066…U+2069) so it reads the same in Arabic, with
// non-breaking hyphens (U+2011) so it never wraps across lines.
func date(ms int64) string { return isolate(nobreak(stamp.Date(time.UnixMilli(ms)))) }

func nobreak(s string) string { return strings.ReplaceAll(s, "-", "\u2011") }

func isolate(s string) string { return "\u2066" + s + "\u2069" }

func decisionView(lang string, cfg *rules.Config, p *profile.Profile, d engine.Decision, labels map[string]string, now time.Time) DecisionView {
	name := d.Slot
	if l := labels[d.Slot]; l != "" {
		name = l
	}
	dv := DecisionView{Slot: d.Slot, Heading: tr(lang, kShownIn, "slot", name)}
	// The topics whose checks argued for the decision are what it is about.
	var held, heldIDs, parts []string
	for _, c := range d.Checks {
		if !c.Argues() {
			continue
		}
		if c.Topic != "" {
			held, heldIDs = append(held, cfg.Label(c.Topic, lang)), append(heldIDs, c.Topic)
		}
		if on, _ := p.DeclaredOn(c.Topic); on && (c.Kind == "interest" || c.Kind == "top") {
			c.Kind = "declared" // the interest is the visitor's own declaration
		}
		if s := checkText(lang, cfg, c); s != "" {
			parts = append(parts, s)
		}
	}
	count, first := 0, int64(0)
	for _, t := range heldIDs {
		for _, e := range d.Evidence[t] {
			count++
			if first == 0 || e.At < first {
				first = e.At
			}
		}
	}
	days := 0
	if first > 0 {
		days = max(1, int(math.Ceil(now.Sub(time.UnixMilli(first)).Hours()/24)))
	}
	why := ""
	for _, x := range cfg.Experiences {
		if x.ID == d.Experience {
			why = x.Why[lang]
			if why == "" {
				why = x.Why["en"]
			}
		}
	}
	if why != "" {
		dv.Why = fill(why, "topic", strings.Join(dedupe(held), ", "),
			"count", strconv.Itoa(count), "days", strconv.Itoa(days))
	} else {
		dv.Why = tr(lang, kBecause) + " " + strings.Join(dedupe(parts), "; ") + "."
	}
	topics := make([]string, 0, len(d.Evidence))
	for t := range d.Evidence {
		topics = append(topics, t)
	}
	sort.Strings(topics)
	for _, t := range topics {
		dv.Evidence = append(dv.Evidence, cfg.Label(t, lang)+": "+summary(lang, d.Evidence[t]))
	}
	return dv
}

func dedupe(list []string) []string {
	out := list[:0:0]
	for _, s := range list {
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

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
		for i, d := range []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"} {
			if d == c.GotText {
				return tr(lang, kWeekday, "day", strings.Split(tr(lang, kDays), ",")[i])
			}
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
	if last > 0 {
		s += " · " + tr(lang, kLastOn, "date", date(last))
	}
	return s
}

func topicViews(lang string, cfg *rules.Config, p *profile.Profile, now time.Time) []TopicView {
	ids := map[string]bool{}
	for _, t := range p.TopicNames() {
		ids[t] = true
	}
	for t := range p.Declared {
		ids[t] = true
	}
	// The engine's own figures (hundredths), not a score of the panel's:
	// the visitor reads what the conditions compared.
	scores := map[string]float64{}
	best := 0.0
	for t := range ids {
		scores[t] = engine.Interest(cfg, p, t, now)
		if _, declared := p.DeclaredOn(t); !declared { // a declared topic's bar is full or empty
			best = math.Max(best, scores[t])
		}
	}
	var out []TopicView
	for t := range ids {
		tv := TopicView{ID: t, Label: cfg.Label(t, lang), Score: strconv.FormatFloat(scores[t], 'f', 2, 64)}
		if best > 0 {
			tv.Fraction = scores[t] / best
		}
		if on, set := p.DeclaredOn(t); set {
			tv.Score = "" // a declaration has no score to show
			tv.Source = tr(lang, kDeclaredOff)
			if on {
				tv.Source = tr(lang, kDeclaredOn)
				tv.Fraction = 1
			}
		} else {
			tv.Source = summary(lang, p.EventsOf(t))
		}
		if evs := p.EventsOf(t); len(evs) > 0 {
			tv.EventsLabel = tr(lang, kEvents, "n", strconv.Itoa(len(evs)))
			for i := len(evs) - 1; i >= 0; i-- { // newest first
				tv.Events = append(tv.Events, eventLine(lang, evs[i]))
			}
		}
		if _, inferred := p.Topics[t]; inferred {
			tv.Remove, tv.RemoveLabel = tr(lang, kRemove), tr(lang, kRemoveLabel, "topic", tv.Label)
		}
		out = append(out, tv)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Fraction != out[j].Fraction {
			return out[i].Fraction > out[j].Fraction
		}
		return out[i].ID < out[j].ID
	})
	return out
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

func itemViews(lang string, in Input) []ItemView {
	p := in.Profile
	skus := make([]string, 0, len(p.Items))
	for sku := range p.Items {
		skus = append(skus, sku)
	}
	sort.Slice(skus, func(i, j int) bool {
		a, b := p.Items[skus[i]], p.Items[skus[j]]
		if a.LastSeen != b.LastSeen {
			return a.LastSeen > b.LastSeen
		}
		return skus[i] < skus[j]
	})
	var out []ItemView
	for _, sku := range skus {
		it := p.Items[sku]
		name := it.Name
		if name == "" {
			name = sku
		}
		iv := ItemView{SKU: sku, Name: name}
		var parts []string
		if it.LastSeen > 0 {
			parts = append(parts, tr(lang, kItemViews, "n", strconv.Itoa(it.Views), "date", date(it.LastSeen)))
		}
		switch {
		case it.Bought > 0:
			parts = append(parts, tr(lang, kBought))
		case it.Dismissed > 0:
			parts = append(parts, tr(lang, kDismissed))
		default:
			if today, week := p.ItemShown(sku, in.Now); today > 0 || week > 0 {
				r := in.Config.Retargeting
				parts = append(parts, tr(lang, kReminded, "n", strconv.Itoa(today), "max", strconv.Itoa(r.PerDay), "week", strconv.Itoa(r.PerWeek)))
			}
			iv.Dismiss, iv.DismissLabel = tr(lang, kDismiss), tr(lang, kDismissName, "item", name)
		}
		iv.Detail = strings.Join(parts, " · ")
		out = append(out, iv)
	}
	return out
}

// DismissLabel is the accessible name of an item's "×" on the page.
func DismissLabel(lang, item string) string { return tr(lang, kDismissName, "item", item) }
