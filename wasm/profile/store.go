package profile

import "errors"

// Key is the one localStorage key Hearth uses on an origin.
const Key = "hearth:v1"

// Storage is what the profile needs of the browser's storage. The browser
// adapter implements it over localStorage; tests use a map.
type Storage interface {
	// Load returns the stored value and whether there was one.
	Load() (value string, ok bool, err error)
	// Save replaces the stored value.
	Save(value string) error
	// Remove deletes the stored value.
	Remove() error
}

// Status says how a profile was loaded; the panel tells the visitor.
type Status int

const (
	Fresh       Status = iota // nothing was stored: a new visitor
	Loaded                    // the stored profile was read
	Reset                     // the stored value was unreadable and was set aside
	Unavailable               // storage threw: this page keeps the profile in memory only
)

// Store keeps a profile in a Storage, falling back to memory when the
// storage fails, so a broken storage never breaks the page.
type Store struct {
	s      Storage
	memory bool
}

// NewStore returns a Store over s.
func NewStore(s Storage) *Store { return &Store{s: s} }

// Memory reports whether the store has fallen back to memory.
func (st *Store) Memory() bool { return st.memory }

// Load reads the profile. It never fails: an unreadable value gives a fresh
// profile with status Reset, a failing storage one with status Unavailable.
func (st *Store) Load() (*Profile, Status) {
	v, ok, err := st.s.Load()
	if err != nil {
		st.memory = true
		return New(), Unavailable
	}
	if !ok {
		return New(), Fresh
	}
	p, err := Decode([]byte(v))
	if err != nil {
		return New(), Reset
	}
	return p, Loaded
}

// Save writes p. After the first failure the store keeps to memory, and Save
// reports ErrMemoryOnly once so the caller can tell the visitor.
func (st *Store) Save(p *Profile) error {
	if st.memory {
		return nil
	}
	if err := st.s.Save(string(Encode(p))); err != nil {
		st.memory = true
		return errors.Join(ErrMemoryOnly, err)
	}
	return nil
}

// Clear removes the stored profile.
func (st *Store) Clear() error {
	if st.memory {
		return nil
	}
	return st.s.Remove()
}

// ErrMemoryOnly says the storage failed and nothing more will be remembered.
var ErrMemoryOnly = errors.New("profile: storage failed; keeping the profile in memory for this page")
