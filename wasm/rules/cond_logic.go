package rules

// The logic of conditions: all, any, not. Asked for reasons (why), they
// evaluate every child so that the reasons are complete; asked only for the
// outcome, they stop at the first child that settles it.

type all []Cond

func (c all) Topics() []string { return union(c) }
func (c all) Eval(f Facts, why *[]Check) bool {
	ok := true
	for _, sub := range c {
		if !sub.Eval(f, why) {
			if ok = false; why == nil {
				return false
			}
		}
	}
	return ok
}

type anyOf []Cond

func (c anyOf) Topics() []string { return union(c) }
func (c anyOf) Eval(f Facts, why *[]Check) bool {
	ok := false
	for _, sub := range c {
		if sub.Eval(f, why) {
			if ok = true; why == nil {
				return true
			}
		}
	}
	return ok
}

// not negates its condition; the reasons it adds are marked Negated.
type not struct{ c Cond }

func (c not) Topics() []string { return c.c.Topics() }
func (c not) Eval(f Facts, why *[]Check) bool {
	if why == nil {
		return !c.c.Eval(f, nil)
	}
	from := len(*why)
	held := c.c.Eval(f, why)
	for i := from; i < len(*why); i++ {
		(*why)[i].Negated = !(*why)[i].Negated
	}
	return !held
}
