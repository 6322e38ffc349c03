package panel

// The panel's sections, each from the engine's and the profile's figures:
// consent, why each slot shows what it shows, topics, items, preferences,
// removed topics.

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hearth-personalization/hearth/wasm/engine"
	"github.com/hearth-personalization/hearth/wasm/internal/order"
	"github.com/hearth-personalization/hearth/wasm/profile"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

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
		body := tr(lang, kConsentBody)
		if in.Config.Measure != nil { // then something does leave: say what
			body = tr(lang, kConsentMeasured)
		}
		return &ConsentView{Kind: "prompt", Title: tr(lang, kConsentQ), Body: body,
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
	order.Strings(ids)
	for _, id := range ids {
		label := cfg.Label(id, lang)
		bv.Topics = append(bv.Topics, BlockedTopic{ID: id, Label: label, Allow: tr(lang, kAllow), AllowLabel: tr(lang, kAllowLabel, "topic", label)})
	}
	return bv
}

func decisionView(lang string, cfg *rules.Config, p *profile.Profile, d engine.Decision, labels map[string]string, now time.Time) DecisionView {
	name := d.Slot
	if l := labels[d.Slot]; l != "" {
		name = l
	}
	dv := DecisionView{Slot: d.Slot, Heading: tr(lang, kShownIn, "slot", name)}
	if d.Held {
		dv.Why = tr(lang, kHeld)
		return dv
	}
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
	// Each topic's evidence counts once, however many checks read it (an
	// "interest" and a "top" on one topic are the same events).
	count, first := 0, int64(0)
	for _, t := range dedupe(heldIDs) {
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
			"count", strconv.Itoa(count), "days", strconv.Itoa(days),
			"times", trN(lang, cTimes, float64(count)), "period", trN(lang, cPeriod, float64(max(days, 1))))
	} else {
		dv.Why = tr(lang, kBecause) + " " + strings.Join(dedupe(parts), "; ") + "."
	}
	topics := make([]string, 0, len(d.Evidence))
	for t := range d.Evidence {
		topics = append(topics, t)
	}
	order.Strings(topics)
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
			parts = append(parts, tr(lang, itemKey(in.Config, kItemViews), "n", strconv.Itoa(it.Views), "date", date(it.LastSeen)))
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
