package rules

import (
	"reflect"
	"testing"
)

func TestTopicID(t *testing.T) {
	for in, want := range map[string]string{
		"Night Hikes":       "night-hikes",
		"  Café & Crème  ":  "cafe-creme",
		"leave_no_trace":    "leave-no-trace",
		"C++ / Go":          "c-go",
		"Straße":            "strasse",
		"Кемпинг":           "кемпинг",
		"":                  "",
		"---":               "",
		"Docker (compose)!": "docker-compose",
	} {
		if got := TopicID(in); got != want {
			t.Errorf("TopicID(%q) = %q, want %q", in, got, want)
		}
	}
	long := TopicID("a-very-long-label-that-goes-on-and-on-and-on-past-the-sixty-four-bytes-an-id-may-have")
	if len(long) > MaxTopicID {
		t.Errorf("TopicID kept %d bytes, want at most %d", len(long), MaxTopicID)
	}
}

func TestPageTopics(t *testing.T) {
	cfg, err := Parse([]byte(`{"version": 1, "topics": {
		"camping": {"label": {"en": "Camping", "fr": "Camping"}},
		"containers": {"label": {"en": "Containers", "de": "Container"}},
		"night-hikes": {"label": {"en": "Hiking at night"}},
		"install": {"label": {"en": "Installing"}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	labels := []Label{
		{SrcTags, "Containers"},         // a label of a config topic
		{SrcTags, "Hiking at Night"},    // another label, another case
		{SrcSection, "Guides"},          // no config topic: its own
		{SrcJSONLD, "container"},        // the German label, or a singular: still containers, once
		{SrcKeywords, "Camping"},        // the config's id
		{"words", "tents"},              // a source this version does not take
		{SrcPath, "install"},            // the path is read from the path only
		{SrcKeywords, "Health & Diets"}, // kept as its id; the session keeps sensitive ones out
	}
	got := cfg.PageTopics(labels, "/install/docker/")
	want := []PageTopic{{"containers", SrcTags}, {"night-hikes", SrcTags}, {"guides", SrcSection}, {"camping", SrcKeywords},
		{"health-diets", SrcKeywords}, {"install", SrcPath}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PageTopics =\n%v\nwant\n%v", got, want)
	}
	// The page's own slug is no directory; a directory no topic names counts not.
	if got := cfg.PageTopics(nil, "/blog/camping/"); len(got) != 0 {
		t.Errorf("PageTopics of /blog/camping/ = %v, want none (camping is the page's slug, blog no topic)", got)
	}
	if got := cfg.PageTopics(nil, "/camping/gear/stoves"); !reflect.DeepEqual(got, []PageTopic{{"camping", SrcPath}}) {
		t.Errorf("PageTopics of /camping/gear/stoves = %v, want camping from the path", got)
	}
	cfg.OnlyKnownTopics = true
	got = cfg.PageTopics(labels, "/")
	want = []PageTopic{{"containers", SrcTags}, {"night-hikes", SrcTags}, {"camping", SrcKeywords}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("with pageTopics known: %v, want %v", got, want)
	}
	var many []Label
	for _, s := range []string{"a1", "b2", "c3", "d4", "e5", "f6", "g7", "h8", "i9", "j10"} {
		many = append(many, Label{SrcKeywords, s})
	}
	cfg.OnlyKnownTopics = false
	if got := cfg.PageTopics(many, "/"); len(got) != MaxPageTopics {
		t.Errorf("a page with %d keywords gave %d topics, want %d", len(many), len(got), MaxPageTopics)
	}
}
