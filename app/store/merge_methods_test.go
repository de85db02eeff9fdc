package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
)

// Merging a duplicate moves its ratings, pair choices and buying intents to
// the original in the merge's transaction: a fan who acted on both keeps
// what they said of the original, a comparison of the two with each other
// is dropped, the others' counters follow, and check stays clean.
func TestMergeMovesRatingsComparisonsAndIntents(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 4)
	u0, u1, u2, u3 := users[0].ID, users[1].ID, users[2].ID, users[3].ID
	// Ids y < d < o < x: the moved comparisons change sides.
	y := addIdea(t, s, c, u0, "y")
	d := addIdea(t, s, c, u0, "duplicate")
	o := addIdea(t, s, c, u0, "original")
	x := addIdea(t, s, c, u0, "x")
	rate := func(domain.Challenge, domain.Idea) error { return nil }
	for _, r := range []struct {
		user, idea int64
		stars      int
	}{{u0, d.ID, 5}, {u1, o.ID, 2}, {u1, d.ID, 4}, {u2, d.ID, 3}} {
		if _, err := s.Rate(ctx, r.user, r.idea, r.stars, VoteSignals{Net: 1}, rate); err != nil {
			t.Fatal(err)
		}
	}
	ok := func(domain.Challenge, domain.Idea, domain.Idea) error { return nil }
	for _, p := range []struct{ user, a, b, winner int64 }{
		{u0, d.ID, x.ID, d.ID}, // becomes o beats x
		{u1, d.ID, x.ID, x.ID}, // dropped: u1 compared o with x too
		{u1, o.ID, x.ID, o.ID},
		{u2, d.ID, o.ID, d.ID}, // dropped: the two are one now
		{u3, d.ID, x.ID, 0},    // a skip moves as a skip
		{u3, y.ID, d.ID, d.ID}, // becomes o beats y
	} {
		if _, err := s.Compare(ctx, p.user, c.ID, p.a, p.b, p.winner, VoteSignals{Net: 2}, ok); err != nil {
			t.Fatal(err)
		}
	}
	for _, in := range []domain.Intent{
		{IdeaID: d.ID, UserID: u0, Quantity: 2},
		{IdeaID: o.ID, UserID: u1, Quantity: 1},
		{IdeaID: d.ID, UserID: u1, Quantity: 3}, // dropped: u1 would buy the original
	} {
		in.Options = map[string]string{}
		if _, err := s.PutIntent(ctx, in, VoteSignals{Net: 3}, allowIntent); err != nil {
			t.Fatal(err)
		}
	}
	noViolations(t, s)
	if _, err := s.MergeIdea(ctx, d.ID, o.ID, u0, "same dress",
		func(domain.Idea, domain.Idea, bool) error { return nil },
		func(domain.Idea, domain.Idea, []int64) []int64 { return nil },
		func(domain.Idea, domain.Idea, []int64) []domain.Outgoing { return nil }); err != nil {
		t.Fatal(err)
	}
	noViolations(t, s)
	get := func(id int64) domain.Idea {
		t.Helper()
		idea, err := s.Idea(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return idea
	}
	go_, gd, gx, gy := get(o.ID), get(d.ID), get(x.ID), get(y.ID)
	if go_.Ratings != 3 || go_.RatingSum != 5+2+3 || go_.RankScore != domain.BayesianStars(10, 3) {
		t.Errorf("original: %d ratings, sum %d, rank %v; want 3, 10 (u1 keeps 2 stars)", go_.Ratings, go_.RatingSum, go_.RankScore)
	}
	if go_.Comparisons != 3 || go_.Wins != 3 || gx.Comparisons != 2 || gx.Wins != 0 || gy.Comparisons != 1 || gy.Wins != 0 {
		t.Errorf("comparisons: original %d/%d, x %d/%d, y %d/%d", go_.Wins, go_.Comparisons, gx.Wins, gx.Comparisons, gy.Wins, gy.Comparisons)
	}
	if go_.Buyers != 2 || go_.Units != 3 {
		t.Errorf("original: %d buyers, %d units; want 2, 3 (u1 keeps 1 unit)", go_.Buyers, go_.Units)
	}
	if gd.Ratings != 0 || gd.RatingSum != 0 || gd.Comparisons != 0 || gd.Wins != 0 || gd.Buyers != 0 || gd.Units != 0 {
		t.Errorf("duplicate keeps %+v", gd)
	}
	var left int
	if err := s.r.QueryRow(`SELECT (SELECT COUNT(*) FROM ratings WHERE idea_id = ?) + (SELECT COUNT(*) FROM intents WHERE idea_id = ?)
		+ (SELECT COUNT(*) FROM comparisons WHERE low_id = ? OR high_id = ? OR winner_id = ?)`, d.ID, d.ID, d.ID, d.ID, d.ID).Scan(&left); err != nil || left != 0 {
		t.Errorf("%d rows still name the duplicate: %v", left, err)
	}
	// u1's rating of the original is the one kept; u3's skip is still a skip
	// (so u3 is never asked o against x).
	if mine, err := s.MyRatings(ctx, u1, 0, []int64{o.ID}); err != nil || mine[o.ID] != 2 {
		t.Errorf("u1's rating %v %v", mine, err)
	}
	judged, err := s.JudgedPairs(ctx, u3, c.ID)
	if err != nil || len(judged) != 2 || judged[0] != [2]int64{o.ID, x.ID} && judged[1] != [2]int64{o.ID, x.ID} {
		t.Errorf("u3 judged %v %v", judged, err)
	}
	out, _, err := s.Outcomes(ctx, c.ID)
	if err != nil || len(out) != 3 {
		t.Fatalf("outcomes %v %v", out, err)
	}
	for _, oc := range out {
		if oc.Winner != o.ID {
			t.Errorf("outcome %+v: the original should win every counted one", oc)
		}
	}
}
