package profile

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

const (
	day = 24 * time.Hour
	hl  = 14 * day
)

func TestScoreDecaysByHalfLife(t *testing.T) {
	p := New()
	p.Record("camping", View, 2, "/c/camping", t0, hl)
	for _, tc := range []struct {
		after time.Duration
		want  float64
	}{{0, 2}, {14 * day, 1}, {28 * day, 0.5}} {
		if got := p.Score("camping", t0.Add(tc.after), hl); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("Score after %v = %v, want %v", tc.after, got, tc.want)
		}
	}
	p.Record("camping", Click, 3, "/", t0.Add(14*day), hl)
	if got, want := p.Score("camping", t0.Add(14*day), hl), 4.0; math.Abs(got-want) > 1e-9 {
		t.Errorf("Score after second event = %v, want %v", got, want)
	}
	if got := len(p.EventsOf("camping")); got != 2 {
		t.Errorf("len(EventsOf) = %d, want 2", got)
	}
}

// Folding evidence into the base never changes a score.
func TestFoldingKeepsScore(t *testing.T) {
	p := New()
	for i := 0; i < 3*MaxEventsPerTopic; i++ {
		p.Record("camping", View, 1, "/c/camping", t0.Add(time.Duration(i)*time.Hour), hl)
	}
	now := t0.Add(3 * MaxEventsPerTopic * time.Hour)
	want := 0.0
	for i := 0; i < 3*MaxEventsPerTopic; i++ {
		want += decay(1, ms(t0.Add(time.Duration(i)*time.Hour)), ms(now), hl)
	}
	if got := p.Score("camping", now, hl); math.Abs(got-want) > 1e-9 {
		t.Errorf("Score = %v, want %v", got, want)
	}
	if got := len(p.EventsOf("camping")); got != MaxEventsPerTopic {
		t.Errorf("kept %d events, want %d", got, MaxEventsPerTopic)
	}
}

func TestRecordIgnoresBadInput(t *testing.T) {
	p := New()
	p.Record("", View, 1, "/", t0, day)
	p.Record("x", View, 0, "/", t0, day)
	p.Record("x", View, math.NaN(), "/", t0, day)
	p.Record("x", View, math.Inf(1), "/", t0, day)
	p.Record("x", "evil", 1, "/", t0, day)
	if len(p.Topics) != 0 {
		t.Errorf("Topics = %v, want none", p.Topics)
	}
}

func TestBlockedTopicsAreNotInferred(t *testing.T) {
	p := New()
	p.Record("camping", View, 1, "/", t0, hl)
	p.Block("camping", t0)
	p.Record("camping", View, 1, "/", t0.Add(time.Minute), hl)
	if p.Score("camping", t0, hl) != 0 || len(p.EventsOf("camping")) != 0 {
		t.Errorf("a blocked topic was inferred")
	}
	p.Unblock("camping", t0.Add(2*time.Minute))
	p.Record("camping", View, 1, "/", t0.Add(3*time.Minute), hl)
	if p.Score("camping", t0.Add(3*time.Minute), hl) != 1 {
		t.Errorf("an unblocked topic was not inferred")
	}
}

func TestEventsAndTopicsAreBounded(t *testing.T) {
	p := New()
	for i := 0; i < 500; i++ {
		p.Record("t"+strconv.Itoa(i%100), View, float64(i%7+1), "/", t0.Add(time.Duration(i)*time.Minute), hl)
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
	if got, want := p.SinceLastVisit(t0.Add(10*time.Minute+VisitGap)), VisitGap; got != want {
		t.Errorf("SinceLastVisit = %v, want %v", got, want)
	}
	if New().SinceLastVisit(t0) >= 0 {
		t.Errorf("SinceLastVisit on a first visit is not negative")
	}
}

// Retention: nothing older than the window influences anything.
func TestPruneDropsOldEventsAndBases(t *testing.T) {
	p := New()
	for i := 0; i < MaxEventsPerTopic+5; i++ {
		p.Record("old", View, 1, "/", t0.Add(time.Duration(i)*time.Minute), hl)
	}
	p.Record("new", View, 1, "/", t0.Add(40*day), hl)
	p.Record("mixed", View, 1, "/", t0, hl)
	p.Record("mixed", View, 1, "/", t0.Add(35*day), hl)
	p.prune(t0.Add(40*day), 30*day)
	if _, ok := p.Topics["old"]; ok {
		t.Errorf("topic past retention kept: %+v", p.Topics["old"])
	}
	if _, ok := p.Topics["new"]; !ok {
		t.Errorf("recent topic dropped")
	}
	if got := len(p.EventsOf("mixed")); got != 1 {
		t.Errorf("mixed kept %d events, want 1", got)
	}
	for name, tp := range p.Topics {
		for _, e := range tp.Events {
			if e.At < ms(t0.Add(10*day)) {
				t.Errorf("topic %s kept an event from %v", name, time.UnixMilli(e.At))
			}
		}
	}
}

func TestImpressions(t *testing.T) {
	p := New()
	now := time.Date(2026, 11, 23, 23, 0, 0, 0, time.UTC)
	p.Impress("hero", now.Add(-8*day))
	p.Impress("hero", now.Add(-2*day))
	p.Impress("hero", now.Add(-time.Hour))
	p.Impress("hero", now)
	today, week, total := p.Shown("hero", now)
	if today != 2 || week != 3 || total != 4 {
		t.Errorf("Shown = %d, %d, %d; want 2, 3, 4", today, week, total)
	}
	if len(p.Impressions["hero"].Days) > MaxImpressionDays {
		t.Errorf("kept %d days", len(p.Impressions["hero"].Days))
	}
	// A day follows the visitor's own clock.
	tokyo := time.FixedZone("JST", 9*3600)
	q := New()
	q.Impress("x", time.Date(2026, 11, 24, 1, 0, 0, 0, tokyo)) // still the 23rd in UTC
	if today, _, _ := q.Shown("x", time.Date(2026, 11, 24, 20, 0, 0, 0, tokyo)); today != 1 {
		t.Errorf("impressions at 01:00 and 20:00 JST on the 24th counted on different days")
	}
}

func TestReplayBoundedMostRecentLast(t *testing.T) {
	p := New()
	for i := 0; i < MaxReplayPages+5; i++ {
		p.SetReplay("/p"+strconv.Itoa(i), map[string]string{"hero": ""}, nil, "", t0.Add(time.Duration(i)*time.Second))
	}
	p.SetReplay("/pz", map[string]string{"hero": "camping"}, nil, "", t0.Add(time.Hour))
	if len(p.Replay) != MaxReplayPages {
		t.Errorf("len(Replay) = %d, want %d", len(p.Replay), MaxReplayPages)
	}
	var got map[string]string
	for _, r := range p.Replay {
		if r.Path == "/pz" {
			got = r.Slots
		}
	}
	if got["hero"] != "camping" {
		t.Errorf("replay for /pz = %v; want hero=camping", got)
	}
	if last := p.Replay[len(p.Replay)-1].Path; last != "/pz" {
		t.Errorf("last replay = %s, want /pz", last)
	}
}

// full returns a profile using every field.
func full() *Profile {
	p := New()
	p.Visit(t0.Add(-3 * day))
	p.Visit(t0)
	for i := 0; i < MaxEventsPerTopic+3; i++ {
		p.Record("camping", View, 1, "/c/camping", t0.Add(time.Duration(i)*time.Minute), hl)
	}
	p.Record("running", Click, 3, "/", t0, hl)
	p.Declare("running", true, t0)
	p.Declare("health", false, t0)
	p.Block("politics", t0)
	p.Impress("hero-camping", t0)
	p.SetConsent(ConsentGranted, t0)
	p.SetPaused(false, t0)
	p.SetReplay("/", map[string]string{"hero": "camping", "tip": ""}, [][]string{{"tent-2p", "stove"}, {}}, "0badc0de", t0)
	p.ViewItem("parka", "Summit parka", []string{"coats"}, t0)
	p.ViewItem("gloves", "", []string{"gloves"}, t0)
	p.BuyItem("gloves", t0)
	p.DismissItem("scarf", t0)
	p.ShowItem("parka", t0)
	p.Born = t0.Add(-4 * day).UnixMilli()
	p.Measure = NewMeasurement("winter", Basis{Start: 1796083200, Days: 28, Holdout: 0.25}, 3, t0.UnixMilli())
	p.Measure.Arms["hero-camping"] = Assigned{Arm: 1, At: t0.Add(-20 * day).UnixMilli()}
	p.Measure.Eligible["hero-camping"] = t0.UnixMilli()
	p.Measure.Goal["hero-camping"] = t0.Add(time.Minute).UnixMilli()
	p.Measure.Sent = Sent{Period: 2, At: t0.UnixMilli(), Body: `{"v":1}`}
	p.MeasureOff = Flag{On: false, At: t0.UnixMilli()}
	p.Spend(t0.Add(-30*day).UnixMilli(), 3)
	p.Spend(t0.UnixMilli(), 2.5)
	return p
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	p := full()
	b := Encode(p)
	q, err := Decode(b)
	if err != nil {
		t.Fatalf("Decode(%s) error: %v", b, err)
	}
	if !reflect.DeepEqual(p, q) {
		t.Errorf("Decode(Encode(p)) = %+v, want %+v", q, p)
	}
	if b2 := Encode(q); string(b) != string(b2) {
		t.Errorf("encoding not stable:\n%s\n%s", b, b2)
	}
}

func TestDecodeRejectsForeignValues(t *testing.T) {
	for _, in := range []string{
		``, `null`, `[]`, `"hearth"`, `{}`, `{"v":2}`, `{"v":1,"topics":`,
		`{"v":1,"visits":-1}`,
		`{"v":1,"topics":{"a":{"base":-1}}}`,
		`{"v":1,"topics":{"a":null}}`,
		`{"v":1,"topics":{"a":{"events":[{"kind":"evil","at":1,"weight":1}]}}}`,
		`{"v":1,"topics":{"a":{"events":[{"kind":"view","at":2,"weight":1},{"kind":"view","at":1,"weight":1}]}}}`,
		`{"v":1,"topics":{"a":{"folded":5,"events":[{"kind":"view","at":2,"weight":1}]}}}`,
		`{"v":1,"replay":[{"path":"/","slots":[]}]}`,
		`{"v":1,"visits":1,"visits":2}`,
		`{"v":1,"colour":"blue"}`,
		`{"v":1,"consent":"maybe"}`,
		`{"v":1,"declared":{"a":true}}`,
		`{"v":1,"impressions":{"x":{"total":1,"days":[[5,1],[4,1]]}}}`,
		`{"v":1,"topics":{"a":{"events":[{"kind":"view","at":1.5,"weight":1}]}}}`,
	} {
		if _, err := Decode([]byte(in)); !errors.Is(err, errCorrupt) {
			t.Errorf("Decode(%q) error = %v, want errCorrupt", in, err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(Encode(full()))
	f.Add([]byte(`{"v":1}`))
	f.Add([]byte(`{"v":1,"topics":{"a":{"base":1e12,"baseAt":0,"folded":1,"events":[]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Decode(data)
		if err != nil {
			if !errors.Is(err, errCorrupt) {
				t.Fatalf("Decode error %v does not wrap errCorrupt", err)
			}
			// What decodeRepairing keeps must be as usable as what Decode reads.
			if p, _, err = decodeRepairing(data); err != nil {
				return
			}
		}
		// Whatever decodes must be usable and re-encode to something that decodes.
		p.Visit(t0)
		p.Record("x", Click, 1, "/", t0, hl)
		p.prune(t0, 30*day)
		m := mergeProfiles(p, full(), hl)
		for _, q := range []*Profile{p, m} {
			b := compactTo(q, maxStored, t0, hl)
			if _, err := Decode(b); err != nil {
				t.Fatalf("re-Decode(%s): %v", b, err)
			}
		}
	})
}

// What SetReplay keeps of recommendation slots always decodes again: a SKU
// too long to store drops its slot's replay, not the profile.
func TestSetReplayRecsStayDecodable(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	p := New()
	long := strings.Repeat("x", MaxName+1)
	many := make([]string, MaxReplayItems+3)
	for i := range many {
		many[i] = "sku" + strconv.Itoa(i)
	}
	p.SetReplay("/p", map[string]string{}, [][]string{{"a", long}, many, {}, {"b"}}, "", now)
	got := p.Replay[0].Recs
	if len(got) != 4 || got[0] != nil || len(got[1]) != MaxReplayItems || got[3][0] != "b" {
		t.Fatalf("kept %q", got)
	}
	if _, err := Decode(Encode(p)); err != nil {
		t.Fatalf("the stored replay does not decode: %v", err)
	}
	p.SetReplay("/q", nil, [][]string{{}, {long}}, "", now)
	if p.Replay[len(p.Replay)-1].Recs != nil {
		t.Errorf("nothing to replay should store no recs, got %q", p.Replay[len(p.Replay)-1].Recs)
	}
}
