package profile

import "testing"

// A click the page side queued is counted once: by the tab that saw it,
// by the next page if the tab was gone first, never twice when copies of
// the queue meet in a merge.
func TestPendingCountedOnce(t *testing.T) {
	click := Pending{Kind: Click, Path: "/c/camping/", At: t0.UnixMilli(), Topics: []string{"camping", "tents"}}
	stored := New()
	stored.AddPending(click) // the page side's copy, in storage
	b, err := Decode(Encode(stored))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Pending) != 1 || b.Pending[0].Topics[1] != "tents" {
		t.Fatalf("pending after a round trip: %+v", b.Pending)
	}
	mine := New()
	mine.AddPending(click) // the module's copy of the same click
	m := mergeProfiles(b, mine, hl)
	if len(m.Pending) != 1 {
		t.Fatalf("two copies of one click merged into %d", len(m.Pending))
	}
	m.Absorb(3, hl)
	if len(m.Pending) != 0 || m.Score("camping", t0, hl) != 3 || m.Score("tents", t0, hl) != 3 {
		t.Fatalf("after Absorb: pending %d, camping %v, tents %v; want 0, 3, 3", len(m.Pending), m.Score("camping", t0, hl), m.Score("tents", t0, hl))
	}
	// The stored copy still holds the click: merged back in, it adds nothing.
	again := mergeProfiles(m, b, hl)
	again.Absorb(3, hl)
	if got := again.Score("camping", t0, hl); got != 3 {
		t.Errorf("a click merged back in counted again: camping %v, want 3", got)
	}
}

func TestPendingRefusesWhatItCannotStore(t *testing.T) {
	p := New()
	for _, s := range []Pending{
		{Kind: View, Path: "/", At: 1, Topics: []string{"a"}},
		{Kind: Click, Path: "/", At: 0, Topics: []string{"a"}},
		{Kind: Click, Path: "/", At: 1},
		{Kind: Click, Path: "/", At: 1, Topics: []string{""}},
	} {
		p.AddPending(s)
	}
	for i := 0; i < maxPending+5; i++ {
		p.AddPending(Pending{Kind: Click, Path: "/", At: int64(i + 1), Topics: []string{"a"}})
	}
	if len(p.Pending) != maxPending || p.Pending[0].At != 6 {
		t.Errorf("queue: %d entries from at=%d; want the newest %d", len(p.Pending), p.Pending[0].At, maxPending)
	}
	if _, err := Decode(Encode(p)); err != nil {
		t.Errorf("the queue does not decode: %v", err)
	}
}
