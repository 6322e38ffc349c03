package session

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The session's behaviour, natively: messages in, updates out, as the page
// side exchanges them with the worker.

const testConfig = `{"version": 1,
  "topics": {"camping": {"label": {"en": "Camping", "de": "Camping"}}, "running": {"label": {"en": "Running"}}},
  "signals": {"view": 1, "click": 3, "track": 1, "dwell": 2, "dwellSeconds": 30},
  "experiences": [
    {"id": "hero-camping", "slot": "hero", "variant": "camping", "when": {"interest": {"topic": "camping", "atLeast": 2}}},
    {"id": "hero-running", "slot": "hero", "variant": "running", "when": {"declared": "running"}}
  ]}`

var t0 = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// answer is an update as the page side reads it.
type answer struct {
	Slots []struct {
		Slot, Variant string
		Why           bool
	}
	Recs     [][]struct{ SKU, Dismiss string }
	Why      string
	Launcher struct{ Label, Position string }
	Declared map[string]bool
	Profile  string
	Write    *string
	Remove   bool
	View     *struct {
		Lang    string
		Title   string
		Notices []string
		Storage string
		Topics  []struct{ ID, Label, Score string }
	}
	Dwell float64
	Log   [][2]string
	Fatal string
}

func read(t *testing.T, b []byte) answer {
	t.Helper()
	var a answer
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatalf("update %s: %v", b, err)
	}
	return a
}

func facts(path, topics string) map[string]any {
	return map[string]any{"path": path, "topics": topics, "lang": "en", "width": 1280,
		"slots": []any{map[string]any{"name": "hero", "label": "the banner"}}, "variants": []string{"hero/camping", "hero/running"}}
}

func msg(t *testing.T, m map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// page is the page side: it keeps hearth:v1 as the browser would.
type page struct {
	t       *testing.T
	s       *Session
	stored  *string
	storage bool
	now     time.Time
}

func boot(t *testing.T, stored *string, storage bool, f map[string]any) (*page, answer) {
	t.Helper()
	m := map[string]any{"t": "boot", "config": testConfig, "sha256": "abc", "facts": f, "storage": storage}
	if stored != nil {
		m["stored"] = *stored
	}
	s, out, err := Boot(msg(t, m), t0)
	if err != nil {
		t.Fatal(err)
	}
	p := &page{t: t, s: s, stored: stored, storage: storage, now: t0}
	return p, p.take(out)
}

// bootCfg boots a page of cfg with facts f and what is stored, which the
// answer's write then replaces, at now.
func bootCfg(t *testing.T, cfg string, f map[string]any, stored **string, now time.Time) (*Session, answer) {
	t.Helper()
	m := map[string]any{"t": "boot", "config": cfg, "facts": f, "storage": true}
	if *stored != nil {
		m["stored"] = **stored
	}
	s, out, err := Boot(msg(t, m), now)
	if err != nil {
		t.Fatal(err)
	}
	a := read(t, out)
	if a.Write != nil {
		v := *a.Write
		*stored = &v
	}
	return s, a
}

// take applies an update's storage write, as the page side does.
func (p *page) take(out []byte) answer {
	a := read(p.t, out)
	if a.Write != nil && p.storage {
		v := *a.Write
		p.stored = &v
	}
	if a.Remove && p.storage {
		p.stored = nil
	}
	return a
}

func (p *page) send(m map[string]any) answer {
	p.t.Helper()
	p.now = p.now.Add(time.Second)
	if p.stored != nil {
		m["stored"] = *p.stored
	}
	m["storage"] = p.storage
	return p.take(p.s.Handle(msg(p.t, m), p.now))
}

func variant(a answer, slot string) string {
	for _, s := range a.Slots {
		if s.Slot == slot {
			return s.Variant
		}
	}
	return "?"
}

func TestBootNewVisitor(t *testing.T) {
	p, a := boot(t, nil, true, facts("/", ""))
	if variant(a, "hero") != "" || a.Slots[0].Why {
		t.Errorf("new visitor: hero %+v, want the default without a Why?", a.Slots)
	}
	if a.Write == nil || !strings.Contains(*a.Write, `"pages":1`) {
		t.Errorf("new visitor: wrote %v, want a profile counting this page", a.Write)
	}
	if a.Launcher.Label == "" || a.Why != "Why?" {
		t.Errorf("labels: launcher %q, why %q", a.Launcher.Label, a.Why)
	}
	if p.s.status != 0 {
		t.Errorf("status %v, want Fresh", p.s.status)
	}
}

func TestBootReturningVisitorPersonalizes(t *testing.T) {
	p, _ := boot(t, nil, true, facts("/c/camping/", "camping"))
	p.send(map[string]any{"t": "navigate", "facts": facts("/c/camping/?x", "camping")})
	a := p.send(map[string]any{"t": "navigate", "facts": facts("/", "")})
	if variant(a, "hero") != "camping" || !a.Slots[0].Why {
		t.Fatalf("after two camping pages: hero %+v, want camping with a Why?", a.Slots)
	}
	// A new page load with what was stored: the same decision, remembered
	// for the loader's replay.
	q, b := boot(t, p.stored, true, facts("/", ""))
	if variant(b, "hero") != "camping" || !strings.Contains(*q.stored, `"hero":"camping"`) {
		t.Errorf("reload: hero %q, stored %s", variant(b, "hero"), *q.stored)
	}
}

func TestBootStorageStates(t *testing.T) {
	junk := `{"v":1,"topics":`
	partly := `{"v":1,"pages":2,"declared":{"running":{"on":true,"at":5}},"topics":{"camping":{"base":1e13,"baseAt":1,"folded":1,"events":[]}}}`
	for _, tc := range []struct {
		name    string
		stored  *string
		storage bool
		notice  string
		hero    string
	}{
		{"unreadable", &junk, true, "could not be read, so it was reset", ""},
		{"partly readable", &partly, true, "your choices were kept", "running"},
		{"unavailable", nil, false, "nothing will be remembered", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, a := boot(t, tc.stored, tc.storage, facts("/", ""))
			if variant(a, "hero") != tc.hero {
				t.Errorf("hero %q, want %q", variant(a, "hero"), tc.hero)
			}
			v := p.send(map[string]any{"t": "open", "lang": "en"}).View
			if v == nil || !strings.Contains(strings.Join(v.Notices, " "), tc.notice) {
				t.Errorf("panel notices %+v, want %q", v, tc.notice)
			}
		})
	}
}

func TestAPIRefusesBadInput(t *testing.T) {
	p, _ := boot(t, nil, true, facts("/", ""))
	before := *p.stored
	for _, m := range []map[string]any{
		{"t": "track", "topic": "running", "weight": 1e13},
		{"t": "track", "topic": "running", "weight": nil}, // NaN and Infinity arrive as null
		{"t": "track", "topic": "running", "weight": "3"},
		{"t": "track", "topic": "running", "weight": -1},
		{"t": "track", "topic": ""},
		{"t": "track", "topic": strings.Repeat("x", 65)},
		{"t": "declare", "topic": 7, "on": true},
	} {
		a := p.send(m)
		if len(a.Log) != 1 || a.Log[0][0] != "error" || !strings.HasPrefix(a.Log[0][1], "hearth.") {
			t.Errorf("%v: console %q, want one error for the site's developer", m, a.Log)
		}
		if a.Write != nil {
			t.Errorf("%v: stored something", m)
		}
	}
	if *p.stored != before {
		t.Errorf("bad calls changed the stored profile")
	}
	for i := 0; i < 64; i++ {
		if a := p.send(map[string]any{"t": "declare", "topic": "t" + string(rune('a'+i/26)) + string(rune('a'+i%26)), "on": true}); len(a.Log) != 0 {
			t.Fatalf("declaration %d refused: %q", i, a.Log)
		}
	}
	if a := p.send(map[string]any{"t": "declare", "topic": "one-more", "on": true}); len(a.Log) != 1 || !strings.Contains(a.Log[0][1], "at most 64") {
		t.Errorf("the 65th declaration: console %q, want the cap named", a.Log)
	}
	if a := p.send(map[string]any{"t": "track", "topic": "Running", "weight": 1000}); len(a.Log) != 0 || a.Write == nil {
		t.Errorf("a valid track: console %q, wrote %v", a.Log, a.Write != nil)
	}
}

func TestDeclareAndPanelActions(t *testing.T) {
	p, _ := boot(t, nil, true, facts("/", ""))
	a := p.send(map[string]any{"t": "declare", "topic": " Running ", "on": true})
	if variant(a, "hero") != "running" || !a.Declared["running"] {
		t.Fatalf("declare running: hero %q, declared %v", variant(a, "hero"), a.Declared)
	}
	a = p.send(map[string]any{"t": "pause"})
	if variant(a, "hero") != "" || !strings.Contains(*p.stored, `"paused":{"on":true`) {
		t.Errorf("pause: hero %q, stored %s", variant(a, "hero"), *p.stored)
	}
	if a = p.send(map[string]any{"t": "toggle-pause"}); variant(a, "hero") != "running" {
		t.Errorf("resume from the panel: hero %q", variant(a, "hero"))
	}
	p.send(map[string]any{"t": "navigate", "facts": facts("/c/camping/", "camping")})
	a = p.send(map[string]any{"t": "open", "lang": "de"})
	if a.View == nil || a.View.Lang != "de" {
		t.Fatalf("open in German: view %+v", a.View)
	}
	if a = p.send(map[string]any{"t": "block", "topic": "camping"}); a.View == nil || len(a.View.Topics) != 1 || a.View.Topics[0].ID != "running" {
		t.Errorf("after removing camping the panel lists %+v, want running only", a.View)
	}
	if a = p.send(map[string]any{"t": "close"}); a.View != nil {
		t.Errorf("a closed panel still gets a view")
	}
	if a = p.send(map[string]any{"t": "clear"}); !a.Remove || variant(a, "hero") != "" || p.stored != nil {
		t.Errorf("clear: remove %v, hero %q", a.Remove, variant(a, "hero"))
	}
}

func TestClickDoesNotChangeThePage(t *testing.T) {
	p, a := boot(t, nil, true, facts("/", ""))
	if a.Dwell != 0 {
		t.Errorf("a page without topics asks for a dwell signal")
	}
	a = p.send(map[string]any{"t": "click", "topics": []string{"camping, running"}})
	if variant(a, "hero") != "" || !strings.Contains(*p.stored, `"kind":"click"`) {
		t.Errorf("click: hero %q (the page must not change under the pointer), stored %s", variant(a, "hero"), *p.stored)
	}
	if a = p.send(map[string]any{"t": "navigate", "facts": facts("/p", "")}); variant(a, "hero") != "camping" {
		t.Errorf("the next page after a click worth 3: hero %q, want camping", variant(a, "hero"))
	}
}

func TestConsentOptIn(t *testing.T) {
	cfg := strings.Replace(testConfig, `"version": 1,`, `"version": 1, "consent": "opt-in",`, 1)
	s, out, err := Boot(msg(t, map[string]any{"t": "boot", "config": cfg, "facts": facts("/c/camping/", "camping"), "storage": true}), t0)
	if err != nil {
		t.Fatal(err)
	}
	p := &page{t: t, s: s, storage: true, now: t0}
	if a := p.take(out); a.Write != nil {
		t.Errorf("opt-in without an answer stored %s", *a.Write)
	}
	a := p.send(map[string]any{"t": "consent", "on": true})
	if p.stored == nil || !strings.Contains(*p.stored, `"consent":"granted"`) || !strings.Contains(*p.stored, `"pages":1`) {
		t.Errorf("yes: stored %v, want consent and this page counted", p.stored)
	}
	a = p.send(map[string]any{"t": "consent", "on": false})
	if !strings.Contains(*p.stored, `"consent":"denied"`) || variant(a, "hero") != "" {
		t.Errorf("no: stored %s", *p.stored)
	}
}

// Another tab's write arrives as a storage event: the tabs' profiles merge,
// and a cleared profile elsewhere clears this tab's.
func TestTwoTabs(t *testing.T) {
	a, _ := boot(t, nil, true, facts("/", ""))
	b, _ := boot(t, a.stored, true, facts("/", ""))
	b.send(map[string]any{"t": "declare", "topic": "running", "on": true})
	got := a.send(map[string]any{"t": "storage", "value": *b.stored, "ok": true})
	if variant(got, "hero") != "running" {
		t.Errorf("tab A after tab B declared running: hero %q", variant(got, "hero"))
	}
	got = a.send(map[string]any{"t": "storage", "ok": false})
	if variant(got, "hero") != "" {
		t.Errorf("tab A after tab B cleared: hero %q, want the default", variant(got, "hero"))
	}
}

func TestBadMessages(t *testing.T) {
	if _, _, err := Boot([]byte(`{"t":"boot","config":"{\"version\": 1, \"topicz\": {}}"}`), t0); err == nil || !strings.Contains(err.Error(), "topicz") {
		t.Errorf("a broken config: error %v, want it named", err)
	}
	p, _ := boot(t, nil, true, facts("/", ""))
	for _, m := range [][]byte{[]byte(`not json`), []byte(`{"t":"nope"}`), []byte(`{"t":"click","topics":"x"}`)} {
		a := read(t, p.s.Handle(m, t0))
		if a.Fatal != "" || len(a.Slots) != 1 {
			t.Errorf("Handle(%s) = %+v", m, a)
		}
	}
}

func FuzzHandle(f *testing.F) {
	f.Add([]byte(`{"t":"navigate","facts":{"path":"/","slots":[{"name":"hero"}],"variants":["hero/camping"]}}`))
	f.Add([]byte(`{"t":"declare","topic":"camping","on":true}`))
	f.Add([]byte(`{"t":"storage","value":"{\"v\":1}","ok":true}`))
	f.Add([]byte(`{"t":"open","lang":"ar"}`))
	f.Add([]byte(`{"t":"goal","name":"signup"}`))
	f.Add([]byte(`{"t":"toggle-measure"}`))
	f.Fuzz(func(t *testing.T, m []byte) {
		s, _, err := Boot(msg(t, map[string]any{"t": "boot", "config": measuredConfig, "facts": facts("/c/camping/", "camping"), "storage": true}), t0)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if out := s.Handle(m, t0); json.Unmarshal(out, &v) != nil {
			t.Fatalf("Handle(%q) answered %s: not JSON", m, out)
		}
	})
}

// Any boot message the page side could send (or a hostile page could post
// to a worker it reached) gives an error or a session whose first answer is
// JSON, never a crash.
func FuzzBoot(f *testing.F) {
	f.Add([]byte(`{"t":"boot","config":"{\"version\": 1, \"topics\": {}}","facts":{"path":"/"},"storage":true}`))
	f.Add([]byte(`{"t":"boot","config":"{\"version\": 1, \"topics\": {}}","cfg":"0badc0de","stored":"{\"v\":1,\"replay\":[{\"path\":\"/\",\"at\":1,\"cfg\":\"x\",\"slots\":{}}]}","facts":{"slots":[{"name":"hero"}]}}`))
	f.Add([]byte(`{"t":"boot","config":` + strconv.Quote(testConfig) + `,"stored":"{\"v\":1,\"lastSeen\":253370764800000}","facts":{}}`))
	// Measurement on, a state from an earlier period: the boot reports it.
	f.Add([]byte(`{"t":"boot","config":` + strconv.Quote(measuredConfig) + `,"stored":` + strconv.Quote(`{"v":1,"pages":1,"measure":{"id":"winter","period":0,"at":1,"arms":{"hero-camping":{"arm":1,"at":1}},"eligible":{"hero-camping":2},"goal":{}}}`) + `,"facts":{"path":"/","slots":[{"name":"hero"}]}}`))
	f.Fuzz(func(t *testing.T, m []byte) {
		_, out, err := Boot(m, t0.Add(10*24*time.Hour))
		if err != nil {
			return
		}
		var v any
		if json.Unmarshal(out, &v) != nil {
			t.Fatalf("Boot(%q) answered %s: not JSON", m, out)
		}
	})
}

// A page swapped in without recommendation slots keeps none of the last
// page's recommendations: the panel would list them as this page's (#32.3).
func TestNavigateDropsLastPageRecs(t *testing.T) {
	withRecs := facts("/c/camping/", "camping")
	withRecs["recSlots"] = []any{map[string]any{"kind": "similar", "count": 2}}
	withRecs["items"] = []any{map[string]any{"sku": "tent", "name": "Tent", "topics": "camping"}, map[string]any{"sku": "stove", "name": "Stove", "topics": "camping"}}
	s, _, err := Boot(msg(t, map[string]any{"t": "boot", "config": testConfig, "facts": withRecs, "storage": true}), t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.recs) != 1 || len(s.recs[0]) == 0 {
		t.Fatalf("on the page with a similar slot: recs %v, want some", s.recs)
	}
	out := s.Handle(msg(t, map[string]any{"t": "navigate", "facts": facts("/", "")}), t0.Add(time.Minute))
	if len(s.recs) != 0 || strings.Contains(string(out), `"recs"`) {
		t.Errorf("after a swap to a page without recommendation slots: recs %v, answer %s", s.recs, out)
	}
}

// An answer carries the profile and the decisions only when they changed
// (#34.4, #36): an "idle" after nothing new sends neither, a declaration
// sends the new profile.
func TestAnswersCarryOnlyWhatChanged(t *testing.T) {
	s, out, err := Boot(msg(t, map[string]any{"t": "boot", "config": testConfig, "facts": facts("/", ""), "storage": true}), t0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"profile":`) || !strings.Contains(string(out), `"decisions":`) {
		t.Fatalf("the first answer lacks the profile or the decisions: %s", out)
	}
	idle := string(s.Handle(msg(t, map[string]any{"t": "idle"}), t0.Add(time.Second)))
	if strings.Contains(idle, `"profile":`) || strings.Contains(idle, `"decisions":`) {
		t.Errorf("an idle answer with nothing changed carries them again: %s", idle)
	}
	decl := string(s.Handle(msg(t, map[string]any{"t": "declare", "topic": "camping", "on": true}), t0.Add(2*time.Second)))
	if !strings.Contains(decl, `"profile":`) {
		t.Errorf("a declaration's answer lacks the new profile: %.300s", decl)
	}
}
