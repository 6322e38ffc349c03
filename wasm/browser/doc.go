//go:build js && wasm

// Package browser is Hearth's only contact with the browser: it turns DOM
// facts into plain Go values for the engine, and the engine's decisions and
// the panel's view model back into DOM changes. It holds no logic of its own.
package browser

import (
	"strconv"
	"strings"
	"syscall/js"

	"honnef.co/go/js/dom/v2"

	"hearth/wasm/engine"
	"hearth/wasm/rules"
)

// Attribute names of the site owner's contract (see README).
const (
	attrSlot     = "data-hearth-slot"
	attrVariant  = "data-hearth-variant"
	attrTopics   = "data-hearth-topics"
	attrDeclare  = "data-hearth-declare"
	attrApplied  = "data-hearth-applied"  // the variant a slot shows now; absent for the default
	attrPending  = "data-hearth-pending"  // set by the loader while a slot waits for a decision
	attrReplayed = "data-hearth-replayed" // set by the loader on recommendation slots it filled
	classPending = "hearth-pending"       // set by the loader on <html> while replay is pending
	propDefault  = "hearthDefault"        // the slot's default content, kept aside once swapped
)

// Doc is the page Hearth works on.
type Doc struct {
	win      dom.Window
	doc      node     // the document; elements are nodes too (see node)
	observer js.Value // the MutationObserver of OnAdded, once set
}

// Open returns the current page.
func Open() *Doc {
	w := dom.GetWindow()
	return &Doc{win: w, doc: node{w.Document().Underlying()}}
}

// create makes an element.
func (d *Doc) create(tag string) node { return node{d.doc.Call("createElement", tag)} }

// Path is the page's path, the key of the loader's replay.
func (d *Doc) Path() string { return d.win.Location().Pathname() }

// Lang is the language for Hearth's texts: the page's (<html lang>), else
// the browser's.
func (d *Doc) Lang() string {
	if l := (node{d.doc.Get("documentElement")}).attr("lang"); l != "" {
		return l
	}
	if l := js.Global().Get("navigator").Get("language"); l.Type() == js.TypeString {
		return l.String()
	}
	return ""
}

// Page reads the page facts the engine needs. SinceLastVisit is left for
// the caller, who has the profile.
func (d *Doc) Page() engine.Page {
	p := engine.Page{Path: d.Path(), Query: map[string]string{}}
	g := js.Global()
	params := g.Get("URLSearchParams").New(g.Get("location").Get("search"))
	each := callback("query", func(this js.Value, args []js.Value) any {
		if k := args[1].String(); len(p.Query) < 64 {
			if _, dup := p.Query[k]; !dup {
				p.Query[k] = args[0].String()
			}
		}
		return nil
	})
	params.Call("forEach", each)
	each.Release()
	nav := g.Get("navigator")
	if l := nav.Get("language"); l.Type() == js.TypeString {
		p.Language = l.String()
	}
	p.GPC = nav.Get("globalPrivacyControl").Truthy()
	p.Viewport = rules.ViewportClass(g.Get("innerWidth").Float())
	if m := d.doc.one(`meta[name="hearth:topics"]`); m.ok() {
		p.Topics = SplitTopics(m.attr("content"))
	}
	if m := d.doc.one(`meta[name="hearth:item"]`); m.ok() {
		p.Item = strings.TrimSpace(m.attr("content"))
	}
	for _, t := range d.doc.all("template[data-hearth-item-template][data-hearth-item]") {
		p.Items = append(p.Items, engine.Item{SKU: t.attr("data-hearth-item"), Name: t.attr("data-hearth-name"),
			Topics: SplitTopics(t.attr(attrTopics))})
	}
	for _, el := range d.doc.all("[data-hearth-recommend]") {
		n, err := strconv.Atoi(el.attr("data-hearth-count"))
		if err != nil || n < 1 {
			n = 3
		}
		p.RecSlots = append(p.RecSlots, engine.RecSlot{Kind: el.attr("data-hearth-recommend"), Count: min(n, 12)})
	}
	variants := map[string][]string{}
	for _, t := range d.doc.all("template[" + attrVariant + "]") {
		slot, name, ok := cutLast(t.attr(attrVariant), "/")
		if ok && slot != "" && name != "" {
			variants[slot] = append(variants[slot], name)
		}
	}
	seen := map[string]bool{}
	for _, el := range d.doc.all("[" + attrSlot + "]") {
		name := el.attr(attrSlot)
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		label := el.attr("data-hearth-label")
		if label == "" {
			label = el.attr("aria-label")
		}
		p.Slots = append(p.Slots, engine.Slot{Name: name, Label: label, Variants: variants[name]})
	}
	return p
}

// ItemName is the name of the page's own item (<meta name="hearth:item-name">).
func (d *Doc) ItemName() string {
	if m := d.doc.one(`meta[name="hearth:item-name"]`); m.ok() {
		return m.attr("content")
	}
	return ""
}

// Purchased lists the SKUs the page says were bought (data-hearth-purchased,
// e.g. on an order confirmation).
func (d *Doc) Purchased() []string {
	var out []string
	for _, el := range d.doc.all("[data-hearth-purchased]") {
		if s := strings.TrimSpace(el.attr("data-hearth-purchased")); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// ApplyRecs fills each [data-hearth-recommend] element, in document order,
// with its recommended items from the page's item templates, each with a
// "Why?" and a "don't show me this again" button; an element without
// recommendations shows its default content.
func (d *Doc) ApplyRecs(recs [][]engine.Rec, whyLabel string, dismissLabel func(name string) string, onWhy, onDismiss func(sku string)) {
	tpls := map[string]js.Value{}
	names := map[string]string{}
	for _, t := range d.doc.all("template[data-hearth-item-template][data-hearth-item]") {
		sku := t.attr("data-hearth-item")
		if _, dup := tpls[sku]; !dup {
			tpls[sku] = t.Value
			names[sku] = t.attr("data-hearth-name")
		}
	}
	for i, el := range d.doc.all("[data-hearth-recommend]") {
		var list []engine.Rec
		if i < len(recs) {
			list = recs[i]
		}
		key := ""
		for _, r := range list {
			key += r.SKU + " "
		}
		// The loader's replay shows the same items, without their buttons.
		if el.attr(attrApplied) == key && !el.has(attrReplayed) {
			continue
		}
		el.unset(attrReplayed)
		if key == "" {
			d.swap(el, js.Undefined(), "")
			continue
		}
		frag := node{d.doc.Call("createDocumentFragment")}
		for _, r := range list {
			wrap := d.create("div")
			wrap.set("class", "hearth-item")
			wrap.set("data-hearth-item", r.SKU)
			wrap.add(tpls[r.SKU].Get("content").Call("cloneNode", true))
			sku := r.SKU
			wrap.add(d.whyButton("item:"+sku, whyLabel, func(string) { onWhy(sku) }).Value)
			dis := d.create("button")
			dis.set("type", "button")
			dis.set("class", "hearth-dismiss")
			name := names[sku]
			if name == "" {
				name = sku
			}
			dis.set("aria-label", dismissLabel(name))
			dis.set("title", dismissLabel(name))
			dis.setText("×")
			dis.on("click", false, "dismiss", func(ev js.Value) {
				ev.Call("preventDefault")
				ev.Call("stopPropagation")
				onDismiss(sku)
			})
			wrap.add(dis.Value)
			frag.add(wrap.Value)
		}
		d.swapTo(el, frag.Value, key)
	}
}

// OnNavigate calls f after a single-page app changes the URL with
// history.pushState or replaceState, or the visitor goes back or forward
// (popstate), once per change of path or query. The loader wraps history
// (see web/hearth.js: a wrapper in Go could not rethrow the browser's
// exception to the site) and calls window.hearth._navigated.
func (d *Doc) OnNavigate(f func()) {
	hearthObject().Set("_navigated", callback("navigate", func(js.Value, []js.Value) any {
		f()
		return nil
	}))
}

// watched is what, added to the page later, makes Hearth look again.
const watched = "[data-hearth-slot], [data-hearth-recommend], template[data-hearth-variant], template[data-hearth-item-template]"

// OnAdded calls f (once per batch) when slots, recommendation slots or
// templates are added to the page after it loaded, as single-page apps do.
// Hearth's own changes are not reported: see Settle.
func (d *Doc) OnAdded(f func()) {
	g := js.Global()
	pending := false
	var fire js.Func
	fire = callback("added", func(js.Value, []js.Value) any {
		pending = false
		f()
		return nil
	})
	d.observer = g.Get("MutationObserver").New(callback("observe", func(this js.Value, args []js.Value) any {
		for _, rec := range jsArray(args[0]) {
			for _, n := range jsArray(rec.Get("addedNodes")) {
				if n.Get("nodeType").Int() != 1 {
					continue
				}
				if n.Call("matches", watched).Bool() || !n.Call("querySelector", watched).IsNull() {
					if !pending {
						pending = true
						g.Call("setTimeout", fire, 0)
					}
					return nil
				}
			}
		}
		return nil
	}))
	d.observer.Call("observe", d.doc.Get("documentElement"), map[string]any{"childList": true, "subtree": true})
}

// Settle drops the mutations Hearth itself just made, so that OnAdded only
// reports the page's.
func (d *Doc) Settle() {
	if !d.observer.IsUndefined() && d.observer.Truthy() {
		d.observer.Call("takeRecords")
	}
}

// SplitTopics reads a comma-separated topic list as written in the markup.
func SplitTopics(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func cutLast(s, sep string) (string, string, bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return "", "", false
	}
	return s[:i], s[i+len(sep):], true
}

// templates indexes the variant templates by "slot/name" without building
// selectors from page text.
func (d *Doc) templates() map[string]js.Value {
	m := map[string]js.Value{}
	for _, t := range d.doc.all("template[" + attrVariant + "]") {
		k := t.attr(attrVariant)
		if _, dup := m[k]; !dup {
			m[k] = t.Value
		}
	}
	return m
}

// Apply makes every slot show its decided content, adds a "Why?" button to
// each personalized slot, and reveals slots the loader hid. It reports
// whether any slot had to change (the loader's replay disagreed).
func (d *Doc) Apply(ds []engine.Decision, whyLabel string, onWhy func(slot string)) (changed bool) {
	byName := map[string]engine.Decision{}
	for _, dec := range ds {
		byName[dec.Slot] = dec
	}
	tpls := d.templates()
	for _, el := range d.doc.all("[" + attrSlot + "]") {
		name := el.attr(attrSlot)
		dec := byName[name]
		if el.attr(attrApplied) != dec.Variant {
			tpl, ok := tpls[name+"/"+dec.Variant]
			if dec.Variant == "" || ok {
				d.swap(el, tpl, dec.Variant)
				changed = true
			}
		}
		for _, b := range el.all(":scope > button.hearth-why") {
			b.remove()
		}
		if dec.Personalized() {
			el.add(d.whyButton(name, whyLabel, onWhy).Value)
		}
		el.unset(attrPending)
	}
	d.doc.Get("documentElement").Get("classList").Call("remove", classPending)
	return changed
}

// swap replaces a slot's content by the template's (or, for variant "", by
// its default), keeping the default aside the first time. The loader does
// the same in JavaScript with the same property name.
func (d *Doc) swap(el node, tpl js.Value, variant string) {
	content := js.Undefined()
	if variant != "" {
		content = tpl.Get("content").Call("cloneNode", true)
	}
	d.swapTo(el, content, variant)
}

// swapTo replaces an element's content by content (undefined: its default),
// marking it with applied ("" removes the mark).
func (d *Doc) swapTo(el node, content js.Value, applied string) {
	u := el.Value
	kept := u.Get(propDefault)
	if kept.IsUndefined() || kept.IsNull() {
		frag := d.doc.Call("createDocumentFragment")
		for first := u.Get("firstChild"); !first.IsNull(); first = u.Get("firstChild") {
			frag.Call("appendChild", first)
		}
		u.Set(propDefault, frag)
		kept = frag
	} else {
		u.Call("replaceChildren")
	}
	if content.IsUndefined() {
		u.Call("appendChild", kept.Call("cloneNode", true))
		el.unset(attrApplied)
		return
	}
	u.Call("appendChild", content)
	el.set(attrApplied, applied)
}

func (d *Doc) whyButton(slot, label string, onWhy func(string)) node {
	b := d.create("button")
	b.set("type", "button")
	b.set("class", "hearth-why")
	b.set("aria-haspopup", "dialog")
	b.set("aria-controls", "hearth-panel")
	b.setText(label)
	b.on("click", false, "why", func(ev js.Value) {
		ev.Call("preventDefault")
		ev.Call("stopPropagation")
		onWhy(slot)
	})
	return b
}

// OnTopicClick calls f with the topics of any clicked [data-hearth-topics]
// element (or its ancestor), outside Hearth's own controls.
func (d *Doc) OnTopicClick(f func(topics []string)) {
	d.doc.on("click", true, "click", func(ev js.Value) {
		t := node{ev.Get("target")}
		if !t.ok() || t.Get("closest").IsUndefined() {
			return
		}
		el := t.closest("[" + attrTopics + "]")
		if !el.ok() || t.closest(".hearth-why, .hearth-dismiss, #hearth-panel, #hearth-launcher").ok() {
			return
		}
		f(SplitTopics(el.attr(attrTopics)))
	})
}

// OnDeclare calls f when the visitor toggles an input[data-hearth-declare].
func (d *Doc) OnDeclare(f func(topic string, on bool)) {
	d.doc.on("change", true, "declare", func(ev js.Value) {
		t := node{ev.Get("target")}
		if !t.ok() || t.Get("hasAttribute").IsUndefined() || !t.has(attrDeclare) {
			return
		}
		f(strings.ToLower(strings.TrimSpace(t.attr(attrDeclare))), t.Get("checked").Bool())
	})
}

// ShowDeclared sets the page's preference checkboxes: on reports whether the
// visitor declared a topic as liked.
func (d *Doc) ShowDeclared(on func(topic string) bool) {
	for _, el := range d.doc.all("input[" + attrDeclare + "]") {
		el.Set("checked", on(strings.ToLower(strings.TrimSpace(el.attr(attrDeclare)))))
	}
}

// Debug reports whether the page URL asks for the owner's debug view
// (?hearth-debug).
func (d *Doc) Debug() bool {
	return js.Global().Get("URLSearchParams").New(js.Global().Get("location").Get("search")).Call("has", "hearth-debug").Bool()
}

// OnDwell calls f once, after the page has been visible for seconds in all
// (time in a background tab does not count).
func (d *Doc) OnDwell(seconds float64, f func()) {
	remaining := seconds * 1000
	var started float64
	var timer js.Value
	var visibility, fire js.Func
	now := func() float64 { return js.Global().Get("performance").Call("now").Float() }
	stop := func() {
		if !timer.IsUndefined() {
			js.Global().Call("clearTimeout", timer)
			timer = js.Undefined()
			remaining -= now() - started
		}
	}
	start := func() {
		if timer.IsUndefined() && remaining > 0 {
			started = now()
			timer = js.Global().Call("setTimeout", fire, max(remaining, 0))
		}
	}
	fire = callback("dwell", func(js.Value, []js.Value) any {
		timer = js.Undefined()
		remaining = 0
		d.doc.Call("removeEventListener", "visibilitychange", visibility)
		visibility.Release()
		fire.Release()
		f()
		return nil
	})
	visibility = callback("visibility", func(js.Value, []js.Value) any {
		if d.doc.Get("visibilityState").String() == "visible" {
			start()
		} else {
			stop()
		}
		return nil
	})
	timer = js.Undefined()
	d.doc.Call("addEventListener", "visibilitychange", visibility)
	if d.doc.Get("visibilityState").String() == "visible" {
		start()
	}
}

// Mark records a performance mark, optionally replacing an earlier one.
func Mark(name string, replace bool) {
	perf := js.Global().Get("performance")
	if perf.IsUndefined() {
		return
	}
	if replace {
		perf.Call("clearMarks", name)
	}
	perf.Call("mark", name)
}

// HasMark reports whether the named performance mark exists.
func HasMark(name string) bool {
	perf := js.Global().Get("performance")
	return !perf.IsUndefined() && perf.Call("getEntriesByName", name, "mark").Length() > 0
}

// Dispatch fires a CustomEvent on document with a JSON-derived detail.
func (d *Doc) Dispatch(name string, detailJSON []byte) {
	detail := js.Global().Get("JSON").Call("parse", string(detailJSON))
	ev := js.Global().Get("CustomEvent").New(name, map[string]any{"detail": detail})
	d.doc.Call("dispatchEvent", ev)
}

// Log writes one console line, prefixed so site owners can find it.
func Log(level, msg string) {
	js.Global().Get("console").Call(level, "hearth: "+msg)
}

// callback is js.FuncOf behind guard: every function the page can call into
// the module goes through it, so that neither a panic of Hearth's nor an
// exception of the page's (a js.Value call that throws panics in Go) can end
// the module. Use it for every js.Func.
func callback(what string, f func(this js.Value, args []js.Value) any) js.Func {
	return js.FuncOf(func(this js.Value, args []js.Value) (out any) {
		guard(what, func() { out = f(this, args) })
		return out
	})
}

// guard runs f and turns a panic into one console line, so that no panic
// ever crosses into the page's event loop.
func guard(what string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			Log("error", what+": "+PanicText(r))
		}
	}()
	f()
}

// PanicText describes a recovered panic without fmt (which the module
// leaves out to stay small).
func PanicText(r any) string {
	switch v := r.(type) {
	case error:
		return v.Error()
	case string:
		return v
	default:
		return "unexpected panic"
	}
}
