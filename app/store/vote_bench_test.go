package store

import (
	"context"
	"sync/atomic"
	"testing"

	"cocreate/app/domain"
)

// BenchmarkVote measures durable votes through the group-commit writer, many
// fans at once, with no HTTP in front: the store's own ceiling.
func BenchmarkVote(b *testing.B) {
	s := mustOpen(b)
	users, c := fixture(b, s, 256)
	var ideas []int64
	for i := 0; i < 200; i++ {
		ideas = append(ideas, addIdea(b, s, c, users[0].ID, "idea").ID)
	}
	var n atomic.Int64
	b.SetParallelism(128) // ×GOMAXPROCS goroutines, like concurrent fans
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			u := users[i%int64(len(users))].ID
			idea := ideas[(i/int64(len(users)))%int64(len(ideas))]
			if _, err := s.Vote(context.Background(), u, idea, allow); err != nil {
				b.Error(err)
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "votes/s")
}

// BenchmarkIdeaRanks reads the first and a later page of a 20,000-idea list's
// order and counters (IdeaRanks), beside the whole page (Ideas): what a list
// page costs while votes keep changing it.
func BenchmarkIdeaRanks(b *testing.B) {
	s := mustOpen(b)
	users, c := fixture(b, s, 2)
	ctx := context.Background()
	for i := 0; i < 20000; i++ {
		addIdea(b, s, c, users[1].ID, "一个想法 an idea with a title")
	}
	for _, sort := range []domain.Sort{domain.SortTop, domain.SortHot} {
		_, next, err := s.IdeaRanks(ctx, c.ID, sort, nil, 20)
		if err != nil || next == nil {
			b.Fatal(err)
		}
		b.Run("ranks/"+string(sort), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				after := next
				if i%2 == 0 {
					after = nil
				}
				if _, _, err := s.IdeaRanks(ctx, c.ID, sort, after, 20); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("ideas/"+string(sort), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				after := next
				if i%2 == 0 {
					after = nil
				}
				if _, _, err := s.Ideas(ctx, c.ID, sort, after, 20); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
