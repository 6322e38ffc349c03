//go:build js && wasm

package browser

import (
	"errors"
	"syscall/js"

	"hearth/wasm/profile"
)

// LocalStore keeps the profile under the one localStorage key Hearth uses.
// localStorage can throw on any access (disabled storage, sandboxed frames,
// a full quota); each throw becomes an error, never a panic. The module
// never reads window.localStorage itself: where storage is blocked that
// getter throws, and syscall/js cannot catch a throwing getter. The loader
// reads it inside try and hands over the object, or null (see Boot).
type LocalStore struct{ s js.Value }

var _ profile.Storage = LocalStore{}

// errNoStorage is every operation's error where the loader found no storage.
var errNoStorage = errors.New("browser: localStorage is unavailable on this page")

func catch(err *error) {
	if r := recover(); r != nil {
		*err = errors.New("browser: localStorage: " + PanicText(r))
	}
}

func (l LocalStore) local() (js.Value, error) {
	if l.s.Type() != js.TypeObject {
		return js.Value{}, errNoStorage
	}
	return l.s, nil
}

// Load implements profile.Storage.
func (l LocalStore) Load() (v string, ok bool, err error) {
	defer catch(&err)
	s, err := l.local()
	if err != nil {
		return "", false, err
	}
	r := s.Call("getItem", profile.Key)
	if r.IsNull() || r.IsUndefined() {
		return "", false, nil
	}
	return r.String(), true, nil
}

// Save implements profile.Storage.
func (l LocalStore) Save(v string) (err error) {
	defer catch(&err)
	s, err := l.local()
	if err != nil {
		return err
	}
	s.Call("setItem", profile.Key, v)
	return nil
}

// Remove implements profile.Storage.
func (l LocalStore) Remove() (err error) {
	defer catch(&err)
	s, err := l.local()
	if err != nil {
		return err
	}
	s.Call("removeItem", profile.Key)
	return nil
}

// OnStorage calls f when another tab changes Hearth's key: with the new value,
// or ok false when it was removed (or all of localStorage was cleared).
func (d *Doc) OnStorage(f func(value string, ok bool)) {
	js.Global().Call("addEventListener", "storage", callback("storage", func(this js.Value, args []js.Value) any {
		ev := args[0]
		key := ev.Get("key")
		if !key.IsNull() && key.String() != profile.Key {
			return nil
		}
		nv := ev.Get("newValue")
		ok := !key.IsNull() && nv.Type() == js.TypeString
		v := ""
		if ok {
			v = nv.String()
		}
		f(v, ok)
		return nil
	}))
}
