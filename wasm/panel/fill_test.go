package panel

import "testing"

func TestFill(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Because you like {topic}.", "Because you like camping, hiking."},
		{"{count} views in {days} days", "3 views in 7 days"},
		{"{topic}{topic}", "camping, hikingcamping, hiking"},
		{"keeps {unknown} and { braces", "keeps {unknown} and { braces"},
		{"no placeholders", "no placeholders"},
		{"{", "{"}, {"}{", "}{"}, {"{}", "{}"}, {"tail {count", "tail {count"},
		{"{topic} is {x}{count}", "camping, hiking is {x}3"},
	} {
		if got := fill(tc.in, "topic", "camping, hiking", "count", "3", "days", "7"); got != tc.want {
			t.Errorf("fill(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
