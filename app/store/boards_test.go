package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
)

// plan explains a query.
func plan(t testing.TB, s *Store, q string, args ...any) string {
	t.Helper()
	rows, err := s.r.Query(`EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, detail)
	}
	return strings.Join(out, "; ")
}

// The roadmap reads each column from its partial index, newest move
// first, without sorting; a board filtered by status reads its slice of
// the board's index.
func TestBoardQueriesUseTheirIndex(t *testing.T) {
	pgtest.SQLiteOnly(t, "EXPLAIN QUERY PLAN is SQLite's; on an empty PostgreSQL table every plan is a scan")
	s := mustOpen(t)
	p := plan(t, s, `SELECT `+ideaColumns+` FROM ideas i JOIN users u ON u.id = i.author_id JOIN challenges c ON c.id = i.challenge_id
		WHERE i.status = ? AND i.`+onRoadmap+` AND c.kind = 'board' AND i.`+listed+` ORDER BY i.status_at DESC, i.id DESC LIMIT ?`, "done", 100)
	if !strings.Contains(p, "ideas_roadmap") {
		t.Errorf("roadmap plan %q does not use ideas_roadmap", p)
	}
	q, args := listQuery(1, domain.SortNew, nil, 20, domain.StatusPlanned)
	if p := plan(t, s, q, args...); !strings.Contains(p, "ideas_board_status") || strings.Contains(p, "TEMP B-TREE") {
		t.Errorf("a board's planned posts, newest first: plan %q", p)
	}
}

// seedBoard writes n posts on a new board in one transaction, spread over
// the statuses, every tenth one moved.
func seedBoard(b testing.TB, s *Store, n int) int64 {
	b.Helper()
	users, _ := fixture(b, s, 1)
	c := domain.NewChallenge()
	c.Title, c.Kind, c.OrganiserID = "洗衣机", domain.Board, users[0].ID
	now := s.Now()
	c.SubmissionsOpenAt, c.VotingOpenAt, c.ShortlistSize, c.Winners = &now, &now, 0, 0
	c, err := s.CreateChallenge(context.Background(), c)
	if err != nil {
		b.Fatal(err)
	}
	err = s.write(context.Background(), func(tx *sql.Tx) error {
		for i := 0; i < n; i++ {
			st := domain.Statuses[i%len(domain.Statuses)]
			var at any
			if st != domain.StatusOpen {
				at = ms(now) + int64(i)
			}
			if _, err := tx.Exec(`INSERT INTO ideas (challenge_id, author_id, title, votes, hot, status, response, status_at, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, users[0].ID, fmt.Sprintf("post %d", i), i%97, float64(i%89), string(st), "答复", at, ms(now), ms(now)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return c.ID
}

// BenchmarkBoardLists measures, over a board of 20,000 posts, a page of
// the board filtered by status in each order, and a roadmap column.
func BenchmarkBoardLists(b *testing.B) {
	s := mustOpen(b)
	id := seedBoard(b, s, 20000)
	ctx := context.Background()
	for _, sort := range []domain.Sort{domain.SortNew, domain.SortTop, domain.SortHot} {
		b.Run("planned-"+string(sort), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if list, _, err := s.BoardIdeas(ctx, id, domain.StatusPlanned, sort, nil, 20); err != nil || len(list) != 20 {
					b.Fatal(len(list), err)
				}
			}
		})
	}
	b.Run("roadmap-column", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if list, _, err := s.Roadmap(ctx, domain.StatusDone, nil, 100, nil); err != nil || len(list) != 100 {
				b.Fatal(len(list), err)
			}
		}
	})
}

// TestBoardPagesKeepTheirStatus pages through a board's posts of one
// status in every order, with many ties on each order's key: each page
// behind a cursor keeps the status filter, and the pages hold every such
// post once.
func TestBoardPagesKeepTheirStatus(t *testing.T) {
	s := mustOpen(t)
	id := seedBoard(t, s, 60)
	ctx := context.Background()
	if err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE ideas SET rank_score = (id % 3) * 0.5, votes = id % 3, hot = (id % 2) * 1.5 WHERE challenge_id = ?`, id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var want int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM ideas WHERE challenge_id = ? AND status = ?`, id, string(domain.StatusPlanned)).Scan(&want); err != nil {
		t.Fatal(err)
	}
	for _, sort := range []domain.Sort{domain.SortNew, domain.SortTop, domain.SortHot, domain.SortScore} {
		seen := map[int64]bool{}
		var after *domain.Cursor
		for page := 0; page < 100; page++ {
			list, next, err := s.BoardIdeas(ctx, id, domain.StatusPlanned, sort, after, 4)
			if err != nil {
				t.Fatalf("%s, page %d: %v", sort, page, err)
			}
			for _, idea := range list {
				if idea.Status != domain.StatusPlanned {
					t.Errorf("%s, page %d: post %d is %q, not planned", sort, page, idea.ID, idea.Status)
				}
				if seen[idea.ID] {
					t.Errorf("%s, page %d: post %d shown twice", sort, page, idea.ID)
				}
				seen[idea.ID] = true
			}
			if next == nil {
				break
			}
			after = next
		}
		if len(seen) != want {
			t.Errorf("%s: %d planned posts over the pages, want %d", sort, len(seen), want)
		}
	}
}
