package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"cocreate/app/domain"
)

// integrity55Log writes n entries of challenge c's integrity log straight
// to the table, three to a millisecond (ties the order breaks by id), the
// reason naming each ("entry-007"), and returns the reasons newest first
// (as the log reads: created_at, then id, both descending).
func integrity55Log(t *testing.T, s *Store, c domain.Challenge, n int, from time.Time, prefix string) []string {
	t.Helper()
	var gid int64
	if err := s.w.QueryRow(`INSERT INTO integrity_groups (challenge_id, status, score, created_at, updated_at) VALUES (?, 'removed', 1, 0, 0) RETURNING id`,
		c.ID).Scan(&gid); err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range n {
		reason := fmt.Sprintf("%s-%03d", prefix, i)
		at := from.Add(time.Duration(i/3) * time.Millisecond)
		if _, err := s.w.Exec(`INSERT INTO integrity_log (challenge_id, group_id, idea_ids, votes_removed, reason, created_at) VALUES (?, ?, '[{"idea_id": 1, "votes": 2}]', ?, ?, ?)`,
			c.ID, gid, i+1, reason, ms(at)); err != nil {
			t.Fatal(err)
		}
		want = append([]string{reason}, want...)
	}
	return want
}

// The integrity log read by pages of any size yields each entry exactly
// once, newest first, with ties on the millisecond; an entry logged
// between pages moves none (it waits at the top for the next first page),
// and another challenge's entries are never read.
func TestIntegrity55LogPagesYieldEachEntryOnce(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	_, c := fixture(t, s, 1)
	_, other := fixture55Challenge(t, s)
	start := s.Now().Add(-time.Hour)
	want := integrity55Log(t, s, c, 230, start, "entry")
	integrity55Log(t, s, other, 5, start, "other")
	all, _, err := s.IntegrityLogPage(ctx, c.ID, nil, 0)
	if err != nil || len(all) != len(want) {
		t.Fatalf("the whole log: %d entries, %v; want %d", len(all), err, len(want))
	}
	for _, limit := range []int{1, 7, 50, 200, 229, 230, 231} {
		var got []string
		var after *domain.Cursor
		for pages := 0; ; pages++ {
			if pages > len(want)+1 {
				t.Fatalf("limit %d: the pages never end", limit)
			}
			page, next, err := s.IntegrityLogPage(ctx, c.ID, after, limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) > limit || (next != nil && len(page) != limit) {
				t.Fatalf("limit %d: a page of %d, next %v", limit, len(page), next)
			}
			for _, e := range page {
				got = append(got, e.Reason)
			}
			if pages == 0 && limit == 50 {
				// Logged now, between pages: newer than every entry read.
				integrity55Log(t, s, c, 1, s.Now(), "between")
			}
			if next == nil {
				break
			}
			// The cursor goes out as text and comes back.
			if after, err = domain.ParseCursor(next.Encode()); err != nil {
				t.Fatal(err)
			}
		}
		w := want
		if limit > 50 {
			w = append([]string{"between-000"}, want...)
		}
		if fmt.Sprint(got) != fmt.Sprint(w) {
			t.Fatalf("limit %d: read %d entries %v...; want %d %v...", limit, len(got), head55(got), len(w), head55(w))
		}
	}
}

func head55(s []string) []string { return s[:min(len(s), 8)] }

// fixture55Challenge is a second challenge beside fixture's.
func fixture55Challenge(t *testing.T, s *Store) (domain.User, domain.Challenge) {
	t.Helper()
	ctx := context.Background()
	u, err := s.CreateUser(ctx, domain.SignUp{Email: "other55@example.com", Name: "other"}, "x", false)
	if err != nil {
		t.Fatal(err)
	}
	c := domain.NewChallenge()
	c.Title, c.OrganiserID = "另一个", u.ID
	if c, err = s.CreateChallenge(ctx, c); err != nil {
		t.Fatal(err)
	}
	return u, c
}
