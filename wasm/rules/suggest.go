package rules

import (
	"strconv"
	"strings"

	"github.com/hearth-personalization/hearth/wasm/internal/order"
)

// unknownTopic says a topic is not the config's, suggesting the closest one.
func unknownTopic(topic string, cfg *Config) string {
	names := make([]string, 0, len(cfg.Topics))
	for t := range cfg.Topics {
		names = append(names, t)
	}
	order.Strings(names) // the closest of equally close names is the same every time
	msg := "unknown topic " + strconv.Quote(topic)
	if s := Closest(topic, names); s != "" {
		return msg + `; did you mean ` + strconv.Quote(s) + `?`
	}
	return msg + `; declare it under "topics"`
}

// Closest returns the allowed name closest to a misspelled one (at most two
// edits away), or "": for "did you mean" in every message that names one.
func Closest(key string, allowed []string) string {
	best, bestD := "", 3
	for _, a := range allowed {
		if d := distance(strings.ToLower(key), strings.ToLower(a)); d < bestD {
			best, bestD = a, d
		}
	}
	return best
}

// distance is the Levenshtein distance between short strings.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
