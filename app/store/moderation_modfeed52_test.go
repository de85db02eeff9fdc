package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
)

// The queue carries, for an idea the report threshold hid, the state it
// was hidden from (what keeping it hidden is judged from); nothing for
// one still shown (on both engines).
func TestModfeed52QueueReadsTheStateAHiddenIdeaCameFrom(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 2)
	hidden, shown := addIdea(t, s, c, users[0].ID, "hidden"), addIdea(t, s, c, users[0].ID, "shown")
	for idea, hide := range map[int64]bool{hidden.ID: true, shown.ID: false} {
		if _, err := s.Report(ctx, domain.ItemIdea, idea, users[1].ID, domain.ReportWindow, func(int) (bool, error) { return true, nil }, "spam", "",
			func(ReportTarget, domain.Reported) (bool, error) { return hide, nil },
			func(ReportTarget, bool) []domain.Outgoing { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	items, _, err := s.ModerationQueuePage(ctx, 200, nil, QueueAll, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]ModerationItem{}
	for _, m := range items {
		got[m.ID] = m
	}
	if m := got[hidden.ID]; m.IdeaState != domain.StateHidden || m.HiddenFrom != string(domain.StateSubmitted) {
		t.Errorf("the idea the reports hid: state %q, hidden from %q; want hidden, from submitted", m.IdeaState, m.HiddenFrom)
	}
	if m := got[shown.ID]; m.IdeaState != domain.StateSubmitted || m.HiddenFrom != "" {
		t.Errorf("the idea still shown: state %q, hidden from %q; want submitted, from nothing", m.IdeaState, m.HiddenFrom)
	}
}
