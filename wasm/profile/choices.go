package profile

// What the visitor said: declared preferences, removed topics, pause and
// consent; never inferred, never pruned.

import (
	"time"
)

// Declare records a preference the visitor gave; it always beats inference.
//
// It reports false, changing nothing, for a name that is empty or too long,
// or a new topic past MaxDeclared.
func (p *Profile) Declare(topic string, on bool, now time.Time) bool {
	if topic == "" || len(topic) > MaxName {
		return false
	}
	if _, ok := p.Declared[topic]; !ok && len(p.Declared) >= MaxDeclared {
		return false
	}
	p.Declared[topic] = Flag{On: on, At: ms(now)}
	return true
}

// DeclaredOn reports whether the visitor declared topic, and which way.
func (p *Profile) DeclaredOn(topic string) (on, set bool) {
	f, set := p.Declared[topic]
	return f.On, set
}

// Block forgets everything inferred about topic and keeps it from being
// inferred again until Unblock.
func (p *Profile) Block(topic string, now time.Time) {
	if topic == "" || len(topic) > MaxName {
		return
	}
	if _, ok := p.Blocked[topic]; !ok && len(p.Blocked) >= MaxDeclared {
		delete(p.Topics, topic) // forgotten, though not kept from returning
		return
	}
	delete(p.Topics, topic)
	p.Blocked[topic] = Flag{On: true, At: ms(now)}
}

// Unblock lets topic be inferred again.
func (p *Profile) Unblock(topic string, now time.Time) {
	if p.Blocked[topic].On {
		p.Blocked[topic] = Flag{On: false, At: ms(now)}
	}
}

// SetPaused pauses or resumes personalization.
func (p *Profile) SetPaused(on bool, now time.Time) { p.Paused = Flag{On: on, At: ms(now)} }

// SetConsent records the visitor's answer (ConsentGranted or ConsentDenied).
func (p *Profile) SetConsent(c string, now time.Time) {
	if c == ConsentGranted || c == ConsentDenied {
		p.Consent, p.ConsentAt = c, ms(now)
	}
}

// Unsaid reports whether topic is sensitive and the visitor has not
// declared it: nothing about it may be kept (see ForgetUnsaid).
func (p *Profile) Unsaid(topic string, sensitive func(topic string) bool) bool {
	if !sensitive(topic) {
		return false
	}
	on, _ := p.DeclaredOn(topic)
	return !on
}

// ForgetUnsaid deletes what was recorded about each sensitive topic the
// visitor has not declared: its events and base, the items about it and
// the signals queued on it. Only the visitor's own declaration brings such
// a topic into the profile, and its evidence starts from the declaration
// (PRIVACY.md): any script on the page can read what is stored.
func (p *Profile) ForgetUnsaid(sensitive func(topic string) bool) {
	unsaid := func(t string) bool { return p.Unsaid(t, sensitive) }
	for sku, it := range p.Items {
		for _, t := range it.Topics {
			if unsaid(t) {
				delete(p.Items, sku)
				break
			}
		}
	}
	p.Unrecord(unsaid)
}

// Unrecord deletes the inferred interest in each topic drop names: its
// events and base, and the signals queued on it.
func (p *Profile) Unrecord(drop func(topic string) bool) {
	for t := range p.Topics {
		if drop(t) {
			delete(p.Topics, t)
		}
	}
	kept := p.Pending[:0]
	for _, s := range p.Pending {
		var ts []string
		for _, t := range s.Topics {
			if !drop(t) {
				ts = append(ts, t)
			}
		}
		if len(ts) > 0 {
			s.Topics = ts
			kept = append(kept, s)
		}
	}
	p.Pending = kept
}
