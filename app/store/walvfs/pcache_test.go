//go:build linux && cgo

package walvfs

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
)

// borrowedPage is the page number balance_nonroot swaps two pages through
// with 4 KiB pages (SQLite's PENDING_BYTE / 4096 + 1).
const borrowedPage = 0x40000000/4096 + 1

// A b-tree split that leaves its new pages out of order swaps two of them
// through the locking byte's page number. SQLite's page cache never sees
// that number (pcache_linux.c), so the cache's largest key stays a real
// page's and its truncation at each commit has nothing past the end to
// scan; the database stays whole and holds what was committed, and
// nothing of what was rolled back.
func TestTheBorrowedPageNumberNeverReachesThePageCache(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "p.db"), "", "")
	exec(t, db, `CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)`)
	exec(t, db, `CREATE INDEX t_v ON t(v)`)
	swapsBefore := pcacheSwaps()
	rng := rand.New(rand.NewPCG(7, 11))
	kept := map[int64]string{}
	var keys []int64
	for round := range 60 {
		tx, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		changed := map[int64]string{} // "" is a deletion
		for range 300 {
			k := rng.Int64N(1 << 40)
			v := fmt.Sprintf("%x-%d", rng.Uint64(), round)
			if _, err := tx.Exec(`INSERT INTO t (k, v) VALUES (?, ?)`, k, v); err != nil {
				t.Fatal(err)
			}
			changed[k] = v
		}
		for range 100 { // deletions free pages that later splits reuse, out of order
			if len(keys) == 0 {
				break
			}
			k := keys[rng.IntN(len(keys))]
			if _, err := tx.Exec(`DELETE FROM t WHERE k = ?`, k); err != nil {
				t.Fatal(err)
			}
			changed[k] = ""
		}
		if round%4 == 3 {
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		for k, v := range changed {
			if v == "" {
				delete(kept, k)
			} else {
				kept[k] = v
			}
		}
		keys = keys[:0]
		for k := range kept {
			keys = append(keys, k)
		}
	}
	if pcacheSwaps() == swapsBefore {
		t.Fatal("no split swapped two pages: the test does not reach the case")
	}
	if m := pcacheMaxRekeyed(); m >= borrowedPage {
		t.Errorf("the page cache was handed key %d in a rekey: the borrowed page number (%d) reached it", m, borrowedPage)
	}
	var check string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q, %v", check, err)
	}
	rows, err := db.Query(`SELECT k, v FROM t`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var k int64
		var v string
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		if kept[k] != v {
			t.Fatalf("row %d holds %q, want %q", k, v, kept[k])
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(kept) {
		t.Fatalf("%d rows, want %d", n, len(kept))
	}
}
