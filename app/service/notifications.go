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
	return s.store.Notifications(ctx, actor.ID, noticeLimit)
}

// MarkRead marks all of the signed-in person's notices read.
func (s *Service) MarkRead(ctx context.Context, actor *domain.User) error {
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	return s.store.MarkRead(ctx, actor.ID)
}

// UnreadCount counts the signed-in person's unread notices (the header's
// badge); a visitor has none.
func (s *Service) UnreadCount(ctx context.Context, actor *domain.User) (int, error) {
	if actor == nil {
		return 0, nil
	}
	return s.store.UnreadCount(ctx, actor.ID)
}
