package session

// What the profile may not keep: anything about a sensitive topic the
// visitor has not declared (not even a page's path), and with "pageTopics":
// "known" the topics the config does not name.

import "github.com/hearth-personalization/hearth/wasm/profile"

// clean deletes what the profile may not keep: anything about a sensitive
// topic the visitor has not declared, and with "pageTopics": "known" the
// topics the config does not name.
func (s *Session) clean(p *profile.Profile) {
	p.ForgetUnsaid(s.cfg.Sensitive)
	if s.cfg.OnlyKnownTopics {
		p.Unrecord(func(t string) bool { return !s.cfg.Records(t) })
	}
}

// path is this page's path as the profile may keep it: "" on a page about a
// sensitive topic the visitor has not declared, whose path alone would
// tell what they read (the events of its other topics keep no path, the
// page gets no replay and its item is not remembered).
func (s *Session) path() string {
	for _, t := range s.page.Topics {
		if s.p.Unsaid(t, s.cfg.Sensitive) {
			return ""
		}
	}
	return s.page.Path
}
