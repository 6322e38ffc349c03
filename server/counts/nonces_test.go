package counts

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hearth-personalization/hearth/server/countsql"
)

// The edge's nonce table (the same SQL in SQLite and D1): forgetting a
// closed period's nonces finds them through the index, not by reading
// every row (#33.12: each report scanned the whole table, and D1 bills rows
// read).
func TestForgetNoncesUsesIndex(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "n.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{countsql.NonceSchema, countsql.NonceIndex} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := db.Query("EXPLAIN QUERY PLAN "+countsql.ForgetNonces, 3)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if p := strings.Join(plan, "; "); !strings.Contains(p, "nonces_by_period") {
		t.Errorf("ForgetNonces's plan %q: want it through the index nonces_by_period", p)
	}
}
