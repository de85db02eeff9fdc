package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
)

// Session 51 mended races between two nodes by reasoning; these tests run
// them, two writes on two nodes interleaved by hand: one write is held
// inside its transaction (a callback the store calls there waits for the
// test), the other is started, and the test waits for it to wait for a
// lock (pg_stat_activity) or to finish before letting the first go on.

// pause holds the first call of a callback inside its write's transaction
// until the test lets it go; later calls (a batch run again) pass.
type pause struct {
	once, freed sync.Once
	entered     chan struct{}
	release     chan struct{}
}

func newPause(t *testing.T) *pause {
	p := &pause{entered: make(chan struct{}), release: make(chan struct{})}
	t.Cleanup(p.let) // never a write held past its test
	return p
}

// wait is called by the callback.
func (p *pause) wait() {
	first := false
	p.once.Do(func() { first = true; close(p.entered) })
	if first {
		<-p.release
	}
}

// let lets the held callback go on.
func (p *pause) let() { p.freed.Do(func() { close(p.release) }) }

// arrived returns once the callback is held, failing the test if its write
// (its result on done) ends first or it is not held within 30 s.
func (p *pause) arrived(t *testing.T, done <-chan error) {
	t.Helper()
	select {
	case <-p.entered:
	case err := <-done:
		t.Fatalf("the write ended before its callback was held: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("the write's callback was never called")
	}
}

// outcome waits for one write's result on done (30 s at most).
func outcome(t *testing.T, done <-chan error, what string) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not finish", what)
		return nil
	}
}

// wantCode fails the test unless err is the domain error code.
func wantCode(t *testing.T, err error, code, what string) {
	t.Helper()
	if e := domain.AsError(err); e == nil || e.Code != code {
		t.Errorf("%s: %v; want %s", what, err, code)
	}
}

// actingNodes is openNodes with every node checking the acting account as
// the service does (domain.Active).
func actingNodes(t *testing.T, n int) []*Store {
	t.Helper()
	nodes := openNodes(t, n)
	for _, s := range nodes {
		s.Acting = domain.Active
	}
	return nodes
}

// count reads one number.
func count52(t *testing.T, s *Store, q string, args ...any) int {
	t.Helper()
	var n int
	if err := s.r.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// (a) A reset link read on one node, its email changed on another before
// the reset writes: the change voided the link (SetEmail), so the reset is
// refused as a used link, and the new address stays unconfirmed and the
// password unchanged. Before session 51 the reset voided nothing left and
// confirmed the new address, which no link had reached.
func TestRaces52AnEmailChangeDuringAResetVoidsIt(t *testing.T) {
	ctx := context.Background()
	nodes := actingNodes(t, 2)
	s, other := nodes[0], nodes[1]
	u, err := s.CreateUser(ctx, domain.SignUp{Email: "old@example.com", Name: "王"}, "old-hash", false)
	if err != nil {
		t.Fatal(err)
	}
	now := s.Now()
	if err := s.CreatePasswordReset(ctx, "old@example.com", now.Add(-time.Hour), now.Add(time.Hour),
		func([]time.Time) bool { return true }, func(int64, int64) []domain.Outgoing { return nil }); err != nil {
		t.Fatal(err)
	}
	resetID := int64(count52(t, s, `SELECT id FROM password_resets WHERE user_id = ?`, u.ID))

	p := newPause(t)
	done := make(chan error, 1)
	go func() {
		_, err := s.ResetPassword(ctx, resetID, "new-hash", func(r domain.PasswordReset) error {
			p.wait() // the link read, not yet taken
			return domain.ResetUsable(r, now)
		})
		done <- err
	}()
	p.arrived(t, done)
	// The change on the other node waits for nothing the reset holds.
	changed := make(chan error, 1)
	go func() {
		_, err := other.SetEmail(ctx, u.ID, "new@example.com", nil)
		changed <- err
	}()
	if err := outcome(t, changed, "the email change while the reset is under way"); err != nil {
		t.Fatal(err)
	}
	p.let()
	wantCode(t, outcome(t, done, "the reset"), "invalid_reset_token", "the reset of a link voided meanwhile")
	after, err := s.User(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Email != "new@example.com" || after.Verified {
		t.Errorf("after the race: %s, confirmed %v; want the new address, unconfirmed", after.Email, after.Verified)
	}
	var hash string
	if err := s.r.QueryRow(`SELECT password_hash FROM users WHERE id = ?`, u.ID).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if hash != "old-hash" {
		t.Errorf("password %q; want the old one: the refused reset changed it", hash)
	}
}

// (b) An unconfirmed account's idea is under way on one node (its account
// held FOR KEY SHARE by actingTx) when an admin invites its address on
// another: the invitation waits for the idea's commit before it reads
// whether the account acted, finds the idea, and detaches the account
// instead of taking it over. Read before the lock, it found nothing, took
// the account over, and the squatter's idea was the invitee's.
func TestRaces52AnInvitationCountsAnActInFlight(t *testing.T) {
	ctx := context.Background()
	nodes := actingNodes(t, 2)
	s, other := nodes[0], nodes[1]
	users, c := fixture(t, s, 1)
	admin := users[0]
	squat, err := s.CreateUser(ctx, domain.SignUp{Email: "judge@brand.cn", Name: "冒名者"}, "attacker-hash", false)
	if err != nil {
		t.Fatal(err)
	}
	p := newPause(t)
	posted := make(chan error, 1)
	var idea domain.Idea
	go func() {
		var err error
		idea, err = other.CreateIdea(ctx, c.ID, squat.ID, func(domain.Challenge, int) (domain.Idea, error) {
			p.wait() // the account read FOR KEY SHARE, the idea not yet written
			return domain.Idea{Title: "冒名者的创意"}, nil
		})
		posted <- err
	}()
	p.arrived(t, posted)

	invited := make(chan error, 1)
	var judge domain.User
	go func() {
		var err error
		judge, err = s.InviteUser(ctx, admin.ID, "judge@brand.cn", "李评委", "zh", "invite-hash", []domain.Role{domain.RoleJudge},
			s.Now().Add(domain.InviteValid), func(userID, resetID int64) []domain.Outgoing {
				return domain.InviteNotices(userID, resetID, "张三", []domain.Role{domain.RoleJudge})
			}, detach51)
		invited <- err
	}()
	waitForALockWaiter(t, s, invited)
	p.let()
	if err := outcome(t, posted, "the squatter's idea"); err != nil {
		t.Fatalf("the idea under way: %v", err)
	}
	if err := outcome(t, invited, "the invitation"); err != nil {
		t.Fatalf("the invitation: %v", err)
	}
	if judge.ID == squat.ID || judge.Name != "李评委" || judge.Verified {
		t.Errorf("the invitee's account %+v; want a fresh one, not the squatter's %d", judge, squat.ID)
	}
	if gone, err := s.User(ctx, squat.ID); err != nil || !gone.Deleted {
		t.Errorf("the squatted account: %+v, %v; want it detached (deleted)", gone, err)
	}
	if got, err := s.Idea(ctx, idea.ID); err != nil || got.Author.ID != squat.ID {
		t.Errorf("the idea: %+v, %v; want it under the deleted squatter", got, err)
	}
	if n := count52(t, s, `SELECT COUNT(*) FROM ideas WHERE author_id = ?`, judge.ID); n != 0 {
		t.Errorf("%d ideas under the invitee", n)
	}
}

// (c) An act started on one node while another node's deletion or
// suspension holds the account (FOR UPDATE, taken before the write decides
// anything) waits for it, reads the outcome, and is refused; it leaves no
// row. A vote and a comment, each on a node of its own.
func TestRaces52ActsWaitingForADeletionOrSuspensionAreRefused(t *testing.T) {
	for _, tc := range []struct {
		name, code string
		lock       func(s *Store, actor, fan int64, held func()) error
	}{
		{"deletion", "account_deleted", func(s *Store, _, fan int64, held func()) error {
			d := detach51
			d.Check = func(u domain.User) error { held(); return domain.Present(u) }
			return s.DeleteAccount(context.Background(), fan, domain.DeletedEmail(fan), d)
		}},
		{"suspension", "suspended", func(s *Store, actor, fan int64, held func()) error {
			_, err := s.SetSuspended(context.Background(), actor, fan, true, "spam", func(domain.User) error { held(); return nil },
				func(int) error { return nil }, func(domain.User) []domain.Outgoing { return nil }, nil)
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			nodes := actingNodes(t, 3)
			s := nodes[0]
			users, c := fixture(t, s, 2)
			fan := users[1].ID
			a := addIdea(t, s, c, users[0].ID, "a")
			p := newPause(t)
			locked := make(chan error, 1)
			go func() { locked <- tc.lock(s, users[0].ID, fan, p.wait) }()
			p.arrived(t, locked)

			acts := make(chan error, 2)
			go func() {
				_, err := nodes[1].Vote(ctx, fan, a.ID, allow)
				acts <- err
			}()
			go func() {
				_, err := nodes[2].CreateComment(ctx, a.ID, 0, domain.Author{ID: fan, Name: users[1].Name}, "评论", false, nil,
					func(domain.Idea) error { return nil },
					func(domain.Idea, domain.Comment, int64, int64, []int64, map[int64]bool) []domain.Outgoing { return nil })
				acts <- err
			}()
			waitForLockWaiters(t, s, 2, acts)
			p.let()
			if err := outcome(t, locked, "the "+tc.name); err != nil {
				t.Fatalf("the %s: %v", tc.name, err)
			}
			wantCode(t, outcome(t, acts, "an act"), tc.code, "an act waiting for the "+tc.name)
			wantCode(t, outcome(t, acts, "an act"), tc.code, "an act waiting for the "+tc.name)
			if n := count52(t, s, `SELECT COUNT(*) FROM votes WHERE user_id = ?`, fan) +
				count52(t, s, `SELECT COUNT(*) FROM comments WHERE author_id = ?`, fan); n != 0 {
				t.Errorf("%d votes and comments of the account after its %s", n, tc.name)
			}
			if got, err := s.Idea(ctx, a.ID); err != nil || got.Votes != 0 || got.Comments != 0 {
				t.Errorf("the idea counts %d votes and %d comments (%v); want none", got.Votes, got.Comments, err)
			}
		})
	}
}

// (c, the other order) A vote under way (its account held FOR KEY SHARE)
// when a deletion starts on another node: the deletion waits for the
// vote's commit, then sees the vote and withdraws it, the tally counted
// again. Read before the vote's commit, the vote stood for good under a
// deleted account.
func TestRaces52ADeletionWaitsForAVoteUnderWayAndWithdrawsIt(t *testing.T) {
	ctx := context.Background()
	nodes := actingNodes(t, 2)
	s, other := nodes[0], nodes[1]
	users, c := fixture(t, s, 2)
	fan := users[1].ID
	a := addIdea(t, s, c, users[0].ID, "a")
	p := newPause(t)
	voted := make(chan error, 1)
	go func() {
		_, err := other.Vote(ctx, fan, a.ID, func(c domain.Challenge, i domain.Idea, used int) error {
			p.wait() // the account read FOR KEY SHARE, the vote not yet written
			return allow(c, i, used)
		})
		voted <- err
	}()
	p.arrived(t, voted)
	deleted := make(chan error, 1)
	go func() { deleted <- s.DeleteAccount(ctx, fan, domain.DeletedEmail(fan), detach51) }()
	waitForALockWaiter(t, s, deleted)
	p.let()
	if err := outcome(t, voted, "the vote"); err != nil {
		t.Fatalf("the vote under way: %v", err)
	}
	if err := outcome(t, deleted, "the deletion"); err != nil {
		t.Fatalf("the deletion: %v", err)
	}
	if n := count52(t, s, `SELECT COUNT(*) FROM votes WHERE user_id = ?`, fan); n != 0 {
		t.Errorf("%d votes of the deleted account; want its vote withdrawn", n)
	}
	if got, err := s.Idea(ctx, a.ID); err != nil || got.Votes != 0 {
		t.Errorf("the idea counts %d votes (%v); want 0", got.Votes, err)
	}
}

// (b and c) An invitation detaching a squatter who acted holds the account
// while a comment of the squatter starts on another node: the comment
// waits, reads the account deleted, and is refused; nothing of it lands,
// under the squatter or the invitee.
func TestRaces52AnActWaitingForADetachingInvitationIsRefused(t *testing.T) {
	ctx := context.Background()
	nodes := actingNodes(t, 2)
	s, other := nodes[0], nodes[1]
	users, c := fixture(t, s, 1)
	admin := users[0]
	squat, err := s.CreateUser(ctx, domain.SignUp{Email: "judge@brand.cn", Name: "冒名者"}, "attacker-hash", false)
	if err != nil {
		t.Fatal(err)
	}
	a := addIdea(t, s, c, squat.ID, "冒名者的创意") // acted: detached, not taken over
	p := newPause(t)
	invited := make(chan error, 1)
	go func() {
		_, err := s.InviteUser(ctx, admin.ID, "judge@brand.cn", "李评委", "zh", "invite-hash", []domain.Role{domain.RoleJudge},
			s.Now().Add(domain.InviteValid), func(userID, resetID int64) []domain.Outgoing {
				p.wait() // the squatter deleted, not yet committed
				return domain.InviteNotices(userID, resetID, "张三", []domain.Role{domain.RoleJudge})
			}, detach51)
		invited <- err
	}()
	p.arrived(t, invited)
	commented := make(chan error, 1)
	go func() {
		_, err := other.CreateComment(ctx, a.ID, 0, domain.Author{ID: squat.ID, Name: squat.Name}, "抢先", false, nil,
			func(domain.Idea) error { return nil },
			func(domain.Idea, domain.Comment, int64, int64, []int64, map[int64]bool) []domain.Outgoing { return nil })
		commented <- err
	}()
	waitForALockWaiter(t, s, commented)
	p.let()
	if err := outcome(t, invited, "the invitation"); err != nil {
		t.Fatalf("the invitation: %v", err)
	}
	wantCode(t, outcome(t, commented, "the comment"), "account_deleted", "the squatter's comment waiting for the invitation")
	if n := count52(t, s, `SELECT COUNT(*) FROM comments WHERE idea_id = ?`, a.ID); n != 0 {
		t.Errorf("%d comments on the idea; want none", n)
	}
}

// (a, the locks' order) An email change on another node holds the
// account's row (SetEmail's first statement) when a reset starts here:
// the reset waits for the account before it takes its link, as SetEmail
// and SetPassword take the account before the links. The change then
// voids the link, commits, and the reset, reading the link taken, is
// refused. Taking the link first, the reset held it while waiting for the
// account, and the change's voiding waited for the reset: a deadlock,
// one of the two run again after PostgreSQL's deadlock_timeout.
func TestRaces52AResetTakesTheAccountBeforeItsLink(t *testing.T) {
	ctx := context.Background()
	s := mustOpenPostgres(t, "an email change on another node")
	u, err := s.CreateUser(ctx, domain.SignUp{Email: "old@example.com", Name: "王"}, "old-hash", false)
	if err != nil {
		t.Fatal(err)
	}
	now := s.Now()
	if err := s.CreatePasswordReset(ctx, "old@example.com", now.Add(-time.Hour), now.Add(time.Hour),
		func([]time.Time) bool { return true }, func(int64, int64) []domain.Outgoing { return nil }); err != nil {
		t.Fatal(err)
	}
	resetID := int64(count52(t, s, `SELECT id FROM password_resets WHERE user_id = ?`, u.ID))
	// SetEmail's statements, in its order, on another connection.
	other, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Rollback()
	// A circle is found here first (the writer's deadlock_timeout is 1 s),
	// failing this test rather than being run again by the writer.
	if _, err := other.Exec(`SET LOCAL deadlock_timeout = '50ms'`); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec(`UPDATE users SET email = ?, verified = ? WHERE id = ?`, "new@example.com", false, u.ID); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := s.ResetPassword(ctx, resetID, "new-hash", func(r domain.PasswordReset) error { return domain.ResetUsable(r, now) })
		done <- err
	}()
	waitForALockWaiter(t, s, done)
	if err := voidResets(other, u.ID, now); err != nil {
		t.Fatalf("the email change voiding the links while the reset waits: %v (pg code %s)", err, pgCode(err))
	}
	if err := other.Commit(); err != nil {
		t.Fatal(err)
	}
	wantCode(t, outcome(t, done, "the reset"), "invalid_reset_token", "the reset of a link voided meanwhile")
	if after, err := s.User(ctx, u.ID); err != nil || after.Email != "new@example.com" || after.Verified {
		t.Errorf("after the race: %+v, %v; want the new address, unconfirmed", after, err)
	}
}
