//go:build js && wasm

// Command wasm is Hearth's in-browser module. It wires the browser adapter to
// the pure packages: page facts and the stored profile go to the engine, its
// decisions go to the page and to the panel. It makes no network request.
package main

import (
	"errors"
	"sort"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"hearth/wasm/browser"
	"hearth/wasm/engine"
	"hearth/wasm/panel"
	"hearth/wasm/profile"
	"hearth/wasm/rules"
)

// app is the module's state for one page.
type app struct {
	doc       *browser.Doc
	cfg       *rules.Config
	store     *profile.Store
	p         *profile.Profile
	status    profile.Status
	page      engine.Page
	decisions []engine.Decision
	recs      [][]engine.Rec // per [data-hearth-recommend], in page order
	lang      string
	panel     *browser.Panel
	boot      browser.Boot
	debug     bool
	// impressed holds the experiences already counted on this page view.
	impressed map[string]bool
}

func main() {
	defer func() {
		if r := recover(); r != nil {
			browser.Fail("module failed: " + browser.PanicText(r))
		}
	}()
	if err := start(); err != nil {
		browser.Fail(err.Error())
		return
	}
	select {} // keep serving window.hearth calls and DOM events
}

func start() error {
	boot := browser.ReadBoot()
	cfg, err := rules.Parse([]byte(boot.Config))
	if err != nil {
		return errors.New("config:\n" + err.Error())
	}
	a := &app{doc: browser.Open(), cfg: cfg, store: profile.NewStore(boot.Store, cfg.HalfLife), impressed: map[string]bool{}, boot: boot}
	a.lang = panel.Lang(a.doc.Lang())
	a.debug = a.doc.Debug()
	a.p, a.status = a.store.Load()
	now := time.Now()
	a.page = a.doc.Page()
	if a.recording() {
		a.countPage(now)
	}
	a.page.SinceLastVisit = a.p.SinceLastVisit(now)
	a.p.Prune(now, cfg.Retention)
	// Without consent nothing is stored: not even the decision to replay.
	a.decide(now, true, a.recording())
	a.showDeclared()

	if len(a.page.Topics) > 0 && cfg.Signals.Dwell > 0 {
		a.doc.OnDwell(cfg.Signals.DwellSeconds, a.dwell)
	}
	a.doc.OnTopicClick(a.click)
	a.doc.OnNavigate(a.navigated)
	a.doc.OnAdded(a.added)
	a.doc.OnDeclare(func(topic string, on bool) { a.declare(topic, on) })
	a.doc.OnStorage(a.external)
	a.panel = a.doc.NewPanel(boot.CSS, browser.Actions{
		Clear:      a.clear,
		Pause:      func() { a.setPaused(!a.p.Paused.On) },
		Export:     func() { browser.Download("hearth-profile.json", "application/json", string(profile.Encode(a.p))) },
		ConsentYes: func() { a.setConsent(profile.ConsentGranted) },
		ConsentNo:  func() { a.setConsent(profile.ConsentDenied) },
		Block:      a.block,
		Dismiss:    a.dismiss,
		Unblock:    a.unblock,
		Declare:    a.declare,
	})
	a.doc.Launcher(panel.LauncherLabel(a.lang, cfg, a.p), cfg.Launcher, func() { a.open("") })
	browser.Expose(a.methods())
	browser.Mark("hearth:ready", false)
	// Listeners of the event can use the whole window.hearth API.
	a.doc.Dispatch("hearth:applied", engine.EncodeDecisions(a.decisions))
	browser.Ready()
	return nil
}

// decide runs the engine and applies the result to the page. On the first
// call it also marks the moment the slots showed the decision. It counts an
// impression of each experience shown (once per page view); with save, or
// after counting one, it remembers the decision for the loader's replay and
// saves the profile.
func (a *app) decide(now time.Time, first, save bool) {
	if a.debug {
		a.decisions = engine.Explain(a.p, a.cfg, a.page, now)
	} else {
		a.decisions = engine.Decide(a.p, a.cfg, a.page, now)
	}
	changed := a.doc.Apply(a.decisions, panel.WhyLabel(a.lang), a.open)
	defer a.doc.Settle()
	// hearth:applied is when the slots first showed the decision: the
	// loader's replay when it agreed, now otherwise.
	if first && (changed || !browser.HasMark("hearth:applied")) {
		browser.Mark("hearth:applied", true)
	}
	if len(a.page.RecSlots) > 0 && a.recommend(now) {
		save = true
	}
	if a.recording() {
		for _, d := range a.decisions {
			if d.Personalized() && !a.impressed[d.Experience] {
				a.impressed[d.Experience] = true
				a.p.Impress(d.Experience, now)
				save = true
			}
		}
	}
	if save {
		a.p.SetReplay(a.page.Path, engine.Slots(a.decisions), a.recSKUs(), now)
		a.save(now)
	}
}

// navigated takes a single-page app's change of URL as a page view: the
// page's topics, slots and items are read again and decided anew.
func (a *app) navigated() {
	now := time.Now()
	a.page = a.readPage(now)
	a.impressed = map[string]bool{}
	if a.recording() {
		a.countPage(now)
	}
	a.decide(now, false, a.recording())
	a.refreshPanel()
}

// added decides for slots the page added after it loaded, without counting
// a page view.
func (a *app) added() {
	now := time.Now()
	a.page = a.readPage(now)
	a.decide(now, false, false)
	a.refreshPanel()
}

func (a *app) readPage(now time.Time) engine.Page {
	p := a.doc.Page()
	p.SinceLastVisit = a.p.SinceLastVisit(now)
	return p
}

// countPage records this page view: the visit, its topics, its item, and
// any purchase it confirms.
func (a *app) countPage(now time.Time) {
	a.p.Visit(now)
	for _, t := range a.page.Topics {
		a.p.Record(t, profile.View, a.cfg.Signals.View, a.page.Path, now, a.cfg.HalfLife)
	}
	if a.page.Item != "" {
		a.p.ViewItem(a.page.Item, a.doc.ItemName(), a.page.Topics, now)
	}
	for _, sku := range a.doc.Purchased() {
		a.p.BuyItem(sku, now)
	}
}

// recommend fills the recommendation slots; a reminder counts against its
// item's caps once per page view.
func (a *app) recommend(now time.Time) (shown bool) {
	a.recs = a.recs[:0]
	for _, s := range a.page.RecSlots {
		rs := engine.Recommend(a.p, a.cfg, a.page, s, now)
		a.recs = append(a.recs, rs)
		for _, r := range rs {
			if r.Kind == engine.Recent && !a.impressed["item:"+r.SKU] && a.recording() {
				a.impressed["item:"+r.SKU] = true
				a.p.ShowItem(r.SKU, now)
				shown = true
			}
		}
	}
	a.doc.ApplyRecs(a.recs, panel.WhyLabel(a.lang), func(name string) string { return panel.DismissLabel(a.lang, name) },
		func(sku string) { a.open("item:" + sku) }, a.dismiss)
	return shown
}

// recSKUs lists what each recommendation slot shows, for the replay.
func (a *app) recSKUs() [][]string {
	if len(a.page.RecSlots) == 0 {
		return nil
	}
	out := make([][]string, len(a.recs))
	for i, rs := range a.recs {
		for _, r := range rs {
			out[i] = append(out[i], r.SKU)
		}
	}
	return out
}

func (a *app) dismiss(sku string) {
	a.change(func(now time.Time) { a.p.DismissItem(sku, now) })
}

// recording reports whether Hearth may add to the profile now: the visitor
// has not paused it, and consent allows it.
func (a *app) recording() bool {
	return !a.p.Paused.On && engine.Allowed(a.cfg, a.p, a.page.GPC)
}

// save merges the profile with what other tabs stored and continues with
// the result.
func (a *app) save(now time.Time) {
	merged, _, err := a.store.Save(a.p, now)
	if errors.Is(err, profile.ErrMemoryOnly) {
		browser.Log("warn", err.Error())
	}
	a.adopt(merged, now)
}

// external merges what another tab stored (a storage event).
func (a *app) external(v string, ok bool) {
	now := time.Now()
	merged, _, err := a.store.Sync(a.p, v, ok, now)
	if errors.Is(err, profile.ErrMemoryOnly) {
		browser.Log("warn", err.Error())
	}
	a.adopt(merged, now)
	a.refreshPanel()
}

// adopt continues with a profile merged with other tabs'. The page only
// changes when the visitor's own settings changed there (pause, preferences,
// removed topics, clear): content must not shift under the visitor otherwise.
func (a *app) adopt(merged *profile.Profile, now time.Time) {
	before := controls(a.p)
	a.p = merged
	if controls(a.p) != before {
		a.decide(now, false, false)
		a.showDeclared()
		a.refreshPanel()
	}
}

// controls summarizes what the visitor set by hand.
func controls(p *profile.Profile) string {
	var b strings.Builder
	if p.Paused.On {
		b.WriteString("paused;")
	}
	if p.Empty() {
		b.WriteString("empty;")
	}
	for _, m := range []map[string]profile.Flag{p.Declared, p.Blocked} {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b.WriteString(k)
			if m[k].On {
				b.WriteString("+")
			}
			b.WriteString(";")
		}
		b.WriteString("|")
	}
	return b.String()
}

func (a *app) showDeclared() {
	a.doc.ShowDeclared(func(topic string) bool {
		on, _ := a.p.DeclaredOn(topic)
		return on
	})
}

func (a *app) view() panel.View {
	stored := 0
	if v, ok, err := a.boot.Store.Load(); err == nil && ok {
		stored = len(v)
	}
	labels := map[string]string{}
	for _, s := range a.page.Slots {
		labels[s.Name] = s.Label
	}
	names := map[string]string{}
	for _, it := range a.page.Items {
		names[it.SKU] = it.Name
	}
	var recs []engine.Rec
	for _, rs := range a.recs {
		recs = append(recs, rs...)
	}
	return panel.Build(panel.Input{
		SlotLabels: labels, Recs: recs, ItemNames: names,
		Lang: a.lang, Config: a.cfg, Profile: a.p, Decisions: a.decisions,
		Status: a.status, Memory: a.store.Memory(), Now: time.Now(), Debug: a.debug,
		GPC: a.page.GPC, Stored: stored, BundleSHA: a.boot.SHA256, Files: browser.BundleFiles(a.boot.Base),
	})
}

// open shows the panel in the page's language as it is now: a language
// switcher or an SPA may have changed <html lang> since the module started.
func (a *app) open(slot string) {
	if l := panel.Lang(a.doc.Lang()); l != a.lang {
		a.lang = l
		a.doc.SetLauncherLabel(panel.LauncherLabel(a.lang, a.cfg, a.p))
	}
	a.panel.Open(a.view(), slot)
}

func (a *app) refreshPanel() {
	a.doc.SetLauncherLabel(panel.LauncherLabel(a.lang, a.cfg, a.p))
	if a.panel != nil && a.panel.IsOpen() {
		a.panel.Render(a.view())
	}
}

// click records a click on a topic-bearing link. It does not re-decide: the
// page must not change under the visitor's pointer.
func (a *app) click(topics []string) {
	if !a.recording() {
		return
	}
	now := time.Now()
	for _, t := range topics {
		a.p.Record(t, profile.Click, a.cfg.Signals.Click, a.page.Path, now, a.cfg.HalfLife)
	}
	a.save(now)
}

// dwell records that the visitor stayed on a page about its topics.
func (a *app) dwell() {
	if !a.recording() {
		return
	}
	now := time.Now()
	for _, t := range a.page.Topics {
		a.p.Record(t, profile.Dwell, a.cfg.Signals.Dwell, a.page.Path, now, a.cfg.HalfLife)
	}
	a.save(now)
	a.refreshPanel()
}

func (a *app) track(topic string, weight float64) {
	if !a.recording() {
		return
	}
	now := time.Now()
	a.p.Record(topic, profile.Track, weight, a.page.Path, now, a.cfg.HalfLife)
	a.save(now)
	a.refreshPanel()
}

// declare takes effect at once: the visitor asked for it.
func (a *app) declare(topic string, on bool) {
	a.change(func(now time.Time) { a.p.Declare(topic, on, now) })
}

// change applies a setting the visitor made and shows its effect at once.
func (a *app) change(set func(now time.Time)) {
	now := time.Now()
	set(now)
	a.decide(now, false, true)
	a.showDeclared()
	a.refreshPanel()
}

func (a *app) setConsent(c string) {
	a.change(func(now time.Time) {
		a.p.SetConsent(c, now)
		if c == profile.ConsentGranted && a.p.Pages == 0 {
			a.countPage(now) // this page is the first the visitor agreed to
		}
	})
}

func (a *app) block(topic string) {
	a.change(func(now time.Time) { a.p.Block(topic, now) })
}

func (a *app) unblock(topic string) {
	a.change(func(now time.Time) { a.p.Unblock(topic, now) })
}

func (a *app) clear() {
	if err := a.store.Clear(); err != nil {
		browser.Log("warn", err.Error())
	}
	a.p, a.status = profile.New(), profile.Fresh
	// Nothing is saved until the visitor does something new.
	a.decide(time.Now(), false, false)
	a.showDeclared()
	a.refreshPanel()
}

func (a *app) setPaused(paused bool) {
	a.change(func(now time.Time) { a.p.SetPaused(paused, now) })
}

func (a *app) methods() map[string]browser.Method {
	str := func(args []js.Value, i int) string {
		if i < len(args) && args[i].Type() == js.TypeString {
			return strings.ToLower(strings.TrimSpace(args[i].String()))
		}
		return ""
	}
	return map[string]browser.Method{
		"track": func(args []js.Value) ([]byte, any) {
			topic := str(args, 0)
			if topic == "" || len(topic) > profile.MaxName {
				browser.Log("error", "hearth.track: the first argument must be a topic name of 1 to "+
					strconv.Itoa(profile.MaxName)+" characters; the call was ignored")
				return nil, nil
			}
			if topic == "purchase" && len(args) > 1 && args[1].Type() == js.TypeString {
				if sku := strings.TrimSpace(args[1].String()); sku != "" && len(sku) <= profile.MaxName && a.recording() {
					now := time.Now()
					a.p.BuyItem(sku, now)
					a.save(now)
					a.refreshPanel()
				}
				return nil, nil
			}
			w := a.cfg.Signals.Track
			if len(args) > 1 && !args[1].IsUndefined() {
				if args[1].Type() != js.TypeNumber || !(args[1].Float() > 0) || args[1].Float() > profile.MaxWeight {
					browser.Log("error", "hearth.track(\""+topic+"\", …): the weight must be a number above 0 and at most "+
						strconv.Itoa(profile.MaxWeight)+"; the call was ignored")
					return nil, nil
				}
				w = args[1].Float()
			}
			a.track(topic, w)
			return nil, nil
		},
		"declare": func(args []js.Value) ([]byte, any) {
			t := str(args, 0)
			if t == "" || len(t) > profile.MaxName {
				browser.Log("error", "hearth.declare: the first argument must be a topic name of 1 to "+
					strconv.Itoa(profile.MaxName)+" characters; the call was ignored")
				return nil, nil
			}
			if _, known := a.p.Declared[t]; !known && len(a.p.Declared) >= profile.MaxDeclared {
				browser.Log("error", "hearth.declare(\""+t+"\"): a visitor can declare at most "+
					strconv.Itoa(profile.MaxDeclared)+" topics; the call was ignored")
				return nil, nil
			}
			a.declare(t, len(args) < 2 || args[1].Truthy())
			return nil, nil
		},
		"profile":   func([]js.Value) ([]byte, any) { return profile.Encode(a.p), nil },
		"export":    func([]js.Value) ([]byte, any) { return nil, string(profile.Encode(a.p)) },
		"decisions": func([]js.Value) ([]byte, any) { return engine.EncodeDecisions(a.decisions), nil },
		"open":      func([]js.Value) ([]byte, any) { a.open(""); return nil, nil },
		"clear":     func([]js.Value) ([]byte, any) { a.clear(); return nil, nil },
		"pause":     func([]js.Value) ([]byte, any) { a.setPaused(true); return nil, nil },
		"resume":    func([]js.Value) ([]byte, any) { a.setPaused(false); return nil, nil },
	}
}
