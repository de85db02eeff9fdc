package store

import (
	"context"
	"database/sql"
	"testing"

	"cocreate/app/domain"
)

// hotOf reads an idea's stored counters and hot score, and the hot score
// its counted votes and age give.
func hotOf(t *testing.T, s *Store, id int64) (votes, held int, hot, want float64) {
	t.Helper()
	var created int64
	if err := s.r.QueryRow(`SELECT votes, votes_under_review, hot, created_at FROM ideas WHERE id = ?`, id).
		Scan(&votes, &held, &hot, &created); err != nil {
		t.Fatal(err)
	}
	return votes, held, hot, domain.HotScore(votes, fromMS(created))
}

// A merge and a release of votes set both counters and the hot score from
// the votes stored afterwards, held ones included (recountVotes).
func TestMergeAndReleaseRecountHeldVotes(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 6)
	orig, dup := addIdea(t, s, c, users[0].ID, "original"), addIdea(t, s, c, users[0].ID, "duplicate")
	vote := func(idea domain.Idea, us ...domain.User) {
		for _, u := range us {
			if _, err := s.Vote(ctx, u.ID, idea.ID, allow); err != nil {
				t.Fatal(err)
			}
		}
	}
	vote(orig, users[1], users[2], users[3], users[4])
	vote(dup, users[1], users[2], users[5])
	// users[4]'s vote for the original and users[5]'s for the duplicate
	// are held for review.
	hold := func(idea domain.Idea, u domain.User) {
		if err := s.write(ctx, func(tx *sql.Tx) error {
			if _, err := tx.Exec(`UPDATE votes SET held = 1 WHERE idea_id = ? AND user_id = ?`, idea.ID, u.ID); err != nil {
				return err
			}
			_, err := tx.Exec(`UPDATE ideas SET votes = votes - 1, votes_under_review = votes_under_review + 1 WHERE id = ?`, idea.ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	hold(orig, users[4])
	hold(dup, users[5])
	noViolations(t, s)
	if _, err := s.MergeIdea(ctx, dup.ID, orig.ID, users[0].ID, "same idea",
		func(domain.Idea, domain.Idea, bool) error { return nil },
		func(domain.Idea, domain.Idea, []int64) []int64 { return nil },
		func(domain.Idea, domain.Idea, []int64) []domain.Outgoing { return nil }); err != nil {
		t.Fatal(err)
	}
	// The original: 1, 2, 3 counted; 4 and 5 (moved, still held) held.
	for _, w := range []struct {
		idea        domain.Idea
		votes, held int
	}{{orig, 3, 2}, {dup, 0, 0}} {
		votes, held, hot, want := hotOf(t, s, w.idea.ID)
		if votes != w.votes || held != w.held || hot != want {
			t.Errorf("merged, %s: %d votes, %d under review, hot %v; want %d, %d, %v", w.idea.Title, votes, held, hot, w.votes, w.held, want)
		}
	}
	noViolations(t, s)
	// Withdrawn: every vote goes back, the held ones too.
	if _, err := s.UpdateIdea(ctx, orig.ID, users[0].ID, "withdrawn", func(_ domain.Challenge, idea *domain.Idea) (bool, error) {
		idea.State = domain.StateWithdrawn
		return true, nil
	}, func(domain.Idea, []int64) []domain.Outgoing { return nil }); err != nil {
		t.Fatal(err)
	}
	if votes, held, hot, want := hotOf(t, s, orig.ID); votes != 0 || held != 0 || hot != want {
		t.Errorf("released: %d votes, %d under review, hot %v; want 0, 0, %v", votes, held, hot, want)
	}
	if used, err := s.VotesUsed(ctx, users[4].ID, c.ID); err != nil || used != 0 {
		t.Errorf("released: users[4] has %d votes used, %v", used, err)
	}
	noViolations(t, s)
}
