//go:build js && wasm

package browser

import (
	"strconv"
	"syscall/js"

	"honnef.co/go/js/dom/v2"

	"hearth/wasm/panel"
)

// Panel renders the "Why?" panel: #hearth-panel with role="dialog", its
// content in an open shadow root so that the site's CSS cannot break it and
// it cannot break the site. Profile and config values only ever become text
// nodes; no HTML is built from them.
type Panel struct {
	doc    dom.Document
	host   dom.Element
	root   js.Value
	body   js.Value // the part re-rendered on every Render
	opener js.Value // what had focus before the panel opened
	acts   map[string]func()
}

// NewPanel creates the (hidden) panel. cssURL is the bundle's stylesheet;
// actions maps a button's data-action to what it does.
func (d *Doc) NewPanel(cssURL string, actions map[string]func()) *Panel {
	host := d.doc.CreateElement("div")
	host.SetID("hearth-panel")
	host.SetAttribute("role", "dialog")
	host.SetAttribute("aria-modal", "true")
	host.SetAttribute("hidden", "")
	root := host.Underlying().Call("attachShadow", map[string]any{"mode": "open"})
	if cssURL != "" {
		link := d.doc.CreateElement("link").Underlying()
		link.Set("rel", "stylesheet")
		link.Set("crossOrigin", "anonymous")
		link.Set("href", cssURL)
		root.Call("appendChild", link)
	}
	body := d.doc.CreateElement("div").Underlying()
	body.Set("className", "hearth-body")
	root.Call("appendChild", body)
	p := &Panel{doc: d.doc, host: host, root: root, body: body, acts: actions}
	// One delegated listener for every button, so re-rendering leaks nothing.
	root.Call("addEventListener", "click", js.FuncOf(func(this js.Value, args []js.Value) any {
		btn := args[0].Get("target").Call("closest", "[data-action]")
		if btn.IsNull() {
			return nil
		}
		name := btn.Call("getAttribute", "data-action").String()
		if f := p.acts[name]; f != nil {
			guard("panel "+name, f)
		}
		return nil
	}))
	host.AddEventListener("keydown", false, func(ev dom.Event) {
		if ev.Underlying().Get("key").String() == "Escape" {
			ev.PreventDefault()
			p.Close()
		}
	})
	d.doc.(dom.HTMLDocument).Body().AppendChild(host)
	return p
}

// IsOpen reports whether the panel is showing.
func (p *Panel) IsOpen() bool { return !p.host.HasAttribute("hidden") }

// Open renders v, shows the panel and moves focus into it. focusSlot, when
// set, scrolls to that slot's explanation.
func (p *Panel) Open(v panel.View, focusSlot string) {
	if !p.IsOpen() {
		p.opener = p.doc.Underlying().Get("activeElement")
	}
	p.Render(v)
	p.host.RemoveAttribute("hidden")
	target := p.root.Call("querySelector", "[data-action=close]")
	if focusSlot != "" {
		for _, a := range jsArray(p.root.Call("querySelectorAll", "article[data-slot]")) {
			if a.Call("getAttribute", "data-slot").String() == focusSlot {
				a.Call("scrollIntoView", map[string]any{"block": "nearest"})
			}
		}
	}
	if !target.IsNull() {
		target.Call("focus")
	}
}

// Close hides the panel and gives focus back to what had it.
func (p *Panel) Close() {
	if !p.IsOpen() {
		return
	}
	p.host.SetAttribute("hidden", "")
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
	e := p.doc.Underlying().Call("createElement", tag)
	if class != "" {
		e.Set("className", class)
	}
	if text != "" {
		e.Set("textContent", text)
	}
	parent.Call("appendChild", e)
	return e
}

// Render replaces the panel's content with v.
func (p *Panel) Render(v panel.View) {
	p.host.SetAttribute("aria-label", v.Title)
	p.host.SetAttribute("lang", v.Lang)
	p.host.SetAttribute("dir", v.Dir)
	b := p.body
	b.Call("replaceChildren")
	b.Set("dir", v.Dir)
	b.Set("lang", v.Lang)

	head := p.el(b, "header", "", "")
	p.el(head, "h2", "", v.Title).Set("id", "hearth-title")
	closeBtn := p.el(head, "button", "close", "×")
	closeBtn.Set("type", "button")
	closeBtn.Call("setAttribute", "data-action", "close")
	closeBtn.Call("setAttribute", "aria-label", v.Close)

	for _, n := range v.Notices {
		p.el(b, "p", "notice", n).Call("setAttribute", "role", "status")
	}

	why := p.el(b, "section", "why", "")
	p.el(why, "h3", "", v.WhyHeading)
	if len(v.Decisions) == 0 {
		p.el(why, "p", "empty", v.NoDecisions)
	}
	for _, d := range v.Decisions {
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
			bar := p.el(li, "div", "bar", "")
			bar.Call("setAttribute", "aria-hidden", "true")
			fill := p.el(bar, "span", "", "")
			fill.Get("style").Call("setProperty", "width", strconv.FormatFloat(100*t.Fraction, 'f', 0, 64)+"%")
			p.el(li, "p", "source", t.Source)
		}
	}
	dl := p.el(prof, "dl", "counters", "")
	for _, c := range v.Counters {
		div := p.el(dl, "div", "", "")
		p.el(div, "dt", "", c.Label)
		p.el(div, "dd", "", c.Value)
	}

	if len(v.Debug) > 0 {
		det := p.el(b, "details", "debug", "")
		p.el(det, "summary", "", v.DebugHeading)
		ul := p.el(det, "ul", "", "")
		for _, line := range v.Debug {
			p.el(ul, "li", "", line)
		}
	}

	p.el(b, "p", "trust", v.Trust)
	foot := p.el(b, "footer", "", "")
	pause := p.el(foot, "button", "secondary", v.PauseToggle)
	pause.Set("type", "button")
	pause.Call("setAttribute", "data-action", "pause")
	pause.Call("setAttribute", "aria-pressed", strconv.FormatBool(v.Paused))
	clear := p.el(foot, "button", "danger", v.Clear)
	clear.Set("type", "button")
	clear.Call("setAttribute", "data-action", "clear")
}

// Launcher adds the #hearth-launcher button that opens the panel.
func (d *Doc) Launcher(label string, open func()) {
	if d.doc.GetElementByID("hearth-launcher") != nil {
		return
	}
	b := d.doc.CreateElement("button")
	b.SetID("hearth-launcher")
	b.SetAttribute("type", "button")
	b.SetAttribute("aria-haspopup", "dialog")
	b.SetAttribute("aria-controls", "hearth-panel")
	b.SetTextContent(label)
	b.AddEventListener("click", false, func(dom.Event) { guard("launcher", open) })
	d.doc.(dom.HTMLDocument).Body().AppendChild(b)
}
