package store

import (
	"context"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// Session 53: the lock order of a suspension (and a deletion) against the
// writes that lock an idea and then tell its voters, and against the
// suspended account's own acts; and the honours lock, run on two nodes.

// suspend53 suspends fan as the service does, withdrawing the account's
// acts in every challenge.
func suspend53(s *Store, actor, fan int64) error {
	_, err := s.SetSuspended(context.Background(), actor, fan, true, "spam", func(domain.User) error { return nil },
		func(int) error { return nil }, func(domain.User) []domain.Outgoing { return nil },
		&Release{Promote: people.Promotable, TellPromoted: func(ClubEvent, []int64) []domain.Outgoing { return nil },
			Withdraws: func(domain.Challenge) bool { return true }})
	return err
}

// A write on another node holds an idea the fan voted for (a threshold
// settled, a comment: the idea locked first) when the fan's suspension
// starts here; then it tells the fan (a notice: the foreign key takes the
// fan's row FOR KEY SHARE). Taking the account FOR UPDATE first and then
// the fan's ideas, the suspension held the account while it waited for the
// idea, and the notice waited for the account: a deadlock (40P01), one of
// the two run again after deadlock_timeout. Now the suspension never waits
// for an idea while it holds the account (lockToWithdraw): it waits for the
// idea holding no row, the notice goes in, the other write commits, and the
// suspension withdraws the vote. The notice, written before the
// suspension, stays.
func TestRaces53ANoticeToTheAccountWhileItsSuspensionWaitsForAnIdea(t *testing.T) {
	ctx := context.Background()
	s := mustOpenPostgres(t, "row locks between nodes")
	s.Acting = domain.Active
	users, c := fixture(t, s, 2)
	fan := users[1].ID
	a := addIdea(t, s, c, users[0].ID, "a")
	if _, err := s.Vote(ctx, fan, a.ID, allow); err != nil {
		t.Fatal(err)
	}
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
	if _, err := other.Exec(`SELECT id FROM ideas WHERE id = ?`+s.forUpdate, a.ID); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- suspend53(s, users[0].ID, fan) }()
	waitForALockWaiter(t, s, done)
	if _, err := other.Exec(`INSERT INTO notifications (user_id, kind, args, url, created_at) VALUES (?, ?, '["a"]', '/ideas/1', ?)`,
		fan, string(domain.NoticeComment), ms(s.Now())); err != nil {
		t.Fatalf("the notice to the fan while the suspension waits for the idea: %v (pg code %s)", err, pgCode(err))
	}
	if err := other.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := outcome(t, done, "the suspension"); err != nil {
		t.Fatalf("the suspension: %v", err)
	}
	if n := s.retried.Load(); n != 0 {
		t.Errorf("the suspension ran %d times again", n)
	}
	if n := count52(t, s, `SELECT COUNT(*) FROM votes WHERE user_id = ?`, fan); n != 0 {
		t.Errorf("%d votes of the suspended account; want its vote withdrawn", n)
	}
	if got, err := s.Idea(ctx, a.ID); err != nil || got.Votes != 0 {
		t.Errorf("the idea counts %d votes (%v); want 0", got.Votes, err)
	}
	if n := count52(t, s, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = ?`, fan, string(domain.NoticeComment)); n != 1 {
		t.Errorf("%d notices to the fan; want the one written before the suspension", n)
	}
}

// While the suspension waits for the idea another write holds (holding
// no row of its own), the fan votes for another idea on a third node: the
// vote is not refused (the account is not suspended yet) and commits. The
// suspension, taking the account and reading the acts again, finds that
// vote too and withdraws both; both tallies are counted again.
func TestRaces53AVoteCastWhileTheSuspensionWaitsIsWithdrawnToo(t *testing.T) {
	ctx := context.Background()
	nodes := actingNodes(t, 2)
	s, third := nodes[0], nodes[1]
	users, c := fixture(t, s, 2)
	fan := users[1].ID
	a := addIdea(t, s, c, users[0].ID, "a")
	b := addIdea(t, s, c, users[0].ID, "b")
	if _, err := s.Vote(ctx, fan, a.ID, allow); err != nil {
		t.Fatal(err)
	}
	blocker := holdIdea(t, s, a.ID)
	done := make(chan error, 1)
	go func() { done <- suspend53(s, users[0].ID, fan) }()
	waitForALockWaiter(t, s, done)
	// Held by a suspension that holds the account, the vote would wait
	// for it, and it for the idea held here: outcome gives up after 30 s.
	voted := make(chan error, 1)
	go func() {
		_, err := third.Vote(ctx, fan, b.ID, allow)
		voted <- err
	}()
	if err := outcome(t, voted, "the fan's vote for b while the suspension waits for a"); err != nil {
		t.Fatalf("the fan's vote for b while the suspension waits for a: %v", err)
	}
	if err := blocker.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := outcome(t, done, "the suspension"); err != nil {
		t.Fatalf("the suspension: %v", err)
	}
	if n := count52(t, s, `SELECT COUNT(*) FROM votes WHERE user_id = ?`, fan); n != 0 {
		t.Errorf("%d votes of the suspended account; want both withdrawn", n)
	}
	for _, id := range []int64{a.ID, b.ID} {
		if got, err := s.Idea(ctx, id); err != nil || got.Votes != 0 {
			t.Errorf("idea %d counts %d votes (%v); want 0", id, got.Votes, err)
		}
	}
	noViolations(t, s)
}

// The same for a deletion (an admin's, or the owner's): the notice goes
// in while the deletion waits for the idea, and the deletion, committing
// after it, erases it with the account's other notices.
func TestRaces53ANoticeToTheAccountWhileItsDeletionWaitsForAnIdea(t *testing.T) {
	ctx := context.Background()
	s := mustOpenPostgres(t, "row locks between nodes")
	s.Acting = domain.Active
	users, c := fixture(t, s, 2)
	fan := users[1].ID
	a := addIdea(t, s, c, users[0].ID, "a")
	if _, err := s.Vote(ctx, fan, a.ID, allow); err != nil {
		t.Fatal(err)
	}
	other, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Rollback()
	if _, err := other.Exec(`SET LOCAL deadlock_timeout = '50ms'`); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec(`SELECT id FROM ideas WHERE id = ?`+s.forUpdate, a.ID); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.DeleteAccount(ctx, fan, domain.DeletedEmail(fan), detach51) }()
	waitForALockWaiter(t, s, done)
	if _, err := other.Exec(`INSERT INTO notifications (user_id, kind, args, url, created_at) VALUES (?, ?, '["a"]', '/ideas/1', ?)`,
		fan, string(domain.NoticeComment), ms(s.Now())); err != nil {
		t.Fatalf("the notice to the fan while the deletion waits for the idea: %v (pg code %s)", err, pgCode(err))
	}
	if err := other.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := outcome(t, done, "the deletion"); err != nil {
		t.Fatalf("the deletion: %v", err)
	}
	if n := s.retried.Load(); n != 0 {
		t.Errorf("the deletion ran %d times again", n)
	}
	if n := count52(t, s, `SELECT COUNT(*) FROM votes WHERE user_id = ?`, fan) +
		count52(t, s, `SELECT COUNT(*) FROM notifications WHERE user_id = ?`, fan); n != 0 {
		t.Errorf("%d votes and notices of the deleted account; want none", n)
	}
	if got, err := s.Idea(ctx, a.ID); err != nil || got.Votes != 0 {
		t.Errorf("the idea counts %d votes (%v); want 0", got.Votes, err)
	}
}

// The other order, which a mend must not break: the fan's own act holds
// the account FOR KEY SHARE (actingTx, first) and then wants an idea the
// fan acted on already (a vote cast again: a double tap), while the
// suspension starts on another node. The suspension must wait for the
// account holding no idea: locking the fan's ideas first and then waiting
// for the account, it would hold the idea the vote wants while the vote
// holds the account — a circle. Here the vote goes through (a repeat
// changes nothing), and the suspension then withdraws the vote; neither
// node runs anything again.
func TestRaces53TheAccountsOwnActBeforeItsSuspension(t *testing.T) {
	ctx := context.Background()
	nodes := actingNodes(t, 2)
	s, other := nodes[0], nodes[1]
	users, c := fixture(t, s, 2)
	fan := users[1].ID
	a := addIdea(t, s, c, users[0].ID, "a")
	if _, err := s.Vote(ctx, fan, a.ID, allow); err != nil {
		t.Fatal(err)
	}
	p := newPause(t)
	other.Acting = func(u domain.User) error {
		p.wait() // the account held FOR KEY SHARE, the idea not yet locked
		return domain.Active(u)
	}
	voted := make(chan error, 1)
	go func() {
		_, err := other.Vote(ctx, fan, a.ID, allow)
		voted <- err
	}()
	p.arrived(t, voted)
	done := make(chan error, 1)
	go func() { done <- suspend53(s, users[0].ID, fan) }()
	waitForALockWaiter(t, s, done)
	p.let()
	if err := outcome(t, voted, "the vote cast again"); err != nil {
		t.Fatalf("the vote cast again: %v", err)
	}
	if err := outcome(t, done, "the suspension"); err != nil {
		t.Fatalf("the suspension: %v", err)
	}
	for i, node := range nodes {
		if n := node.retried.Load(); n != 0 {
			t.Errorf("node %d ran %d batches again: the vote and the suspension deadlocked", i, n)
		}
	}
	if n := count52(t, s, `SELECT COUNT(*) FROM votes WHERE user_id = ?`, fan); n != 0 {
		t.Errorf("%d votes of the suspended account; want its vote withdrawn", n)
	}
	if got, err := s.Idea(ctx, a.ID); err != nil || got.Votes != 0 {
		t.Errorf("the idea counts %d votes (%v); want 0", got.Votes, err)
	}
}

// Two comments of one fan marked helpful at once on two nodes, each
// giving the points that reach level 2: the honours lock (tellHonours)
// makes the second wait for the first, read its points and its notice,
// and tell nothing more. Without it both read the points as they were
// before either, and the fan was told of level 2 (and the first helpful
// comment's badge) twice.
func TestRaces53TheHonoursLockTellsALevelOnce(t *testing.T) {
	ctx := context.Background()
	nodes := actingNodes(t, 2)
	s, other := nodes[0], nodes[1]
	users, c := fixture(t, s, 2)
	fan := users[1]
	a := addIdea(t, s, c, users[0].ID, "a")
	var comments []int64
	for _, body := range []string{"第一条", "第二条"} {
		cm, err := s.CreateComment(ctx, a.ID, 0, domain.Author{ID: fan.ID, Name: fan.Name}, body, false, nil,
			func(domain.Idea) error { return nil },
			func(domain.Idea, domain.Comment, int64, int64, []int64, map[int64]bool) []domain.Outgoing { return nil })
		if err != nil {
			t.Fatal(err)
		}
		comments = append(comments, cm.ID)
	}
	line := people.Thresholds[1] // level 2
	award := func(idea domain.Idea, cm domain.Comment, at time.Time) []people.Event {
		return []people.Event{{UserID: cm.Author.ID, Kind: people.CommentHelpful, Ref: cm.ID, ChallengeID: idea.ChallengeID, At: at, Points: line}}
	}
	ok := func(domain.Idea, domain.Comment) error { return nil }
	p := newPause(t)
	s.Honours = func(ch people.HonourChange) []domain.Outgoing {
		p.wait() // the fan's honours read under the lock, not yet told
		return people.HonourNotices(ch)
	}
	other.Honours = people.HonourNotices
	first := make(chan error, 1)
	go func() { first <- s.MarkHelpful(ctx, comments[0], users[0].ID, true, ok, award) }()
	p.arrived(t, first)
	second := make(chan error, 1)
	go func() { second <- other.MarkHelpful(ctx, comments[1], users[0].ID, true, ok, award) }()
	// The second waits for the first's lock; without it, it finishes.
	var secondErr error
	finished := false
	for deadline := time.Now().Add(30 * time.Second); ; {
		if lockWaiters(t, s) > 0 {
			break
		}
		select {
		case secondErr = <-second:
			finished = true
		default:
		}
		if finished {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the second mark neither waited nor finished")
		}
		time.Sleep(10 * time.Millisecond)
	}
	p.let()
	if err := outcome(t, first, "the first mark"); err != nil {
		t.Fatalf("the first mark: %v", err)
	}
	if !finished {
		secondErr = outcome(t, second, "the second mark")
	}
	if secondErr != nil {
		t.Fatalf("the second mark: %v", secondErr)
	}
	if n := count52(t, s, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = ?`, fan.ID, string(domain.NoticeLevelUp)); n != 1 {
		t.Errorf("the fan was told of level 2 %d times; want once", n)
	}
	if n := count52(t, s, `SELECT COUNT(*) - COUNT(DISTINCT kind || args) FROM notifications WHERE user_id = ? AND `+honourKinds, fan.ID); n != 0 {
		t.Errorf("%d honour notices told twice", n)
	}
	if n := count52(t, s, `SELECT COALESCE(SUM(points), 0) FROM reputation_events WHERE user_id = ?`, fan.ID); n != 2*line {
		t.Errorf("the fan has %d points; want %d", n, 2*line)
	}
}
