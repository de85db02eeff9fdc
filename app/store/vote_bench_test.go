package store

import (
	"context"
	"sync/atomic"
	"testing"
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
