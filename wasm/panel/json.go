package panel

import "github.com/hearth-personalization/hearth/internal/jsonv"

// WriteJSON writes the view for the page side's renderer (web/hearth.js),
// which builds the panel from it with text nodes only. Keys are the
// renderer's; empty lists and strings are left out.
func (v View) WriteJSON(w *jsonv.Writer) {
	str := func(k, s string) {
		if s != "" {
			w.Key(k)
			w.String(s)
		}
	}
	strs := func(k string, list []string) {
		if len(list) == 0 {
			return
		}
		w.Key(k)
		w.Open('[')
		for _, s := range list {
			w.String(s)
		}
		w.Close(']')
	}
	decisions := func(k string, ds []DecisionView) {
		if len(ds) == 0 {
			return
		}
		w.Key(k)
		w.Open('[')
		for _, d := range ds {
			w.Open('{')
			str("slot", d.Slot)
			str("heading", d.Heading)
			str("why", d.Why)
			strs("evidence", d.Evidence)
			w.Close('}')
		}
		w.Close(']')
	}
	w.Open('{')
	str("lang", v.Lang)
	str("dir", v.Dir)
	str("darkMode", v.DarkMode)
	str("title", v.Title)
	str("close", v.Close)
	strs("notices", v.Notices)
	if c := v.Consent; c != nil {
		w.Key("consent")
		w.Open('{')
		str("kind", c.Kind)
		str("title", c.Title)
		str("body", c.Body)
		str("yes", c.Yes)
		str("no", c.No)
		w.Close('}')
	}
	str("whyHeading", v.WhyHeading)
	decisions("decisions", v.Decisions)
	decisions("recs", v.Recs)
	str("noDecisions", v.NoDecisions)
	str("profileHeading", v.ProfileHeading)
	str("noTopics", v.NoTopics)
	if len(v.Topics) > 0 {
		w.Key("topics")
		w.Open('[')
		for _, t := range v.Topics {
			w.Open('{')
			str("id", t.ID)
			str("label", t.Label)
			str("score", t.Score)
			w.Key("fraction")
			w.Float(t.Fraction)
			str("source", t.Source)
			str("eventsLabel", t.EventsLabel)
			strs("events", t.Events)
			str("remove", t.Remove)
			str("removeLabel", t.RemoveLabel)
			w.Close('}')
		}
		w.Close(']')
	}
	str("countersHeading", v.CountersHeading)
	if len(v.Counters) > 0 {
		w.Key("counters")
		w.Open('[')
		for _, c := range v.Counters {
			w.Open('[')
			w.String(c.Label)
			w.String(c.Value)
			w.Close(']')
		}
		w.Close(']')
	}
	str("itemsHeading", v.ItemsHeading)
	if len(v.Items) > 0 {
		w.Key("items")
		w.Open('[')
		for _, it := range v.Items {
			w.Open('{')
			str("sku", it.SKU)
			str("name", it.Name)
			str("detail", it.Detail)
			str("dismiss", it.Dismiss)
			str("dismissLabel", it.DismissLabel)
			w.Close('}')
		}
		w.Close(']')
	}
	if len(v.Blocked.Topics) > 0 {
		w.Key("blocked")
		w.Open('{')
		str("heading", v.Blocked.Heading)
		str("help", v.Blocked.Help)
		w.Key("topics")
		w.Open('[')
		for _, t := range v.Blocked.Topics {
			w.Open('{')
			str("id", t.ID)
			str("label", t.Label)
			str("allow", t.Allow)
			str("allowLabel", t.AllowLabel)
			w.Close('}')
		}
		w.Close(']')
		w.Close('}')
	}
	w.Key("prefs")
	w.Open('{')
	str("heading", v.Prefs.Heading)
	str("help", v.Prefs.Help)
	str("yes", v.Prefs.Yes)
	str("no", v.Prefs.No)
	w.Key("topics")
	w.Open('[')
	for _, t := range v.Prefs.Topics {
		w.Open('{')
		str("id", t.ID)
		str("label", t.Label)
		w.Key("state")
		w.Int(int64(t.State))
		w.Close('}')
	}
	w.Close(']')
	w.Close('}')
	str("debugHeading", v.DebugHeading)
	strs("debug", v.Debug)
	str("trust", v.Trust)
	str("storage", v.Storage)
	str("requests", v.Requests)
	str("bundle", v.Bundle)
	str("export", v.Export)
	str("clear", v.Clear)
	str("clearAsk", v.ClearAsk)
	str("clearYes", v.ClearYes)
	str("clearNo", v.ClearNo)
	str("pauseToggle", v.PauseToggle)
	w.Key("paused")
	w.Bool(v.Paused)
	if m := v.Measure; m != nil {
		w.Key("measure")
		w.Open('{')
		str("heading", m.Heading)
		str("body", m.Body)
		str("note", m.Note)
		str("last", m.Last)
		str("report", m.Report)
		str("toggle", m.Toggle)
		w.Key("off")
		w.Bool(m.Off)
		w.Close('}')
	}
	w.Close('}')
}
