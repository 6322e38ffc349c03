//go:build js && wasm

package browser

import (
	"strconv"
	"syscall/js"

	"hearth/wasm/panel"
)

// Panel renders the "Why?" panel: #hearth-panel with role="dialog", its
// content in an open shadow root so that the site's CSS cannot break it and
// it cannot break the site. Profile and config values only ever become text
// nodes; no HTML is built from them.
type Panel struct {
	doc    node
	host   node
	root   js.Value
	body   js.Value // the part re-rendered on every Render
	opener js.Value // what had focus before the panel opened
	acts   Actions
}

// Actions are what the panel's controls do. Topic actions get the topic id.
type Actions struct {
	Close, Clear, Pause, Export, ConsentYes, ConsentNo func()
	Block, Unblock                                     func(topic string)
	Dismiss                                            func(sku string)
	Declare                                            func(topic string, on bool)
}

// NewPanel creates the (hidden) panel. cssURL is the bundle's stylesheet.
func (d *Doc) NewPanel(cssURL string, acts Actions) *Panel {
	host := d.create("div")
	host.set("id", "hearth-panel")
	host.set("role", "dialog")
	host.set("aria-modal", "true")
	host.set("hidden", "")
	root := host.Call("attachShadow", map[string]any{"mode": "open"})
	if cssURL != "" {
		//hearth:network-ok the bundle's own stylesheet: the loader already fetched this URL, which never depends on the profile
		link := d.create("link")
		link.Set("rel", "stylesheet")
		link.Set("crossOrigin", "anonymous")
		link.Set("href", cssURL) //hearth:network-ok the same constant URL (served from cache)
		root.Call("appendChild", link.Value)
	}
	body := d.create("div").Value
	body.Set("className", "hearth-body")
	root.Call("appendChild", body)
	p := &Panel{doc: d.doc, host: host, root: root, body: body, acts: acts}
	// Delegated listeners for every control, so re-rendering leaks nothing.
	root.Call("addEventListener", "click", callback("panel", func(this js.Value, args []js.Value) any {
		btn := args[0].Get("target").Call("closest", "button[data-action]")
		if !btn.IsNull() {
			p.act(btn.Call("getAttribute", "data-action").String(), btn.Call("getAttribute", "data-topic").String())
		}
		return nil
	}))
	root.Call("addEventListener", "change", callback("panel declare", func(this js.Value, args []js.Value) any {
		in := args[0].Get("target")
		if in.Get("type").String() == "radio" && in.Get("checked").Bool() && p.acts.Declare != nil {
			topic := in.Call("getAttribute", "data-topic").String()
			on := in.Get("value").String() == "on"
			p.acts.Declare(topic, on)
		}
		return nil
	}))
	host.on("keydown", false, "panel keys", func(e js.Value) {
		switch e.Get("key").String() {
		case "Escape":
			e.Call("preventDefault")
			p.Close()
		case "Tab":
			p.wrapFocus(e)
		}
	})
	node{d.doc.Get("body")}.add(host.Value)
	return p
}

func (p *Panel) act(name, topic string) {
	a := p.acts
	call := func(f func()) {
		if f != nil {
			f()
		}
	}
	switch name {
	case "close":
		p.Close()
	case "clear":
		call(a.Clear)
	case "pause":
		call(a.Pause)
	case "export":
		call(a.Export)
	case "consent-yes":
		call(a.ConsentYes)
	case "consent-no":
		call(a.ConsentNo)
	case "block":
		if a.Block != nil {
			a.Block(topic)
		}
	case "unblock":
		if a.Unblock != nil {
			a.Unblock(topic)
		}
	case "dismiss":
		if a.Dismiss != nil {
			a.Dismiss(topic)
		}
	}
}

// wrapFocus keeps Tab inside the open dialog (aria-modal): from the last
// control to the first and back. Escape always leaves.
func (p *Panel) wrapFocus(e js.Value) {
	list := jsArray(p.root.Call("querySelectorAll", "button, input, summary, [tabindex]:not([tabindex='-1'])"))
	if len(list) == 0 {
		return
	}
	first, last := list[0], list[len(list)-1]
	active := p.root.Get("activeElement")
	if e.Get("shiftKey").Bool() {
		if active.IsNull() || active.Equal(first) {
			e.Call("preventDefault")
			last.Call("focus")
		}
	} else if active.IsNull() || active.Equal(last) {
		e.Call("preventDefault")
		first.Call("focus")
	}
}

// IsOpen reports whether the panel is showing.
func (p *Panel) IsOpen() bool { return !p.host.has("hidden") }

// Open renders v, shows the panel and moves focus into it. focusSlot, when
// set, scrolls to that slot's explanation.
func (p *Panel) Open(v panel.View, focusSlot string) {
	if !p.IsOpen() {
		p.opener = p.doc.Get("activeElement")
	}
	p.Render(v)
	p.host.unset("hidden")
	if focusSlot != "" {
		for _, a := range jsArray(p.root.Call("querySelectorAll", "article[data-slot]")) {
			if a.Call("getAttribute", "data-slot").String() == focusSlot {
				a.Call("scrollIntoView", map[string]any{"block": "nearest"})
			}
		}
	}
	if target := p.root.Call("querySelector", "[data-action=close]"); !target.IsNull() {
		target.Call("focus")
	}
}

// Close hides the panel and gives focus back to what had it.
func (p *Panel) Close() {
	if !p.IsOpen() {
		return
	}
	p.host.set("hidden", "")
	if o := p.opener; !o.IsUndefined() && !o.IsNull() && o.Get("isConnected").Truthy() {
		o.Call("focus")
	}
}

func jsArray(list js.Value) []js.Value {
	out := make([]js.Value, list.Length())
	for i := range out {
		out[i] = list.Index(i)
	}
	return out
}

// el creates an element with an optional class and text.
func (p *Panel) el(parent js.Value, tag, class, text string) js.Value {
	e := p.doc.Call("createElement", tag)
	if class != "" {
		e.Set("className", class)
	}
	if text != "" {
		e.Set("textContent", text)
	}
	parent.Call("appendChild", e)
	return e
}

// button creates a button for an action.
func (p *Panel) button(parent js.Value, class, text, action, topic, label string) js.Value {
	b := p.el(parent, "button", class, text)
	b.Set("type", "button")
	b.Call("setAttribute", "data-action", action)
	if topic != "" {
		b.Call("setAttribute", "data-topic", topic)
	}
	if label != "" {
		b.Call("setAttribute", "aria-label", label)
	}
	return b
}

// Render replaces the panel's content with v, keeping the focus on the
// control that had it (re-rendering must not throw keyboard users out).
func (p *Panel) Render(v panel.View) {
	focusKey := ""
	if a := p.root.Get("activeElement"); !a.IsNull() {
		focusKey = a.Call("getAttribute", "data-focus-key").String()
		if a.Call("getAttribute", "data-focus-key").IsNull() {
			focusKey = ""
		}
	}
	p.host.set("aria-label", v.Title)
	p.host.set("lang", v.Lang)
	p.host.set("dir", v.Dir)
	b := p.body
	b.Call("replaceChildren")
	b.Set("dir", v.Dir)
	b.Set("lang", v.Lang)

	head := p.el(b, "div", "head", "")
	p.el(head, "h2", "", v.Title)
	p.button(head, "close", "×", "close", "", v.Close)

	for _, n := range v.Notices {
		p.el(b, "p", "notice", n).Call("setAttribute", "role", "status")
	}
	if c := v.Consent; c != nil {
		sec := p.el(b, "section", "consent "+c.Kind, "")
		if c.Title != "" {
			p.el(sec, "h3", "", c.Title)
		}
		p.el(sec, "p", "", c.Body)
		row := p.el(sec, "div", "buttons", "")
		if c.Yes != "" {
			p.button(row, "primary", c.Yes, "consent-yes", "", "")
		}
		if c.No != "" {
			p.button(row, "secondary", c.No, "consent-no", "", "")
		}
	}

	why := p.el(b, "section", "why", "")
	p.el(why, "h3", "", v.WhyHeading)
	if len(v.Decisions) == 0 && len(v.Recs) == 0 {
		p.el(why, "p", "empty", v.NoDecisions)
	}
	for _, d := range append(append([]panel.DecisionView(nil), v.Decisions...), v.Recs...) {
		a := p.el(why, "article", "", "")
		a.Call("setAttribute", "data-slot", d.Slot)
		p.el(a, "h4", "", d.Heading)
		p.el(a, "p", "", d.Why)
		if len(d.Evidence) > 0 {
			ul := p.el(a, "ul", "evidence", "")
			for _, e := range d.Evidence {
				p.el(ul, "li", "", e)
			}
		}
	}

	prof := p.el(b, "section", "profile", "")
	p.el(prof, "h3", "", v.ProfileHeading)
	if len(v.Topics) == 0 {
		p.el(prof, "p", "empty", v.NoTopics)
	} else {
		ul := p.el(prof, "ul", "topics", "")
		for _, t := range v.Topics {
			li := p.el(ul, "li", "", "")
			li.Call("setAttribute", "data-topic", t.ID)
			row := p.el(li, "div", "row", "")
			p.el(row, "span", "label", t.Label)
			if t.Score != "" {
				p.el(row, "span", "score", t.Score)
			}
			if t.Remove != "" {
				rm := p.button(row, "link", t.Remove, "block", t.ID, t.RemoveLabel)
				rm.Call("setAttribute", "data-focus-key", "block:"+t.ID)
			}
			bar := p.el(li, "div", "bar", "")
			bar.Call("setAttribute", "aria-hidden", "true")
			fill := p.el(bar, "span", "", "")
			fill.Get("style").Call("setProperty", "width", strconv.FormatFloat(100*t.Fraction, 'f', 0, 64)+"%")
			p.el(li, "p", "source", t.Source)
			if len(t.Events) > 0 {
				det := p.el(li, "details", "events", "")
				p.el(det, "summary", "", t.EventsLabel)
				evs := p.el(det, "ul", "", "")
				for _, e := range t.Events {
					p.el(evs, "li", "", e)
				}
			}
		}
	}
	p.el(prof, "h4", "", v.CountersHeading)
	dl := p.el(prof, "dl", "counters", "")
	for _, c := range v.Counters {
		div := p.el(dl, "div", "", "")
		p.el(div, "dt", "", c.Label)
		p.el(div, "dd", "", c.Value)
	}

	if len(v.Items) > 0 {
		sec := p.el(b, "section", "items", "")
		p.el(sec, "h3", "", v.ItemsHeading)
		ul := p.el(sec, "ul", "", "")
		for _, it := range v.Items {
			li := p.el(ul, "li", "", "")
			li.Call("setAttribute", "data-item", it.SKU)
			row := p.el(li, "div", "row", "")
			p.el(row, "span", "label", it.Name)
			if it.Dismiss != "" {
				btn := p.button(row, "link", it.Dismiss, "dismiss", it.SKU, it.DismissLabel)
				btn.Call("setAttribute", "data-focus-key", "dismiss:"+it.SKU)
			}
			p.el(li, "p", "source", it.Detail)
		}
	}

	if len(v.Blocked.Topics) > 0 {
		bl := p.el(b, "section", "blocked", "")
		p.el(bl, "h3", "", v.Blocked.Heading)
		p.el(bl, "p", "help", v.Blocked.Help)
		ul := p.el(bl, "ul", "", "")
		for _, t := range v.Blocked.Topics {
			li := p.el(ul, "li", "row", "")
			p.el(li, "span", "label", t.Label)
			btn := p.button(li, "link", t.Allow, "unblock", t.ID, t.AllowLabel)
			btn.Call("setAttribute", "data-focus-key", "unblock:"+t.ID)
		}
	}

	prefs := p.el(b, "section", "prefs", "")
	p.el(prefs, "h3", "", v.Prefs.Heading)
	p.el(prefs, "p", "help", v.Prefs.Help)
	for _, t := range v.Prefs.Topics {
		fs := p.el(prefs, "fieldset", "", "")
		p.el(fs, "legend", "", t.Label)
		for _, opt := range []struct {
			value, text string
			state       int
		}{{"on", v.Prefs.Yes, 1}, {"off", v.Prefs.No, -1}} {
			label := p.el(fs, "label", "", "")
			in := p.el(label, "input", "", "")
			in.Set("type", "radio")
			in.Set("name", "pref-"+t.ID)
			in.Set("value", opt.value)
			in.Set("checked", t.State == opt.state)
			in.Call("setAttribute", "data-topic", t.ID)
			in.Call("setAttribute", "data-focus-key", "pref:"+t.ID+":"+opt.value)
			label.Call("appendChild", p.doc.Call("createTextNode", " "+opt.text))
		}
	}

	if len(v.Debug) > 0 {
		det := p.el(b, "details", "debug", "")
		p.el(det, "summary", "", v.DebugHeading)
		ul := p.el(det, "ul", "", "")
		for _, line := range v.Debug {
			p.el(ul, "li", "", line)
		}
	}

	trust := p.el(b, "section", "trust", "")
	p.el(trust, "p", "", v.Trust)
	p.el(trust, "p", "", v.Storage)
	p.el(trust, "p", "", v.Requests)
	if v.Bundle != "" {
		p.el(trust, "p", "hash", v.Bundle)
	}

	foot := p.el(b, "div", "foot", "")
	pause := p.button(foot, "secondary", v.PauseToggle, "pause", "", "")
	pause.Call("setAttribute", "aria-pressed", strconv.FormatBool(v.Paused))
	pause.Call("setAttribute", "data-focus-key", "pause")
	p.button(foot, "secondary", v.Export, "export", "", "").Call("setAttribute", "data-focus-key", "export")
	p.button(foot, "danger", v.Clear, "clear", "", "").Call("setAttribute", "data-focus-key", "clear")

	if focusKey != "" {
		for _, el := range jsArray(p.root.Call("querySelectorAll", "[data-focus-key]")) {
			if el.Call("getAttribute", "data-focus-key").String() == focusKey {
				el.Call("focus")
				return
			}
		}
		// The control is gone (a removed topic): keep focus in the dialog.
		if c := p.root.Call("querySelector", "[data-action=close]"); !c.IsNull() {
			c.Call("focus")
		}
	}
}

// Launcher wires the page's own #hearth-launcher if it has one (the site
// chose where it goes), or adds a floating one at position ("bottom-right",
// "bottom-left"); "none" adds nothing. A launcher Hearth added can be
// relabelled with SetLauncherLabel.
func (d *Doc) Launcher(label, position string, open func()) {
	if b := (node{d.doc.Call("getElementById", "hearth-launcher")}); b.ok() {
		b.on("click", false, "launcher", func(ev js.Value) { ev.Call("preventDefault"); open() })
		return
	}
	if position == "none" {
		return
	}
	b := d.create("button")
	b.set("id", "hearth-launcher")
	b.set("type", "button")
	b.set("aria-haspopup", "dialog")
	b.set("aria-controls", "hearth-panel")
	b.set("data-position", position)
	b.set("data-hearth-own", "")
	b.setText(label)
	b.on("click", false, "launcher", func(js.Value) { open() })
	node{d.doc.Get("body")}.add(b.Value)
}

// Download offers text as a file, from a local blob URL: nothing is sent.
func Download(name, mime, text string) {
	g := js.Global()
	blob := g.Get("Blob").New([]any{text}, map[string]any{"type": mime})
	url := g.Get("URL").Call("createObjectURL", blob)
	a := g.Get("document").Call("createElement", "a") //hearth:network-ok a download link to a local blob: URL, never a network address
	a.Set("href", url)                                //hearth:network-ok blob: URL made just above from the export text
	a.Set("download", name)
	a.Get("style").Set("display", "none")
	g.Get("document").Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	var revoke js.Func
	revoke = callback("download", func(this js.Value, args []js.Value) any {
		g.Get("URL").Call("revokeObjectURL", url)
		revoke.Release()
		return nil
	})
	g.Call("setTimeout", revoke, 1000)
}

// SetLauncherLabel changes the text of the launcher Hearth added (never the
// site's own).
func (d *Doc) SetLauncherLabel(label string) {
	if b := (node{d.doc.Call("getElementById", "hearth-launcher")}); b.ok() && b.has("data-hearth-own") && b.text() != label {
		b.setText(label)
	}
}
