package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
)

// An idea shortlisted between the ranking's read and the publishing
// transaction makes publishing answer shortlist_changed and publish
// nothing (it would have stayed shortlisted in a published challenge for
// good, with no outcome); read again, it is ranked and gets its outcome.
func TestPublishingSeesAnIdeaShortlistedSinceTheRanking(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c, a, b, judge := judgedFixture(t, s)
	x := addIdea(t, s, c, users[0].ID, "x")
	for _, id := range []int64{a.ID, b.ID} {
		if err := scoreIdea(ctx, s, judge, id, 5); err != nil {
			t.Fatal(err)
		}
	}
	d, err := s.Judging(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	p := ranked(d, 1)
	if _, err := s.w.Exec(`UPDATE ideas SET state = 'shortlisted' WHERE id = ?`, x.ID); err != nil { // the organiser adds x, meanwhile
		t.Fatal(err)
	}
	err = publishRead(ctx, s, c, users[0].ID, d, p)
	if e := domain.AsError(err); e == nil || e.Code != "shortlist_changed" {
		t.Fatalf("publishing over an idea shortlisted since the ranking's read: %v, want shortlist_changed", err)
	}
	nothingPublished(t, s, c, a, b, x)
	if d, err = s.Judging(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := publishRead(ctx, s, c, users[0].ID, d, ranked(d, 1)); err != nil {
		t.Fatalf("publishing read again: %v", err)
	}
	if got, err := s.Idea(ctx, x.ID); err != nil || got.State == domain.StateShortlisted {
		t.Errorf("x after publishing: %s (%v), want an outcome", got.State, err)
	}
}

// A shortlisted idea hidden while the results were published (so left out
// of them) comes back not selected, not onto the published challenge's
// shortlist, where it would stay for good with no outcome.
func TestRestoreAfterTheResultsIsNotSelected(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c, a, b, judge := judgedFixture(t, s)
	for _, id := range []int64{a.ID, b.ID} {
		if err := scoreIdea(ctx, s, judge, id, 5); err != nil {
			t.Fatal(err)
		}
	}
	moderate := func(action domain.ModAction, reason string) {
		t.Helper()
		if err := s.Moderate(ctx, domain.ItemIdea, b.ID, users[0].ID, action, reason,
			func(ReportTarget) (bool, bool, error) { return action == domain.ActionHide, false, nil },
			func(ReportTarget, bool) []domain.Outgoing { return nil }, domain.VotesReturnedNotices); err != nil {
			t.Fatal(err)
		}
	}
	moderate(domain.ActionHide, "spam")
	if _, err := s.w.Exec(`DELETE FROM judge_assignments WHERE idea_id = ?`, b.ID); err != nil {
		t.Fatal(err)
	}
	d, err := s.Judging(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := publishRead(ctx, s, c, users[0].ID, d, ranked(d, 1)); err != nil {
		t.Fatal(err)
	}
	moderate(domain.ActionRestore, "a mistake")
	if got, err := s.Idea(ctx, b.ID); err != nil || got.State != domain.StateNotSelected {
		t.Errorf("restored after the results: %s (%v), want not_selected", got.State, err)
	}
}
