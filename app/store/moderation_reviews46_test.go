package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"cocreate/app/domain"
)

// The queue's parts: the reviews authors asked for, the longest waiting
// first (asked in the same millisecond, by item); the reported items
// without them; and the whole queue, the most reported first. The count
// for the menu stops at its cap (on both engines).
func TestQueuePartsAndTheWaitingCount(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 2)
	clock := s.Now()
	s.Now = func() time.Time { return clock }
	a, b, d := addIdea(t, s, c, users[0].ID, "a"), addIdea(t, s, c, users[0].ID, "b"), addIdea(t, s, c, users[0].ID, "d")
	same := addIdea(t, s, c, users[0].ID, "same")
	for _, idea := range []domain.Idea{a, b, same} {
		if err := s.Moderate(ctx, domain.ItemIdea, idea.ID, users[1].ID, domain.ActionHide, "spam",
			func(ReportTarget) (bool, bool, error) { return true, false, nil },
			func(ReportTarget, bool) []domain.Outgoing { return nil }, domain.VotesReturnedNotices); err != nil {
			t.Fatal(err)
		}
	}
	ask := func(idea domain.Idea, after time.Duration) {
		t.Helper()
		s.Now = func() time.Time { return clock.Add(after) }
		if err := s.RequestReview(ctx, domain.ItemIdea, idea.ID, users[0].ID, "请复审", func(ReportTarget, bool) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	ask(b, time.Second) // b waits longest
	ask(same, 2*time.Second)
	ask(a, 2*time.Second) // a and same asked in the same millisecond: by item
	if _, err := s.Report(ctx, domain.ItemIdea, d.ID, users[1].ID, domain.ReportWindow, func(int) (bool, error) { return false, nil }, "spam", "", func(ReportTarget, domain.Reported) (bool, error) { return false, nil },
		func(ReportTarget, bool) []domain.Outgoing { return nil }); err != nil {
		t.Fatal(err)
	}
	ids := func(part QueuePart) []int64 {
		t.Helper()
		items, _, err := s.ModerationQueuePage(ctx, 200, nil, part, nil)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, m := range items {
			out = append(out, m.ID)
		}
		return out
	}
	want := []int64{b.ID, min(a.ID, same.ID), max(a.ID, same.ID)}
	if got := ids(QueueReviews); !slices.Equal(got, want) {
		t.Errorf("reviews %v, want %v", got, want)
	}
	if got := ids(QueueReported); !slices.Equal(got, []int64{d.ID}) {
		t.Errorf("reported %v, want %v", got, []int64{d.ID})
	}
	if got := ids(QueueAll); len(got) != 4 || got[0] != d.ID {
		t.Errorf("the whole queue %v, want 4 items, the reported one first", got)
	}
	for most, want := range map[int]int{100: 4, 3: 3} {
		if n, err := s.ModerationCount(ctx, nil, QueueAll, most); err != nil || n != want {
			t.Errorf("counted up to %d: %d (%v), want %d", most, n, err, want)
		}
	}
	if n, err := s.ModerationCount(ctx, []int64{c.ID}, QueueAll, 100); err != nil || n != 0 {
		t.Errorf("counted without the challenge: %d (%v), want 0", n, err)
	}
}
