package profile

import (
	"strconv"

	"github.com/hearth-personalization/hearth/internal/jsonv"
	"github.com/hearth-personalization/hearth/measure"
)

// Measurement is what the device keeps for the site's private measurement
// (docs/MEASUREMENT.md): the visitor's arm in each measured experience,
// drawn once, and what happened in the current period (the first eligible
// view, the goal after it), from which the next period's first page view
// makes one randomized report. The tallies never leave as they are.
type Measurement struct {
	ID     string // the config's measurement id; another id starts afresh
	Period int    // the period the tallies are about
	At     int64  // when this period's tallies began (Unix ms)
	// Basis is what the arms and periods were drawn under: a config that
	// changes any of it starts a new measurement (new arms, no report
	// until a full period has passed), so that a holdout changed midway
	// cannot bias the comparison and a moved start cannot make a report.
	Basis Basis
	Arms  map[string]Assigned
	// Eligible and Goal hold, per experience, when the visitor was first
	// eligible in the period, and when they reached the goal after that.
	Eligible map[string]int64
	Goal     map[string]int64
	Sent     Sent // the last report, as it was sent
}

// Basis is a measurement's start (Unix seconds), period length in days and
// comparison group's share.
type Basis struct {
	Start   int64
	Days    int
	Holdout float64
}

// Assigned is an experience's arm and when it was drawn.
type Assigned struct {
	Arm measure.Arm
	At  int64
}

// Sent is a report the page side was given to send, kept for the panel,
// with its nonce blanked (the nonce is never stored).
type Sent struct {
	Period int
	At     int64
	Body   string
}

// maxReportBody bounds a kept report (a report of four experiences with
// names of 64 bytes is under 512).
const maxReportBody = 1024

// NewMeasurement starts the state of a measurement at a period.
func NewMeasurement(id string, basis Basis, period int, at int64) *Measurement {
	return &Measurement{ID: id, Basis: basis, Period: period, At: at, Arms: map[string]Assigned{}, Eligible: map[string]int64{}, Goal: map[string]int64{}}
}

// mergeMeasurement combines two tabs' states. Of two measurements the one
// begun later wins whole; of one, the arms are the union (the earlier draw
// wins a conflict: which tab drew first is independent of the arm, so no
// arm is favoured), the tallies are the later period's (or the union of
// one period's, each at its earlier time), and the later report sent.
func mergeMeasurement(a, b *Measurement) *Measurement {
	switch {
	case a == nil && b == nil:
		return nil
	case a == nil:
		a = b
	case b == nil:
		b = a
	}
	if a.ID != b.ID || a.Basis != b.Basis {
		if b.At > a.At || b.At == a.At && (b.ID > a.ID || b.ID == a.ID && basisAfter(b.Basis, a.Basis)) {
			a = b
		}
		b = a
	}
	out := NewMeasurement(a.ID, a.Basis, max(a.Period, b.Period), 0)
	for _, k := range unionKeys(a.Arms, b.Arms) {
		x, okA := a.Arms[k]
		y, okB := b.Arms[k]
		switch {
		case !okA:
			x = y
		case okB && (y.At < x.At || y.At == x.At && y.Arm < x.Arm):
			x = y
		}
		out.Arms[k] = x
	}
	for _, s := range []*Measurement{a, b} {
		if s.Period != out.Period {
			continue
		}
		out.At = earliest(out.At, s.At)
		for k, t := range s.Eligible {
			out.Eligible[k] = earliest(out.Eligible[k], t)
		}
		for k, t := range s.Goal {
			out.Goal[k] = earliest(out.Goal[k], t)
		}
	}
	out.Sent = a.Sent
	if b.Sent.Period > a.Sent.Period || b.Sent.Period == a.Sent.Period && (b.Sent.At > a.Sent.At || b.Sent.At == a.Sent.At && b.Sent.Body > a.Sent.Body) {
		out.Sent = b.Sent
	}
	return out
}

// basisAfter orders two bases, so that two tabs agree on which wins.
func basisAfter(a, b Basis) bool {
	if a.Start != b.Start {
		return a.Start > b.Start
	}
	if a.Days != b.Days {
		return a.Days > b.Days
	}
	return a.Holdout > b.Holdout
}

func earliest(a, b int64) int64 {
	if a == 0 || b != 0 && b < a {
		return b
	}
	return a
}

func writeMeasurement(w *jsonv.Writer, m *Measurement) {
	w.Open('{')
	w.Key("id")
	w.String(m.ID)
	w.Key("period")
	w.Int(int64(m.Period))
	w.Key("at")
	w.Int(m.At)
	w.Key("start")
	w.Int(m.Basis.Start)
	w.Key("days")
	w.Int(int64(m.Basis.Days))
	w.Key("holdout")
	w.Float(m.Basis.Holdout)
	w.Key("arms")
	w.Open('{')
	for _, k := range sortedKeys(m.Arms) {
		w.Key(k)
		w.Open('{')
		w.Key("arm")
		w.Int(int64(m.Arms[k].Arm))
		w.Key("at")
		w.Int(m.Arms[k].At)
		w.Close('}')
	}
	w.Close('}')
	for _, f := range []struct {
		key string
		m   map[string]int64
	}{{"eligible", m.Eligible}, {"goal", m.Goal}} {
		w.Key(f.key)
		w.Open('{')
		for _, k := range sortedKeys(f.m) {
			w.Key(k)
			w.Int(f.m[k])
		}
		w.Close('}')
	}
	if m.Sent.Body != "" {
		w.Key("sent")
		w.Open('{')
		w.Key("period")
		w.Int(int64(m.Sent.Period))
		w.Key("at")
		w.Int(m.Sent.At)
		w.Key("body")
		w.String(m.Sent.Body)
		w.Close('}')
	}
	w.Close('}')
}

// maxMeasured bounds the experiences a stored state may name (the config
// allows 4; an old measurement's arms are dropped with it).
const maxMeasured = 16

func (d *decoder) measurement(v *jsonv.Value) *Measurement {
	m := NewMeasurement("", Basis{}, 0, 0)
	times := func(fv *jsonv.Value, where string, into map[string]int64) {
		d.object(fv, where, func(k string, tv *jsonv.Value) {
			d.name(k, where)
			into[k] = d.integer(tv, where+"."+k, 1, maxTime)
		})
		if len(into) > maxMeasured {
			d.fail(where + ": too many")
		}
	}
	d.object(v, "measure", func(k string, fv *jsonv.Value) {
		switch k {
		case "id":
			m.ID = d.str(fv, "measure.id")
			d.name(m.ID, "measure.id")
		case "period":
			m.Period = int(d.integer(fv, "measure.period", 0, 99999))
		case "at":
			m.At = d.integer(fv, "measure.at", 0, maxTime)
		case "start":
			m.Basis.Start = d.integer(fv, "measure.start", 0, maxTime/1000)
		case "days":
			m.Basis.Days = int(d.integer(fv, "measure.days", 0, 366))
		case "holdout":
			m.Basis.Holdout = d.float(fv, "measure.holdout")
			if m.Basis.Holdout < 0 || m.Basis.Holdout > 1 {
				d.fail("measure.holdout: want 0 to 1")
			}
		case "arms":
			d.object(fv, "measure.arms", func(exp string, av *jsonv.Value) {
				d.name(exp, "measure.arms")
				var a Assigned
				d.object(av, "measure.arms."+exp, func(k string, x *jsonv.Value) {
					switch k {
					case "arm":
						a.Arm = measure.Arm(d.integer(x, "measure.arms."+exp+".arm", 0, 1))
					case "at":
						a.At = d.integer(x, "measure.arms."+exp+".at", 0, maxTime)
					default:
						d.fail("measure.arms." + exp + ": unknown field " + strconv.Quote(k))
					}
				})
				m.Arms[exp] = a
			})
			if len(m.Arms) > maxMeasured {
				d.fail("measure.arms: too many")
			}
		case "eligible":
			times(fv, "measure.eligible", m.Eligible)
		case "goal":
			times(fv, "measure.goal", m.Goal)
		case "sent":
			d.object(fv, "measure.sent", func(k string, x *jsonv.Value) {
				switch k {
				case "period":
					m.Sent.Period = int(d.integer(x, "measure.sent.period", 0, 99999))
				case "at":
					m.Sent.At = d.integer(x, "measure.sent.at", 0, maxTime)
				case "body":
					if m.Sent.Body = d.str(x, "measure.sent.body"); m.Sent.Body == "" || len(m.Sent.Body) > maxReportBody {
						d.fail("measure.sent.body: want 1 to " + strconv.Itoa(maxReportBody) + " bytes")
					}
				default:
					d.fail("measure.sent: unknown field " + strconv.Quote(k))
				}
			})
		default:
			d.fail("measure: unknown field " + strconv.Quote(k))
		}
	})
	if d.err == nil && m.ID == "" {
		d.fail("measure: want an id")
	}
	return m
}
