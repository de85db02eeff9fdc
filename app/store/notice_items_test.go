package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
)

// TestNoticeItems: a notice is stored with what its link names (a
// project's notice with the project's idea), and migration 068 reads the
// same from the links of notices written before it (its SQLite body, or
// PostgreSQL's twin).
func TestNoticeItems(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 2)
	idea := addIdea(t, s, c, users[1].ID, "免清洗内筒")
	p, err := s.CreateProject(ctx, idea.ID, users[0].ID, users[0].ID, func(domain.Idea, domain.User, bool, bool) error { return nil }, openedTell)
	if err != nil {
		t.Fatal(err)
	}
	type item struct{ idea, comment, challenge sql.NullInt64 }
	read := func(url string) item {
		t.Helper()
		var it item
		if err := s.w.QueryRow(`SELECT idea_id, comment_id, challenge_id FROM notifications WHERE url = ? ORDER BY id DESC LIMIT 1`, url).
			Scan(&it.idea, &it.comment, &it.challenge); err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		return it
	}
	id := func(v int64) sql.NullInt64 { return sql.NullInt64{Int64: v, Valid: v != 0} }
	if got, want := read(domain.ProjectLink(p.ID)), (item{idea: id(idea.ID)}); got != want {
		t.Errorf("a project's notice is stored about %+v, want %+v", got, want)
	}

	cases := []struct {
		url  string
		want item
	}{
		{fmt.Sprintf("/ideas/%d", idea.ID), item{idea: id(idea.ID)}},
		{fmt.Sprintf("/ideas/%d#comment-42", idea.ID), item{idea: id(idea.ID), comment: id(42)}},
		{fmt.Sprintf("/projects/%d#update-1", p.ID), item{idea: id(idea.ID)}},
		{fmt.Sprintf("/challenges/%d/results", c.ID), item{challenge: id(c.ID)}},
		{fmt.Sprintf("/challenges/%d", c.ID+1000), item{challenge: id(c.ID + 1000)}},
		{"/ideas/abc#comment-3", item{}},
		{"/challenges/x", item{}},
		{"/settings", item{}},
	}
	for _, k := range cases {
		if _, err := s.w.Exec(`INSERT INTO notifications (user_id, kind, args, url, created_at) VALUES (?, 'comment', '[]', ?, 0)`, users[0].ID, k.url); err != nil {
			t.Fatal(err)
		}
	}
	body, err := migrationBody("migrations/068_notice_items.sql", pgtest.Postgres())
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range strings.Split(body, ";") {
		if i := strings.Index(stmt, "UPDATE"); i >= 0 {
			if _, err := s.w.Exec(stmt[i:]); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		}
	}
	for _, k := range cases {
		if got := read(k.url); got != k.want {
			t.Errorf("%s: read as about %+v, want %+v", k.url, got, k.want)
		}
	}
}

// BenchmarkUnreadItems is the header badge's query (read once a person while
// only tallies are written) for a reader with 300 unread notices about 60 ideas
// (half of them about comments), against the plain count it replaced.
func BenchmarkUnreadItems(b *testing.B) {
	s := mustOpen(b)
	ctx := context.Background()
	users, c := fixture(b, s, 1)
	var ideas, comments []int64
	for i := range 60 {
		ideas = append(ideas, addIdea(b, s, c, users[0].ID, fmt.Sprintf("idea %d", i)).ID)
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		for i := range 150 { // by 150 commenters
			var uid, cid int64
			if err := tx.QueryRow(`INSERT INTO users (email, name, password_hash, created_at) VALUES (?, 'c', 'x', 0) RETURNING id`,
				fmt.Sprintf("c%d@x.cn", i)).Scan(&uid); err != nil {
				return err
			}
			if err := tx.QueryRow(`INSERT INTO comments (idea_id, author_id, body, created_at) VALUES (?, ?, 'b', 0) RETURNING id`,
				ideas[i%60], uid).Scan(&cid); err != nil {
				return err
			}
			comments = append(comments, cid)
		}
		for i := range unreadBench {
			url := domain.IdeaLink(ideas[i%60])
			if i%2 == 1 {
				url = domain.CommentLink(ideas[i%60], comments[i/2])
			}
			if err := notify(tx, users[0].ID, domain.NoticeComment, url, s.Now(), "t"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("items", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.UnreadItems(ctx, users[0].ID, 1000); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("joined count", func(b *testing.B) {
		for b.Loop() {
			var n int
			if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications n`+noticeItemJoins+` WHERE n.user_id = ? AND n.read_at IS NULL AND n.kind <> 'verify_email'`, users[0].ID).Scan(&n); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("plain count", func(b *testing.B) {
		for b.Loop() {
			var n int
			if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, users[0].ID).Scan(&n); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// unreadBench is how many unread notices BenchmarkUnreadItems reads
// (COCREATE_UNREAD_BENCH, else 300).
var unreadBench = func() int {
	if n, err := strconv.Atoi(os.Getenv("COCREATE_UNREAD_BENCH")); err == nil && n > 0 {
		return n
	}
	return 300
}()
