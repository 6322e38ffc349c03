package measure

import (
	"errors"
	"strconv"
	"time"

	"github.com/hearth-personalization/hearth/internal/jsonv"
)

// The report is what leaves the browser once per period: one entry per
// measured experience of the config (all of them, eligible or not), each
// with the arm in the clear and the randomized cell, a random nonce that
// lets the server refuse a replay (it says nothing of the visitor: fresh
// for every report), and spaces up to Size so that every report of one
// measurement has the same length whatever it says.
//
//	{"v":1,"m":"winter","p":3,"n":"9f…","r":[["hero",0,2],["signup",1,0]]}␠␠␠…

// Wire is the report format's version.
const Wire = 1

// MaxPeriod bounds the period number (five digits: 1,900 years of weekly
// periods), so that the size of a report never depends on it.
const MaxPeriod = 99999

// Grace is how many periods late a report is still made on the device and
// taken by the server: a visitor back after a longer absence sends
// nothing about the old period.
const Grace = 2

// NonceLen is the nonce's length in hex digits (16 random bytes).
const NonceLen = 32

// Entry is one measured experience in a report.
type Entry struct {
	Experience string
	Arm        Arm
	Cell       Cell // randomized
}

// Report is one visitor's report about one period.
type Report struct {
	Measurement string
	Period      int
	Nonce       string
	Entries     []Entry
}

// Size is the length of every report of a measurement whose experiences are
// named exps: the longest encoding (five-digit period), rounded up to 64
// bytes.
func Size(measurement string, exps []string) int {
	r := Report{Measurement: measurement, Period: MaxPeriod, Nonce: Nonce([16]byte{})}
	for _, e := range exps {
		r.Entries = append(r.Entries, Entry{Experience: e})
	}
	n := len(r.encode())
	return (n + 63) / 64 * 64
}

// Encode writes the report padded with spaces to size bytes (Size of its
// measurement). A report that does not fit is a programming error: Size
// counts the longest one.
func (r Report) Encode(size int) []byte {
	b := r.encode()
	for len(b) < size {
		b = append(b, ' ')
	}
	return b
}

func (r Report) encode() []byte {
	var w jsonv.Writer
	w.Open('{')
	w.Key("v")
	w.Int(Wire)
	w.Key("m")
	w.String(r.Measurement)
	w.Key("p")
	w.Int(int64(r.Period))
	w.Key("n")
	w.String(r.Nonce)
	w.Key("r")
	w.Open('[')
	for _, e := range r.Entries {
		w.Open('[')
		w.String(e.Experience)
		w.Int(int64(e.Arm))
		w.Int(int64(e.Cell))
		w.Close(']')
	}
	w.Close(']')
	w.Close('}')
	return w.Bytes()
}

// Decode reads a report as the server receives it, refusing anything that
// is not exactly what Encode writes: the wrong version, keys, types or
// ranges, an arm or a cell out of range, a nonce that is not 32 lowercase
// hex digits; DecodeExact also refuses any other form of the same report.
// What it is checked against (the measurement, its experiences and the
// period window) is the caller's: see server.Reports.
func Decode(b []byte) (Report, error) {
	var r Report
	v, err := jsonv.Parse(b)
	if err != nil {
		return r, errors.New("not JSON: " + err.Error())
	}
	if v.Kind != jsonv.Object || len(v.Members) != 5 {
		return r, errors.New(`want an object with "v", "m", "p", "n" and "r"`)
	}
	if x := v.Get("v"); x == nil || x.Kind != jsonv.Number || x.Num != Wire {
		return r, errors.New(`"v" must be ` + strconv.Itoa(Wire))
	}
	m := v.Get("m")
	if m == nil || m.Kind != jsonv.String || m.Str == "" {
		return r, errors.New(`"m" must name the measurement`)
	}
	r.Measurement = m.Str
	p := v.Get("p")
	if p == nil || p.Kind != jsonv.Number || p.Num != float64(int(p.Num)) || p.Num < 0 || p.Num > MaxPeriod {
		return r, errors.New(`"p" must be a period number from 0 to ` + strconv.Itoa(MaxPeriod))
	}
	r.Period = int(p.Num)
	n := v.Get("n")
	if n == nil || n.Kind != jsonv.String || !isNonce(n.Str) {
		return r, errors.New(`"n" must be 32 lowercase hex digits`)
	}
	r.Nonce = n.Str
	es := v.Get("r")
	if es == nil || es.Kind != jsonv.Array || len(es.Elems) == 0 {
		return r, errors.New(`"r" must list the measured experiences`)
	}
	for i, e := range es.Elems {
		at := `"r"[` + strconv.Itoa(i) + "]"
		if e.Kind != jsonv.Array || len(e.Elems) != 3 || e.Elems[0].Kind != jsonv.String {
			return r, errors.New(at + ` must be ["experience", arm, cell]`)
		}
		arm, ok1 := small(e.Elems[1], int(Held))
		cell, ok2 := small(e.Elems[2], int(K-1))
		if !ok1 || !ok2 {
			return r, errors.New(at + ": the arm must be 0 or 1 and the cell 0, 1 or 2")
		}
		r.Entries = append(r.Entries, Entry{Experience: e.Elems[0].Str, Arm: Arm(arm), Cell: Cell(cell)})
	}
	return r, nil
}

// DecodeExact reads a report as the server takes it: what Decode reads,
// and byte for byte what Encode writes of it at size (the keys in their
// order, no white space but the padding after it, numbers as integers, no
// escaped characters). Anything else, however well it decodes, could carry
// something of its own in its form (a tab here, a key order there), so it
// is refused.
func DecodeExact(b []byte, size int) (Report, error) {
	r, err := Decode(b)
	if err != nil {
		return r, err
	}
	if string(r.Encode(size)) != string(b) {
		return r, errors.New("not written as the device writes a report (key order, spacing, number or string form)")
	}
	return r, nil
}

func small(v *jsonv.Value, max int) (int, bool) {
	if v.Kind != jsonv.Number || v.Num != float64(int(v.Num)) || v.Num < 0 || int(v.Num) > max {
		return 0, false
	}
	return int(v.Num), true
}

func isNonce(s string) bool {
	if len(s) != NonceLen {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Nonce makes a report's nonce from 16 random bytes.
func Nonce(b [16]byte) string {
	const hex = "0123456789abcdef"
	out := make([]byte, 0, NonceLen)
	for _, c := range b {
		out = append(out, hex[c>>4], hex[c&15])
	}
	return string(out)
}

// Period is the number of the period holding now, counting from start
// (period 0 begins at start), each days long; -1 before start.
func Period(start time.Time, days int, now time.Time) int {
	if now.Before(start) || days <= 0 {
		return -1
	}
	return int(now.Sub(start) / (time.Duration(days) * 24 * time.Hour))
}
