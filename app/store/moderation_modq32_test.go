package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
)

// queueFixture makes a queue of ideas reported items (and comments
// reported comments on the first idea), each reported by reporters fans
// with a note from every other one, each with a few decisions; the first
// idea with more decisions than the queue shows and its first report
// before its last decision (since), so not counted.
func queueFixture(t testing.TB, s *Store, ideas, comments, reporters int) {
	t.Helper()
	ctx := context.Background()
	users, c := fixture(t, s, reporters+1)
	type key struct {
		typ string
		id  int64
	}
	var keys []key
	var first domain.Idea
	for i := 0; i < ideas; i++ {
		idea := addIdea(t, s, c, users[0].ID, fmt.Sprintf("idea %d", i))
		if i == 0 {
			first = idea
		}
		keys = append(keys, key{"idea", idea.ID})
	}
	for i := 0; i < comments; i++ {
		cm, err := s.CreateComment(ctx, first.ID, 0, domain.Author{ID: users[0].ID, Name: users[0].Name}, fmt.Sprintf("comment %d", i), false, nil,
			func(domain.Idea) error { return nil }, func(domain.Idea, domain.Comment, int64, int64, []int64, map[int64]bool) []domain.Outgoing { return nil })
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, key{"comment", cm.ID})
	}
	now := ms(s.Now())
	err := s.write(ctx, func(tx *sql.Tx) error {
		// Reporters in turn over the items, so that one item's reports
		// are not one run of ids.
		for r := 1; r <= reporters; r++ {
			for i, k := range keys {
				note := ""
				if (r+i)%2 == 0 {
					note = fmt.Sprintf("note %d on %s %d", r, k.typ, k.id)
				}
				if _, err := tx.Exec(`INSERT INTO reports (item_type, item_id, reporter_id, reason, note, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
					k.typ, k.id, users[r].ID, []string{"spam", "abuse", "off_topic"}[(r+i)%3], note, now); err != nil {
					return err
				}
			}
		}
		for i, k := range keys {
			if _, err := tx.Exec(`INSERT INTO moderation_items (item_type, item_id, challenge_id, author_id, open, reports, updated_at)
				VALUES (?, ?, ?, ?, 1, ?, ?)`, k.typ, k.id, c.ID, users[0].ID, reporters, now+int64(i%7)); err != nil {
				return err
			}
		}
		// Decisions in turn over the items too: the first item's 25, the
		// others' 1 to 4.
		for j := 0; j < 25; j++ {
			for i, k := range keys {
				if i > 0 && j >= 1+i%4 {
					continue
				}
				var actor any = users[j%2].ID
				if j%3 == 2 {
					actor = nil
				}
				if _, err := tx.Exec(`INSERT INTO moderation_decisions (item_type, item_id, actor_id, action, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
					k.typ, k.id, actor, []string{"hide", "restore", "dismiss"}[j%3], fmt.Sprintf("why %d", j), now+int64(j)); err != nil {
					return err
				}
			}
		}
		_, err := tx.Exec(`UPDATE moderation_items SET since = (SELECT MIN(id) FROM reports WHERE item_type = ? AND item_id = ?)
			WHERE item_type = ? AND item_id = ?`, keys[0].typ, keys[0].id, keys[0].typ, keys[0].id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// queueOneByOne is what the queue read before, each item's reports and
// its history in their own queries: what the batched reads must equal.
func queueOneByOne(t *testing.T, s *Store, items []ModerationItem) []ModerationItem {
	t.Helper()
	ctx := context.Background()
	out := make([]ModerationItem, len(items))
	for i, m := range items {
		m.Reasons, m.Notes = map[string]int{}, nil
		rows, err := s.r.QueryContext(ctx, `SELECT reason, note FROM reports
			WHERE item_type = ? AND item_id = ? AND id > (SELECT since FROM moderation_items WHERE item_type = ? AND item_id = ?)
			ORDER BY id`, string(m.Type), m.ID, string(m.Type), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var reason, note string
			if err := rows.Scan(&reason, &note); err != nil {
				t.Fatal(err)
			}
			m.Reasons[reason]++
			if note != "" {
				m.Notes = append(m.Notes, note)
			}
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		if m.History, err = s.decisions(ctx, `WHERE d.item_type = ? AND d.item_id = ?`, 20, string(m.Type), m.ID); err != nil {
			t.Fatal(err)
		}
		slices.Reverse(m.History) // the newest 20, told oldest first
		out[i] = m
	}
	return out
}

// countedDriver counts the statements prepared on its connections (they
// offer database/sql no other way to run one).
type countedDriver struct{ d driver.Driver }

var (
	countedOnce       sync.Once
	countedStatements atomic.Int64
)

func (c countedDriver) Open(name string) (driver.Conn, error) {
	conn, err := c.d.Open(name)
	if err != nil {
		return nil, err
	}
	return countedConn{conn}, nil
}

type countedConn struct{ driver.Conn }

func (c countedConn) Prepare(q string) (driver.Stmt, error) {
	countedStatements.Add(1)
	return c.Conn.Prepare(q)
}

// countStatements swaps s's readers, on SQLite, for ones that count their
// statements (countedStatements).
func countStatements(t testing.TB, s *Store) {
	t.Helper()
	countedOnce.Do(func() { sql.Register("sqlite3-counted-modq32", countedDriver{s.r.Driver()}) })
	r, err := sql.Open("sqlite3-counted-modq32", "file:"+s.Path+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	old := s.r
	s.r = r
	t.Cleanup(func() { s.r = old; r.Close() })
}

// The queue reads its page's items' reports in one query and their
// histories in another (it read both item by item: 400 queries for a page
// of 200), with the same reasons, notes (in their order), and histories
// (their newest 20 decisions, told oldest first) as the reads one item at
// a time.
func TestModq32QueueReadsReportsAndHistoriesInBatches(t *testing.T) {
	s := mustOpen(t)
	queueFixture(t, s, 40, 10, 4)
	ctx := context.Background()
	items, _, err := s.ModerationQueuePage(ctx, 200, nil, QueueAll, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 50 {
		t.Fatalf("the queue has %d items, want 50", len(items))
	}
	want := queueOneByOne(t, s, items)
	if !reflect.DeepEqual(items, want) {
		for i := range items {
			if !reflect.DeepEqual(items[i], want[i]) {
				t.Errorf("item %d (%s %d):\n got %+v\nwant %+v", i, items[i].Type, items[i].ID, items[i], want[i])
			}
		}
	}
	var long, counted bool
	for _, m := range items {
		if len(m.History) == 20 { // the fixture's item of 25 decisions
			long = m.History[0].Reason == "why 5" && m.History[19].Reason == "why 24"
		}
		counted = counted || len(m.Notes) > 0
	}
	if !long || !counted {
		t.Errorf("no item shows its newest 20 decisions of 25, oldest first (%v), or has notes (%v)", long, counted)
	}
	if pgtest.Postgres() {
		return
	}
	countStatements(t, s)
	before := countedStatements.Load()
	again, _, err := s.ModerationQueuePage(ctx, 200, []int64{999}, QueueAll, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := countedStatements.Load() - before; n != 3 {
		t.Errorf("a queue page of %d items took %d statements, want 3 (items, reports, histories)", len(again), n)
	}
	if !reflect.DeepEqual(again, items) {
		t.Error("the counted read gave another queue")
	}
}

// BenchmarkModq32Queue reads a full queue page: 200 items, each with 4
// reports and 1 to 4 decisions.
func BenchmarkModq32Queue(b *testing.B) {
	if pgtest.Postgres() {
		b.Skip("SQLite only")
	}
	s := mustOpen(b)
	queueFixture(b, s, 190, 10, 4)
	countStatements(b, s)
	ctx := context.Background()
	b.ResetTimer()
	before := countedStatements.Load()
	for i := 0; i < b.N; i++ {
		items, _, err := s.ModerationQueuePage(ctx, 200, nil, QueueAll, nil)
		if err != nil || len(items) != 200 {
			b.Fatal(len(items), err)
		}
	}
	b.ReportMetric(float64(countedStatements.Load()-before)/float64(b.N), "queries/page")
}
