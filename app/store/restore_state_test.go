package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
)

// An idea hidden by an edit (as an admin's hiding was before it took the
// moderation path) is restored by a moderator to the state it had, read
// from its history, not to submitted (on both engines).
func TestRestoreAfterAnEditsHidingKeepsTheState(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 1)
	idea := addIdea(t, s, c, users[0].ID, "a")
	set := func(st domain.State) {
		t.Helper()
		if _, err := s.UpdateIdea(ctx, idea.ID, users[0].ID, "", func(_ domain.Challenge, i *domain.Idea) (bool, error) {
			i.State = st
			return false, nil
		}, domain.VotesReturnedNotices); err != nil {
			t.Fatal(err)
		}
	}
	restore := func() domain.State {
		t.Helper()
		if err := s.Moderate(ctx, domain.ItemIdea, idea.ID, users[0].ID, domain.ActionRestore, "ok",
			func(ReportTarget) (bool, bool, error) { return false, false, nil },
			func(ReportTarget, bool) []domain.Outgoing { return nil }, domain.VotesReturnedNotices); err != nil {
			t.Fatal(err)
		}
		got, err := s.Idea(ctx, idea.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.State
	}
	set(domain.StateWinner)
	set(domain.StateHidden)
	if got := restore(); got != domain.StateWinner {
		t.Errorf("restored to %s, want winner", got)
	}
	// A moderator's hiding of a shortlisted idea, then an edit's of the
	// same idea as a winner: the latest hiding's state comes back.
	set(domain.StateShortlisted)
	if err := s.Moderate(ctx, domain.ItemIdea, idea.ID, users[0].ID, domain.ActionHide, "spam",
		func(ReportTarget) (bool, bool, error) { return true, false, nil },
		func(ReportTarget, bool) []domain.Outgoing { return nil }, domain.VotesReturnedNotices); err != nil {
		t.Fatal(err)
	}
	if got := restore(); got != domain.StateShortlisted {
		t.Errorf("restored to %s, want shortlisted", got)
	}
	set(domain.StateWinner)
	set(domain.StateHidden)
	if got := restore(); got != domain.StateWinner {
		t.Errorf("restored to %s after a moderator's earlier hiding, want winner", got)
	}
}

// A moderator keeping a hidden idea hidden records their decision in its
// history (hidden to hidden, with the reason); the decision's check is
// told the state the idea had before its hiding; and a restore after it
// still brings that state back, not submitted (on both engines).
func TestKeptHiddenIsRecordedAndRestoresTheStateBefore(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 1)
	idea := addIdea(t, s, c, users[0].ID, "a")
	if _, err := s.UpdateIdea(ctx, idea.ID, users[0].ID, "", func(_ domain.Challenge, i *domain.Idea) (bool, error) {
		i.State = domain.StateWinner
		return false, nil
	}, domain.VotesReturnedNotices); err != nil {
		t.Fatal(err)
	}
	var seen []ReportTarget
	moderate := func(action domain.ModAction, reason string) {
		t.Helper()
		if err := s.Moderate(ctx, domain.ItemIdea, idea.ID, users[0].ID, action, reason,
			func(rt ReportTarget) (bool, bool, error) {
				seen = append(seen, rt)
				return action == domain.ActionHide, false, nil
			},
			func(ReportTarget, bool) []domain.Outgoing { return nil }, domain.VotesReturnedNotices); err != nil {
			t.Fatal(err)
		}
	}
	moderate(domain.ActionHide, "spam")
	moderate(domain.ActionHide, "仍是广告")
	if last := seen[len(seen)-1]; !last.Hidden || last.Shown != domain.StateWinner {
		t.Errorf("keeping it hidden, the check saw hidden %v and the state before %q, want winner", last.Hidden, last.Shown)
	}
	events, err := s.IdeaHistory(ctx, idea.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := events[len(events)-1]
	if last.From != domain.StateHidden || last.To != domain.StateHidden || last.Reason != "仍是广告" || last.Actor.ID != users[0].ID {
		t.Errorf("the last event is %+v, want hidden to hidden by the moderator with the reason", last)
	}
	moderate(domain.ActionRestore, "ok")
	got, err := s.Idea(ctx, idea.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != domain.StateWinner {
		t.Errorf("restored to %s after being kept hidden, want winner", got.State)
	}
}
