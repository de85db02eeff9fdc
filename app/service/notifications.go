package service

import (
	"context"

	"cocreate/app/domain"
)

// noticeLimit is how many of a person's newest notices a page shows.
const noticeLimit = 100

// Notifications lists the signed-in person's newest notices.
func (s *Service) Notifications(ctx context.Context, actor *domain.User) ([]domain.Notice, error) {
	if actor == nil {
		return nil, domain.Unauthorized("sign in first")
	}
	rows, err := s.store.Notifications(ctx, actor.ID, noticeLimit)
	if err != nil {
		return nil, err
	}
	// A notice keeps the title of what it is about; once that idea,
	// comment, project or challenge is hidden from the reader, the notice
	// leaves their list, and the unread badge (UnreadCount) with it.
	now := s.now()
	out := make([]domain.Notice, 0, len(rows))
	for _, n := range rows {
		if domain.MaySeeNotice(actor, n.Item, now) {
			out = append(out, n.Notice)
		}
	}
	return out, nil
}

// MarkRead marks all of the signed-in person's notices read.
func (s *Service) MarkRead(ctx context.Context, actor *domain.User) error {
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	return s.store.MarkRead(ctx, actor.ID)
}

// UnreadCount counts the signed-in person's unread notices that they may
// still see, as the list shows them (the header's badge); a visitor has none.
func (s *Service) UnreadCount(ctx context.Context, actor *domain.User) (int, error) {
	if actor == nil {
		return 0, nil
	}
	items, counts, err := s.store.UnreadItems(ctx, actor.ID)
	if err != nil {
		return 0, err
	}
	now, n := s.now(), 0
	for i, it := range items {
		if domain.MaySeeNotice(actor, it, now) {
			n += counts[i]
		}
	}
	return n, nil
}
