package store

import (
	"context"
	"database/sql"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/integrity"
)

// A vote or a withdrawal for an idea the writer remembers from the vote
// before (voteMemo) sees the idea as it is now, whatever write changed it
// since: its state and its tally, a vote held for review included.
func TestAVoteSeesItsIdeaAsItIsNow(t *testing.T) {
	s := mustOpen(t)
	users, c := fixture(t, s, 4)
	idea := addIdea(t, s, c, users[0].ID, "idea")
	ctx := context.Background()
	for _, u := range users[:2] {
		if _, err := s.Vote(ctx, u.ID, idea.ID, allow); err != nil {
			t.Fatal(err)
		}
	}
	change := func(state domain.State, hold bool) {
		t.Helper()
		if err := s.write(ctx, func(tx *sql.Tx) error {
			if hold {
				if _, err := tx.Exec(`UPDATE votes SET held = 1 WHERE idea_id = ? AND user_id = ?`, idea.ID, users[1].ID); err != nil {
					return err
				}
				if _, err := tx.Exec(`UPDATE ideas SET votes = votes - 1, votes_under_review = votes_under_review + 1 WHERE id = ?`, idea.ID); err != nil {
					return err
				}
			}
			_, err := tx.Exec(`UPDATE ideas SET state = ? WHERE id = ?`, state, idea.ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	var seen domain.Idea
	look := func(_ domain.Challenge, i domain.Idea, _ int) error { seen = i; return nil }
	steps := []struct {
		name   string
		before func()
		act    func() (int, error)
		votes  int          // the answer
		saw    int          // the tally the check was shown
		state  domain.State // and the state
	}{
		{"a vote after users[1]'s was held and the idea hidden", func() { change(domain.StateHidden, true) },
			func() (int, error) { return s.Vote(ctx, users[2].ID, idea.ID, look) }, 2, 1, domain.StateHidden},
		{"a vote after it was shown again", func() { change(domain.StateSubmitted, false) },
			func() (int, error) { return s.Vote(ctx, users[3].ID, idea.ID, look) }, 3, 2, domain.StateSubmitted},
		{"the same vote again", nil,
			func() (int, error) { return s.Vote(ctx, users[3].ID, idea.ID, look) }, 3, 3, domain.StateSubmitted},
		{"a withdrawal after the idea was shortlisted", func() { change(domain.StateShortlisted, false) },
			func() (int, error) { return s.Unvote(ctx, users[0].ID, idea.ID, look) }, 2, 3, domain.StateShortlisted},
		{"the same withdrawal again", nil,
			func() (int, error) { return s.Unvote(ctx, users[0].ID, idea.ID, look) }, 2, 2, domain.StateShortlisted},
		{"the held vote withdrawn", nil,
			func() (int, error) { return s.Unvote(ctx, users[1].ID, idea.ID, look) }, 2, 2, domain.StateShortlisted},
	}
	for _, st := range steps {
		if st.before != nil {
			st.before()
		}
		seen = domain.Idea{}
		n, err := st.act()
		if err != nil || n != st.votes || seen.Votes != st.saw || seen.State != st.state {
			t.Errorf("%s: answered %d, %v, the check saw %d votes and %q; want %d, nil, %d and %q",
				st.name, n, err, seen.Votes, seen.State, st.votes, st.saw, st.state)
		}
	}
	if v, err := s.Check(ctx); err != nil || len(v) > 0 {
		t.Fatalf("check: %v %v", v, err)
	}
}

// A vote the service flags (its account is quarantined somewhere) for an
// idea the writer remembers is held as cast, as for any other idea: the
// remembered idea's write (voteMemoized) casts it as watched
// (writerStmts.castWatched), so a farm's votes skip the read as honest
// ones do.
func TestAFlaggedVoteForARememberedIdeaIsHeld(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 3)
	idea := addIdea(t, s, c, users[0].ID, "idea")
	ring := []int64{users[2].ID, users[0].ID}
	if err := s.SaveIntegrityScan(ctx, c.ID, 1, func([]integrity.Stored) []integrity.Change {
		return []integrity.Change{{Status: integrity.Quarantined, Group: integrity.Group{Users: ring, Ideas: []int64{idea.ID}, Score: 0.9}}}
	}); err != nil {
		t.Fatal(err)
	}
	// An honest vote: the writer now remembers the idea.
	if n, err := s.Vote(ctx, users[1].ID, idea.ID, allow); err != nil || n != 1 {
		t.Fatalf("an honest vote answered %d %v, want 1", n, err)
	}
	if n, err := s.VoteWith(ctx, users[2].ID, idea.ID, VoteSignals{Net: 42, Quarantined: true}, allow); err != nil || n != 1 {
		t.Errorf("a quarantined account's vote answered %d %v; want the tally 1, the vote held", n, err)
	}
	if v, h := tally(t, s, idea.ID); v != 1 || h != 1 {
		t.Errorf("votes %d under review %d; want 1 and 1", v, h)
	}
	noViolations(t, s)
}
