package rules

import (
	"strconv"
	"strings"

	"github.com/hearth-personalization/hearth/internal/jsonv"
)

// SensitiveCategories are topics no one should be targeted on from inferred
// behaviour: health, pregnancy, religion, politics, sexual orientation,
// ethnicity, finances and the like (GDPR Art. 9 and the FTC's sensitive data
// guidance, plus finances and age, whose misuse harms). A topic whose id is
// one of these, or starts with one followed by "-" or "_", is sensitive
// whatever the config says. A site may add categories under "sensitive",
// never remove one.
var SensitiveCategories = []string{
	"health", "medical", "medicine", "mental-health", "disability", "addiction",
	"pregnancy", "fertility", "baby", "maternity",
	"religion", "faith", "belief",
	"politics", "political", "trade-union", "union-membership",
	"sexual-orientation", "sexuality", "lgbtq", "gender-identity",
	"ethnicity", "race", "racial-origin", "nationality", "immigration",
	"finances", "finance", "debt", "loans", "credit", "bankruptcy", "gambling",
	"genetics", "biometrics", "criminal-record", "children", "age",
}

// IsSensitive reports whether topic id falls under the default categories
// or the site's extra ones.
func IsSensitive(id string, extra []string) bool {
	for _, list := range [][]string{SensitiveCategories, extra} {
		for _, c := range list {
			// c, or c and a - or _ (without building c+"-": this runs for
			// every topic of every item ranked).
			if strings.HasPrefix(id, c) && (len(id) == len(c) || id[len(c)] == '-' || id[len(c)] == '_') {
				return true
			}
		}
	}
	return false
}

// sensitiveList reads the site's additional sensitive categories.
func (ps *parser) sensitiveList(v *jsonv.Value) []string {
	if v == nil {
		return nil
	}
	names := ps.strList(v, "sensitive")
	for i, n := range names {
		if !isID(n) {
			ps.failAt(path("sensitive").idx(i), v.Elems[i], "category "+strconv.Quote(n)+" must be lowercase letters, digits, - or _")
		}
	}
	return names
}
