package session

import (
	"time"

	"github.com/hearth-personalization/hearth/wasm/engine"
)

// recommend ranks the recommendation slots; a reminder counts against its
// item's caps once per page view.
func (s *Session) recommend(now time.Time) (shown bool) {
	s.recs = s.recs[:0]
	for _, slot := range s.page.RecSlots {
		rs := engine.Recommend(s.p, s.cfg, s.page, slot, now)
		s.recs = append(s.recs, rs)
		for _, r := range rs {
			if r.Kind == engine.Recent && !s.impressed["item:"+r.SKU] && s.recording() {
				s.impressed["item:"+r.SKU] = true
				s.p.ShowItem(r.SKU, now)
				shown = true
			}
		}
	}
	return shown
}

// recSKUs lists what each recommendation slot shows, for the replay.
func (s *Session) recSKUs() [][]string {
	if len(s.page.RecSlots) == 0 {
		return nil
	}
	out := make([][]string, len(s.recs))
	for i, rs := range s.recs {
		for _, r := range rs {
			out[i] = append(out[i], r.SKU)
		}
	}
	return out
}
