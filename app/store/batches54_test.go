package store

import (
	"database/sql"
	"testing"
)

// A batch holding a write that takes the admins' lock takes it before its
// first write runs (PostgreSQL), so a write batched before it (a Leave
// holding a club's lock) never holds a lock the admins' holders on
// another node wait for while it waits for theirs; a batch without one
// takes no such lock.
func TestBatches54TakeTheAdminsLockFirst(t *testing.T) {
	s := mustOpenPostgres(t, "advisory locks of a batch")
	held := func(tx *sql.Tx) (bool, error) {
		var n int
		err := tx.QueryRow(`SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
			AND pid = pg_backend_pid() AND classid::bigint = ? AND objid::bigint = 0 AND objsubid = 2`,
			int64(uint32(lockClass("admins")))).Scan(&n)
		return n > 0, err
	}
	for _, tc := range []struct {
		name   string
		admins bool
	}{{"with a write of the admins'", true}, {"without", false}} {
		var first bool
		before := &writeReq{done: make(chan error, 1), fn: func(tx *sql.Tx) (err error) {
			first, err = held(tx)
			return err
		}}
		after := &writeReq{done: make(chan error, 1), admins: tc.admins, fn: func(tx *sql.Tx) error { return nil }}
		s.commit([]*writeReq{before, after})
		if err := <-before.done; err != nil {
			t.Fatal(err)
		}
		if err := <-after.done; err != nil {
			t.Fatal(err)
		}
		if first != tc.admins {
			t.Errorf("%s: the first write ran holding the admins' lock: %v, want %v", tc.name, first, tc.admins)
		}
	}
}
