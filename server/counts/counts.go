// Package counts keeps private measurement's counts in SQLite (a pure-Go
// driver, modernc.org/sqlite: no CGo), the embedded default of hearthd and
// `hearth serve`. It keeps counts only, per (measurement, experience,
// period, arm, cell): no address, agent, identifier, time or row per
// report. Cloudflare D1 at the edge uses the same schema and statements
// (server/countsql).
//
// Reports arriving together are counted in one transaction (group
// commit), and Add returns only once theirs is committed: a report
// answered 2xx survives a kill -9.
package counts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/server/countsql"
	_ "modernc.org/sqlite" // the "sqlite" driver
)

// Row is a count read back.
type Row struct {
	Experience        string
	Period, Arm, Cell int
	N                 int64
}

// DB is an open counts file.
type DB struct {
	db     *sql.DB
	in     chan batchItem
	done   chan struct{}
	once   sync.Once
	mu     sync.RWMutex // Add sends under RLock; Close closes in under Lock
	closed bool
}

type batchItem struct {
	r    measure.Report
	errc chan error
}

// Open opens (creating it if needed) the counts file at path.
func Open(path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("counts: %w", err)
		}
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // one writer; SQLite serializes writes anyway
	if _, err := db.Exec(countsql.Schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("counts: %s: %w", path, err)
	}
	d := &DB{db: db, in: make(chan batchItem, 1024), done: make(chan struct{})}
	go d.writer()
	return d, nil
}

// Check reads the counts table: an error when the file is broken (not a
// database, damaged, gone), for /healthz.
func (d *DB) Check(ctx context.Context) error {
	var one int
	err := d.db.QueryRowContext(ctx, "SELECT 1 FROM counts LIMIT 1").Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("counts: %w", err)
	}
	return nil
}

// maxBatch bounds the reports one transaction counts.
const maxBatch = 512

// writer commits what arrived since the last commit, in one transaction,
// then answers each of those reports.
func (d *DB) writer() {
	defer close(d.done)
	for first := range d.in {
		batch := []batchItem{first}
	more:
		for len(batch) < maxBatch {
			select {
			case it, ok := <-d.in:
				if !ok {
					break more
				}
				batch = append(batch, it)
			default:
				break more
			}
		}
		err := d.commit(batch)
		for _, it := range batch {
			it.errc <- err
		}
	}
}

func (d *DB) commit(batch []batchItem) error {
	tx, err := d.db.Begin()
	if err != nil {
		return err
	}
	for _, it := range batch {
		if _, err := tx.Exec(countsql.Upsert(len(it.r.Entries)), countsql.Args(it.r)...); err != nil {
			tx.Rollback()
			return err
		}
	}
	return tx.Commit()
}

// ErrClosed is Add's error after Close.
var ErrClosed = errors.New("counts: closed")

// Add counts one report's entries, returning once they are committed.
// Close waits for the Adds already sending (they hold mu for reading), so
// that no send meets a closed channel.
func (d *DB) Add(ctx context.Context, r measure.Report) error {
	errc := make(chan error, 1)
	d.mu.RLock()
	if d.closed {
		d.mu.RUnlock()
		return ErrClosed
	}
	select {
	case d.in <- batchItem{r, errc}:
		d.mu.RUnlock()
	case <-ctx.Done():
		d.mu.RUnlock()
		return ctx.Err()
	}
	return <-errc
}

// Import opens a counts file made from an SQL export of the table, as
// `wrangler d1 export hearth-counts --remote --table counts --output
// FILE.sql` writes one from D1: a new SQLite file at path (which must not
// exist) with the export's statements run.
func Import(path string, export []byte) (*DB, error) {
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("counts: %s exists", path)
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return nil, err
	}
	_, err = db.Exec(string(export))
	db.Close()
	if err != nil {
		return nil, fmt.Errorf("counts: the export: %w", err)
	}
	return Open(path)
}

// Read returns a measurement's counts.
func (d *DB) Read(measurement string) ([]Row, error) {
	rows, err := d.db.Query(countsql.Select, measurement)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var r Row
		if err := rows.Scan(&r.Experience, &r.Period, &r.Arm, &r.Cell, &r.N); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Close commits what is queued and closes the file.
func (d *DB) Close() error {
	d.once.Do(func() {
		d.mu.Lock()
		d.closed = true
		close(d.in)
		d.mu.Unlock()
	})
	<-d.done
	return d.db.Close()
}
