// Package session is Hearth's application: one visitor's profile on one
// page, the engine's decisions for it, and every change the visitor, the
// site's code or another tab makes. It is pure Go with plain data in and out
// (JSON messages, see Handle), so it runs in a Web Worker, off the page's
// main thread, and is tested natively. The page side (web/hearth.js) reads
// the page's facts and hearth:v1, posts them, and applies what comes back.
package session

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/hearth-personalization/hearth/internal/jsonv"
	"github.com/hearth-personalization/hearth/wasm/engine"
	"github.com/hearth-personalization/hearth/wasm/internal/order"
	"github.com/hearth-personalization/hearth/wasm/panel"
	"github.com/hearth-personalization/hearth/wasm/profile"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// Session is the module's state for one page.
type Session struct {
	cfg       *rules.Config
	mirror    *mirror
	store     *profile.Store
	p         *profile.Profile
	status    profile.Status
	facts     Facts
	page      engine.Page
	decisions []engine.Decision
	recs      [][]engine.Rec // per [data-hearth-recommend], in page order
	lang      string
	sha       string
	cfgHash   string // the config's text's hash (ConfigHash), kept with each replay
	// impressed holds the experiences and reminders already counted on this
	// page view.
	impressed map[string]bool
	// open is set while the panel shows; updates then carry its view.
	open bool
	// parse is how long the config took to parse, reported on boot so that
	// the page can show the start's phases (User Timing, make bench).
	parse time.Duration
	logs  []logLine
	// rand is the device's randomness, for measurement's arms and reports.
	rand random
	// outbox is a measurement report for the page side to send, once.
	outbox string
	// sentProfile and sentDecisions are the last answer's profile and
	// decisions as sent: an answer carries them only when they changed
	// (the page side keeps the last ones), not the whole profile out of
	// the worker on every message.
	sentProfile, sentDecisions string
	// viewing is set by a page view until its decision has checked the
	// page's measurement goals.
	viewing bool
	// catalog is the site's catalog once fetched (catalog.go); unaskedNext
	// marks the next answer as one to no message (the catalog's arrival).
	catalog     *siteCatalog
	unaskedNext bool
	// catalogDue is set from the catalog's request to its arrival: the
	// first answer says it is coming (for hearth._idle).
	catalogDue bool
}

type logLine struct{ level, msg string }

// Boot starts a session from the page's boot message: the config's text,
// the stored value and the page's facts. It returns the first update. A
// config that does not parse is an error naming every problem; the page
// side then shows the defaults.
func Boot(msg []byte, now time.Time) (*Session, []byte, error) {
	m, err := jsonv.Parse(msg)
	if err != nil {
		return nil, nil, errors.New("session: boot message: " + err.Error())
	}
	start := time.Now() // a duration, not the profile's clock: for the bench's breakdown
	cfg, err := rules.Parse([]byte(str(m.Get("config"))))
	if err != nil {
		return nil, nil, errors.New("config:\n" + err.Error())
	}
	s := &Session{cfg: cfg, mirror: &mirror{}, impressed: map[string]bool{}, sha: str(m.Get("sha256")), cfgHash: ConfigHash(str(m.Get("config"))), parse: time.Since(start), rand: deviceRandom}
	if len(cfg.MeasureErr) > 0 {
		s.log("error", "config: measurement is off, personalization works:\n"+cfg.MeasureErr.Error())
	}
	s.catalogDue = cfg.Catalog != "" // the page side fetches it (catalog.go)
	s.store = profile.NewStore(s.mirror, cfg.HalfLife)
	s.store.Absorb = func(p *profile.Profile) { p.Absorb(cfg.Signals.Click, cfg.HalfLife) }
	s.store.Retention = cfg.Retention
	s.store.Clean = s.clean
	s.stored(m)
	s.facts = decodeFacts(m.Get("facts"), s.cfg)
	s.lang = panel.Lang(s.facts.Lang)
	s.p, s.status = s.store.Load()
	s.p.Tidy(now, cfg.Retention) // before this view is counted: a last view in the future would stop it
	s.page = s.withCatalog(s.facts.Page)
	if s.recording() {
		s.countPage(now)
	}
	s.page.SinceLastVisit = s.p.SinceLastVisit(now)
	// Without consent nothing is stored: not even the decision to replay.
	s.decide(now, s.recording())
	return s, s.update(true, now), nil
}

// stored takes the value of hearth:v1 the page sent with a message.
func (s *Session) stored(m *jsonv.Value) {
	if v := m.Get("storage"); v != nil && v.Kind == jsonv.Bool && !v.Bool {
		s.mirror.failed = true
	}
	v := m.Get("stored")
	s.mirror.set(str(v), v != nil && v.Kind == jsonv.String)
}

// Handle takes one message from the page side and returns the update to
// apply. Unknown or malformed messages change nothing; a bad argument from
// the site's code is refused with a console line for its developer.
func (s *Session) Handle(msg []byte, now time.Time) []byte {
	m, err := jsonv.Parse(msg)
	if err != nil {
		s.log("error", "message: "+err.Error())
		return s.update(false, now)
	}
	if str(m.Get("t")) == MsgCatalog {
		return s.Catalog(m, now) // from the worker's glue, which knows nothing of what is stored
	}
	s.stored(m)
	switch t := str(m.Get("t")); t {
	case MsgNavigate:
		s.facts = decodeFacts(m.Get("facts"), s.cfg)
		s.page = s.readPage(now)
		s.impressed = map[string]bool{}
		if s.recording() {
			s.countPage(now)
		}
		s.decide(now, s.recording())
	case MsgAdded:
		s.facts = decodeFacts(m.Get("facts"), s.cfg)
		s.page = s.readPage(now)
		s.decide(now, false)
	case MsgClick:
		s.click(m, now)
	case MsgDwell:
		s.dwell(now)
	case MsgDeclare:
		s.apiDeclare(m.Get("topic"), m.Get("on"), now)
	case MsgTrack:
		s.apiTrack(m.Get("topic"), m.Get("weight"), now)
	case MsgPause, MsgResume:
		s.change(now, func(now time.Time) { s.p.SetPaused(t == MsgPause, now) })
	case MsgToggleMeasure:
		s.change(now, func(now time.Time) {
			s.p.MeasureOff = profile.Flag{On: !s.p.MeasureOff.On, At: now.UnixMilli()}
			s.measureView(now) // allowed again: this view counts from now
		})
	case MsgTogglePause:
		s.change(now, func(now time.Time) { s.p.SetPaused(!s.p.Paused.On, now) })
	case MsgClear:
		s.clear(now)
	case MsgConsent:
		s.setConsent(flag(m.Get("on")), now)
	case MsgBlock:
		topic := str(m.Get("topic"))
		s.change(now, func(now time.Time) { s.p.Block(topic, now) })
	case MsgUnblock:
		topic := str(m.Get("topic"))
		s.change(now, func(now time.Time) { s.p.Unblock(topic, now) })
	case MsgDismiss:
		sku := str(m.Get("sku"))
		s.change(now, func(now time.Time) { s.p.DismissItem(sku, now) })
	case MsgOpen:
		s.open = true
		if l := str(m.Get("lang")); l != "" {
			s.lang = panel.Lang(l) // the page may have changed <html lang> since it started
		}
		s.facts.Files = int(num(m.Get("files")))
	case MsgIdle:
		// Nothing: its answer tells the page side every earlier message was handled.
	case MsgClose:
		s.open = false
	case MsgStorage:
		s.external(str(m.Get("value")), flag(m.Get("ok")), now)
	case MsgStorageFailed:
		// The last write did not happen: the page sent what is stored
		// still. Nothing is written now (that would fail again); the next
		// change tries again.
		if err := s.store.WriteFailed(errors.New(str(m.Get("error")))); err != nil {
			s.log("warn", err.Error())
		}
	case MsgGoal:
		s.apiGoal(m.Get("name"), now)
	default:
		s.log("error", "unknown message "+strconv.Quote(t))
	}
	return s.update(false, now)
}

// decide runs the engine. It counts an impression of each experience shown
// (once per page view); with save, or after counting one, it remembers the
// decision for the loader's replay and saves the profile.
func (s *Session) decide(now time.Time, save bool) {
	if s.facts.Debug {
		s.decisions = engine.Explain(s.p, s.cfg, s.page, now)
	} else {
		s.decisions = engine.Decide(s.p, s.cfg, s.page, now)
	}
	if len(s.page.RecSlots) > 0 {
		if s.recommend(now) {
			save = true
		}
	} else {
		s.recs = s.recs[:0] // a page swapped in without them: the last page's are not this one's
	}
	if s.recording() {
		for _, d := range s.decisions {
			if d.Personalized() && !s.impressed[d.Experience] {
				s.impressed[d.Experience] = true
				s.p.Impress(d.Experience, now)
				save = true
			}
		}
	}
	s.holdOut(now)
	if s.viewing {
		s.viewing = false
		if s.pageGoals(now) {
			save = true
		}
	}
	if save {
		if s.path() != "" { // a page about an undeclared sensitive topic leaves no trace of its path
			s.p.SetReplay(s.page.Path, engine.Slots(s.decisions), s.recSKUs(), s.cfgHash, now)
		}
		s.save(now)
	}
}

func (s *Session) readPage(now time.Time) engine.Page {
	p := s.withCatalog(s.facts.Page)
	s.inferred(&p)
	p.SinceLastVisit = s.p.SinceLastVisit(now)
	return p
}

// countPage records this page view: the visit, its topics, its item, and
// any purchase it confirms.
func (s *Session) countPage(now time.Time) {
	s.p.Visit(now)
	for _, t := range s.page.Topics {
		s.p.RecordFrom(t, s.facts.TopicSrc[t], profile.View, s.cfg.Signals.View, s.path(), now, s.cfg.HalfLife)
	}
	if s.page.Item != "" && s.path() != "" {
		s.p.ViewItem(s.page.Item, s.facts.ItemName, s.page.Topics, now)
	}
	for _, sku := range s.facts.Purchased {
		s.p.BuyItem(sku, now)
	}
	s.measureView(now)
	s.viewing = true
}

// recording reports whether Hearth may add to the profile now: the visitor
// has not paused it, and consent allows it.
func (s *Session) recording() bool {
	return engine.Off(s.cfg, s.p, s.page.GPC) == ""
}

// save merges the profile with what other tabs stored and continues with
// the result.
func (s *Session) save(now time.Time) {
	merged, _, err := s.store.Save(s.p, now)
	if errors.Is(err, profile.ErrMemoryOnly) {
		s.log("warn", err.Error())
	}
	s.adopt(merged, now)
}

// external merges what another tab stored (a storage event).
func (s *Session) external(v string, ok bool, now time.Time) {
	merged, _, err := s.store.Sync(s.p, v, ok, now)
	if errors.Is(err, profile.ErrMemoryOnly) {
		s.log("warn", err.Error())
	}
	s.adopt(merged, now)
}

// adopt continues with a profile merged with other tabs'. The page only
// changes when the visitor's own settings changed there (pause, preferences,
// removed topics, clear): content must not shift under the visitor otherwise.
func (s *Session) adopt(merged *profile.Profile, now time.Time) {
	before := controls(s.p)
	s.p = merged
	if controls(s.p) != before {
		s.decide(now, false)
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
		order.Strings(keys)
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

// click records a click on a topic-bearing element. The page side has
// queued the same click in storage already (a link leaves the page before
// the worker answers, and the next page counts it then); both copies are
// one pending signal, counted once. It does not re-decide: the page must not
// change under the visitor's pointer.
func (s *Session) click(m *jsonv.Value, now time.Time) {
	if !s.recording() {
		return
	}
	c := profile.Pending{Kind: profile.Click, Path: str(m.Get("path")), At: int64(num(m.Get("at")))}
	if c.At <= 0 {
		c.At = now.UnixMilli()
	}
	if c.Path == "" || c.Path == s.page.Path {
		c.Path = s.path()
	}
	for _, t := range list(m.Get("topics")) {
		c.Topics = append(c.Topics, SplitTopics(str(t))...)
	}
	s.p.AddPending(c)
	s.p.Absorb(s.cfg.Signals.Click, s.cfg.HalfLife)
	s.save(now)
}

// dwell records that the visitor stayed on a page about its topics.
func (s *Session) dwell(now time.Time) {
	if !s.recording() {
		return
	}
	for _, t := range s.page.Topics {
		s.p.RecordFrom(t, s.facts.TopicSrc[t], profile.Dwell, s.cfg.Signals.Dwell, s.path(), now, s.cfg.HalfLife)
	}
	s.save(now)
}

// change applies a setting the visitor made and shows its effect at once.
func (s *Session) change(now time.Time, set func(now time.Time)) {
	set(now)
	s.decide(now, true)
}

func (s *Session) setConsent(yes bool, now time.Time) {
	c := profile.ConsentDenied
	if yes {
		c = profile.ConsentGranted
	}
	s.change(now, func(now time.Time) {
		s.p.SetConsent(c, now)
		if c == profile.ConsentGranted && s.p.Pages == 0 {
			s.countPage(now) // this page is the first the visitor agreed to
		}
	})
}

func (s *Session) log(level, msg string) { s.logs = append(s.logs, logLine{level, msg}) }
