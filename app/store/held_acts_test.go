package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
)

// TestHeldActs: held ratings, answered choices (each idea it names) and
// intents are counted by idea and by challenge; skips, acts not held and
// other challenges' acts are not.
func TestHeldActs(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 4)
	other, err := s.CreateChallenge(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	a, b, x := addIdea(t, s, c, users[1].ID, "a"), addIdea(t, s, c, users[1].ID, "b"), addIdea(t, s, c, users[1].ID, "x")
	o := addIdea(t, s, other, users[1].ID, "o")
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := s.w.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	rate := `INSERT INTO ratings (idea_id, user_id, challenge_id, stars, created_at, updated_at, held) VALUES (?, ?, ?, 5, 0, 0, ?)`
	exec(rate, a.ID, users[0].ID, c.ID, 1)
	exec(rate, a.ID, users[1].ID, c.ID, 1)
	exec(rate, a.ID, users[2].ID, c.ID, 0)
	exec(rate, o.ID, users[0].ID, other.ID, 1)
	compare := `INSERT INTO comparisons (challenge_id, user_id, low_id, high_id, winner_id, created_at, held) VALUES (?, ?, ?, ?, ?, 0, ?)`
	exec(compare, c.ID, users[0].ID, a.ID, b.ID, b.ID, 1)
	exec(compare, c.ID, users[1].ID, a.ID, b.ID, a.ID, 1)
	exec(compare, c.ID, users[2].ID, a.ID, b.ID, nil, 1) // a skip: about neither
	exec(compare, c.ID, users[3].ID, a.ID, b.ID, a.ID, 0)
	exec(compare, c.ID, users[0].ID, b.ID, x.ID, x.ID, 1)
	intent := `INSERT INTO intents (idea_id, user_id, challenge_id, quantity, options, created_at, updated_at, held) VALUES (?, ?, ?, 1, '{}', 0, 0, ?)`
	exec(intent, b.ID, users[0].ID, c.ID, 1)
	exec(intent, b.ID, users[1].ID, c.ID, 0)

	got, err := s.HeldActs(ctx, c.ID, []int64{a.ID, b.ID, x.ID, o.ID})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]domain.HeldActs{
		a.ID: {Ratings: 2, Comparisons: 2},
		b.ID: {Comparisons: 3, Intents: 1},
		x.ID: {Comparisons: 1},
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("idea %d: %+v, want %+v", id, got[id], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("held acts of %d ideas, want %d: %v", len(got), len(want), got)
	}
	total, err := s.heldTotals(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if w := (domain.HeldActs{Ratings: 2, Comparisons: 3, Intents: 1}); total != w {
		t.Errorf("challenge: %+v, want %+v", total, w)
	}
}
