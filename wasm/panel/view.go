// Package panel builds the "Why?" panel's view model and its localized
// strings from the engine's decisions and the profile. It never decides
// anything itself: it only explains what the engine decided.
package panel

import (
	"math"
	"strconv"
	"time"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/wasm/engine"
	"github.com/hearth-personalization/hearth/wasm/profile"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// View is everything the panel shows, as plain text: the browser adapter
// renders it with text nodes only.
type View struct {
	Lang, Dir string
	// DarkMode is the config's selector that matches when the page is dark
	// (the page side follows it, else the page's color-scheme).
	DarkMode string
	Title    string
	Close    string
	Notices  []string // storage trouble, paused state

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

	// Measure says what the site's private measurement sends, shows the
	// last report as sent, and switches it off; nil without measurement.
	Measure *MeasureView
}

// MeasureView is the panel's measurement section.
type MeasureView struct {
	Heading, Body string
	Note          string // why nothing is sent now, if so
	Last          string // "The last report, exactly as sent on …:" or "No report sent yet."
	Report        string // that report
	Toggle        string // "Stop measuring" or "Allow measuring"
	Off           bool   // the visitor stopped it
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
		Lang: lang, Dir: Dir(lang), DarkMode: in.Config.DarkMode,
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
		if d.Personalized() || d.Held {
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
		switch r.Kind {
		case engine.Recent:
			dv.Why = tr(lang, itemKey(in.Config, kViewedThis), "when", when)
		case engine.Similar:
			dv.Why = tr(lang, kSimilar, "topic", in.Config.Label(r.Because, lang), "when", when)
		default:
			dv.Why = tr(lang, itemKey(in.Config, kGoesWith), "item", r.BecauseName, "when", when)
		}
		v.Recs = append(v.Recs, dv)
	}
	v.ItemsHeading = tr(lang, itemKey(in.Config, kItems))
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
	v.Measure = measureView(lang, in)
	if v.Measure != nil {
		v.Trust = tr(lang, kTrustMeasured)
	}
	return v
}

// trimPadding drops a report's trailing spaces (its padding), without
// strings.TrimRight's tables in the module.
func trimPadding(s string) string {
	n := len(s)
	for n > 0 && s[n-1] == ' ' {
		n--
	}
	return s[:n]
}

// measureView is the measurement section: what leaves, how noisy it is,
// the last report as it was sent, and the switch.
func measureView(lang string, in Input) *MeasureView {
	m, p := in.Config.Measure, in.Profile
	if m == nil {
		return nil
	}
	mv := &MeasureView{
		Heading: tr(lang, kMeasureHeading),
		Body: tr(lang, kMeasureBody, "days", strconv.Itoa(m.PeriodDays),
			"keep", strconv.Itoa(int(math.Round(100*measure.Keep(m.Epsilon)))), "eps", strconv.FormatFloat(m.Epsilon, 'g', -1, 64)),
		Last: tr(lang, kMeasureNone), Toggle: tr(lang, kMeasureStop), Off: p.MeasureOff.On,
	}
	switch {
	case p.MeasureOff.On:
		mv.Note, mv.Toggle = tr(lang, kMeasureOff), tr(lang, kMeasureAllow)
	case engine.Off(in.Config, p, in.GPC) != "":
		mv.Note = tr(lang, kMeasureNotNow)
	}
	if st := p.Measure; st != nil && st.Sent.Body != "" {
		mv.Last, mv.Report = tr(lang, kMeasureLast, "date", date(st.Sent.At)), trimPadding(st.Sent.Body)
	}
	return mv
}

func days(d time.Duration) float64 { return d.Hours() / 24 }

// bytesText is a byte count for people: "812 B", "3.4 KB".
func bytesText(n int) string {
	if n < 1024 {
		return strconv.Itoa(n) + " B"
	}
	return strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + " KB"
}

// DismissLabel is the accessible name of an item's "×" on the page.
func DismissLabel(lang, item string) string { return tr(lang, kDismissName, "item", item) }
