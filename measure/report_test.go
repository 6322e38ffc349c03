package measure

import (
	"strings"
	"testing"
	"time"
)

// Every report of a measurement has the same size, whatever its period,
// arms and cells, and reads back as written.
func TestReportFixedSizeRoundTrip(t *testing.T) {
	exps := []string{"hero-camping", "signup"}
	size := Size("winter-2026", exps)
	if size%64 != 0 {
		t.Fatalf("Size = %d, want a multiple of 64", size)
	}
	for _, p := range []int{0, 7, 123, MaxPeriod} {
		for _, arm := range []Arm{Shown, Held} {
			for c := Cell(0); c < K; c++ {
				r := Report{Measurement: "winter-2026", Period: p, Nonce: Nonce([16]byte{1, 2, 255}),
					Entries: []Entry{{"hero-camping", arm, c}, {"signup", Held, K - 1 - c}}}
				b := r.Encode(size)
				if len(b) != size {
					t.Fatalf("period %d: %d bytes, want %d", p, len(b), size)
				}
				got, err := Decode(b)
				if err != nil {
					t.Fatalf("Decode(%s): %v", b, err)
				}
				if got.Measurement != r.Measurement || got.Period != p || got.Nonce != r.Nonce || len(got.Entries) != 2 || got.Entries[0] != r.Entries[0] || got.Entries[1] != r.Entries[1] {
					t.Fatalf("Decode = %+v, want %+v", got, r)
				}
			}
		}
	}
}

func TestDecodeRefuses(t *testing.T) {
	n := strings.Repeat("a", NonceLen)
	for _, in := range []string{
		``, `[]`, `{"v":1}`,
		`{"v":2,"m":"w","p":1,"n":"` + n + `","r":[["e",0,1]]}`,
		`{"v":1,"m":"","p":1,"n":"` + n + `","r":[["e",0,1]]}`,
		`{"v":1,"m":"w","p":-1,"n":"` + n + `","r":[["e",0,1]]}`,
		`{"v":1,"m":"w","p":1.5,"n":"` + n + `","r":[["e",0,1]]}`,
		`{"v":1,"m":"w","p":1,"n":"XYZ","r":[["e",0,1]]}`,
		`{"v":1,"m":"w","p":1,"n":"` + n + `","r":[]}`,
		`{"v":1,"m":"w","p":1,"n":"` + n + `","r":[["e",2,1]]}`,
		`{"v":1,"m":"w","p":1,"n":"` + n + `","r":[["e",0,3]]}`,
		`{"v":1,"m":"w","p":1,"n":"` + n + `","r":[["e",0]]}`,
		`{"v":1,"m":"w","p":1,"n":"` + n + `","r":[["e",0,1]],"x":1}`,
	} {
		if r, err := Decode([]byte(in)); err == nil {
			t.Errorf("Decode(%s) = %+v, want an error", in, r)
		}
	}
}

func TestPeriod(t *testing.T) {
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		at   time.Time
		want int
	}{
		{start.Add(-time.Second), -1}, {start, 0}, {start.Add(7*24*time.Hour - 1), 0},
		{start.Add(7 * 24 * time.Hour), 1}, {start.Add(30 * 24 * time.Hour), 4},
	} {
		if got := Period(start, 7, tc.at); got != tc.want {
			t.Errorf("Period(%v) = %d, want %d", tc.at, got, tc.want)
		}
	}
}

// FuzzDecode: any bytes either decode to a report that encodes back to
// what Decode reads the same, or are refused; never a panic.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(Report{Measurement: "w", Period: 3, Nonce: strings.Repeat("0", NonceLen), Entries: []Entry{{"e", 1, 2}}}.Encode(128)))
	f.Add([]byte(`{"v":1,"m":"w","p":1e5,"n":"","r":[["e",0,1]]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := Decode(b)
		if err != nil {
			return
		}
		again, err := Decode(r.Encode(0))
		if err != nil || again.Period != r.Period || len(again.Entries) != len(r.Entries) {
			t.Fatalf("%q decoded to %+v, which does not read back: %v", b, r, err)
		}
	})
}

// The server takes a report only in the form the device writes it (#33.5):
// tabs, newlines, reordered keys, 1e0, escaped names all decoded before,
// and each could carry something of its own past the audit.
func TestDecodeExact(t *testing.T) {
	r := Report{Measurement: "winter", Period: 3, Nonce: Nonce([16]byte{1, 2}), Entries: []Entry{{Experience: "hero", Arm: Held, Cell: Goal}}}
	size := Size("winter", []string{"hero"})
	good := string(r.Encode(size))
	if _, err := DecodeExact([]byte(good), size); err != nil {
		t.Fatalf("the device's own report: %v", err)
	}
	pad := func(s string) string { return s + strings.Repeat(" ", size-len(s)) }
	body := strings.TrimRight(good, " ")
	for name, b := range map[string]string{
		"a tab in the padding":  good[:len(good)-1] + "\t",
		"a newline after a key": pad(strings.Replace(body, `"v":1,`, "\"v\":1,\n", 1)),
		"keys reordered":        pad(strings.Replace(body, `"v":1,"m":"winter",`, `"m":"winter","v":1,`, 1)),
		"1e0 for 1":             pad(strings.Replace(body, `"v":1`, `"v":1e0`, 1)),
		"an escaped name":       pad(strings.Replace(body, `"hero"`, `"h\u0065ro"`, 1)),
		"a space inside":        pad(strings.Replace(body, `"p":3`, `"p": 3`, 1)),
	} {
		if len(b) != size {
			t.Fatalf("%s: %d bytes, want %d", name, len(b), size)
		}
		if _, err := Decode([]byte(b)); err != nil {
			t.Fatalf("%s: Decode refuses it (%v): the case shows nothing", name, err)
		}
		if _, err := DecodeExact([]byte(b), size); err == nil {
			t.Errorf("%s: taken: %q", name, b)
		}
	}
}
