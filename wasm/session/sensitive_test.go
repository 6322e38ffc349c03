package session

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// What the visitor did not declare is not kept for a sensitive topic: no
// event, no path, no count, no item, whether the config names the topic
// (first-aid, marked sensitive) or not (health, a built-in category); a
// profile that holds some is cleaned on load; a declaration starts the
// evidence (#23.5).
func TestSensitiveUndeclaredNotStored(t *testing.T) {
	const cfg = `{"version": 1, "topics": {"camping": {"label": {"en": "Camping"}},
	  "first-aid": {"label": {"en": "First aid"}, "sensitive": true}}, "experiences": []}`
	var stored *string
	visit := func(topics, item string, now time.Time, extra map[string]any) answer {
		f := facts("/posts/first-aid-kit/", topics)
		f["item"], f["itemName"] = item, "First aid kit"
		s, a := bootCfg(t, cfg, f, &stored, now)
		if extra != nil {
			extra["stored"], extra["storage"] = *stored, true
			a = read(t, s.Handle(msg(t, extra), now))
			if a.Write != nil {
				v := *a.Write
				stored = &v
			}
		}
		return a
	}
	for i := range 3 {
		visit("first-aid, health, camping", "kit-1", t0.Add(time.Duration(i)*time.Minute), nil)
	}
	for _, leak := range []string{"first-aid", "health", "kit-1", "First aid kit"} {
		if strings.Contains(*stored, leak) {
			t.Errorf("three reads of a first-aid post stored %q: %s", leak, *stored)
		}
	}
	if !strings.Contains(*stored, `"camping"`) {
		t.Errorf("the post's other topic was not recorded: %s", *stored)
	}
	// A profile from before holds such evidence: cleaned on load.
	old := `{"v":1,"pages":1,"visits":1,"topics":{"health":{"events":[{"kind":"view","path":"/clinic","at":` +
		strconv.FormatInt(t0.UnixMilli(), 10) + `,"weight":1}]}}}`
	stored = &old
	visit("camping", "", t0.Add(time.Hour), nil)
	if strings.Contains(*stored, "health") || strings.Contains(*stored, "/clinic") {
		t.Errorf("a stored health event survived the next page: %s", *stored)
	}
	// Declared: the evidence starts from the declaration.
	visit("camping", "", t0.Add(2*time.Hour), map[string]any{"t": "declare", "topic": "first-aid", "on": true})
	visit("first-aid", "", t0.Add(3*time.Hour), nil)
	if !strings.Contains(*stored, `"first-aid":{"events"`) {
		t.Errorf("after declaring first-aid, a first-aid page was not recorded: %s", *stored)
	}
}

// "pageTopics": "known" records only the config's topics; by default every
// page topic is recorded and the panel labels one the config does not name
// by its id made readable (#23.7: "leave-no-trace" showed raw).
func TestPageTopicsTheConfigDoesNotName(t *testing.T) {
	for _, tc := range []struct {
		pageTopics string
		kept       bool
	}{{"", true}, {`"pageTopics": "known",`, false}} {
		cfg := `{"version": 1, ` + tc.pageTopics + ` "topics": {"camping": {"label": {"en": "Camping"}}}, "experiences": []}`
		s, out, err := Boot(msg(t, map[string]any{"t": "boot", "config": cfg, "facts": facts("/p", "camping, leave-no-trace"), "storage": true}), t0)
		if err != nil {
			t.Fatal(err)
		}
		a := read(t, out)
		if got := strings.Contains(*a.Write, "leave-no-trace"); got != tc.kept {
			t.Errorf("%s: leave-no-trace stored %v, want %v: %s", tc.pageTopics, got, tc.kept, *a.Write)
		}
		v := read(t, s.Handle(msg(t, map[string]any{"t": "open", "stored": *a.Write, "storage": true}), t0)).View
		labels := ""
		for _, tp := range v.Topics {
			labels += tp.ID + "=" + tp.Label + ";"
		}
		if tc.kept && !strings.Contains(labels, "leave-no-trace=Leave no trace;") {
			t.Errorf("the panel labels the page's own topic %q, want Leave no trace", labels)
		}
	}
}
