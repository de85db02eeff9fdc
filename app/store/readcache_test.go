package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
)

// A vote moves Version but not ContentVersion; any other write moves both;
// the cached challenge follows every change to it, and the ranks read live
// follow the votes.
func TestContentVersionOutlivesOnlyVotes(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 3)
	a := addIdea(t, s, c, users[1].ID, "a")
	b := addIdea(t, s, c, users[1].ID, "b")
	if got, err := s.Challenge(ctx, c.ID); err != nil || got.Title != "洗衣机" {
		t.Fatalf("challenge %+v, %v", got, err)
	}
	hear(t, s) // PostgreSQL: every commit so far heard of, and the caches on
	v, cv := s.Version(), s.ContentVersion()
	if v != s.Version() || cv != s.ContentVersion() {
		t.Fatal("the versions moved with nothing written")
	}
	if _, err := s.Vote(ctx, users[2].ID, a.ID, allow); err != nil {
		t.Fatal(err)
	}
	if s.Version() == v || s.ContentVersion() != cv {
		t.Errorf("after a vote: version %d→%d, content %d→%d; want the first to move, not the second", v, s.Version(), cv, s.ContentVersion())
	}
	ranks, next, err := s.IdeaRanks(ctx, c.ID, domain.SortTop, nil, 1)
	if err != nil || len(ranks) != 1 || ranks[0].ID != a.ID || ranks[0].Votes != 1 || next == nil {
		t.Fatalf("top after the vote: %+v next %v, %v", ranks, next, err)
	}
	rest, last, err := s.IdeaRanks(ctx, c.ID, domain.SortTop, next, 1)
	if err != nil || len(rest) != 1 || rest[0].ID != b.ID || last != nil {
		t.Fatalf("second page: %+v next %v, %v", rest, last, err)
	}
	if _, err := s.Unvote(ctx, users[2].ID, a.ID, allow); err != nil {
		t.Fatal(err)
	}
	hear(t, s)
	if s.ContentVersion() != cv {
		t.Error("an undone vote moved ContentVersion")
	}
	if _, err := s.UpdateChallenge(ctx, c.ID, func(c *domain.Challenge) error { c.Title = "冰箱"; return nil }); err != nil {
		t.Fatal(err)
	}
	if s.ContentVersion() == cv {
		t.Error("a change to a challenge left ContentVersion as it was")
	}
	if got, err := s.Challenge(ctx, c.ID); err != nil || got.Title != "冰箱" {
		t.Errorf("challenge after its change: %q, %v", got.Title, err)
	}
	// What one caller is handed, another cannot change.
	got, _ := s.Challenge(ctx, c.ID)
	*got.VotingOpenAt = got.VotingOpenAt.AddDate(1, 0, 0)
	if again, _ := s.Challenge(ctx, c.ID); again.VotingOpenAt.Equal(*got.VotingOpenAt) {
		t.Error("a caller changed the cached challenge")
	}
	all, err := s.Challenges(ctx)
	if err != nil || len(all) != 1 || all[0].Title != "冰箱" {
		t.Fatalf("challenges: %+v, %v", all, err)
	}
	all[0].Title = "changed by a caller"
	if again, _ := s.Challenges(ctx); again[0].Title != "冰箱" {
		t.Error("a caller changed the cached list of challenges")
	}
	if _, err := s.UpdateChallenge(ctx, c.ID, func(c *domain.Challenge) error { c.Title = "空调"; return nil }); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.Challenges(ctx); again[0].Title != "空调" {
		t.Errorf("the list of challenges after a change: %q", again[0].Title)
	}
	cv = s.ContentVersion()
	addIdea(t, s, c, users[1].ID, "c")
	if s.ContentVersion() == cv {
		t.Error("a new idea left ContentVersion as it was")
	}
	if got, err := s.IdeasByID(ctx, []int64{b.ID, a.ID, 999}); err != nil || len(got) != 2 {
		t.Errorf("IdeasByID: %d ideas, %v", len(got), err)
	}
}
