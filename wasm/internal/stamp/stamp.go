// Package stamp writes and reads the few date and time forms Hearth shows
// and accepts ("2006-01-02", "15:04", RFC 3339), without time.Format and
// time.Parse: their layout machinery is ~15 KB brotli of the module for
// three fixed layouts.
package stamp

import "time"

// Date is t's calendar date as YYYY-MM-DD, in t's location.
func Date(t time.Time) string {
	y, m, d := t.Date()
	return string(appendDate(nil, y, int(m), d))
}

// Clock is t's time of day as HH:MM (24-hour), in t's location.
func Clock(t time.Time) string {
	return string(pad2(append(pad2(nil, t.Hour()), ':'), t.Minute()))
}

// RFC3339 is t as time.RFC3339 writes it: seconds, and "Z" or ±hh:mm.
func RFC3339(t time.Time) string {
	y, m, d := t.Date()
	b := appendDate(make([]byte, 0, 25), y, int(m), d)
	b = pad2(append(b, 'T'), t.Hour())
	b = pad2(append(b, ':'), t.Minute())
	b = pad2(append(b, ':'), t.Second())
	_, off := t.Zone()
	if off == 0 {
		return string(append(b, 'Z'))
	}
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	off /= 60
	return string(pad2(append(pad2(append(b, sign), off/60), ':'), off%60))
}

func appendDate(b []byte, y, m, d int) []byte {
	if y < 0 {
		b, y = append(b, '-'), -y
	}
	for div := 1000; div > 1 && y < div; div /= 10 {
		b = append(b, '0')
	}
	b = appendInt(b, y)
	b = pad2(append(b, '-'), m)
	return pad2(append(b, '-'), d)
}

func pad2(b []byte, n int) []byte { return append(b, byte('0'+n/10%10), byte('0'+n%10)) }

func appendInt(b []byte, n int) []byte {
	if n >= 10 {
		b = appendInt(b, n/10)
	}
	return append(b, byte('0'+n%10))
}

// ParseDate reads YYYY-MM-DD, a real calendar day.
func ParseDate(s string) (y, m, d int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// ParseRFC3339 reads YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM), as
// time.Parse(time.RFC3339, s) does.
func ParseRFC3339(s string) (time.Time, bool) {
	if len(s) < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	y, m, d, ok := ParseDate(s[:10])
	if !ok {
		return time.Time{}, false
	}
	hh, ok1 := digits(s[11:13])
	mm, ok2 := digits(s[14:16])
	ss, ok3 := digits(s[17:19])
	if !ok1 || !ok2 || !ok3 || hh > 23 || mm > 59 || ss > 59 {
		return time.Time{}, false
	}
	rest, nsec := s[19:], 0
	if rest[0] == '.' || rest[0] == ',' {
		i := 1
		for ; i < len(rest) && rest[i] >= '0' && rest[i] <= '9'; i++ {
			if i <= 9 {
				nsec = nsec*10 + int(rest[i]-'0')
			}
		}
		if i == 1 {
			return time.Time{}, false
		}
		for n := min(i-1, 9); n < 9; n++ {
			nsec *= 10
		}
		rest = rest[i:]
	}
	loc := time.UTC
	switch {
	case rest == "Z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := digits(rest[1:3])
		om, ok2 := digits(rest[4:6])
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return time.Time{}, false
		}
		off := (oh*60 + om) * 60
		if rest[0] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
	default:
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, hh, mm, ss, nsec, loc), true
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
