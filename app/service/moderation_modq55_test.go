package service

import (
	"testing"

	"cocreate/app/domain"
	"cocreate/app/store"
)

// The whole queue's count read off its parts' pages: on the first page
// (both parts) their sum up to the cap, past it when either part or the
// sum is; on a part's page past its cap the whole is too; else unknown,
// to be counted.
func TestModq55QueueTotal(t *testing.T) {
	most := ModerationCountMost
	page := func(n int, more bool) QueuePage { return QueuePage{Waiting: n, More: more} }
	for _, c := range []struct {
		name              string
		part              store.QueuePart
		reviews, reported QueuePage
		n                 int
		more, known       bool
	}{
		{"an empty queue", store.QueueAll, page(0, false), page(0, false), 0, false, true},
		{"both parts", store.QueueAll, page(3, false), page(40, false), 43, false, true},
		{"the sum at the cap", store.QueueAll, page(400, false), page(600, false), most, false, true},
		{"the sum past the cap", store.QueueAll, page(400, false), page(601, false), most, true, true},
		{"the reviews past theirs", store.QueueAll, page(most, true), page(0, false), most, true, true},
		{"the reported past theirs", store.QueueAll, page(2, false), page(most, true), most, true, true},
		{"a page of reviews", store.QueueReviews, page(7, false), QueuePage{}, 0, false, false},
		{"a page of reported items", store.QueueReported, QueuePage{}, page(7, false), 0, false, false},
		{"a page of reviews past the cap", store.QueueReviews, page(most, true), QueuePage{}, most, true, true},
		{"a page of reported items past the cap", store.QueueReported, QueuePage{}, page(most, true), most, true, true},
	} {
		n, more, known := queueTotal(c.part, c.reviews, c.reported)
		if n != c.n || more != c.more || known != c.known {
			t.Errorf("%s: %d more %v known %v, want %d %v %v", c.name, n, more, known, c.n, c.more, c.known)
		}
	}
	for _, c := range []struct {
		waiting int
		more    bool
		badge   int
	}{{0, false, 0}, {5, false, 5}, {ModerationWaitingMost, false, ModerationWaitingMost}, {ModerationWaitingMost + 1, false, ModerationWaitingMost}, {most, true, ModerationWaitingMost}} {
		if got := (ModerationQueues{Waiting: c.waiting, More: c.more}).Badge(); got != c.badge {
			t.Errorf("the badge of %d (more %v): %d, want %d", c.waiting, c.more, got, c.badge)
		}
	}
}

// modq55Queue is a queue of both parts: in an open call three ideas
// reported and a comment hidden whose author asked for a review; in a
// draft (which only admins see) four ideas reported. It returns a
// moderator.
func modq55Queue(w *world) domain.User {
	w.t.Helper()
	author, reporter, mod := w.fan(1), w.fan(2), w.moderator(3)
	c := w.openCall()
	summary, body := "s", "b"
	var last int64
	for _, title := range []string{"漏水的门封 a leaking seal", "会唱歌的洗衣机 a singing washer", "免清洗内筒 a self-cleaning drum"} {
		idea, err := w.s.SubmitIdea(w.ctx, &author, c.ID, domain.IdeaInput{Title: &title, Summary: &summary, Body: &body}, nil)
		if err != nil {
			w.t.Fatal(err)
		}
		if _, err := w.s.Report(w.ctx, &reporter, domain.ItemIdea, idea.ID, domain.ReportInput{Reason: "spam"}); err != nil {
			w.t.Fatal(err)
		}
		last = idea.ID
	}
	cm, err := w.s.Comment(w.ctx, &author, last, "加我微信 add me")
	if err != nil {
		w.t.Fatal(err)
	}
	if err := w.s.Moderate(w.ctx, &mod, "comment", cm.ID, "hide", "广告 an ad"); err != nil {
		w.t.Fatal(err)
	}
	if err := w.s.RequestReview(w.ctx, &author, "comment", cm.ID, "只是联系方式 only a contact"); err != nil {
		w.t.Fatal(err)
	}
	for _, id := range w.draftWithItems(author, 4) {
		if _, err := w.s.store.Report(w.ctx, domain.ItemIdea, id, reporter.ID, domain.ReportWindow, func(int) (bool, error) { return true, nil }, "spam", "",
			func(store.ReportTarget, domain.Reported) (bool, error) { return false, nil },
			func(store.ReportTarget, bool) []domain.Outgoing { return nil }); err != nil {
			w.t.Fatal(err)
		}
	}
	return mod
}

// The moderation page's one call gives what the separate calls give: each
// part's page and count as ModerationQueuePage's, the total as
// ModerationCount's and the badge as ModerationWaiting's, for a moderator
// (who does not see the draft's four) and an admin (who does); a part's
// page holds that part alone with the same total; a cursor on the first
// page, a bad cursor and a fan are refused.
func TestModq55PageQueueGivesWhatTheCallsGive(t *testing.T) {
	w := newWorld(t)
	mod := modq55Queue(w)
	for _, who := range []struct {
		name             string
		u                *domain.User
		waiting, reports int
	}{{"moderator", &mod, 4, 3}, {"admin", &w.admin, 8, 7}} {
		page, err := w.s.ModerationPage(w.ctx, who.u, store.QueueAll, "")
		if err != nil {
			t.Fatal(err)
		}
		q := page.Queue
		if q.Waiting != who.waiting || q.More || len(q.Reviews.Items) != 1 || len(q.Reported.Items) != who.reports {
			t.Errorf("%s's page: %d waiting (more %v), %d reviews, %d reported; want %d, 1, %d", who.name, q.Waiting, q.More, len(q.Reviews.Items), len(q.Reported.Items), who.waiting, who.reports)
		}
		n, more, err := w.s.ModerationCount(w.ctx, who.u)
		if err != nil || n != q.Waiting || more != q.More {
			t.Errorf("%s: ModerationCount %d (%v, %v), the page %d", who.name, n, more, err, q.Waiting)
		}
		if badge, err := w.s.ModerationWaiting(w.ctx, who.u); err != nil || badge != q.Badge() {
			t.Errorf("%s: ModerationWaiting %d (%v), the page's badge %d", who.name, badge, err, q.Badge())
		}
		for _, part := range []struct {
			part store.QueuePart
			page QueuePage
		}{{store.QueueReviews, q.Reviews}, {store.QueueReported, q.Reported}} {
			alone, err := w.s.ModerationQueuePage(w.ctx, who.u, part.part, "")
			if err != nil || alone.Waiting != part.page.Waiting || len(alone.Items) != len(part.page.Items) {
				t.Errorf("%s, part %d: ModerationQueuePage %d waiting, %d items (%v); the page %d, %d", who.name, part.part, alone.Waiting, len(alone.Items), err, part.page.Waiting, len(part.page.Items))
			}
			alonePage, err := w.s.ModerationPage(w.ctx, who.u, part.part, "")
			one := alonePage.Queue
			if err != nil || one.Waiting != q.Waiting || one.More || one.Reviews.Waiting+one.Reported.Waiting != part.page.Waiting ||
				len(one.Reviews.Items)+len(one.Reported.Items) != len(part.page.Items) || (part.part == store.QueueReviews) != (one.Reported.Items == nil) {
				t.Errorf("%s, part %d alone: %+v (%v); want that part alone, %d in all", who.name, part.part, one, err, q.Waiting)
			}
		}
	}
	cursor := QueueCursorText(store.QueueCursor{Reports: 1, UpdatedAt: 5, Type: domain.ItemIdea, ID: 7})
	for _, c := range []struct {
		name   string
		u      *domain.User
		part   store.QueuePart
		cursor string
		want   domain.ErrKind
	}{
		{"a cursor on the first page", &mod, store.QueueAll, cursor, domain.KindInvalid},
		{"a bad cursor", &mod, store.QueueReported, "bad", domain.KindInvalid},
		{"a fan", &domain.User{ID: 99}, store.QueueAll, "bad", domain.KindForbidden},
		{"no one", nil, store.QueueAll, "", domain.KindUnauthorized},
	} {
		_, err := w.s.ModerationPage(w.ctx, c.u, c.part, c.cursor)
		e := domain.AsError(err)
		if e == nil || e.Kind != c.want || (c.want == domain.KindInvalid && (e.Code != "invalid_cursor" || e.Field != "cursor")) {
			t.Errorf("%s: %v, want kind %d (invalid_cursor naming cursor for a cursor)", c.name, err, c.want)
		}
	}
}
