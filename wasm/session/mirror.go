package session

import (
	"errors"

	"github.com/hearth-personalization/hearth/wasm/profile"
)

// mirror is the session's view of localStorage's hearth:v1, which a Web
// Worker cannot reach: the page side sends the value with every message
// (see set) and performs the write the session leaves in the update.
// Between two messages, reads see the session's own last write, so
// profile.Store's read-merge-write works as it does on the page.
type mirror struct {
	value  string
	ok     bool // a value is stored
	failed bool // the page found no usable storage, or a write failed there
	// write is what the page must store after this message: the new value,
	// or remove.
	write  string
	dirty  bool
	remove bool
}

var _ profile.Storage = (*mirror)(nil)

var errUnavailable = errors.New("session: this browser's storage is unavailable")

// set takes the stored value as the page read it just now.
func (m *mirror) set(value string, ok bool) { m.value, m.ok = value, ok }

// Load implements profile.Storage.
func (m *mirror) Load() (string, bool, error) {
	if m.failed {
		return "", false, errUnavailable
	}
	return m.value, m.ok, nil
}

// Save implements profile.Storage.
func (m *mirror) Save(v string) error {
	if m.failed {
		return errUnavailable
	}
	m.value, m.ok = v, true
	m.write, m.dirty, m.remove = v, true, false
	return nil
}

// Remove implements profile.Storage.
func (m *mirror) Remove() error {
	if m.failed {
		return errUnavailable
	}
	m.value, m.ok = "", false
	m.write, m.dirty, m.remove = "", true, true
	return nil
}

// take returns the pending write and forgets it.
func (m *mirror) take() (value string, dirty, remove bool) {
	value, dirty, remove = m.write, m.dirty, m.remove
	m.write, m.dirty, m.remove = "", false, false
	return value, dirty, remove
}
