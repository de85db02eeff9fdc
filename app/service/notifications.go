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
// still see, as the list shows them (among their newest unreadScan
// unread); a visitor has none. The API's number.
func (s *Service) UnreadCount(ctx context.Context, actor *domain.User) (int, error) {
	return s.unreadCount(ctx, actor, true)
}

// BellCount is the count the header's bell needs on every page: exact up
// to domain.UnreadShown, and past it at least domain.UnreadShown+1 (the
// bell says "99+"), so a person with thousands unread costs a read of the
// newest unreadGlance on a page view, not of unreadScan.
func (s *Service) BellCount(ctx context.Context, actor *domain.User) (int, error) {
	return s.unreadCount(ctx, actor, false)
}

// unreadCount reads the count, exact or as the bell needs it. Counts are
// kept per person while the store's ContentVersion stands (any write but
// tallies moves it: a notice, a read, a hide, a challenge's dates) and for
// at most unreadLife (a challenge's phase moves with the clock): on every
// page, a storm of votes reads it once a person.
func (s *Service) unreadCount(ctx context.Context, actor *domain.User, exact bool) (int, error) {
	if actor == nil {
		return 0, nil
	}
	v, now := s.store.ContentVersion(), time.Now()
	c := &s.unread
	c.mu.Lock()
	if c.version != v || now.Sub(c.at) >= unreadLife {
		c.version, c.at, c.counts = v, now, map[int64]unreadKept{}
	} else if k, ok := c.counts[actor.ID]; ok && (k.exact || !exact) {
		c.mu.Unlock()
		return k.n, nil
	}
	c.mu.Unlock()
	n, whole, err := s.countUnread(ctx, actor, unreadGlance)
	if err == nil && !whole && (exact || n <= domain.UnreadShown) {
		// More lie past the glance, and it was not enough: some of it
		// hidden from the reader, or the exact number asked for.
		n, _, err = s.countUnread(ctx, actor, unreadScan)
		whole = true
	}
	if err != nil {
		return 0, err
	}
	c.mu.Lock()
	if c.version == v && c.counts != nil {
		c.counts[actor.ID] = unreadKept{n, whole}
	}
	c.mu.Unlock()
	return n, nil
}

// countUnread counts what the reader may see among their newest limit
// unread notices, and whether those were all they have.
func (s *Service) countUnread(ctx context.Context, actor *domain.User, limit int) (n int, whole bool, err error) {
	items, err := s.store.UnreadItems(ctx, actor.ID, limit)
	if err != nil {
		return 0, false, err
	}
	at, rows := s.now(), 0
	for _, it := range items {
		rows += it.N
		if domain.MaySeeNotice(actor, it.Item, at) {
			n += it.N
		}
	}
	return n, rows < limit, nil
}

// unreadScan is how many of a person's newest unread notices the exact
// count counts from: far past what the bell shows (domain.UnreadBadge
// says "99+" beyond domain.UnreadShown), so notices of hidden items among
// them leave the count right, while a person with thousands unread costs
// one read of this many index rows, grouped by item.
const unreadScan = 1000

// unreadGlance is what the bell reads first: if every one of them may be
// seen, the bell says "99+" without reading further.
const unreadGlance = domain.UnreadShown + 1

// unreadLife bounds how long a kept unread count serves.
const unreadLife = 10 * time.Second

// unreadCache keeps unread counts by person for one ContentVersion.
type unreadCache struct {
	mu      sync.Mutex
	version uint64
	at      time.Time
	counts  map[int64]unreadKept
}

// unreadKept is one person's kept count: exact, or the bell's (at least
// domain.UnreadShown+1 when not exact).
type unreadKept struct {
	n     int
	exact bool
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
