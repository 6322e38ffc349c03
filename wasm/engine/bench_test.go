package engine

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/wasm/profile"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// benchConfig has n experiences over 200 topics, spread over 20 slots, with
// a mix of every kind of condition.
func benchConfig(b *testing.B, n int) *rules.Config {
	b.Helper()
	var sb strings.Builder
	sb.WriteString(`{"version": 1, "topics": {`)
	for i := 0; i < 200; i++ {
		if i > 0 {
			sb.WriteString(",")
		}
		sb.WriteString(`"t` + strconv.Itoa(i) + `": {"label": {"en": "Topic ` + strconv.Itoa(i) + `"}}`)
	}
	sb.WriteString(`}, "experiences": [`)
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteString(",")
		}
		t := "t" + strconv.Itoa(i%200)
		u := "t" + strconv.Itoa((i*7+3)%200)
		when := []string{
			`{"interest": {"topic": "` + t + `", "atLeast": 50}}`,
			`{"all": [{"top": {"topic": "` + t + `", "k": 3}}, {"not": {"declared": "` + u + `"}}]}`,
			`{"any": [{"declared": "` + t + `"}, {"visits": {"atLeast": 1000}}, {"path": "/c/` + t + `/**"}]}`,
			`{"all": [{"weekday": ["mon", "sat"]}, {"time": {"from": "23:00", "to": "23:30"}}, {"interest": {"topic": "` + u + `", "atLeast": 99}}]}`,
		}[i%4]
		sb.WriteString(`{"id": "x` + strconv.Itoa(i) + `", "slot": "s` + strconv.Itoa(i%20) + `", "variant": "v` + strconv.Itoa(i) +
			`", "priority": ` + strconv.Itoa(i%7) + `, "cap": {"perDay": 3}, "when": ` + when + `}`)
	}
	sb.WriteString(`]}`)
	cfg, err := rules.Parse([]byte(sb.String()))
	if err != nil {
		b.Fatal(err)
	}
	return cfg
}

// benchProfile has events on 200 topics (past the normal bound, on purpose).
func benchProfile(now time.Time) *profile.Profile {
	p := profile.New()
	for i := 0; i < 200; i++ {
		t := &profile.Topic{}
		for j := 0; j < 5; j++ {
			t.Events = append(t.Events, profile.Event{Kind: profile.View, Path: "/c/t", At: now.Add(-time.Duration(i*j+j) * time.Hour).UnixMilli(), Weight: 1})
		}
		for j, k := 0, len(t.Events)-1; j < k; j, k = j+1, k-1 {
			t.Events[j], t.Events[k] = t.Events[k], t.Events[j]
		}
		p.Topics["t"+strconv.Itoa(i)] = t
		if i%10 == 0 {
			p.Declare("t"+strconv.Itoa(i), true, now)
		}
	}
	p.Visits, p.Pages = 12, 80
	return p
}

// BenchmarkDecide1000x200: 1,000 experiences on 20 slots against a profile
// of 200 topics.
func BenchmarkDecide1000x200(b *testing.B) {
	cfg := benchConfig(b, 1000)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	p := benchProfile(now)
	page := Page{Path: "/c/t6/tents", SinceLastVisit: -1, Viewport: "large"}
	for s := 0; s < 20; s++ {
		slot := Slot{Name: "s" + strconv.Itoa(s)}
		for i := s; i < 1000; i += 20 {
			slot.Variants = append(slot.Variants, "v"+strconv.Itoa(i))
		}
		page.Slots = append(page.Slots, slot)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var personalized int
	for i := 0; i < b.N; i++ {
		personalized = 0
		for _, d := range Decide(p, cfg, page, now) {
			if d.Personalized() {
				personalized++
			}
		}
	}
	if personalized == 0 {
		b.Fatal("nothing personalized: the benchmark measures nothing")
	}
}
