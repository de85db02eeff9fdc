package service

import (
	"context"
	"sync"
	"time"

	"cocreate/app/domain"
	"cocreate/app/store"
)

// noticeLimit is how many of a person's notices a page shows.
const noticeLimit = 100

// Notifications lists a page of the signed-in person's notices, newest
// first: the newest when before is 0, else those older than the notice
// before (the next page's cursor, next, is 0 on the last page).
func (s *Service) Notifications(ctx context.Context, actor *domain.User, before int64) (list []domain.Notice, next int64, err error) {
	if actor == nil {
		return nil, 0, domain.Unauthorized("sign in first")
	}
	if before < 0 {
		return nil, 0, domain.Invalid("cursor", "invalid_cursor", "the cursor is not one this server gave")
	}
	rows, err := s.store.Notifications(ctx, actor.ID, before, noticeLimit+1)
	if err != nil {
		return nil, 0, err
	}
	rows, next = onePage(rows, noticeLimit, func(n store.NoticeRow) int64 { return n.ID })
	// A notice keeps the title of what it is about; once that idea,
	// comment, project or challenge is hidden from the reader, the notice
	// leaves their list, and the unread badge (UnreadCount) with it.
	now := s.now()
	out := make([]domain.Notice, 0, len(rows))
	for _, n := range rows {
		if domain.MaySeeNotice(actor, n.Item, now) {
			n.Notice.By = domain.NoticeBy(n.Kind, n.Item)
			out = append(out, n.Notice)
		}
	}
	return out, next, nil
}

// MarkRead marks all of the signed-in person's notices read.
func (s *Service) MarkRead(ctx context.Context, actor *domain.User) error {
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	return s.store.MarkRead(ctx, actor.ID)
}

// UnreadCount counts the signed-in person's unread notices that they may
// still see, as the list shows them (the header's badge, among their
// newest unreadScan unread); a visitor has none. The count is kept per person while the store's ContentVersion
// stands (any write but tallies moves it: a notice, a read, a hide, a
// challenge's dates) and for at most unreadLife (a challenge's phase moves
// with the clock): on every page, a storm of votes reads it once a person.
func (s *Service) UnreadCount(ctx context.Context, actor *domain.User) (int, error) {
	if actor == nil {
		return 0, nil
	}
	v, now := s.store.ContentVersion(), time.Now()
	c := &s.unread
	c.mu.Lock()
	if c.version != v || now.Sub(c.at) >= unreadLife {
		c.version, c.at, c.counts = v, now, map[int64]int{}
	} else if n, ok := c.counts[actor.ID]; ok {
		c.mu.Unlock()
		return n, nil
	}
	c.mu.Unlock()
	items, err := s.store.UnreadItems(ctx, actor.ID, unreadScan)
	if err != nil {
		return 0, err
	}
	at, n := s.now(), 0
	for _, it := range items {
		if domain.MaySeeNotice(actor, it.Item, at) {
			n += it.N
		}
	}
	c.mu.Lock()
	if c.version == v && c.counts != nil {
		c.counts[actor.ID] = n
	}
	c.mu.Unlock()
	return n, nil
}

// unreadScan is how many of a person's newest unread notices the badge
// counts from: far past what it shows (domain.UnreadBadge says "99+"
// beyond domain.UnreadShown), so notices of hidden items among them leave
// the count right, while a person with thousands unread costs one read of
// this many index rows, grouped by item.
const unreadScan = 1000

// unreadLife bounds how long a kept unread count serves.
const unreadLife = 10 * time.Second

// unreadCache keeps unread counts by person for one ContentVersion.
type unreadCache struct {
	mu      sync.Mutex
	version uint64
	at      time.Time
	counts  map[int64]int
}

// OpenNotice marks one of the signed-in person's notices read, as they
// open it, and gives where its link points (the web keeps a redirect to it
// on this site). Another person's notice is not found.
func (s *Service) OpenNotice(ctx context.Context, actor *domain.User, id int64) (string, error) {
	if actor == nil {
		return "", domain.Unauthorized("sign in first")
	}
	if id <= 0 {
		return "", domain.NotFound("notification")
	}
	return s.store.OpenNotice(ctx, actor.ID, id)
}
