package session

import (
	"strconv"
	"strings"
	"time"

	"github.com/hearth-personalization/hearth/internal/jsonv"
	"github.com/hearth-personalization/hearth/wasm/profile"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// The window.hearth calls that carry arguments from the site's code. A bad
// argument changes nothing and gets one console line that says why: a
// careless call must never cost the visitor what they chose.

// topicArg reads a topic argument as the markup's are read: trimmed, lower
// case, 1 to profile.MaxName bytes.
func (s *Session) topicArg(call string, v *jsonv.Value) (string, bool) {
	t := strings.ToLower(strings.TrimSpace(str(v)))
	if t == "" || len(t) > profile.MaxName {
		s.log("error", "hearth."+call+": the first argument must be a topic name of 1 to "+
			strconv.Itoa(profile.MaxName)+" characters; the call was ignored")
		return "", false
	}
	return t, true
}

// apiTrack is hearth.track(topic, weight?) and hearth.track("purchase", sku).
func (s *Session) apiTrack(topicV, weightV *jsonv.Value, now time.Time) {
	topic, ok := s.topicArg("track", topicV)
	if !ok {
		return
	}
	if topic == "purchase" && weightV != nil && weightV.Kind == jsonv.String {
		sku := strings.TrimSpace(weightV.Str)
		if sku == "" || len(sku) > profile.MaxName {
			s.log("error", `hearth.track("purchase", sku): the SKU must be 1 to `+strconv.Itoa(profile.MaxName)+" characters; the call was ignored")
			return
		}
		if s.recording() {
			s.p.BuyItem(sku, now)
			s.goal(rules.GoalPurchase, "", now)
			s.save(now)
		}
		return
	}
	w := s.cfg.Signals.Track
	if weightV != nil {
		if weightV.Kind != jsonv.Number || !(weightV.Num > 0) || weightV.Num > profile.MaxWeight {
			s.log("error", "hearth.track("+strconv.Quote(topic)+", …): the weight must be a number above 0 and at most "+
				strconv.Itoa(profile.MaxWeight)+"; the call was ignored")
			return
		}
		w = weightV.Num
	}
	if !s.recording() {
		return
	}
	s.p.Record(topic, profile.Track, w, s.path(), now, s.cfg.HalfLife)
	s.save(now)
}

// apiDeclare is hearth.declare(topic, on), a preference checkbox on the
// page, or the panel's preference center: it takes effect at once.
func (s *Session) apiDeclare(topicV, onV *jsonv.Value, now time.Time) {
	topic, ok := s.topicArg("declare", topicV)
	if !ok {
		return
	}
	on := onV == nil || onV.Kind == jsonv.Null || (onV.Kind == jsonv.Bool && onV.Bool) ||
		(onV.Kind == jsonv.Number && onV.Num != 0) || (onV.Kind == jsonv.String && onV.Str != "")
	if !s.p.Declare(topic, on, now) { // the name was checked: only the cap refuses
		s.log("error", "hearth.declare("+strconv.Quote(topic)+"): a visitor can declare at most "+
			strconv.Itoa(profile.MaxDeclared)+" topics; the call was ignored")
		return
	}
	s.decide(now, true)
}

// apiGoal is hearth.goal(name): a goal of the site's private measurement
// reached (a sign-up, a download). Without measurement, or with a name no
// measured experience has, it changes nothing: it is not an error to call
// it on every page.
func (s *Session) apiGoal(nameV *jsonv.Value, now time.Time) {
	name := str(nameV)
	if name == "" || len(name) > profile.MaxName {
		s.log("error", "hearth.goal: the argument must be a goal name of 1 to "+strconv.Itoa(profile.MaxName)+" characters; the call was ignored")
		return
	}
	if s.goal(rules.GoalEvent, name, now) {
		s.save(now)
	}
}

// clear erases the profile (the panel's "Clear everything", hearth.clear).
func (s *Session) clear(now time.Time) {
	if err := s.store.Clear(now); err != nil {
		s.log("warn", err.Error())
	}
	s.p, s.status = profile.New(), profile.Fresh
	// Nothing is saved until the visitor does something new.
	s.decide(now, false)
}
