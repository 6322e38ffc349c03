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

	ProfileHeading string
	Topics         []TopicView
	NoTopics       string
	Counters       []Counter

	// Debug lists, for the site owner, the experiences that lost and why.
	DebugHeading string
	Debug        []string

	Trust       string
	Clear       string
	PauseToggle string // "Pause…" or "Resume…"
	Paused      bool
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
	Debug     bool // the page URL has ?hearth-debug: show why experiences lost
}

func offReason(ds []engine.Decision) string {
	for _, d := range ds {
		if d.Off != "" {
			return d.Off
		}
	}
	return ""
}

// WhyLabel and LauncherLabel are the texts of the on-page controls.
func WhyLabel(lang string) string      { return tr(lang, kWhy) }
func LauncherLabel(lang string) string { return tr(lang, kLauncher) }

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
		Paused: p.Paused.On,
	}
	if off := offReason(in.Decisions); off == engine.NoConsent {
		v.Notices = append(v.Notices, tr(lang, kNoConsent))
	}
	if in.Status == profile.Reset {
		v.Notices = append(v.Notices, tr(lang, kReset))
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
			v.Decisions = append(v.Decisions, decisionView(lang, in.Config, p, d, in.Now))
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
	return v
}

// date is a stored time as the visitor's local date.
func date(ms int64) string { return time.UnixMilli(ms).Format("2006-01-02") }

func decisionView(lang string, cfg *rules.Config, p *profile.Profile, d engine.Decision, now time.Time) DecisionView {
	dv := DecisionView{Slot: d.Slot, Heading: tr(lang, kShownIn, "slot", d.Slot)}
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
		dv.Why = strings.NewReplacer("{topic}", strings.Join(dedupe(held), ", "),
			"{count}", strconv.Itoa(count), "{days}", strconv.Itoa(days)).Replace(why)
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
	n := strconv.Itoa(int(math.Round(c.Got)))
	switch c.Kind {
	case "interest":
		return tr(lang, kInterest, "topic", cfg.Label(c.Topic, lang))
	case "top":
		return tr(lang, kTop, "topic", cfg.Label(c.Topic, lang))
	case "declared":
		return tr(lang, kDeclared, "topic", cfg.Label(c.Topic, lang))
	case "visits":
		return tr(lang, kVisitsCheck, "n", n)
	case "pages":
		return tr(lang, kPagesCheck, "n", n)
	case "daysSinceLastVisit":
		return tr(lang, kSince, "n", n)
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
		kind      profile.Kind
		one, many string
	}{{profile.View, kViewsOne, kViewsMany}, {profile.Click, kClicksOne, kClicksMany}, {profile.Dwell, kDwellsOne, kDwellsMany},
		{profile.Purchase, kBuysOne, kBuysMany}, {profile.Track, kTracksOne, kTracksMany}} {
		switch n := counts[k.kind]; {
		case n == 1:
			parts = append(parts, tr(lang, k.one))
		case n > 1:
			parts = append(parts, tr(lang, k.many, "n", strconv.Itoa(n)))
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
	scores := map[string]float64{}
	best := 0.0
	for t := range ids {
		scores[t] = p.Score(t, now, cfg.HalfLife)
		best = math.Max(best, scores[t])
	}
	var out []TopicView
	for t := range ids {
		tv := TopicView{ID: t, Label: cfg.Label(t, lang), Score: strconv.FormatFloat(scores[t], 'f', 1, 64)}
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
