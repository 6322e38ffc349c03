package profile

import (
	"errors"
	"time"
)

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
	Repaired                  // parts of the stored value were unreadable and were dropped
)

// ErrMemoryOnly says the storage failed and nothing more will be remembered.
var ErrMemoryOnly = errors.New("profile: storage failed; keeping the profile in memory for this page")

// Store keeps a profile in a Storage shared with other tabs. Every Save
// merges with what is stored at that moment, so tabs never lose each
// other's updates; a storage that fails makes it fall back to memory, so a
// broken storage never breaks the page.
type Store struct {
	s        Storage
	halfLife time.Duration
	memory   bool // the last write failed, or the storage cannot be read
	warned   bool // ErrMemoryOnly was reported
	// known is set once this store has read or written a value: finding the
	// key empty afterwards means another tab cleared the profile.
	known bool
	// base holds the counters as last read or written, so that a save adds
	// this tab's increments to another tab's instead of taking the larger.
	baseVisits, basePages int
	// written is the last value this store wrote.
	written string
	// born is when this tab last saw the storage cleared (Unix ms, 0:
	// never): what it holds from then on is of the new profile (Born).
	born int64
	// Absorb, when set, counts the signals the page side queued (see
	// Profile.Absorb) in every profile the store reads or merges, before
	// it is written back.
	Absorb func(p *Profile)
	// Clean, when set, is applied to every profile the store reads or
	// merges, before it is written back (the session forgets there what
	// the visitor did not declare of sensitive topics).
	Clean func(p *Profile)
	// Retention is how long events are kept (the config's); every merge is
	// tidied to it (see Profile.Tidy) before it is written back. 0: no bound.
	Retention time.Duration
}

// NewStore returns a Store over s; halfLife is the config's score half-life,
// which merging needs to fold evidence.
func NewStore(s Storage, halfLife time.Duration) *Store { return &Store{s: s, halfLife: halfLife} }

// Memory reports whether the store has fallen back to memory.
func (st *Store) Memory() bool { return st.memory }

// Load reads the profile. It never fails: an unreadable value gives a fresh
// profile with status Reset, a failing storage one with status Unavailable.
func (st *Store) Load() (*Profile, Status) {
	v, ok, err := st.s.Load()
	if err != nil {
		st.memory, st.warned = true, true // the status tells the visitor
		return New(), Unavailable
	}
	if !ok {
		return New(), Fresh
	}
	status := Loaded
	p, err := Decode([]byte(v))
	if err != nil {
		if p, _, err = decodeRepairing([]byte(v)); err != nil {
			return New(), Reset
		}
		status = Repaired
	}
	st.known = true
	st.baseVisits, st.basePages = p.Visits, p.Pages
	st.absorb(p)
	return p, status
}

// Sync merges into p a value another tab stored, as a storage event reports
// it (ok false: the key was removed, the profile cleared elsewhere). Tabs
// read localStorage through caches that other tabs' writes reach a moment
// later, so a write can miss another tab's latest one; Sync writes the
// merge back whenever this tab holds something the other's value lacks, and
// the tabs converge because mergeProfiles is commutative and idempotent. An
// unreadable value changes nothing here: this tab's next save replaces it.
func (st *Store) Sync(p *Profile, v string, ok bool, now time.Time) (merged *Profile, cleared bool, err error) {
	if !ok {
		st.forget(now)
		return st.fresh(), true, nil
	}
	theirs, derr := Decode([]byte(v))
	if derr != nil {
		return p, false, nil
	}
	st.stamp(p)
	merged, cleared = st.mergeStored(theirs, p, now)
	b := compactTo(merged, maxStored, now, st.halfLife)
	st.known = true
	st.baseVisits, st.basePages = merged.Visits, merged.Pages
	if st.memory || string(b) == v || string(b) == st.written {
		return merged, cleared, nil
	}
	return merged, cleared, st.write(b)
}

// forget starts over after the storage was cleared (by this tab, another,
// or the site's own code): what this tab holds from now on is of a new
// profile, born now.
func (st *Store) forget(now time.Time) {
	st.known = false
	st.baseVisits, st.basePages = 0, 0
	st.written = ""
	st.born = ms(now)
}

// fresh is an empty profile of the lineage this tab knows.
func (st *Store) fresh() *Profile {
	p := New()
	p.Born = st.born
	return p
}

// stamp marks p as of the lineage this tab knows: everything it recorded
// since it saw the storage cleared belongs to the new profile.
func (st *Store) stamp(p *Profile) {
	if p.Born < st.born {
		p.Born = st.born
	}
}

func (st *Store) write(b []byte) error {
	if err := st.s.Save(string(b)); err != nil {
		return st.fail(err)
	}
	st.written = string(b)
	st.memory = false // storage works (again)
	return nil
}

// fail keeps the profile in memory after a storage error; it reports
// ErrMemoryOnly the first time only.
func (st *Store) fail(err error) error {
	st.memory = true
	if st.warned {
		return nil
	}
	st.warned = true
	return errors.Join(ErrMemoryOnly, err)
}

// WriteFailed records that the last value written did not reach the
// storage (the page found its quota full). The profile stays in memory,
// and every later Save tries again: storage that works again (the site
// freed some space) keeps the visitor's later choices.
func (st *Store) WriteFailed(err error) error {
	st.written = ""
	return st.fail(err)
}

// Save merges p with the stored profile, writes the result (compacted to
// maxStored bytes) and returns it: the caller continues with the merged
// profile. cleared is true when another tab had cleared the profile since
// this one last read or wrote it; then p's content is dropped and nothing
// is written, because the visitor asked to forget it.
//
// A storage that fails keeps the profile in memory (Memory reports it), and
// Save reports ErrMemoryOnly once so the caller can tell the visitor; every
// later Save tries the storage again.
func (st *Store) Save(p *Profile, now time.Time) (merged *Profile, cleared bool, err error) {
	v, ok, err := st.s.Load()
	if err != nil {
		st.tidy(p, now) // kept in memory: the panel shows this copy
		return p, false, st.fail(err)
	}
	st.stamp(p)
	if !ok && st.known {
		st.forget(now)
		return st.fresh(), true, nil
	}
	stored := New() // nothing stored, or a value set aside at load: overwritten
	if ok {
		if d, err := Decode([]byte(v)); err == nil {
			stored = d
		}
	}
	merged, cleared = st.mergeStored(stored, p, now)
	if err := st.write(compactTo(merged, maxStored, now, st.halfLife)); err != nil {
		return merged, cleared, err
	}
	st.known = true
	st.baseVisits, st.basePages = merged.Visits, merged.Pages
	return merged, cleared, nil
}

// mergeStored merges this tab's p into what is stored (theirs) and tidies
// the result for writing. Counters are theirs plus what this tab added since
// it last read or wrote them; cleared is true when theirs began after p's
// copy was cleared (replaces): p's content, counters included, is dropped.
func (st *Store) mergeStored(theirs, p *Profile, now time.Time) (merged *Profile, cleared bool) {
	theirs.clampFuture(now) // before the merge: a choice dated ahead must not win it
	merged = mergeProfiles(theirs, p, st.halfLife)
	if replaces(theirs, p) {
		merged.Visits, merged.Pages, cleared = theirs.Visits, theirs.Pages, true
	} else {
		merged.Visits = theirs.Visits + max(0, p.Visits-st.baseVisits)
		merged.Pages = theirs.Pages + max(0, p.Pages-st.basePages)
	}
	st.tidy(merged, now)
	return merged, cleared
}

// tidy applies to a profile about to be kept what holds for every one:
// Clean, the queued signals counted, retention and no future times.
func (st *Store) tidy(p *Profile, now time.Time) {
	st.absorb(p)
	p.Tidy(now, st.Retention)
}

func (st *Store) absorb(p *Profile) {
	if st.Clean != nil {
		st.Clean(p) // first: a queued signal on such a topic is not counted either
	}
	if st.Absorb != nil && len(p.Pending) > 0 {
		st.Absorb(p)
	}
}

// Clear removes the stored profile.
func (st *Store) Clear(now time.Time) error {
	st.forget(now)
	if err := st.s.Remove(); err != nil && !st.memory {
		return err
	}
	return nil
}
