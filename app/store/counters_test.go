package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
)

// IdeaCounters reads what Idea reads of an idea's counts and scores, for
// the ideas that exist among those asked; Apply sets exactly those.
func TestIdeaCounters(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 3)
	a := addIdea(t, s, c, users[1].ID, "a")
	b := addIdea(t, s, c, users[1].ID, "b")
	for _, u := range users[:2] {
		if _, err := s.Vote(ctx, u.ID, a.ID, allow); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.PutIntent(ctx, domain.Intent{IdeaID: b.ID, UserID: users[2].ID, Quantity: 3}, VoteSignals{}, allowIntent); err != nil {
		t.Fatal(err)
	}
	ok := func(domain.Challenge, domain.Idea, domain.Idea) error { return nil }
	if _, err := s.Compare(ctx, users[0].ID, c.ID, a.ID, b.ID, b.ID, VoteSignals{}, ok); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveScores(ctx, c.ID, []Scored{{ID: a.ID, Score: 40, ScoreSD: 6}, {ID: b.ID, Score: 60, ScoreSD: 6}}); err != nil {
		t.Fatal(err)
	}
	counters, err := s.IdeaCounters(ctx, b.ID, a.ID, 1<<40)
	if err != nil || len(counters) != 2 {
		t.Fatalf("counters of two ideas and a missing one: %+v, %v", counters, err)
	}
	for _, got := range counters {
		stored, err := s.Idea(ctx, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := countersOf(stored)
		if got != want {
			t.Errorf("idea %d: counters %+v, stored %+v", got.ID, got, want)
		}
		// Apply over a copy whose counts all differ sets them all, and
		// nothing else.
		shown := stored
		shown.Votes, shown.VotesUnderReview, shown.Comments, shown.Buyers, shown.Units = 91, 92, 93, 94, 95
		shown.Ratings, shown.RatingSum, shown.Comparisons, shown.Wins = 96, 97, 98, 99
		shown.Score, shown.ScoreSD, shown.RankScore = 1.5, 2.5, 3.5
		got.Apply(&shown)
		if countersOf(shown) != want || shown.Title != stored.Title || shown.State != stored.State {
			t.Errorf("idea %d: applied %+v, stored %+v", got.ID, shown, stored)
		}
	}
	if x, y := counters[0], counters[1]; x.ID == y.ID {
		t.Errorf("the same idea twice: %+v", counters)
	}
	byID := map[int64]Counters{counters[0].ID: counters[0], counters[1].ID: counters[1]}
	if got := byID[a.ID]; got.Votes != 2 || got.Comparisons != 1 || got.Wins != 0 || got.Score != 40 || got.ScoreSD != 6 {
		t.Errorf("idea a: %+v, want 2 votes, 1 comparison, 0 wins, score 40 ± 6", got)
	}
	if got := byID[b.ID]; got.Buyers != 1 || got.Units != 3 || got.Comparisons != 1 || got.Wins != 1 || got.Score != 60 {
		t.Errorf("idea b: %+v, want 1 buyer of 3 units, 1 comparison, 1 win, score 60", got)
	}
	if none, err := s.IdeaCounters(ctx); err != nil || len(none) != 0 {
		t.Errorf("no ids: %+v, %v", none, err)
	}
}

// countersOf is what Counters holds of an idea.
func countersOf(i domain.Idea) Counters {
	return Counters{ID: i.ID, Votes: i.Votes, VotesUnderReview: i.VotesUnderReview, Comments: i.Comments,
		Buyers: i.Buyers, Units: i.Units, QualifiedAt: i.QualifiedAt, Ratings: i.Ratings, RatingSum: i.RatingSum,
		Comparisons: i.Comparisons, Wins: i.Wins, Score: i.Score, ScoreSD: i.ScoreSD, RankScore: i.RankScore}
}
