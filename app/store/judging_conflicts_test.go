package store

import (
	"context"
	"slices"
	"testing"
)

// TestJudgingActorsAreEveryFanAct: a judge's conflict of interest on an
// idea is any act of theirs on it as a fan: a vote, a rating, an intent,
// or an answered pair naming it (as the winner or not), held or not; a
// skip and acts on other ideas are none.
func TestJudgingActorsAreEveryFanAct(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 7)
	a, b := addIdea(t, s, c, users[6].ID, "a"), addIdea(t, s, c, users[6].ID, "b")
	x := addIdea(t, s, c, users[6].ID, "x")
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := s.w.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO votes (idea_id, user_id, challenge_id, created_at) VALUES (?, ?, ?, 0)`, a.ID, users[0].ID, c.ID)
	exec(`INSERT INTO ratings (idea_id, user_id, challenge_id, stars, created_at, updated_at, held) VALUES (?, ?, ?, 5, 0, 0, 1)`, a.ID, users[1].ID, c.ID)
	exec(`INSERT INTO intents (idea_id, user_id, challenge_id, quantity, options, created_at, updated_at) VALUES (?, ?, ?, 1, '{}', 0, 0)`, a.ID, users[2].ID, c.ID)
	compare := `INSERT INTO comparisons (challenge_id, user_id, low_id, high_id, winner_id, created_at) VALUES (?, ?, ?, ?, ?, 0)`
	exec(compare, c.ID, users[3].ID, a.ID, b.ID, b.ID) // chose against a
	exec(compare, c.ID, users[4].ID, b.ID, a.ID, a.ID) // chose a
	exec(compare, c.ID, users[5].ID, a.ID, b.ID, nil)  // a skip
	exec(compare, c.ID, users[5].ID, b.ID, x.ID, x.ID) // not about a
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	got, err := actorsOf(ctx, tx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{users[0].ID, users[1].ID, users[2].ID, users[3].ID, users[4].ID}
	if !slices.Equal(got, want) {
		t.Errorf("actors of a: %v, want %v", got, want)
	}
	for i, u := range users {
		acted, err := actedOn(ctx, tx, u.ID, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if acted != (i < 5) {
			t.Errorf("user %d acted on a: %v, want %v", i, acted, i < 5)
		}
	}
}
