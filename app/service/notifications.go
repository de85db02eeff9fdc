package service

import (
	"context"
	"errors"
	"strconv"
	"time"

	"cocreate/app/domain"
)

// noticeLimit is how many of a person's newest notices a page shows.
const noticeLimit = 100

// Notifications lists the signed-in person's newest notices.
func (s *Service) Notifications(ctx context.Context, actor *domain.User) ([]domain.Notice, error) {
	if actor == nil {
		return nil, domain.Unauthorized("sign in first")
	}
	notices, err := s.store.Notifications(ctx, actor.ID, noticeLimit)
	if err != nil {
		return nil, err
	}
	// A notice keeps the title of what it is about; once that idea (or its
	// project) is hidden from the reader, the notice leaves their list too
	// (domain.MaySeeIdea). The unread badge still counts it: it shows a
	// number, never a title.
	now := s.now()
	seen := map[string]bool{}
	out := notices[:0]
	for _, n := range notices {
		kind, id := domain.NoticeSubject(n.URL)
		if kind == "" {
			out = append(out, n)
			continue
		}
		key := kind + strconv.FormatInt(id, 10)
		ok, known := seen[key]
		if !known {
			if ok, err = s.maySeeSubject(ctx, actor, kind, id, now); err != nil {
				return nil, err
			}
			seen[key] = ok
		}
		if ok {
			out = append(out, n)
		}
	}
	return out, nil
}

// maySeeSubject asks the one visibility rule about a notice's idea or
// project; one that is gone is not seen.
func (s *Service) maySeeSubject(ctx context.Context, actor *domain.User, kind string, id int64, now time.Time) (bool, error) {
	gone := func(err error) (bool, error) {
		var de *domain.Error
		if errors.As(err, &de) && de.Kind == domain.KindNotFound {
			return false, nil
		}
		return false, err
	}
	ideaID := id
	if kind == "project" {
		p, err := s.store.Project(ctx, id)
		if err != nil {
			return gone(err)
		}
		ideaID = p.IdeaID
	}
	idea, err := s.store.Idea(ctx, ideaID)
	if err != nil {
		return gone(err)
	}
	c, err := s.store.Challenge(ctx, idea.ChallengeID)
	if err != nil {
		return gone(err)
	}
	return domain.MaySeeIdea(actor, c, idea, now), nil
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
