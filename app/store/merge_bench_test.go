package store

import (
	"context"
	"testing"
	"time"

	"cocreate/app/domain"
)

// BenchmarkMergePairwise merges a duplicate compared about 500 times (with
// many of 200 ideas) in a challenge of about 100,000 comparisons: the
// merge holds the writer, so it must not scan the comparisons once per
// idea it recounts. Run with -benchtime 1x (each merge needs a fresh
// duplicate).
func BenchmarkMergePairwise(b *testing.B) {
	ctx := context.Background()
	s := mustOpen(b)
	users, c := fixture(b, s, 500)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		var ideas []int64
		for k := 0; k < 200; k++ {
			ideas = append(ideas, addIdea(b, s, c, users[0].ID, "idea").ID)
		}
		tx, err := s.w.Begin()
		if err != nil {
			b.Fatal(err)
		}
		stmt, err := tx.Prepare(`INSERT INTO comparisons (challenge_id, user_id, low_id, high_id, winner_id, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
		if err != nil {
			b.Fatal(err)
		}
		now := time.Now().UnixMilli()
		for u, user := range users {
			for k := 0; k < 200; k++ {
				x, y := ideas[k], ideas[(k+1+u%199)%200]
				if _, err := stmt.Exec(c.ID, user.ID, min(x, y), max(x, y), x, now); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := s.MergeIdea(ctx, ideas[0], ideas[1], users[0].ID, "same",
			func(domain.Idea, domain.Idea, bool) error { return nil },
			func(domain.Idea, domain.Idea, []int64) []int64 { return nil },
			func(domain.Idea, domain.Idea, []int64) []domain.Outgoing { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
