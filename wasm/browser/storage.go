//go:build js && wasm

package browser

import (
	"errors"
	"syscall/js"

	"hearth/wasm/profile"
)

// LocalStore keeps the profile under the one localStorage key Hearth uses.
// localStorage can throw on any access (disabled storage, sandboxed frames,
// a full quota); each throw becomes an error, never a panic.
type LocalStore struct{}

var _ profile.Storage = LocalStore{}

func catch(err *error) {
	if r := recover(); r != nil {
		*err = errors.New("browser: localStorage: " + PanicText(r))
	}
}

func local() js.Value { return js.Global().Get("localStorage") }

// Load implements profile.Storage.
func (LocalStore) Load() (v string, ok bool, err error) {
	defer catch(&err)
	r := local().Call("getItem", profile.Key)
	if r.IsNull() || r.IsUndefined() {
		return "", false, nil
	}
	return r.String(), true, nil
}

// Save implements profile.Storage.
func (LocalStore) Save(v string) (err error) {
	defer catch(&err)
	local().Call("setItem", profile.Key, v)
	return nil
}

// Remove implements profile.Storage.
func (LocalStore) Remove() (err error) {
	defer catch(&err)
	local().Call("removeItem", profile.Key)
	return nil
}

// OnStorage calls f when another tab changes Hearth's key: with the new value,
// or ok false when it was removed (or all of localStorage was cleared).
func (d *Doc) OnStorage(f func(value string, ok bool)) {
	js.Global().Call("addEventListener", "storage", js.FuncOf(func(this js.Value, args []js.Value) any {
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
		guard("storage", func() { f(v, ok) })
		return nil
	}))
}
