package counts

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"github.com/hearth-personalization/hearth/measure"
)

// Adds racing a Close either count or get ErrClosed: none panics on the
// closed channel, none is lost without an error, and an Add after Close is
// ErrClosed (#34.8: Add caught the panic with recover).
func TestAddRacingClose(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "c.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	rep := measure.Report{Measurement: "m", Period: 1, Nonce: "0123456789abcdef0123456789abcdef",
		Entries: []measure.Entry{{Experience: "hero", Arm: measure.Shown, Cell: measure.Goal}}}
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- db.Add(context.Background(), rep)
		}()
	}
	db.Close()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil && !errors.Is(err, ErrClosed) {
			t.Errorf("an Add racing Close: %v", err)
		}
	}
	if err := db.Add(context.Background(), rep); !errors.Is(err, ErrClosed) {
		t.Errorf("Add after Close: %v, want ErrClosed", err)
	}
}
