package profile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
)

// Version is the format of the value stored under the key "hearth:v1".
// A later format gets a new key and a migration from this one.
const Version = 1

// MaxEncoded is the largest stored value Decode accepts; anything larger was
// not written by Hearth.
const MaxEncoded = 256 << 10

// ErrCorrupt is wrapped by every Decode error: the stored value is not a
// Hearth profile (truncated, edited by hand, or written by someone else).
var ErrCorrupt = errors.New("profile: stored value is not a readable hearth profile")

// stored is the envelope written to storage.
type stored struct {
	V int `json:"v"`
	*Profile
}

// Encode returns the stored form of p: compact JSON with a version field.
// Maps are written in sorted key order, so equal profiles encode equally.
func Encode(p *Profile) ([]byte, error) {
	return json.Marshal(stored{V: Version, Profile: p})
}

// Decode parses a stored value. Any error wraps ErrCorrupt; the caller sets
// the value aside and starts afresh instead of failing.
func Decode(data []byte) (*Profile, error) {
	if len(data) > MaxEncoded {
		return nil, fmt.Errorf("%w: %d bytes is over the %d byte limit", ErrCorrupt, len(data), MaxEncoded)
	}
	var head struct {
		V *int `json:"v"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if head.V == nil || *head.V != Version {
		return nil, fmt.Errorf("%w: unknown format version", ErrCorrupt)
	}
	p := New()
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&stored{Profile: p}); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if p.Topics == nil {
		p.Topics = map[string]*Topic{}
	}
	if p.Declared == nil {
		p.Declared = map[string]bool{}
	}
	return p, nil
}

// validate rejects values Hearth never writes, so later code can trust them.
func (p *Profile) validate() error {
	if p.Visits < 0 || p.Pages < 0 {
		return errors.New("negative counter")
	}
	if len(p.Topics) > MaxTopics {
		return fmt.Errorf("%d topics, over the limit of %d", len(p.Topics), MaxTopics)
	}
	for name, tp := range p.Topics {
		if name == "" || tp == nil {
			return errors.New("empty topic")
		}
		if !(tp.Score >= 0) || math.IsInf(tp.Score, 0) {
			return fmt.Errorf("topic %q: bad score", name)
		}
		if len(tp.Events) > MaxEventsPerTopic {
			return fmt.Errorf("topic %q: too many events", name)
		}
		for _, e := range tp.Events {
			switch e.Kind {
			case View, Click, Track:
			default:
				return fmt.Errorf("topic %q: unknown event kind %q", name, e.Kind)
			}
			if !(e.Weight > 0) || math.IsInf(e.Weight, 0) {
				return fmt.Errorf("topic %q: bad event weight", name)
			}
		}
	}
	if len(p.Replay) > MaxReplayPages {
		return errors.New("too many remembered pages")
	}
	for _, r := range p.Replay {
		if r.Slots == nil {
			return errors.New("remembered page without slots")
		}
	}
	return nil
}
