package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
)

// budgetCheck refuses a vote once the voter holds budget votes in the
// challenge, as domain.CanVote does (used is -1 for a repeat or a withdrawal).
func budgetCheck(c domain.Challenge, _ domain.Idea, used int) error {
	if used >= 0 && c.VoteBudget > 0 && used >= c.VoteBudget {
		return domain.Conflict("vote_budget_spent", "budget spent")
	}
	return nil
}

// budgetFixture is fixture's challenge with a budget of two votes a fan,
// and n ideas in it.
func budgetFixture(t *testing.T, s *Store, fans, n int) ([]domain.User, []domain.Idea) {
	t.Helper()
	users, _ := fixture(t, s, fans)
	past, future := s.Now().Add(-time.Hour), s.Now().Add(time.Hour)
	c := domain.NewChallenge()
	c.Title, c.OrganiserID, c.VoteBudget = "预算", users[0].ID, 2
	c.SubmissionsOpenAt, c.SubmissionsCloseAt, c.VotingOpenAt, c.VotingCloseAt = &past, &future, &past, &future
	c, err := s.CreateChallenge(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	var ideas []domain.Idea
	for i := 0; i < n; i++ {
		ideas = append(ideas, addIdea(t, s, c, users[0].ID, "idea"))
	}
	return users, ideas
}

// A budget holds within one batch (the writer reads each vote's count after
// the votes queued before it) and across batches under concurrency; a
// repeated vote does not spend it; a withdrawal gives it back.
func TestVoteBudgetHoldsInABatchAndUnderConcurrency(t *testing.T) {
	s := mustOpen(t)
	users, ideas := budgetFixture(t, s, 9, 6)
	ctx := context.Background()
	fan := users[1].ID
	vote := func(idea int64) func() (int, error) {
		return func() (int, error) { return s.Vote(ctx, fan, idea, budgetCheck) }
	}
	results := inOneBatch(s, []func() (int, error){
		vote(ideas[0].ID), vote(ideas[0].ID), vote(ideas[1].ID), vote(ideas[2].ID),
		func() (int, error) { return s.Unvote(ctx, fan, ideas[1].ID, budgetCheck) },
		vote(ideas[3].ID), vote(ideas[4].ID),
	})
	want := []struct {
		votes   int
		refused bool
	}{{1, false}, {1, false}, {1, false}, {0, true}, {0, false}, {1, false}, {0, true}}
	for i, w := range want {
		r := results[i]
		if refused := domain.AsError(r.err) != nil; refused != w.refused || r.votes != w.votes || (r.err != nil && !refused) {
			t.Errorf("call %d: %d votes, %v; want %d votes, refused %v", i, r.votes, r.err, w.votes, w.refused)
		}
	}
	if n, err := s.VotesUsed(ctx, fan, ideas[0].ChallengeID); err != nil || n != 2 {
		t.Errorf("votes used: %d, %v; want 2", n, err)
	}

	// Eight fans at once, each voting for all six ideas twice over.
	var wg sync.WaitGroup
	for _, u := range users[2:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 2 {
				for _, idea := range ideas {
					if _, err := s.Vote(ctx, u.ID, idea.ID, budgetCheck); err != nil && domain.AsError(err) == nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	for _, u := range users[2:] {
		if n, err := s.VotesUsed(ctx, u.ID, ideas[0].ChallengeID); err != nil || n != 2 {
			t.Errorf("fan %d holds %d votes (%v); want 2", u.ID, n, err)
		}
	}
	if v, err := s.Check(ctx); err != nil || len(v) > 0 {
		t.Fatalf("check: %v %v", v, err)
	}
}

// A vote runs without a savepoint of its own (writeVote): if it fails after
// its insert (here a trigger refuses the tally's update, as a full disk
// would), the batch runs again with savepoints, and that vote leaves no row
// while the batch's other votes land.
func TestVoteFailingAfterItsInsertLeavesNoRow(t *testing.T) {
	s := mustOpen(t)
	users, c := fixture(t, s, 4)
	good, bad := addIdea(t, s, c, users[0].ID, "good"), addIdea(t, s, c, users[0].ID, "bad")
	ctx := context.Background()
	ddl := []string{`CREATE TRIGGER refuse_tally BEFORE UPDATE OF votes ON ideas
		WHEN NEW.id = ` + strconv.FormatInt(bad.ID, 10) + ` BEGIN SELECT RAISE(ABORT, 'tally refused'); END`}
	if s.postgres {
		ddl = []string{`CREATE FUNCTION refuse_tally() RETURNS trigger LANGUAGE plpgsql AS
			$$ BEGIN RAISE EXCEPTION 'tally refused'; END $$`,
			`CREATE TRIGGER refuse_tally BEFORE UPDATE OF votes ON ideas
			FOR EACH ROW WHEN (NEW.id = ` + strconv.FormatInt(bad.ID, 10) + `) EXECUTE FUNCTION refuse_tally()`}
	}
	if err := s.write(ctx, func(tx *sql.Tx) error {
		for _, q := range ddl {
			if _, err := tx.Exec(q); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	results := inOneBatch(s, []func() (int, error){
		func() (int, error) { return s.Vote(ctx, users[1].ID, good.ID, allow) },
		func() (int, error) { return s.Vote(ctx, users[1].ID, bad.ID, allow) },
		func() (int, error) { return s.Vote(ctx, users[2].ID, good.ID, allow) },
		func() (int, error) { return s.Unvote(ctx, users[1].ID, good.ID, allow) },
		func() (int, error) { return s.Vote(ctx, users[3].ID, good.ID, allow) },
	})
	for i, want := range []int{1, -1, 2, 1, 2} {
		r := results[i]
		if want < 0 {
			if r.err == nil || domain.AsError(r.err) != nil {
				t.Errorf("vote %d: %v; want the database's error", i, r.err)
			}
			continue
		}
		if r.err != nil || r.votes != want {
			t.Errorf("vote %d: %d, %v; want %d votes", i, r.votes, r.err, want)
		}
	}
	var rows int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM votes WHERE idea_id = ?`, bad.ID).Scan(&rows); err != nil || rows != 0 {
		t.Errorf("the failed vote left %d rows (%v)", rows, err)
	}
	if v, err := s.Check(ctx); err != nil || len(v) > 0 {
		t.Fatalf("check: %v %v", v, err)
	}
}

// A panic among the writer's own statements (onWriterConn), or a broken
// connection's error, fails only that write: the writer's connection stays
// open for every write after it.
func TestPanicOnTheWritersConnectionFailsOnlyItsWrite(t *testing.T) {
	pgtest.SQLiteOnly(t, "the writer's statements on the driver's connection are SQLite's")
	s := mustOpen(t)
	users, c := fixture(t, s, 2)
	idea := addIdea(t, s, c, users[0].ID, "idea")
	ctx := context.Background()
	err := s.write(ctx, func(*sql.Tx) error {
		return s.onWriterConn(func(*writerStmts) error { panic("boom") })
	})
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("write: %v; want the panic as an error", err)
	}
	// database/sql would close the connection on this error, under the
	// open transaction.
	err = s.write(ctx, func(*sql.Tx) error {
		return s.onWriterConn(func(*writerStmts) error { return driver.ErrBadConn })
	})
	if err == nil || errors.Is(err, driver.ErrBadConn) {
		t.Fatalf("write: %v; want an error, not driver.ErrBadConn", err)
	}
	for _, u := range users {
		if _, err := s.Vote(ctx, u.ID, idea.ID, allow); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := s.Idea(ctx, idea.ID); err != nil || got.Votes != 2 {
		t.Fatalf("idea: %d votes, %v; want 2", got.Votes, err)
	}
}
