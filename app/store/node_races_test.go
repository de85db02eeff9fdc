package store

import (
	"context"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/integrity"
)

// Another node's transaction holds an idea while a moderator hides it on
// one node and its author edits its title on another. Each write must read
// the idea under its lock: read unlocked, both read it shown, and the edit,
// which writes the state it read, showed the hidden idea again.
func TestAHideAndAnEditOnTwoNodesKeepTheHide(t *testing.T) {
	ctx := context.Background()
	nodes := openNodes(t, 2)
	s, other := nodes[0], nodes[1]
	users, c := fixture(t, s, 1)
	a := addIdea(t, s, c, users[0].ID, "a")
	hold := holdIdea(t, s, a.ID)

	done := make(chan error, 2)
	go func() {
		done <- s.Moderate(ctx, domain.ItemIdea, a.ID, users[0].ID, domain.ActionHide, "spam",
			func(ReportTarget) (bool, bool, error) { return true, false, nil },
			func(ReportTarget, bool) []domain.Outgoing { return nil }, domain.VotesReturnedNotices)
	}()
	waitForLockWaiters(t, s, 1, done)
	go func() {
		_, err := other.UpdateIdea(ctx, a.ID, users[0].ID, "", func(_ domain.Challenge, i *domain.Idea) (bool, error) {
			i.Title = "edited"
			return false, nil
		}, domain.VotesReturnedNotices)
		done <- err
	}()
	waitForLockWaiters(t, s, 2, done)
	if err := hold.Commit(); err != nil {
		t.Fatal(err)
	}
	finishes(t, done, 2, "the hide and the edit")

	got, err := s.Idea(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != domain.StateHidden || got.Title != "edited" {
		t.Errorf("idea after a hide and an edit at once: %q, %s; want the edit's title, still hidden", got.Title, got.State)
	}
}

// Every node sweeps the supporter thresholds. Two nodes settling the same
// idea at once must move it, and tell its author, once: the second reads
// the idea under its lock, after the first moved it, and finds nothing due.
func TestTwoNodesSettleAnIdeaOnce(t *testing.T) {
	ctx := context.Background()
	nodes := openNodes(t, 2)
	users, c := fixture(t, nodes[0], 1)
	a := addIdea(t, nodes[0], c, users[0].ID, "a")
	before := notices(t, nodes[0], users[0].ID)
	hold := holdIdea(t, nodes[0], a.ID)

	expire := func(_ domain.Challenge, idea domain.Idea, _ []int64) (domain.State, []domain.Outgoing, bool) {
		if idea.State != domain.StateSubmitted {
			return idea.State, nil, false
		}
		return domain.StateExpired, []domain.Outgoing{domain.ExpiredNotice(idea.ID, idea.Author.ID, idea.Title)}, false
	}
	moved := make(chan bool, 2)
	done := make(chan error, 2)
	for i, n := range nodes {
		go func() {
			m, err := n.SettleThreshold(ctx, a.ID, expire, domain.VotesReturnedNotices)
			moved <- m
			done <- err
		}()
		waitForLockWaiters(t, nodes[0], i+1, done)
	}
	if err := hold.Commit(); err != nil {
		t.Fatal(err)
	}
	finishes(t, done, 2, "the two settles")
	if m1, m2 := <-moved, <-moved; m1 == m2 {
		t.Errorf("settled by both nodes: %v and %v; want exactly one", m1, m2)
	}
	h, err := nodes[0].IdeaHistory(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 || h[1].To != domain.StateExpired {
		t.Errorf("history %+v; want submitted, then expired once", h)
	}
	if told := notices(t, nodes[0], users[0].ID) - before; told != 1 {
		t.Errorf("the author was told %d times; want once", told)
	}
}

// notices counts a user's notifications.
func notices(t *testing.T, s *Store, userID int64) int {
	t.Helper()
	var n int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM notifications WHERE user_id = ?`, userID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A sign-in checked against the old password, whose session is written
// while another node changes the password, is refused: its check of the
// password waits for the change and then reads the new hash. Read unlocked,
// it read the old one, and the session outlived the change.
func TestASignInRacingAPasswordChangeIsRefused(t *testing.T) {
	ctx := context.Background()
	s := mustOpenPostgres(t, "a password change on another node")
	users, _ := fixture(t, s, 1)
	u := users[0].ID
	other, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Rollback()
	if _, err := other.Exec(`UPDATE users SET password_hash = 'y' WHERE id = ?`, u); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.CreateSession(ctx, u, hashOf("late"), time.Time{}, Proof{PasswordHash: "x"}) }()
	waitForALockWaiter(t, s, done)
	if err := other.Commit(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if e := domain.AsError(err); e == nil || e.Code != "access_changed" {
			t.Errorf("the session on the old password: %v; want access_changed", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the session was never answered")
	}
	if _, err := s.Session(ctx, hashOf("late")); err == nil {
		t.Error("the session made with the old password outlived the change")
	}
}

// Every node scans for click farms. Two nodes scanning a challenge at once
// must leave one group for one farm: the second scan waits for the first
// and then continues its group. Both adding one, an admin's clearing one
// left the other holding the farm's votes.
func TestTwoNodesScanningAtOnceMakeOneGroup(t *testing.T) {
	ctx := context.Background()
	nodes := openNodes(t, 2)
	users, c := fixture(t, nodes[0], 3)
	a := addIdea(t, nodes[0], c, users[0].ID, "a")
	farm := []int64{users[1].ID, users[2].ID}
	for _, fan := range farm {
		if _, err := nodes[0].Vote(ctx, fan, a.ID, allow); err != nil {
			t.Fatal(err)
		}
	}
	found := []integrity.Group{{Users: farm, Ideas: []int64{a.ID}, Score: 0.9, Votes: 2}}
	// Another transaction holds the challenge's scan lock, so that both
	// scans are under way before either reads the groups.
	other, err := nodes[0].r.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Rollback()
	if _, err := other.Exec(`SELECT pg_advisory_xact_lock(CAST(? AS INTEGER), CAST(? AS INTEGER))`, lockClass("integrity scan"), int32(c.ID)); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 2)
	for i, n := range nodes {
		go func() {
			done <- n.SaveIntegrityScan(ctx, c.ID, 1, func(stored []integrity.Stored) []integrity.Change {
				return integrity.Reconcile(stored, found, integrity.Defaults())
			})
		}()
		waitForLockWaiters(t, nodes[0], i+1, done)
	}
	if err := other.Commit(); err != nil {
		t.Fatal(err)
	}
	finishes(t, done, 2, "the two scans")
	r, err := nodes[0].IntegrityReport(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Groups) != 1 {
		t.Errorf("%d groups after two scans of one farm at once; want 1", len(r.Groups))
	}
}
