package profile

import (
	"sort"
	"time"
)

// clampFuture moves every stored time later than now back to now. A clock
// that ran ahead and was then corrected would otherwise leave events that
// never decay nor expire (one dated year 9999 is kept forever), a last page
// view in the future that keeps new visits from being counted, and choices
// dated ahead that beat every later change in a merge of tabs. Days of
// impressions past today are dropped where they are read (recentDays).
func (p *Profile) clampFuture(now time.Time) {
	t := ms(now)
	clamp := func(v *int64) {
		if *v > t {
			*v = t
		}
	}
	for _, tp := range p.Topics {
		clamp(&tp.BaseAt)
		clamp(&tp.Folded)
		moved := false
		for i := range tp.Events {
			if tp.Events[i].At > t {
				tp.Events[i].At, moved = t, true
			}
		}
		if moved { // events stay in their order (see Event.less)
			sort.SliceStable(tp.Events, func(i, j int) bool { return tp.Events[i].less(tp.Events[j]) })
		}
	}
	for _, m := range []map[string]Flag{p.Declared, p.Blocked} {
		for k, f := range m {
			if f.At > t {
				f.At = t
				m[k] = f
			}
		}
	}
	for _, v := range []*int64{&p.FirstSeen, &p.LastSeen, &p.PrevSeen, &p.ConsentAt, &p.Paused.At, &p.Born} {
		clamp(v)
	}
	for _, it := range p.Items {
		for _, v := range []*int64{&it.FirstSeen, &it.LastSeen, &it.Bought, &it.Dismissed} {
			clamp(v)
		}
	}
	for i := range p.Replay {
		clamp(&p.Replay[i].At)
	}
	for i := range p.Pending {
		clamp(&p.Pending[i].At)
	}
}

// Tidy applies what holds for every profile Hearth keeps, whatever a tab,
// a clock or an older version left in it: no time in the future, and
// nothing older than retention (0: no bound). It runs on the profile read
// at start and on every merge before it is written back, so that an event
// past retention is deleted from storage, not only from one tab's memory.
func (p *Profile) Tidy(now time.Time, retention time.Duration) {
	p.clampFuture(now)
	if retention > 0 {
		p.prune(now, retention)
	}
}
