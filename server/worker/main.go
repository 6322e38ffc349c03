//go:build js && wasm

// Command worker is Hearth's server at the edge: server.Handler compiled for
// Cloudflare Workers with github.com/syumai/workers. The bundle and the site
// are Workers static assets (see wrangler.jsonc and `go run ./build
// worker`), so the handler serves no files here: it answers what it
// computes (/healthz, and /hearth/report where the site measures), and
// whatever else reaches it as the native server would (400 for a malformed
// path, 404, 405 with Allow).
//
// Private measurement at the edge: `go run ./build edge -measure CONFIG`
// puts the config's text in the variable HEARTH_MEASURE and binds a D1
// database as COUNTS; the reports are checked as hearthd checks them
// (server.Reports) and counted with the same schema and SQL
// (server/countsql). What Reports holds in memory (nonces, per-address
// bounds) is per isolate here: PRIVACY.md says what that means.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"sync"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/d1"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/server/countsql"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

func main() {
	h, err := server.New(nil, nil)
	if err != nil {
		panic(err)
	}
	workers.Serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { h.Reports = reports() }) // the environment is there from the first request on
		h.ServeHTTP(w, r)
	}))
}

// once reads the measurement at the first request of an isolate.
var once sync.Once

// reports is the measurement's handler, read from HEARTH_MEASURE; nil
// without one (then /hearth/report is a 404, as on hearthd). A broken one
// (`go run ./build edge -measure` checks it, but the variable can be
// edited in the dashboard) answers every report, and /healthz, with a 503
// that says why.
func reports() *server.Reports {
	text := cloudflare.Getenv("HEARTH_MEASURE")
	if text == "" {
		return nil
	}
	m, err := rules.ParseMeasure([]byte(text))
	if err != nil {
		return &server.Reports{Err: fmt.Errorf("HEARTH_MEASURE: %w", err)}
	}
	d := &d1Counts{}
	return &server.Reports{M: m, Counts: d, Nonces: d,
		ClientAddr: func(r *http.Request) string { return r.Header.Get("CF-Connecting-IP") }}
}

// d1Counts keeps the counts in the D1 database bound as COUNTS.
type d1Counts struct {
	mu sync.Mutex
	db *sql.DB // opened once per instance, its tables and index made then
}

// open is the database, its tables created once per instance.
func (c *d1Counts) open(ctx context.Context) (*sql.DB, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.db != nil {
		return c.db, nil
	}
	conn, err := d1.OpenConnector("COUNTS")
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(conn)
	for _, q := range []string{countsql.Schema, countsql.NonceSchema, countsql.NonceIndex} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			db.Close()
			return nil, err
		}
	}
	c.db = db
	return db, nil
}

func (c *d1Counts) Add(ctx context.Context, r measure.Report) error {
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, countsql.Upsert(len(r.Entries)), countsql.Args(r)...)
	return err
}

func (c *d1Counts) Claim(ctx context.Context, period int, nonce string, oldest int) (bool, error) {
	db, err := c.open(ctx)
	if err != nil {
		return false, err
	}
	if _, err := db.ExecContext(ctx, countsql.ForgetNonces, oldest); err != nil {
		return false, err
	}
	res, err := db.ExecContext(ctx, countsql.ClaimNonce, nonce, period)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (c *d1Counts) Release(ctx context.Context, nonce string) error {
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, countsql.ReleaseNonce, nonce)
	return err
}
