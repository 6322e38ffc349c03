package stamp

import (
	"testing"
	"time"
)

// The standard library is the reference: every form must agree with it.

func TestFormatsAgreeWithTime(t *testing.T) {
	zones := []*time.Location{time.UTC, time.FixedZone("", 3600), time.FixedZone("", -(5*3600 + 30*60)), time.FixedZone("", 45*60)}
	for _, ms := range []int64{0, 1, 86399999, 951782400000, 1795435200123, -62135596800000, 253402300799000, -86400000} {
		for _, z := range zones {
			tm := time.UnixMilli(ms).In(z)
			if got, want := Date(tm), tm.Format("2006-01-02"); got != want {
				t.Errorf("Date(%v) = %q, want %q", tm, got, want)
			}
			if got, want := Clock(tm), tm.Format("15:04"); got != want {
				t.Errorf("Clock(%v) = %q, want %q", tm, got, want)
			}
			if got, want := RFC3339(tm), tm.Format(time.RFC3339); got != want {
				t.Errorf("RFC3339(%v) = %q, want %q", tm, got, want)
			}
		}
	}
}

func FuzzParseAgreesWithTime(f *testing.F) {
	for _, s := range []string{"2026-12-01", "2024-02-29", "2023-02-29", "2026-13-01", "2026-1-01", "2026-12-01T08:00:00+01:00",
		"2026-12-01T08:00:00Z", "2026-12-01T08:00:00.123456789Z", "2026-12-01T08:00:00.1234567891-05:30", "2026-12-01T24:00:00Z",
		"2026-12-01T08:00:00", "2026-12-01t08:00:00Z", "2026-12-01T08:00:00+1:00", "+026-12-01", "2026-12-01T08:00:00.Z", "0000-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		y, m, d, ok := ParseDate(s)
		ref, err := time.Parse("2006-01-02", s)
		if ok != (err == nil) {
			t.Fatalf("ParseDate(%q) ok=%v, time.Parse err=%v", s, ok, err)
		}
		if ok && (y != ref.Year() || m != int(ref.Month()) || d != ref.Day()) {
			t.Fatalf("ParseDate(%q) = %d-%d-%d, time.Parse %v", s, y, m, d, ref)
		}
		got, ok := ParseRFC3339(s)
		ref, err = time.Parse(time.RFC3339, s)
		if ok && err != nil {
			t.Fatalf("ParseRFC3339(%q) accepted what time.Parse refuses: %v", s, err)
		}
		if ok && !got.Equal(ref) {
			t.Fatalf("ParseRFC3339(%q) = %v, time.Parse %v", s, got, ref)
		}
		if !ok && err == nil && len(s) >= 20 && s[10] == 'T' {
			_, off := ref.Zone()
			if off%60 == 0 { // time.Parse also takes a few odd forms (lower-case zones, hour 24 fixes); ours must take every well-formed one
				if r2 := ref.Format(time.RFC3339Nano); r2 == s {
					t.Fatalf("ParseRFC3339(%q) refused a well-formed time", s)
				}
			}
		}
	})
}
