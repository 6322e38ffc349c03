// Package countsql is the one schema and the statements of private
// measurement's counts, shared by SQLite (server/counts, hearthd) and
// Cloudflare D1 (server/worker): the same table and SQL on both, so that
// `hearth report` reads either.
package countsql

import (
	"strings"

	"github.com/hearth-personalization/hearth/measure"
)

// Schema creates the one table, if it is not there: counts only, per
// (measurement, experience, period, arm, cell).
const Schema = `CREATE TABLE IF NOT EXISTS counts (
  measurement TEXT NOT NULL,
  experience  TEXT NOT NULL,
  period      INTEGER NOT NULL,
  arm         INTEGER NOT NULL,
  cell        INTEGER NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (measurement, experience, period, arm, cell)
) WITHOUT ROWID`

// Upsert adds one to each of rows counts in one statement (atomic on its
// own, so that a report's entries count together, also where D1 offers no
// transaction). Its arguments are, per row, measurement, experience,
// period, arm, cell.
func Upsert(rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO counts (measurement, experience, period, arm, cell, n) VALUES ")
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?, ?, 1)")
	}
	b.WriteString(" ON CONFLICT (measurement, experience, period, arm, cell) DO UPDATE SET n = n + 1")
	return b.String()
}

// Select reads a measurement's counts.
const Select = `SELECT experience, period, arm, cell, n FROM counts WHERE measurement = ? ORDER BY experience, period, arm, cell`

// Args are Upsert's arguments for a checked report.
func Args(r measure.Report) []any {
	args := make([]any, 0, 5*len(r.Entries))
	for _, e := range r.Entries {
		args = append(args, r.Measurement, e.Experience, r.Period, int(e.Arm), int(e.Cell))
	}
	return args
}

// Where no memory outlives a request (Workers start a Go instance for each),
// the nonces of open periods that refuse a replayed report are kept here
// instead: random numbers and the period, nothing else (no time, no order:
// the key is the nonce), deleted once their period closes.
const NonceSchema = `CREATE TABLE IF NOT EXISTS nonces (
  nonce  TEXT PRIMARY KEY,
  period INTEGER NOT NULL
) WITHOUT ROWID`

// NonceIndex lets ForgetNonces find a closed period's nonces without
// reading every row: without it each report scanned the whole table (at a
// million nonces, 112 ms a report at the edge, and D1 bills rows read).
const NonceIndex = `CREATE INDEX IF NOT EXISTS nonces_by_period ON nonces (period)`

// ClaimNonce inserts a nonce (nonce, period); it changes no row when the
// nonce was seen.
const ClaimNonce = `INSERT INTO nonces (nonce, period) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING`

// ReleaseNonce drops a nonce whose report could not be counted.
const ReleaseNonce = `DELETE FROM nonces WHERE nonce = ?`

// ForgetNonces drops the nonces of periods closed to reports (before ?).
const ForgetNonces = `DELETE FROM nonces WHERE period < ?`
