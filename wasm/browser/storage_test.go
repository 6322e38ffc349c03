//go:build js && wasm

package browser

import (
	"errors"
	"reflect"
	"syscall/js"
	"testing"
	"time"

	"hearth/wasm/profile"
)

// fakeStorage is a LocalStore over the object the JS source body returns,
// as the loader hands one over.
func fakeStorage(t *testing.T, body string) LocalStore {
	t.Helper()
	return LocalStore{js.Global().Get("Function").New(body).Invoke()}
}

func TestLocalStoreRoundTrip(t *testing.T) {
	ls := fakeStorage(t, `const m = new Map(); return {
		getItem: k => m.has(k) ? m.get(k) : null, setItem: (k, v) => m.set(k, String(v)), removeItem: k => m.delete(k)};`)
	st := profile.NewStore(ls, time.Hour)
	p, status := st.Load()
	if status != profile.Fresh {
		t.Errorf("empty storage: status %v, want Fresh", status)
	}
	p.Declare("camping", true, time.Now())
	if _, _, err := st.Save(p, time.Now()); err != nil {
		t.Fatal(err)
	}
	q, status := profile.NewStore(ls, time.Hour).Load()
	if on, _ := q.DeclaredOn("camping"); status != profile.Loaded || !on {
		t.Errorf("after Save: status %v, declared %v", status, q.Declared)
	}
	if err := st.Clear(); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := (ls).Load(); ok {
		t.Errorf("value still stored after Clear")
	}
}

// Storage that throws on every call (disabled, sandboxed, over quota) must
// turn into errors and a memory-only store, never a panic.
func TestLocalStoreThrowing(t *testing.T) {
	ls := fakeStorage(t, `const fail = () => { throw new Error("SecurityError: storage is disabled"); };
		return {getItem: fail, setItem: fail, removeItem: fail};`)
	if _, _, err := (ls).Load(); err == nil {
		t.Errorf("Load on throwing storage: no error")
	}
	st := profile.NewStore(ls, time.Hour)
	if _, status := st.Load(); status != profile.Unavailable || !st.Memory() {
		t.Errorf("status %v, memory %v; want Unavailable, memory", status, st.Memory())
	}
	st2 := profile.NewStore(ls, time.Hour)
	if _, _, err := st2.Save(profile.New(), time.Now()); !errors.Is(err, profile.ErrMemoryOnly) {
		t.Errorf("Save on throwing storage = %v, want ErrMemoryOnly", err)
	}
}

func TestLocalStoreMissing(t *testing.T) {
	ls := fakeStorage(t, `return null;`)
	if _, _, err := (ls).Load(); err == nil {
		t.Errorf("Load without localStorage: no error")
	}
}

func TestSplitTopics(t *testing.T) {
	for in, want := range map[string][]string{
		"camping, Hiking": {"camping", "hiking"},
		" , ,":            nil,
		"a,,b ":           {"a", "b"},
	} {
		if got := SplitTopics(in); !reflect.DeepEqual(got, want) {
			t.Errorf("SplitTopics(%q) = %q, want %q", in, got, want)
		}
	}
}
