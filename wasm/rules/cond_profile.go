package rules

// Conditions on what the visitor did and said: interest, top, declared,
// visits and pages, daysSinceLastVisit, returning.

type interest struct {
	topic   string
	atLeast float64
}

func (c interest) Topics() []string { return []string{c.topic} }
func (c interest) Eval(f Facts, why *[]Check) bool {
	got := f.Score(c.topic)
	return note(why, Check{Kind: "interest", Topic: c.topic, Want: c.atLeast, Got: got, Held: got >= c.atLeast})
}

type top struct {
	topic string
	k     int
}

func (c top) Topics() []string { return []string{c.topic} }
func (c top) Eval(f Facts, why *[]Check) bool {
	r := f.Rank(c.topic)
	return note(why, Check{Kind: "top", Topic: c.topic, Want: float64(c.k), Got: float64(r), Held: r > 0 && r <= c.k})
}

type declared struct{ topic string }

func (c declared) Topics() []string { return []string{c.topic} }
func (c declared) Eval(f Facts, why *[]Check) bool {
	on, _ := f.Declared(c.topic)
	return note(why, Check{Kind: "declared", Topic: c.topic, Want: 1, Got: b2f(on), Held: on})
}

// counter is visits or pages at least N.
type counter struct {
	kind    string
	atLeast int
}

func (c counter) Topics() []string { return nil }
func (c counter) Eval(f Facts, why *[]Check) bool {
	got := f.Visits()
	if c.kind == "pages" {
		got = f.Pages()
	}
	return note(why, Check{Kind: c.kind, Want: float64(c.atLeast), Got: float64(got), Held: got >= c.atLeast})
}

type sinceLast struct {
	atLeast, atMost float64 // atMost < 0: no upper bound
}

func (c sinceLast) Topics() []string { return nil }
func (c sinceLast) Eval(f Facts, why *[]Check) bool {
	d := f.DaysSinceLastVisit()
	ok := d >= 0 && d >= c.atLeast && (c.atMost < 0 || d <= c.atMost)
	return note(why, Check{Kind: "daysSinceLastVisit", Want: c.atLeast, WantMax: c.atMost, Got: d, Held: ok})
}

type returning bool

func (c returning) Topics() []string { return nil }
func (c returning) Eval(f Facts, why *[]Check) bool {
	r := f.Visits() > 1
	return note(why, Check{Kind: "returning", Want: b2f(bool(c)), Got: b2f(r), Held: r == bool(c)})
}
