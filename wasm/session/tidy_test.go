package session

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// storedWith is a stored profile whose camping topic holds one view at
// each of the given times.
func storedWith(at ...time.Time) string {
	var evs []string
	for _, t := range at {
		evs = append(evs, fmt.Sprintf(`{"kind":"view","path":"/p","at":%d,"weight":1}`, t.UnixMilli()))
	}
	return `{"v":1,"pages":3,"visits":1,"topics":{"camping":{"events":[` + strings.Join(evs, ",") + `]}}}`
}

// Retention (30 days by default) is applied to what is stored, not only to
// one tab's copy: every save merges with the stored value, which held the
// old events, and used to write them back (#24.11).
func TestRetentionAppliedToWhatIsStored(t *testing.T) {
	day := 24 * time.Hour
	v := storedWith(time.UnixMilli(1), t0.Add(-10*365*day), t0.Add(-40*day), t0.Add(-day))
	p, _ := boot(t, &v, true, facts("/", ""))
	p.send(map[string]any{"t": "track", "topic": "running", "weight": 1})
	for _, old := range []time.Time{time.UnixMilli(1), t0.Add(-10 * 365 * day), t0.Add(-40 * day)} {
		if strings.Contains(*p.stored, fmt.Sprintf(`"at":%d,`, old.UnixMilli())) {
			t.Errorf("an event of %s, past the 30 days' retention, is still stored: %s", old.Format(time.DateOnly), *p.stored)
		}
	}
	if !strings.Contains(*p.stored, fmt.Sprintf(`"at":%d,`, t0.Add(-day).UnixMilli())) {
		t.Errorf("yesterday's event is gone: %s", *p.stored)
	}
	// Another tab's value, written by a version that kept old events,
	// arrives through a storage event: tidied before it is written back.
	old := storedWith(t0.Add(-40*day), t0.Add(-2*day))
	p.send(map[string]any{"t": "storage", "value": old, "ok": true})
	p.send(map[string]any{"t": "dwell"})
	if strings.Contains(*p.stored, fmt.Sprintf(`"at":%d,`, t0.Add(-40*day).UnixMilli())) {
		t.Errorf("another tab's expired event was written back: %s", *p.stored)
	}
}

// Times from the future (a clock that ran ahead, then was corrected) are
// brought back to now on load: such an event decays and expires, new
// visits are counted again, and a choice dated ahead does not beat a later
// one (#24.16).
func TestFutureTimesClamped(t *testing.T) {
	future := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	v := fmt.Sprintf(`{"v":1,"pages":3,"visits":1,"firstSeen":%d,"lastSeen":%d,"declared":{"running":{"on":true,"at":%d}},`+
		`"topics":{"camping":{"events":[{"kind":"view","path":"/p","at":%d,"weight":1}]}}}`, future, future, future, future)
	p, _ := boot(t, &v, true, facts("/", ""))
	if strings.Contains(*p.stored, fmt.Sprint(future)) {
		t.Errorf("a time in year 9999 is still stored after the first page: %s", *p.stored)
	}
	later := map[string]any{"t": "boot", "config": testConfig, "facts": facts("/", ""), "storage": true, "stored": *p.stored}
	if s, _, err := Boot(msg(t, later), t0.Add(time.Hour)); err != nil || s.p.Visits != 2 {
		t.Errorf("an hour later, a page view after a last view dated in the future: visits %d (err %v), want 2", s.p.Visits, err)
	}
	// Another tab still holds the value dated ahead; this tab's later
	// choice wins the merge.
	p.stored = &v
	p.send(map[string]any{"t": "declare", "topic": "running", "on": false})
	q, _ := boot(t, p.stored, true, facts("/", ""))
	if on, _ := q.s.p.DeclaredOn("running"); on {
		t.Errorf("declared off now, but the declaration dated year 9999 still wins: %s", *p.stored)
	}
}

// A write the page could not make (a full quota) keeps the profile in
// memory for now, but the next change tries again: storage that works
// again keeps the visitor's later choices (#24.14), and the panel counts
// what is stored still, not 0 B (#24.15).
func TestWriteFailureRetried(t *testing.T) {
	p, _ := boot(t, nil, true, facts("/", ""))
	before := *p.stored
	// The page's setItem threw: what it holds is still the first value.
	p.send(map[string]any{"t": "declare", "topic": "camping", "on": true})
	p.stored = &before
	a := p.send(map[string]any{"t": "storage-failed", "error": "QuotaExceededError"})
	if a.Write != nil {
		t.Errorf("told of a failed write, the worker wrote again at once (a loop): %s", *a.Write)
	}
	v := p.send(map[string]any{"t": "open", "lang": "en"}).View
	if v == nil || !strings.Contains(strings.Join(v.Notices, " "), "nothing will be remembered") {
		t.Errorf("after a failed write the panel does not say so: %+v", v)
	}
	if v != nil && !strings.Contains(v.Storage, fmt.Sprintf("%d B", len(before))) {
		t.Errorf("after a failed write the panel does not count the %d B stored still: %q", len(before), v.Storage)
	}
	p.send(map[string]any{"t": "close"})
	a = p.send(map[string]any{"t": "declare", "topic": "running", "on": true})
	if a.Write == nil || !strings.Contains(*a.Write, `"running"`) || !strings.Contains(*a.Write, `"camping"`) {
		t.Fatalf("the next change after a failed write wrote nothing: %+v", a.Write)
	}
	v = p.send(map[string]any{"t": "open", "lang": "en"}).View
	if v == nil || strings.Contains(strings.Join(v.Notices, " "), "nothing will be remembered") {
		t.Errorf("the write went through, but the panel still says nothing is remembered: %+v", v)
	}
}
