package profile

// What was shown: impressions per experience and day (for caps) and the
// last decision per page (for the loader's replay).

import (
	"math"
	"time"
)

// dayOf is the day number of now in now's time zone, so "per day" caps
// follow the visitor's calendar.
func dayOf(now time.Time) int {
	_, off := now.Zone()
	return int(math.Floor(float64(now.Unix()+int64(off)) / 86400))
}

// recentDays keeps the days within MaxImpressionDays of today.
func recentDays(days []Day, today int) []Day {
	out := days[:0:0]
	for _, d := range days {
		if d.Day > today-MaxImpressionDays && d.Day <= today {
			out = append(out, d)
		}
	}
	return out
}

// Impress counts one showing of experience id today.
func (p *Profile) Impress(id string, now time.Time) {
	if id == "" || len(id) > MaxName {
		return
	}
	im := p.Impressions[id]
	if im == nil {
		im = &Impressions{}
		p.Impressions[id] = im
	}
	im.Total++
	today := dayOf(now)
	im.Days = recentDays(im.Days, today)
	if n := len(im.Days); n > 0 && im.Days[n-1].Day == today {
		im.Days[n-1].N++
	} else {
		im.Days = append(im.Days, Day{Day: today, N: 1})
	}
}

// Shown returns how often experience id was shown today, in the last 7 days
// (today included) and in total.
func (p *Profile) Shown(id string, now time.Time) (today, week, total int) {
	im := p.Impressions[id]
	if im == nil {
		return 0, 0, 0
	}
	d := dayOf(now)
	for _, day := range im.Days {
		if day.Day == d {
			today += day.N
		}
		if day.Day > d-7 && day.Day <= d {
			week += day.N
		}
	}
	return today, week, im.Total
}

// SetReplay remembers the decision for path (slots, and the items of its
// recommendation slots) under the config it came from (cfg, the page
// side's hash of its text: a replay from another config is not shown),
// most recent last, bounded.
func (p *Profile) SetReplay(path string, slots map[string]string, recs [][]string, cfg string, now time.Time) {
	if len(cfg) > MaxConfigHash {
		cfg = ""
	}
	var kept [][]string
	some := false
	for i, r := range recs {
		if i == MaxReplayRecs {
			break
		}
		skus := append([]string(nil), r[:min(len(r), MaxReplayItems)]...)
		for _, sku := range skus {
			if sku == "" || len(sku) > MaxName {
				skus = nil // what cannot be stored is not replayed: the slot waits for the module
				break
			}
		}
		kept = append(kept, skus)
		some = some || len(skus) > 0
	}
	if !some {
		kept = nil
	}
	recs = kept
	path = clip(path, MaxPath)
	out := p.Replay[:0:0]
	for _, r := range p.Replay {
		if r.Path != path {
			out = append(out, r)
		}
	}
	out = append(out, PageDecision{Path: path, At: ms(now), Slots: slots, Recs: recs, Config: cfg})
	if n := len(out); n > MaxReplayPages {
		out = out[n-MaxReplayPages:]
	}
	p.Replay = out
}
