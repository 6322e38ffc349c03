package report

// A verdict read from reports anyone can send is only as strong as the
// number of forged reports it would take to change it (#33.10: 218 forged
// reports turned the README's "not enough visitors" into "it hurts").
// `hearth report` says how many, so that an owner weighs the verdict
// against what one address may add (hearth serve's -per-client and
// -per-period bounds).

import (
	"strings"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/tool/stats"
)

// Fragile is a forgery that changes a verdict: Reports reports, each
// answering Answer, added to one arm's counts, turn the verdict into To
// (its first words) while the counts stay plausible (stats.Implausible
// would withhold them, which no forger wants).
type Fragile struct {
	Reports int
	Arm     string
	Answer  int
	To      string
}

// answerWords name a report's answers (measure.Cell) for the owner.
var answerWords = [measure.K]string{measure.NotEligible: "not eligible", measure.Goal: "goal reached", measure.NoGoal: "eligible, no goal"}

// maxForged bounds the search: a verdict that takes more forged reports
// than this (or 100 times the reports there are) to change is not fragile.
const maxForged = 1 << 24

// fragility finds the fewest forged reports, all of one answer in one arm
// (the cheapest direction among them, an upper bound on the cheapest
// mixture), that change the verdict's kind; nil when none within the bound
// does. The kind of verdict is monotone enough in the number added that a
// doubling search then a bisection finds the first change.
func fragility(c [2]stats.Counts, eps float64, res Result) *Fragile {
	kind := kindOf(res.Verdict)
	limit := min(maxForged, 100*int(c[0].N()+c[1].N())+1000)
	var best *Fragile
	for a, name := range []string{"saw it", "held out"} {
		for ans := range len(c[a]) {
			changed := func(k int) (string, bool) {
				d := c
				d[a][ans] += float64(k)
				r := judge(d, eps)
				if r.Implausible != "" {
					return "", false
				}
				to := kindOf(r.Verdict)
				return to, to != kind
			}
			hi := 1
			for ; hi <= limit; hi *= 2 {
				if _, ok := changed(hi); ok {
					break
				}
			}
			if hi > limit || (best != nil && hi/2 >= best.Reports) {
				continue
			}
			lo := hi / 2 // unchanged at lo (or lo == 0)
			for hi-lo > 1 {
				mid := (lo + hi) / 2
				if _, ok := changed(mid); ok {
					hi = mid
				} else {
					lo = mid
				}
			}
			if best == nil || hi < best.Reports {
				to, _ := changed(hi)
				best = &Fragile{Reports: hi, Arm: name, Answer: ans, To: to}
			}
		}
	}
	return best
}

// kindOf is a verdict's kind: its words before the first colon or
// parenthesis ("it helps", "it hurts", "not enough reports yet", "not
// enough visitors yet to tell").
func kindOf(v string) string {
	if i := strings.IndexAny(v, ":("); i >= 0 {
		v = v[:i]
	}
	return strings.TrimSpace(v)
}
