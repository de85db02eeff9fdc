package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"

	"cocreate/app/domain"
)

// modq54Key is a queue item as the walk compares it.
type modq54Key struct {
	Type domain.ItemType
	ID   int64
}

// modq54Expected is every open item of part in the queue's order, read
// apart from the pages and sorted here: reports (more first) and newest
// first, the item breaking a tie (type, then id, downwards); reviews the
// longest waiting first, the item breaking a tie upwards.
func modq54Expected(t *testing.T, s *Store, part QueuePart) []modq54Key {
	t.Helper()
	type row struct {
		k                modq54Key
		reports, updated int64
		reviewRequested  bool
	}
	rows, err := s.r.QueryContext(context.Background(), `SELECT item_type, item_id, reports, updated_at, review_requested = 1 FROM moderation_items WHERE open = 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.k.Type, &r.k.ID, &r.reports, &r.updated, &r.reviewRequested); err != nil {
			t.Fatal(err)
		}
		if (part == QueueReviews && !r.reviewRequested) || (part == QueueReported && r.reviewRequested) {
			continue
		}
		all = append(all, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(all, func(a, b row) int {
		if part == QueueReviews {
			if a.updated != b.updated {
				return cmpInt(a.updated, b.updated)
			}
			if a.k.Type != b.k.Type {
				return cmpStr(string(a.k.Type), string(b.k.Type))
			}
			return cmpInt(a.k.ID, b.k.ID)
		}
		if a.reports != b.reports {
			return cmpInt(b.reports, a.reports)
		}
		if a.updated != b.updated {
			return cmpInt(b.updated, a.updated)
		}
		if a.k.Type != b.k.Type {
			return cmpStr(string(b.k.Type), string(a.k.Type))
		}
		return cmpInt(b.k.ID, a.k.ID)
	})
	out := make([]modq54Key, len(all))
	for i, r := range all {
		out[i] = r.k
	}
	return out
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// modq54Walk reads part's pages of 200 to the end, calling between after
// each page but the last; it fails on a page that is not full but for the
// last, and on a last page that gives a cursor.
func modq54Walk(t *testing.T, s *Store, part QueuePart, between func(page int, last ModerationItem)) (got []modq54Key, pages int) {
	t.Helper()
	var after *QueueCursor
	for {
		items, next, err := s.ModerationQueuePage(context.Background(), 200, nil, part, after)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, m := range items {
			got = append(got, modq54Key{m.Type, m.ID})
		}
		if next == nil {
			return got, pages
		}
		if len(items) != 200 {
			t.Fatalf("page %d holds %d items and gives a cursor", pages, len(items))
		}
		if pages > 10 {
			t.Fatal("the walk does not end")
		}
		if between != nil {
			between(pages, items[len(items)-1])
		}
		after = next
	}
}

// 450 items wait (ideas and comments, reports from 1 to 3, many updated
// in the same millisecond, every fifth a review asked for): paging
// through the whole queue, and through each part, by 200, yields each
// item exactly once, in the queue's order, on both engines; and so it
// does when items are decided on between pages (the item the cursor
// stands on, one already read, one not yet read): the one not yet read
// is left out, no other moves.
func TestModq54QueuePagesYieldEachItemOnceInOrder(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	queueFixture(t, s, 300, 150, 1)
	if err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE moderation_items SET reports = 1 + item_id % 3,
			review_requested = CASE WHEN item_id % 5 = 0 THEN 1 ELSE 0 END`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, part := range []QueuePart{QueueAll, QueueReported, QueueReviews} {
		want := modq54Expected(t, s, part)
		got, pages := modq54Walk(t, s, part, nil)
		if !slices.Equal(got, want) {
			t.Errorf("part %d: the pages give %d items, want the %d in the queue's order; first difference at %s", part, len(got), len(want), modq54Diff(got, want))
		}
		if wantPages := max(1, (len(want)+199)/200); pages != wantPages {
			t.Errorf("part %d: %d pages for %d items, want %d", part, pages, len(want), wantPages)
		}
		if part == QueueAll && len(want) != 450 {
			t.Fatalf("the fixture queues %d items, want 450", len(want))
		}
	}

	var moderator int64
	if err := s.r.QueryRow(`SELECT MIN(id) FROM users`).Scan(&moderator); err != nil {
		t.Fatal(err)
	}
	dismiss := func(k modq54Key) {
		t.Helper()
		if err := s.Moderate(ctx, k.Type, k.ID, moderator, domain.ActionDismiss, "fine",
			func(ReportTarget) (bool, bool, error) { return false, false, nil },
			func(ReportTarget, bool) []domain.Outgoing { return nil }, domain.VotesReturnedNotices); err != nil {
			t.Fatal(err)
		}
	}
	before := modq54Expected(t, s, QueueAll)
	var handled []modq54Key
	got, _ := modq54Walk(t, s, QueueAll, func(page int, last ModerationItem) {
		if page != 1 {
			return
		}
		// The cursor's own item, one read before it, one on the next page.
		handled = []modq54Key{{last.Type, last.ID}, before[10], before[250]}
		for _, k := range handled {
			dismiss(k)
		}
	})
	want := slices.DeleteFunc(slices.Clone(before), func(k modq54Key) bool { return k == before[250] })
	if !slices.Equal(got, want) {
		t.Errorf("decided on between pages: the pages give %d items, want %d (all but %v, once each, in order); first difference at %s",
			len(got), len(want), before[250], modq54Diff(got, want))
	}
	if slices.Contains(got[200:], handled[0]) || slices.Contains(got[200:], handled[1]) {
		t.Errorf("an item read on page 1 and decided on comes again")
	}
}

func modq54Diff(got, want []modq54Key) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("%d (%v, want %v)", i, got[i], want[i])
		}
	}
	return fmt.Sprintf("%d (the end of one)", min(len(got), len(want)))
}
