package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"cocreate/app/domain"
)

// BenchmarkVoteApply measures what SQLite's part of a vote would cost if
// votes reached its tables in transactions of many votes each, sorted by
// idea and fan, instead of one write each in the writer's batches of as
// many as are waiting (its "each" case: the same fans, ideas and pairs,
// through VoteWith as a request casts them): the
// question behind a vote acknowledged from a log of our own and applied
// to the tables after (BENCHMARKS, session 21). Each transaction inserts
// its votes in statements of up to applyRows rows and moves each idea's
// tally and hot score once. Nothing else of such a design is here: the
// log, and the readers that would have to see votes not applied yet.
func BenchmarkVoteApply(b *testing.B) {
	b.Run("each", func(b *testing.B) {
		benchVotes(b, 1000, applyPick)
	})
	for _, batch := range []int{64, 1024, 8192} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			benchVoteApply(b, 1000, batch)
		})
	}
}

// BenchmarkVoteIndexes is BenchmarkVoteApply's each case without some of
// the indexes a vote moves, to say what each costs a vote in SQLite
// (BENCHMARKS, session 22). The store needs every one of them: the lists
// read from the database (PostgreSQL, a challenge too big for the rank
// index or not loaded yet) walk ideas_top and ideas_hot, a fan's votes
// and budget votes_user, the integrity scan votes_challenge_time. Its
// "none" case is the each case again, so that the table's baseline comes
// from the same run.
func BenchmarkVoteIndexes(b *testing.B) {
	for _, c := range []struct {
		name string
		drop []string
	}{
		{"none", nil},
		{"ideas_top+ideas_hot", []string{"ideas_top", "ideas_hot"}},
		{"votes_user", []string{"votes_user"}},
		{"votes_challenge_time", []string{"votes_challenge_time"}},
		{"all", []string{"ideas_top", "ideas_hot", "votes_user", "votes_challenge_time"}},
	} {
		b.Run("without="+c.name, func(b *testing.B) {
			benchVotesBy(b, 1000, "", false, applyPick, c.drop...)
		})
	}
}

// applyPick is the fan and the idea of vote i: each pseudo-random, as in
// `cocreate bench -scenarios votes`, so a batch's votes are on different
// ideas and by different fans.
func applyPick(i int64, users, ideas int) (int, int) {
	return int((uint64(i) * 0x9E3779B97F4A7C15 >> 33) % uint64(users)), int((uint64(i) * 0xC2B2AE3D27D4EB4F >> 33) % uint64(ideas))
}

// applyRows is how many votes one INSERT of BenchmarkVoteApply carries
// (7 variables each, under SQLite's 32,766).
const applyRows = 500

func benchVoteApply(b *testing.B, n, batch int) {
	ctx := context.Background()
	s := mustOpen(b)
	users, c := fixture(b, s, 256)
	var ideas []domain.Idea
	for i := 0; i < n; i++ {
		idea, err := s.CreateIdea(ctx, c.ID, users[0].ID, func(domain.Challenge, int) (domain.Idea, error) {
			return domain.Idea{Title: "idea"}, nil
		})
		if err != nil {
			b.Fatal(err)
		}
		ideas = append(ideas, idea)
	}
	tallies := make([]int, n)
	index := map[int64]int{} // an idea's id to its place in ideas
	for i, idea := range ideas {
		index[idea.ID] = i
	}
	type vote struct{ idea, user int }
	written := writtenBytes(b)
	cpu := processCPU()
	b.ResetTimer()
	now := ms(s.Now())
	for done := 0; done < b.N; {
		k := min(batch, b.N-done)
		votes := make([]vote, k)
		for j := range votes {
			u, idea := applyPick(int64(done+j+1), len(users), n)
			votes[j] = vote{idea, u}
		}
		done += k
		slices.SortFunc(votes, func(a, b vote) int {
			if a.idea != b.idea {
				return a.idea - b.idea
			}
			return a.user - b.user
		})
		err := s.write(ctx, func(tx *sql.Tx) error {
			cast := map[int]int{} // votes inserted an idea
			for from := 0; from < len(votes); from += applyRows {
				part := votes[from:min(from+applyRows, len(votes))]
				args := make([]any, 0, 7*len(part))
				for _, v := range part {
					args = append(args, ideas[v.idea].ID, users[v.user].ID, c.ID, now, 1, nil, nil)
				}
				q := `INSERT INTO votes (idea_id, user_id, challenge_id, created_at, net, ua, age) VALUES ` +
					strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?), ", len(part)), ", ") + ` ON CONFLICT DO NOTHING RETURNING idea_id`
				rows, err := tx.Query(q, args...)
				if err != nil {
					return err
				}
				for rows.Next() {
					var id int64
					if err := rows.Scan(&id); err != nil {
						rows.Close()
						return err
					}
					cast[index[id]]++
				}
				if err := rows.Close(); err != nil {
					return err
				}
			}
			for j := 0; j < len(votes); j++ {
				idea := votes[j].idea
				if j > 0 && votes[j-1].idea == idea || cast[idea] == 0 {
					continue
				}
				tallies[idea] += cast[idea]
				if _, err := tx.Exec(`UPDATE ideas SET votes = ?, hot = ? WHERE id = ?`,
					tallies[idea], domain.HotScore(tallies[idea], ideas[idea].CreatedAt), ideas[idea].ID); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	reportVoteCosts(b, cpu, written)
	var stored, counted int
	if err := s.r.QueryRow(`SELECT COUNT(*), (SELECT SUM(votes) FROM ideas WHERE challenge_id = ?) FROM votes WHERE challenge_id = ?`,
		c.ID, c.ID).Scan(&stored, &counted); err != nil {
		b.Fatal(err)
	}
	if stored != counted || stored == 0 {
		b.Fatalf("%d votes stored, %d counted in the tallies", stored, counted)
	}
}
