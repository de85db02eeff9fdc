package store

import (
	"context"
	"database/sql"
	"math"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
)

// Hot rows on PostgreSQL (votebatch.go): a node's batch of votes reads the
// ideas without locking them, so another node may cast the same vote or
// change the idea between the batch's read and its write. The write must
// notice and the batch run again vote by vote, with the tallies exact.
// Each case makes the other node act inside the first vote's check, that
// is between the read and the write (with the ideas locked from the read,
// as before, the other node would wait for this batch, which waits for it:
// the case would time out).
func TestBulkVotesSeeOtherNodesBetweenReadAndWrite(t *testing.T) {
	for _, tc := range []struct {
		name string
		// meanwhile runs on the other node between the read and the write.
		meanwhile func(ctx context.Context, other *Store, voter, idea int64) error
		votes     int  // the idea's tally at the end
		refused   bool // both votes refused by the rerun's check
	}{
		{"the same vote cast", func(ctx context.Context, other *Store, voter, idea int64) error {
			_, err := other.Vote(ctx, voter, idea, allow)
			return err
		}, 2, false},
		{"the same vote and another cast", func(ctx context.Context, other *Store, voter, idea int64) error {
			if _, err := other.Vote(ctx, voter, idea, allow); err != nil {
				return err
			}
			_, err := other.Vote(ctx, voter+1, idea, allow)
			return err
		}, 3, false},
		{"the idea hidden", func(ctx context.Context, other *Store, _, idea int64) error {
			return other.write(ctx, func(tx *sql.Tx) error {
				_, err := tx.Exec(`UPDATE ideas SET state = ? WHERE id = ?`, string(domain.StateHidden), idea)
				return err
			})
		}, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nodes := openNodes(t, 2)
			s, other := nodes[0], nodes[1]
			users, c := fixture(t, s, 5)
			idea := addIdea(t, s, c, users[0].ID, "hot")
			ctx := context.Background()
			var once sync.Once
			var meanwhile error
			listedOnly := func(_ domain.Challenge, i domain.Idea, _ int) error {
				once.Do(func() {
					ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
					defer cancel()
					meanwhile = tc.meanwhile(ctx, other, users[1].ID, idea.ID)
				})
				if i.State == domain.StateHidden {
					return domain.Forbidden("hidden")
				}
				return nil
			}
			results := inOneBatch(s, []func() (int, error){
				func() (int, error) { return s.Vote(ctx, users[1].ID, idea.ID, listedOnly) },
				func() (int, error) { return s.Vote(ctx, users[3].ID, idea.ID, listedOnly) },
			})
			if meanwhile != nil {
				t.Fatalf("the other node: %v", meanwhile)
			}
			for i, r := range results {
				if tc.refused != (domain.AsError(r.err) != nil) || (!tc.refused && r.err != nil) {
					t.Errorf("vote %d: %d, %v (refused: want %v)", i, r.votes, r.err, tc.refused)
				}
			}
			for _, node := range nodes {
				got, err := node.Idea(ctx, idea.ID)
				if err != nil || got.Votes != tc.votes {
					t.Errorf("tally %d, %v; want %d", got.Votes, err, tc.votes)
				}
			}
			if v, err := s.Check(ctx); err != nil || len(v) > 0 {
				t.Errorf("check: %v %v", v, err)
			}
		})
	}
}

// The hot score the bulk write computes in SQL is domain.HotScore.
func TestHotSQLIsHotScore(t *testing.T) {
	nodes := openNodes(t, 1)
	for _, votes := range []int{-1, 0, 1, 7, 1000, 123456} {
		for _, created := range []time.Time{time.UnixMilli(0), time.Date(2026, 11, 30, 19, 1, 2, 345e6, time.UTC), time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)} {
			var got float64
			if err := nodes[0].r.QueryRow(`SELECT `+hotSQL(`?::bigint`, `?::bigint`), votes, created.UnixMilli()).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if want := domain.HotScore(votes, created); math.Abs(got-want) > 1e-9 {
				t.Errorf("%d votes, created %s: %v in SQL, %v in Go", votes, created, got, want)
			}
		}
	}
}
