package store

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"cocreate/app/domain"
)

// A batch holding a write that takes the admins' lock takes it before its
// first write runs (PostgreSQL), so a write batched before it (a Leave
// holding a club's lock) never holds a lock the admins' holders on
// another node wait for while it waits for theirs; a batch without one
// takes no such lock.
func TestBatches54TakeTheAdminsLockFirst(t *testing.T) {
	s := mustOpenPostgres(t, "advisory locks of a batch")
	for _, tc := range []struct {
		name   string
		admins bool
	}{{"with a write of the admins'", true}, {"without", false}} {
		var first bool
		before := &writeReq{done: make(chan error, 1), fn: func(tx *sql.Tx) (err error) {
			first, err = adminsHeld54(tx)
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

// Each write that takes the admins' lock is queued as one (writeAdmins):
// batched behind another write, that write already runs holding the
// lock. The writer is held busy while the two are queued, so they make
// one batch, the probe first.
func TestBatches54EveryAdminsWriteIsMarked(t *testing.T) {
	s := mustOpenPostgres(t, "advisory locks of a batch")
	users, _ := fixture(t, s, 6)
	admin := users[0]
	ctx := context.Background()
	noCheck := func(domain.User, int, int) error { return nil }
	for _, tc := range []struct {
		name  string
		write func() error
	}{
		{"a suspension", func() error { return suspend53(s, admin.ID, users[1].ID) }},
		{"a deletion", func() error { return s.DeleteAccount(ctx, users[2].ID, domain.DeletedEmail(users[2].ID), detach51) }},
		{"a change of roles", func() error {
			_, err := s.SetRoles(ctx, admin.ID, users[3].ID, []domain.Role{domain.RoleModerator}, noCheck, func(_, _ []domain.Role) []domain.Outgoing { return nil })
			return err
		}},
		{"an invitation", func() error {
			_, err := s.InviteUser(ctx, admin.ID, "judge54@brand.cn", "李评委", "zh", "invite-hash", []domain.Role{domain.RoleJudge},
				s.Now().Add(domain.InviteValid), func(int64, int64) []domain.Outgoing { return nil }, detach51)
			return err
		}},
	} {
		busy, free := make(chan struct{}), make(chan struct{})
		blocker := make(chan error, 1)
		go func() {
			blocker <- s.write(ctx, func(*sql.Tx) error { close(busy); <-free; return nil })
		}()
		<-busy
		var first bool
		probe := make(chan error, 1)
		go func() {
			probe <- s.write(ctx, func(tx *sql.Tx) (err error) {
				first, err = adminsHeld54(tx)
				return err
			})
		}()
		queued(t, s, 1)
		done := make(chan error, 1)
		go func() { done <- tc.write() }()
		queued(t, s, 2)
		close(free)
		for _, ch := range []chan error{blocker, probe, done} {
			if err := <-ch; err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
		}
		if !first {
			t.Errorf("%s: the write batched before it ran without the admins' lock", tc.name)
		}
	}
}

// queued waits until n writes wait in the writer's queue.
func queued(t *testing.T, s *Store, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); len(s.writes) < n; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d writes queued, want %d", len(s.writes), n)
		}
	}
}

// adminsHeld54 says whether tx's connection holds the admins' lock.
func adminsHeld54(tx *sql.Tx) (bool, error) {
	var n int
	err := tx.QueryRow(`SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
		AND pid = pg_backend_pid() AND classid::bigint = ? AND objid::bigint = 0 AND objsubid = 2`,
		int64(uint32(lockClass("admins")))).Scan(&n)
	return n > 0, err
}
