package profile

import (
	"math/rand"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// randomProfile builds a profile from a random history, as one tab would.
func randomProfile(r *rand.Rand, base *Profile) *Profile {
	p := New()
	if base != nil {
		p, _ = Decode(Encode(base))
	}
	topics := []string{"camping", "running", "climbing", "health", "cycling"}
	now := t0
	for i := r.Intn(60); i > 0; i-- {
		now = now.Add(time.Duration(r.Intn(120)) * time.Minute)
		topic := topics[r.Intn(len(topics))]
		switch r.Intn(11) {
		case 0:
			p.Declare(topic, r.Intn(2) == 0, now)
		case 1:
			p.Block(topic, now)
		case 2:
			p.Unblock(topic, now)
		case 3:
			p.Impress("exp-"+topic, now)
		case 4:
			p.SetPaused(r.Intn(2) == 0, now)
		case 5:
			p.SetReplay("/"+topic, map[string]string{"hero": topic}, nil, "", now)
		case 6:
			p.SetConsent([]string{ConsentGranted, ConsentDenied}[r.Intn(2)], now)
		case 7:
			sku := "sku-" + topic
			switch r.Intn(4) {
			case 0:
				p.BuyItem(sku, now)
			case 1:
				p.DismissItem(sku, now)
			case 2:
				p.ShowItem(sku, now)
			default:
				p.ViewItem(sku, "Item "+topic, []string{topic}, now)
			}
		default:
			p.Visit(now)
			p.Record(topic, []Kind{View, Click, Dwell, Track}[r.Intn(4)], float64(1+r.Intn(3)), "/"+topic, now, hl)
		}
	}
	return p
}

func equal(t *testing.T, what string, a, b *Profile) {
	t.Helper()
	if ea, eb := Encode(a), Encode(b); string(ea) != string(eb) {
		t.Fatalf("%s:\n%s\n%s", what, ea, eb)
	}
}

// mergeProfiles is commutative and idempotent, on random histories that diverge
// from a common ancestor as two tabs' do.
func TestMergeProperties(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 300; i++ {
		common := randomProfile(r, nil)
		a, b := randomProfile(r, common), randomProfile(r, common)
		ab, ba := mergeProfiles(a, b, hl), mergeProfiles(b, a, hl)
		equal(t, "mergeProfiles(a, b) != mergeProfiles(b, a)", ab, ba)
		equal(t, "mergeProfiles(m, m) != m", mergeProfiles(ab, ab, hl), ab)
		equal(t, "mergeProfiles(m, a) != m", mergeProfiles(ab, a, hl), ab)
	}
}

// Neither tab's events are lost when both record while the other is idle.
func TestMergeKeepsBothTabsEvents(t *testing.T) {
	common := New()
	common.Record("camping", View, 1, "/c/camping", t0, hl)
	a, _ := Decode(Encode(common))
	b, _ := Decode(Encode(common))
	a.Record("camping", Click, 3, "/a", t0.Add(time.Minute), hl)
	b.Record("running", View, 1, "/b", t0.Add(2*time.Minute), hl)
	b.Record("camping", View, 1, "/b", t0.Add(3*time.Minute), hl)
	m := mergeProfiles(a, b, hl)
	if got := len(m.EventsOf("camping")); got != 3 {
		t.Errorf("camping events = %d, want 3 (common, a's, b's)", got)
	}
	if got := m.Score("running", t0.Add(2*time.Minute), hl); got != 1 {
		t.Errorf("running score = %v, want 1", got)
	}
}

func TestMergeFlagsLaterWinsPrivateOnTie(t *testing.T) {
	a, b := New(), New()
	a.Declare("x", true, t0)
	b.Declare("x", false, t0.Add(time.Second))
	if on, _ := mergeProfiles(a, b, hl).DeclaredOn("x"); on {
		t.Errorf("the later declaration (off) lost")
	}
	a.Declare("y", true, t0)
	b.Declare("y", false, t0)
	if on, _ := mergeProfiles(a, b, hl).DeclaredOn("y"); on {
		t.Errorf("on a tie, off must win")
	}
	a.Record("z", View, 1, "/", t0, hl)
	b.Block("z", t0.Add(time.Second))
	if _, ok := mergeProfiles(a, b, hl).Topics["z"]; ok {
		t.Errorf("a topic blocked in one tab survived the merge")
	}
}

// Two stores over one storage, as two tabs: every write merges.
func TestStoreTwoTabs(t *testing.T) {
	ms := &mapStorage{}
	tabA, tabB := NewStore(ms, hl), NewStore(ms, hl)
	a, _ := tabA.Load()
	b, _ := tabB.Load()
	a.Visit(t0)
	a.Record("camping", View, 1, "/c/camping", t0, hl)
	a, _, _ = tabA.Save(a, t0)
	b.Visit(t0.Add(time.Second))
	b.Record("running", View, 1, "/c/running", t0.Add(time.Second), hl)
	b, _, _ = tabB.Save(b, t0.Add(time.Second))
	a.Visit(t0.Add(2 * time.Second))
	a.Declare("climbing", true, t0.Add(2*time.Second))
	a, _, _ = tabA.Save(a, t0.Add(2*time.Second))

	stored, _ := NewStore(ms, hl).Load()
	if stored.Score("camping", t0, hl) == 0 || stored.Score("running", t0.Add(time.Second), hl) == 0 {
		t.Errorf("a tab's topic was lost: %v", stored.TopicNames())
	}
	if on, _ := stored.DeclaredOn("climbing"); !on {
		t.Errorf("declaration lost")
	}
	if stored.Pages != 3 {
		t.Errorf("Pages = %d, want 3 (2 in tab A, 1 in tab B)", stored.Pages)
	}
	// Tab B clears everything; tab A's next write must not bring it back.
	if err := tabB.Clear(t0.Add(3 * time.Second)); err != nil {
		t.Fatal(err)
	}
	a.Record("camping", Click, 3, "/", t0.Add(3*time.Second), hl)
	a, cleared, _ := tabA.Save(a, t0.Add(3*time.Second))
	if !cleared || !a.Empty() || ms.v != nil {
		t.Errorf("after a clear in another tab: cleared %v, profile empty %v, stored %v", cleared, a.Empty(), ms.v)
	}
}

func TestStoreStatuses(t *testing.T) {
	ms := &mapStorage{}
	st := NewStore(ms, hl)
	p, status := st.Load()
	if status != Fresh {
		t.Errorf("empty storage: status = %v, want Fresh", status)
	}
	p.Visit(t0)
	if _, _, err := st.Save(p, t0); err != nil {
		t.Fatal(err)
	}
	if _, status := NewStore(ms, hl).Load(); status != Loaded {
		t.Errorf("after save: status = %v, want Loaded", status)
	}
	junk := `{"v":1,"topics":{"a":{"base":"x"}}`
	ms.v = &junk
	if p, status := NewStore(ms, hl).Load(); status != Reset || p.Pages != 0 {
		t.Errorf("junk: status = %v, pages %d; want Reset, 0", status, p.Pages)
	}
	// One bad number (a weight past what the codec reads, as a careless
	// hearth.track once stored) costs its topic, not the visitor's choices.
	partly := `{"v":1,"pages":3,"topics":{"a":{"base":1e13,"baseAt":1,"folded":1,"events":[]},` +
		`"b":{"events":[{"kind":"view","at":5,"weight":1}]}},"declared":{"camping":{"on":true,"at":5},"x":{"on":1}},` +
		`"paused":{"on":true,"at":5},"consent":"granted","colour":"blue"}`
	ms.v = &partly
	p, status = NewStore(ms, hl).Load()
	if status != Repaired || p.Pages != 3 || !p.Paused.On || p.Consent != ConsentGranted {
		t.Errorf("partly readable: status = %v, pages %d, paused %v, consent %q; want Repaired, 3, true, granted",
			status, p.Pages, p.Paused.On, p.Consent)
	}
	if on, set := p.DeclaredOn("camping"); !on || !set || len(p.Declared) != 1 {
		t.Errorf("partly readable: declared = %v, want camping kept and the unreadable x dropped", p.Declared)
	}
	if p.Topics["a"] != nil || p.Topics["b"] == nil {
		t.Errorf("partly readable: topics = %v, want a dropped and b kept", p.Topics)
	}
	if _, n, err := decodeRepairing([]byte(partly)); err != nil || n != 3 {
		t.Errorf("decodeRepairing dropped %d parts (err %v), want 3: topic a, declared x, field colour", n, err)
	}
	bad := NewStore(&mapStorage{fail: true}, hl)
	if _, status := bad.Load(); status != Unavailable || !bad.Memory() {
		t.Errorf("failing storage: status = %v, memory %v; want Unavailable, true", status, bad.Memory())
	}
	failing := &mapStorage{}
	st = NewStore(failing, hl)
	failing.fail = true
	if _, _, err := st.Save(New(), t0); err == nil || !st.Memory() {
		t.Errorf("Save on failing storage = %v, memory %v; want ErrMemoryOnly", err, st.Memory())
	}
	if _, _, err := st.Save(New(), t0); err != nil {
		t.Errorf("second Save = %v, want nil (memory)", err)
	}
}

// mapStorage is an in-memory Storage; fail makes every call fail.
type mapStorage struct {
	v    *string
	fail bool
}

var _ Storage = (*mapStorage)(nil)

func (m *mapStorage) Load() (string, bool, error) {
	if m.fail {
		return "", false, errFake
	}
	if m.v == nil {
		return "", false, nil
	}
	return *m.v, true, nil
}
func (m *mapStorage) Save(v string) error {
	if m.fail {
		return errFake
	}
	m.v = &v
	return nil
}
func (m *mapStorage) Remove() error { m.v = nil; return nil }

type fakeErr struct{}

func (fakeErr) Error() string { return "QuotaExceededError" }

var errFake error = fakeErr{}

// history feeds n events over a year into a profile through a store, the way
// a long-time visitor's browser would.
func history(n int, store *Store) *Profile {
	r := rand.New(rand.NewSource(7))
	p, _ := store.Load()
	step := 365 * day / time.Duration(n)
	now := t0
	for i := 0; i < n; i++ {
		now = now.Add(step)
		topic := "topic-" + strconv.Itoa(r.Intn(300))
		path := "/catalog/" + topic + "/item-" + strconv.Itoa(r.Intn(10000)) + "?utm_source=newsletter"
		p.Visit(now)
		p.Record(topic, []Kind{View, Click, Dwell}[r.Intn(3)], 1, path, now, hl)
		if i%10 == 0 {
			p.SetReplay(path, map[string]string{"hero": topic, "tip": ""}, [][]string{{topic + "-1", "sku"}, nil}, "", now)
			p.Impress("exp-"+strconv.Itoa(r.Intn(40)), now)
		}
		if i%25 == 0 {
			p.prune(now, 30*day)
			p, _, _ = store.Save(p, now)
		}
	}
	p, _, _ = store.Save(p, now)
	return p
}

func TestStoredSizeIsBounded(t *testing.T) {
	ms := &mapStorage{}
	history(20000, NewStore(ms, hl))
	if n := len(*ms.v); n > maxStored {
		t.Errorf("stored %d bytes, want at most %d", n, maxStored)
	}
	if _, err := Decode([]byte(*ms.v)); err != nil {
		t.Errorf("stored value does not decode: %v", err)
	}
}

// BenchmarkProfileSize100k feeds 100,000 events over a year and reports the
// stored size.
func BenchmarkProfileSize100k(b *testing.B) {
	var size int
	for i := 0; i < b.N; i++ {
		ms := &mapStorage{}
		history(100000, NewStore(ms, hl))
		size = len(*ms.v)
	}
	b.ReportMetric(float64(size), "stored-bytes")
}

func TestDeclaredSurvivesCompaction(t *testing.T) {
	p := New()
	p.Declare("camping", true, t0)
	for i := 0; i < 2000; i++ {
		p.Record("t"+strconv.Itoa(i%64), View, 1, "/"+string(make([]byte, 150)), t0.Add(time.Duration(i)*time.Minute), hl)
	}
	b := compactTo(p, 4096, t0, hl)
	q, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 4096 {
		t.Errorf("compactTo to 4096 gave %d bytes", len(b))
	}
	if on, _ := q.DeclaredOn("camping"); !on {
		t.Errorf("compaction dropped a declaration")
	}
	if !reflect.DeepEqual(q.Declared, p.Declared) {
		t.Errorf("declared changed")
	}
}

// A tab whose write missed another's (stale cache) repairs it when the other
// tab's storage event arrives, and the two converge without writing forever.
func TestStoreSyncConverges(t *testing.T) {
	ms := &mapStorage{}
	tabA, tabB := NewStore(ms, hl), NewStore(ms, hl)
	a, _ := tabA.Load()
	b, _ := tabB.Load()
	a.Declare("climbing", true, t0)
	a, _, _ = tabA.Save(a, t0)
	fromA := *ms.v
	// Tab B's read missed A's write: it writes over it.
	ms.v = nil
	b.Record("running", Track, 2, "/", t0.Add(time.Second), hl)
	b, _, _ = tabB.Save(b, t0.Add(time.Second))
	fromB := *ms.v
	// Events arrive: B hears of A's value, A of B's.
	b, _, _ = tabB.Sync(b, fromA, true, t0.Add(2*time.Second))
	a, _, _ = tabA.Sync(a, fromB, true, t0.Add(2*time.Second))
	for name, p := range map[string]*Profile{"a": a, "b": b} {
		if on, _ := p.DeclaredOn("climbing"); !on || p.Score("running", t0.Add(time.Second), hl) != 2 {
			t.Errorf("tab %s did not converge: %s", name, Encode(p))
		}
	}
	final, _ := NewStore(ms, hl).Load()
	equal(t, "stored value differs from the tabs'", final, a)
	// One more round of events changes nothing and writes nothing.
	before := *ms.v
	written := tabA.written
	a, _, _ = tabA.Sync(a, before, true, t0.Add(3*time.Second))
	if *ms.v != before || tabA.written != written {
		t.Errorf("a converged Sync wrote again")
	}
}

// The site's own localStorage.clear() in tab B (B's Hearth gets no storage
// event for its own page's clear), then tab A, which did get one, writes:
// B must not merge its old copy back, neither when A's write reaches it as
// a storage event nor on B's own next save (#24.19).
func TestForeignClearNotUndone(t *testing.T) {
	ms := &mapStorage{}
	tabA, tabB := NewStore(ms, hl), NewStore(ms, hl)
	a, _ := tabA.Load()
	a.Declare("camping", true, t0)
	a, _, _ = tabA.Save(a, t0)
	b, _ := tabB.Load()
	b.Visit(t0.Add(time.Second))
	b, _, _ = tabB.Save(b, t0.Add(time.Second))
	if on, _ := b.DeclaredOn("camping"); !on {
		t.Fatal("tab B did not read tab A's declaration: the test tests nothing")
	}

	ms.v = nil // B's page: localStorage.clear(); A hears of it
	a, _, _ = tabA.Sync(a, "", false, t0.Add(2*time.Second))
	a.Record("running", Track, 1, "/", t0.Add(3*time.Second), hl)
	a, _, _ = tabA.Save(a, t0.Add(3*time.Second))
	written := *ms.v

	// A's write reaches B as a storage event.
	b, _, _ = tabB.Sync(b, written, true, t0.Add(4*time.Second))
	if on, _ := b.DeclaredOn("camping"); on || (ms.v != nil && strings.Contains(*ms.v, "camping")) {
		t.Errorf("tab B merged the cleared profile back on A's write: B has camping %v, stored %v", on, *ms.v)
	}
	// B's own next save does not bring it back either.
	b.Record("hiking", Track, 1, "/", t0.Add(5*time.Second), hl)
	b, _, _ = tabB.Save(b, t0.Add(5*time.Second))
	if strings.Contains(*ms.v, "camping") {
		t.Errorf("tab B's next save brought the cleared declaration back: %s", *ms.v)
	}
	if !strings.Contains(*ms.v, "running") {
		t.Errorf("tab A's write after the clear was lost: %s", *ms.v)
	}
}
