package store

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/integrity"
)

// BenchmarkVote measures durable votes through the group-commit writer, many
// fans at once, with no HTTP in front: the store's own ceiling. Each run of
// 256 votes goes to one idea (a hot idea at a time); BenchmarkVoteSpread
// spreads them as `cocreate bench -scenarios votes` does.
func BenchmarkVote(b *testing.B) {
	benchVotes(b, 200, func(i int64, users, ideas int) (int, int) {
		return int(i % int64(users)), int((i / int64(users)) % int64(ideas))
	})
}

// BenchmarkVoteSpread is BenchmarkVote with each vote on one of 1,000
// ideas picked pseudo-randomly, so a batch's votes are mostly on different
// ideas, as in `cocreate bench -scenarios votes`.
func BenchmarkVoteSpread(b *testing.B) {
	benchVotes(b, 1000, func(i int64, users, ideas int) (int, int) {
		// A multiplicative hash: every (user, idea) pair once per users*ideas votes.
		return int(i % int64(users)), int((uint64(i/int64(users)) * 0x9E3779B97F4A7C15 >> 20) % uint64(ideas))
	})
}

// BenchmarkVoteSpreadBodies is BenchmarkVoteSpread on ideas with a body
// of 0, 500 (about the bench's corpus), 2,000 and 8,000 bytes: a vote
// rewrites its idea's row (the tally and hot score live in it), so what a
// vote costs, and what it writes to the disk, grows with the ideas' text.
func BenchmarkVoteSpreadBodies(b *testing.B) {
	for _, size := range []int{0, 500, 2000, 8000} {
		b.Run(fmt.Sprintf("body=%d", size), func(b *testing.B) {
			benchVotesOn(b, 1000, strings.Repeat("创", size/3), func(i int64, users, ideas int) (int, int) {
				return int(i % int64(users)), int((uint64(i/int64(users)) * 0x9E3779B97F4A7C15 >> 20) % uint64(ideas))
			})
		})
	}
}

// BenchmarkVoteSpreadHeld is BenchmarkVoteSpread by fans of a group
// quarantined in the challenge: each vote is held for review as it is
// cast (castWatched), as every vote of a click farm is once a scan has
// found it.
func BenchmarkVoteSpreadHeld(b *testing.B) {
	benchVotesBy(b, 1000, "", true, func(i int64, users, ideas int) (int, int) {
		return int(i % int64(users)), int((uint64(i/int64(users)) * 0x9E3779B97F4A7C15 >> 20) % uint64(ideas))
	})
}

// benchVotes casts b.N votes from 256 fans on n ideas, who and which from
// pick, and reports votes/s and the process's CPU time per vote (user and
// system: far steadier than votes/s on a shared machine).
func benchVotes(b *testing.B, n int, pick func(i int64, users, ideas int) (int, int)) {
	benchVotesOn(b, n, "", pick)
}

// benchVotesOn is benchVotes on ideas with the given body; it reports
// too the bytes the process wrote (write and pwrite: the log and the
// checkpoints) a vote.
func benchVotesOn(b *testing.B, n int, body string, pick func(i int64, users, ideas int) (int, int)) {
	benchVotesBy(b, n, body, false, pick)
}

// benchVotesBy is benchVotesOn, by fans quarantined in the challenge when
// held is set, and without the indexes named in drop.
func benchVotesBy(b *testing.B, n int, body string, held bool, pick func(i int64, users, ideas int) (int, int), drop ...string) {
	s := mustOpen(b)
	users, c := fixture(b, s, 256)
	var ideas []int64
	for i := 0; i < n; i++ {
		idea, err := s.CreateIdea(context.Background(), c.ID, users[0].ID, func(domain.Challenge, int) (domain.Idea, error) {
			return domain.Idea{Title: "idea", Body: body}, nil
		})
		if err != nil {
			b.Fatal(err)
		}
		ideas = append(ideas, idea.ID)
	}
	sig := VoteSignals{Net: 1}
	if held {
		var ring []int64
		for _, u := range users {
			ring = append(ring, u.ID)
		}
		if err := s.SaveIntegrityScan(context.Background(), c.ID, s.Now().UnixMilli(), quarantineFirst(integrity.Group{
			Users: ring, Ideas: ideas[:3], Score: 0.9})); err != nil {
			b.Fatal(err)
		}
		sig.Quarantined = true
	}
	for _, index := range drop {
		if _, err := s.w.Exec(`DROP INDEX ` + index); err != nil {
			b.Fatal(err)
		}
	}
	written := writtenBytes(b)
	var next atomic.Int64
	b.SetParallelism(128) // ×GOMAXPROCS goroutines, like concurrent fans
	b.ReportAllocs()
	cpu := processCPU()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			u, idea := pick(next.Add(1), len(users), len(ideas))
			if _, err := s.VoteWith(context.Background(), users[u].ID, ideas[idea], sig, allow); err != nil {
				b.Error(err)
			}
		}
	})
	b.StopTimer()
	reportVoteCosts(b, cpu, written)
	if held {
		var under int64
		if err := s.r.QueryRow(`SELECT SUM(votes_under_review) FROM ideas WHERE challenge_id = ?`, c.ID).Scan(&under); err != nil || under == 0 {
			b.Fatalf("%d votes held for review (%v); want every vote the ring cast", under, err)
		}
	}
}

// reportVoteCosts reports a votes benchmark's rate, and the process's CPU
// time and bytes written a vote since cpu and written were read.
func reportVoteCosts(b *testing.B, cpu time.Duration, written int64) {
	cpu = processCPU() - cpu
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "votes/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/vote")
	b.ReportMetric(float64(writtenBytes(b)-written)/1024/float64(b.N), "written-KiB/vote")
}

// writtenBytes is what this process has passed to write(2) and its kin so
// far (/proc/self/io's wchar).
func writtenBytes(b *testing.B) int64 {
	f, err := os.ReadFile("/proc/self/io")
	if err != nil {
		b.Skip("no /proc/self/io")
	}
	for _, line := range strings.Split(string(f), "\n") {
		if v, ok := strings.CutPrefix(line, "wchar: "); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return n
		}
	}
	b.Fatal("no wchar in /proc/self/io")
	return 0
}

// heapInUse is the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// processCPU is the CPU time (user and system) this process used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
		type read func(context.Context, int64, domain.Sort, *domain.Cursor, int) ([]domain.IdeaRank, *domain.Cursor, error)
		for _, r := range []struct {
			name string
			read read
		}{{"ranks", s.IdeaRanks}, {"ranks-sql", s.readRanks}} { // the index, and the read it spares
			b.Run(r.name+"/"+string(sort), func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					after := next
					if i%2 == 0 {
						after = nil
					}
					if _, _, err := r.read(ctx, c.ID, sort, after, 20); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		if s.ranks != nil {
			// A page after every vote: the index reads the voted idea again.
			first := 1 // top votes from idea 1 on, hot from 10,001: each vote a new one
			if sort == domain.SortHot {
				first = 10001
			}
			b.Run("ranks-after-a-vote/"+string(sort), func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					b.StopTimer()
					if _, err := s.Vote(ctx, users[i%2].ID, int64(first+i%10000), allow); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					if _, _, err := s.IdeaRanks(ctx, c.ID, sort, nil, 20); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("index-load/"+string(sort), func(b *testing.B) { // the whole challenge read into the index
				var heap uint64
				for b.Loop() {
					s.ranks.mu.Lock()
					clear(s.ranks.challenges)
					s.ranks.rows = 0
					s.ranks.mu.Unlock()
					b.StopTimer()
					heap = heapInUse()
					b.StartTimer()
					if _, _, err := s.IdeaRanks(ctx, c.ID, sort, nil, 20); err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					heap = heapInUse() - heap
					b.StartTimer()
				}
				b.ReportMetric(float64(heap)/20000, "heap-B/idea")
			})
		}
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

// BenchmarkIdea reads one idea by id (an idea's page, and its API
// answer), on 1,000 ideas in turn.
func BenchmarkIdea(b *testing.B) {
	s := mustOpen(b)
	users, c := fixture(b, s, 1)
	var ids []int64
	for range 1000 {
		ids = append(ids, addIdea(b, s, c, users[0].ID, "idea").ID)
	}
	ctx := context.Background()
	b.ReportAllocs()
	cpu := processCPU()
	i := 0
	for b.Loop() {
		if _, err := s.Idea(ctx, ids[i%len(ids)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64((processCPU()-cpu).Microseconds())/float64(i), "cpu-µs/read")
}

// BenchmarkUnknownToken looks up tokens nobody holds (a forged bearer
// token: never cached, always read).
func BenchmarkUnknownToken(b *testing.B) {
	s := mustOpen(b)
	ctx := context.Background()
	b.ReportAllocs()
	cpu := processCPU()
	i := 0
	for b.Loop() {
		hash := sha256.Sum256([]byte(strconv.Itoa(i)))
		if _, err := s.UserByToken(ctx, hash[:]); domain.AsError(err) == nil {
			b.Fatalf("an unknown token: %v", err)
		}
		i++
	}
	b.ReportMetric(float64((processCPU()-cpu).Microseconds())/float64(i), "cpu-µs/lookup")
}
