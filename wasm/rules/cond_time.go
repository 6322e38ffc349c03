package rules

import (
	"strings"
	"time"
)

// Conditions on the visitor's clock: time of day, weekday.

// timeOfDay holds from from (inclusive) to to (exclusive), in local minutes;
// from > to wraps past midnight.
type timeOfDay struct{ from, to int }

func (c timeOfDay) Topics() []string { return nil }
func (c timeOfDay) Eval(f Facts, why *[]Check) bool {
	m, _ := f.Clock()
	ok := m >= c.from && m < c.to
	if c.from > c.to {
		ok = m >= c.from || m < c.to
	}
	if why == nil {
		return ok
	}
	return note(why, Check{Kind: "time", WantText: hhmm(c.from) + "–" + hhmm(c.to), GotText: hhmm(m), Held: ok})
}

func hhmm(m int) string {
	h, mm := m/60, m%60
	return string([]byte{byte('0' + h/10), byte('0' + h%10), ':', byte('0' + mm/10), byte('0' + mm%10)})
}

var weekdays = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// Weekday reads a weekday as a config and a weekday Check name it ("mon"),
// for those who show it in words.
func Weekday(name string) (time.Weekday, bool) {
	for d, n := range weekdays {
		if n == name {
			return time.Weekday(d), true
		}
	}
	return 0, false
}

type weekday uint8 // bit d set: time.Weekday(d) allowed

func (c weekday) Topics() []string { return nil }
func (c weekday) Eval(f Facts, why *[]Check) bool {
	_, d := f.Clock()
	ok := c&(1<<d) != 0
	if why == nil {
		return ok
	}
	var want []string
	for i, n := range weekdays {
		if c&(1<<i) != 0 {
			want = append(want, n)
		}
	}
	return note(why, Check{Kind: "weekday", WantText: strings.Join(want, ","), GotText: weekdays[d], Held: ok})
}
