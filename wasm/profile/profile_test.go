package profile

import (
	"errors"
	"math"
	"reflect"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

func TestScoreDecaysByHalfLife(t *testing.T) {
	p := New()
	p.Record("camping", View, 2, "/c/camping", t0, 14*day)
	for _, tc := range []struct {
		after time.Duration
		want  float64
	}{{0, 2}, {14 * day, 1}, {28 * day, 0.5}} {
		if got := p.Score("camping", t0.Add(tc.after), 14*day); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("Score after %v = %v, want %v", tc.after, got, tc.want)
		}
	}
	p.Record("camping", Click, 3, "/", t0.Add(14*day), 14*day)
	if got, want := p.Score("camping", t0.Add(14*day), 14*day), 4.0; math.Abs(got-want) > 1e-9 {
		t.Errorf("Score after second event = %v, want %v", got, want)
	}
	if got := len(p.EventsOf("camping")); got != 2 {
		t.Errorf("len(EventsOf) = %d, want 2", got)
	}
}

func TestRecordIgnoresBadInput(t *testing.T) {
	p := New()
	p.Record("", View, 1, "/", t0, day)
	p.Record("x", View, 0, "/", t0, day)
	p.Record("x", View, math.NaN(), "/", t0, day)
	p.Record("x", View, math.Inf(1), "/", t0, day)
	if len(p.Topics) != 0 {
		t.Errorf("Topics = %v, want none", p.Topics)
	}
}

func TestEventsAndTopicsAreBounded(t *testing.T) {
	p := New()
	for i := 0; i < 500; i++ {
		p.Record("t"+string(rune('a'+i%100)), View, float64(i%7+1), "/", t0.Add(time.Duration(i)*time.Minute), 14*day)
	}
	if len(p.Topics) > MaxTopics {
		t.Errorf("len(Topics) = %d, want <= %d", len(p.Topics), MaxTopics)
	}
	for n, tp := range p.Topics {
		if len(tp.Events) > MaxEventsPerTopic {
			t.Errorf("topic %s has %d events, want <= %d", n, len(tp.Events), MaxEventsPerTopic)
		}
	}
}

func TestVisitCountsVisitsAfterIdleGap(t *testing.T) {
	p := New()
	p.Visit(t0)
	p.Visit(t0.Add(10 * time.Minute))
	p.Visit(t0.Add(10*time.Minute + VisitGap))
	if p.Visits != 2 || p.Pages != 3 {
		t.Errorf("Visits, Pages = %d, %d; want 2, 3", p.Visits, p.Pages)
	}
	if p.FirstSeen != t0.UnixMilli() {
		t.Errorf("FirstSeen = %d, want %d", p.FirstSeen, t0.UnixMilli())
	}
}

func TestPruneDropsOldEvents(t *testing.T) {
	p := New()
	p.Record("old", View, 1, "/", t0, 14*day)
	p.Record("new", View, 1, "/", t0.Add(40*day), 14*day)
	p.Prune(t0.Add(40*day), 30*day, 14*day)
	if _, ok := p.Topics["old"]; ok {
		t.Errorf("topic past retention kept")
	}
	if _, ok := p.Topics["new"]; !ok {
		t.Errorf("recent topic dropped")
	}
}

func TestReplayBoundedMostRecentLast(t *testing.T) {
	p := New()
	for i := 0; i < MaxReplayPages+5; i++ {
		p.SetReplay("/p"+string(rune('a'+i)), map[string]string{"hero": ""})
	}
	p.SetReplay("/pa", map[string]string{"hero": "x"}) // already dropped, comes back
	p.SetReplay("/pz", map[string]string{"hero": "camping"})
	if len(p.Replay) != MaxReplayPages {
		t.Errorf("len(Replay) = %d, want %d", len(p.Replay), MaxReplayPages)
	}
	if got, ok := p.ReplayFor("/pz"); !ok || got["hero"] != "camping" {
		t.Errorf("ReplayFor(/pz) = %v, %v; want hero=camping", got, ok)
	}
	if last := p.Replay[len(p.Replay)-1].Path; last != "/pz" {
		t.Errorf("last replay = %s, want /pz", last)
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	p := New()
	p.Visit(t0)
	p.Record("camping", View, 1, "/c/camping", t0, 14*day)
	p.Declare("running", true)
	p.SetReplay("/", map[string]string{"hero": "camping"})
	b := Encode(p)
	q, err := Decode(b)
	if err != nil {
		t.Fatalf("Decode(%s) error: %v", b, err)
	}
	if !reflect.DeepEqual(p, q) {
		t.Errorf("Decode(Encode(p)) = %+v, want %+v", q, p)
	}
	b2 := Encode(q)
	if string(b) != string(b2) {
		t.Errorf("encoding not stable:\n%s\n%s", b, b2)
	}
}

func TestDecodeRejectsForeignValues(t *testing.T) {
	for _, in := range []string{
		``, `null`, `[]`, `"hearth"`, `{}`, `{"v":2}`, `{"v":1,"topics":`,
		`{"v":1,"visits":-1}`,
		`{"v":1,"topics":{"a":{"score":-1}}}`,
		`{"v":1,"topics":{"a":null}}`,
		`{"v":1,"topics":{"a":{"score":1,"events":[{"kind":"evil","at":1,"weight":1}]}}}`,
		`{"v":1,"replay":[{"path":"/","slots":[]}]}`,
		`{"v":1,"visits":1,"visits":2}`,
		`{"v":1,"colour":"blue"}`,
		`{"v":1,"topics":{"a":{"score":1,"events":[{"kind":"view","at":1.5,"weight":1}]}}}`,
	} {
		if _, err := Decode([]byte(in)); !errors.Is(err, ErrCorrupt) {
			t.Errorf("Decode(%q) error = %v, want ErrCorrupt", in, err)
		}
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
		return "", false, errors.New("SecurityError")
	}
	if m.v == nil {
		return "", false, nil
	}
	return *m.v, true, nil
}
func (m *mapStorage) Save(v string) error {
	if m.fail {
		return errors.New("QuotaExceededError")
	}
	m.v = &v
	return nil
}
func (m *mapStorage) Remove() error { m.v = nil; return nil }

func TestStoreStatuses(t *testing.T) {
	ms := &mapStorage{}
	st := NewStore(ms)
	p, status := st.Load()
	if status != Fresh {
		t.Errorf("empty storage: status = %v, want Fresh", status)
	}
	p.Visit(t0)
	if err := st.Save(p); err != nil {
		t.Fatal(err)
	}
	if _, status := NewStore(ms).Load(); status != Loaded {
		t.Errorf("after save: status = %v, want Loaded", status)
	}
	junk := `{"v":1,"topics":{"a":{"score":"x"}}}`
	ms.v = &junk
	if p, status := NewStore(ms).Load(); status != Reset || p.Pages != 0 {
		t.Errorf("junk: status = %v, pages %d; want Reset, 0", status, p.Pages)
	}
	bad := NewStore(&mapStorage{fail: true})
	if _, status := bad.Load(); status != Unavailable || !bad.Memory() {
		t.Errorf("failing storage: status = %v, memory %v; want Unavailable, true", status, bad.Memory())
	}
	failing := &mapStorage{}
	st = NewStore(failing)
	failing.fail = true
	if err := st.Save(New()); !errors.Is(err, ErrMemoryOnly) {
		t.Errorf("Save on failing storage = %v, want ErrMemoryOnly", err)
	}
	if err := st.Save(New()); err != nil || !st.Memory() {
		t.Errorf("second Save = %v, memory %v; want nil, true", err, st.Memory())
	}
}

func FuzzDecode(f *testing.F) {
	p := New()
	p.Record("camping", View, 1, "/", t0, 14*day)
	p.SetReplay("/", map[string]string{"hero": "camping"})
	good := Encode(p)
	f.Add(good)
	f.Add([]byte(`{"v":1}`))
	f.Add([]byte(`{"v":1,"topics":{"a":{"score":1e308,"updated":-9}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Decode(data)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("Decode error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		// Whatever decodes must be usable and re-encode to something that decodes.
		p.Visit(t0)
		p.Record("x", Click, 1, "/", t0, 14*day)
		p.Prune(t0, 30*day, 14*day)
		b := Encode(p)
		if _, err := Decode(b); err != nil {
			t.Fatalf("re-Decode(%s): %v", b, err)
		}
	})
}
