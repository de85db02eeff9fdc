package service

import (
	"testing"

	"cocreate/app/domain"
	"cocreate/app/store"
)

// A queue cursor reads back as written, an idea's and a comment's; what
// this server did not write is refused naming the field cursor, 400
// invalid_cursor; "" is the first page.
func TestModq54QueueCursorText(t *testing.T) {
	for _, c := range []store.QueueCursor{
		{Reports: 0, UpdatedAt: 0, Type: domain.ItemIdea, ID: 1},
		{Reports: 3, UpdatedAt: 1796000000123, Type: domain.ItemComment, ID: 987654},
		{Reports: 1 << 40, UpdatedAt: 1796000000123, Type: domain.ItemIdea, ID: 1<<62 + 1},
	} {
		text := QueueCursorText(c)
		got, err := ParseQueueCursor(text)
		if err != nil || got == nil || *got != c {
			t.Errorf("%+v wrote %q, read back %+v (%v)", c, text, got, err)
		}
	}
	if got, err := ParseQueueCursor(""); got != nil || err != nil {
		t.Errorf(`"" reads %+v (%v), want the first page`, got, err)
	}
	good := QueueCursorText(store.QueueCursor{Reports: 2, UpdatedAt: 5, Type: domain.ItemIdea, ID: 7})
	idea := domain.Cursor{Key: 0, ID: 7}.Encode()
	for _, bad := range []string{
		"x", good + "x", "." + idea, good[:len(good)-1], idea, // no dot: an idea list's cursor
		domain.Cursor{Key: 1.5, ID: 5}.Encode() + "." + idea,                                // reports not whole
		domain.Cursor{Key: -1, ID: 5}.Encode() + "." + idea,                                 // fewer than none
		domain.Cursor{Key: 1, ID: 5}.Encode() + "." + domain.Cursor{Key: 2, ID: 7}.Encode(), // neither idea nor comment
		domain.Cursor{Key: 1, ID: 5}.Encode() + "." + domain.Cursor{Key: 0, ID: 0}.Encode(), // no item
		good + "." + idea,
	} {
		got, err := ParseQueueCursor(bad)
		e := domain.AsError(err)
		if got != nil || e == nil || e.Code != "invalid_cursor" || e.Field != "cursor" || e.Kind != domain.KindInvalid {
			t.Errorf("%q reads %+v (%v), want 400 invalid_cursor naming cursor", bad, got, err)
		}
	}
}

// Past a page of a draft's items: an admin, who sees drafts, walks both
// pages by the cursor, every item once, told how many wait; a moderator,
// who does not, gets one page with their one item, no cursor, a count of
// one; a fan is refused before their cursor is read.
func TestModq54QueuePagesPastTheFirst(t *testing.T) {
	w := newWorld(t)
	author, reporter, mod, fan := w.fan(1), w.fan(2), w.moderator(3), w.fan(4)
	c := w.openCall()
	summary, body, title := "s", "b", "漏水的门封 a leaking seal"
	seen, err := w.s.SubmitIdea(w.ctx, &author, c.ID, domain.IdeaInput{Title: &title, Summary: &summary, Body: &body}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.Report(w.ctx, &reporter, domain.ItemIdea, seen.ID, domain.ReportInput{Reason: "spam"}); err != nil {
		t.Fatal(err)
	}
	for _, id := range w.draftWithItems(author, 201) {
		if _, err := w.s.store.Report(w.ctx, domain.ItemIdea, id, reporter.ID, domain.ReportWindow, func(int) (bool, error) { return true, nil }, "spam", "",
			func(store.ReportTarget, domain.Reported) (bool, error) { return false, nil },
			func(store.ReportTarget, bool) []domain.Outgoing { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	first, err := w.s.ModerationQueuePage(w.ctx, &w.admin, store.QueueAll, "")
	if err != nil || len(first.Items) != ModerationQueueSize || first.Next == "" || first.Waiting != 202 || first.More {
		t.Fatalf("the admin's first page: %d items, next %q, waiting %d more %v (%v); want 200, a cursor, 202", len(first.Items), first.Next, first.Waiting, first.More, err)
	}
	second, err := w.s.ModerationQueuePage(w.ctx, &w.admin, store.QueueAll, first.Next)
	if err != nil || len(second.Items) != 2 || second.Next != "" {
		t.Fatalf("the admin's second page: %d items, next %q (%v); want the last 2, no cursor", len(second.Items), second.Next, err)
	}
	ids := map[int64]bool{}
	for _, m := range append(first.Items, second.Items...) {
		ids[m.ID] = true
	}
	if len(ids) != 202 || !ids[seen.ID] {
		t.Errorf("the admin's two pages hold %d distinct items (the open call's %v), want 202 with it", len(ids), ids[seen.ID])
	}
	p, err := w.s.ModerationQueuePage(w.ctx, &mod, store.QueueAll, "")
	if err != nil || len(p.Items) != 1 || p.Items[0].ID != seen.ID || p.Next != "" || p.Waiting != 1 {
		t.Errorf("the moderator's page: %d items, next %q, waiting %d (%v); want the open call's idea alone", len(p.Items), p.Next, p.Waiting, err)
	}
	if n, more, err := w.s.ModerationCount(w.ctx, &w.admin); err != nil || n != 202 || more {
		t.Errorf("the admin's count: %d more %v (%v), want 202", n, more, err)
	}
	if _, err := w.s.ModerationQueuePage(w.ctx, &fan, store.QueueAll, "bad"); domain.AsError(err) == nil || domain.AsError(err).Kind != domain.KindForbidden {
		t.Errorf("a fan's page: %v, want forbidden", err)
	}
	if _, err := w.s.ModerationQueuePage(w.ctx, &mod, store.QueueAll, "bad"); domain.AsError(err) == nil || domain.AsError(err).Code != "invalid_cursor" {
		t.Errorf("a bad cursor: %v, want invalid_cursor", err)
	}
}
