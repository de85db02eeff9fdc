package store

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
)

// Several nodes on the same hot ideas: many fans vote and withdraw on 5
// ideas at once through one node, then through two nodes on one database.
// Each node's batch locks the ideas' rows (in id order) until it commits,
// so two nodes take turns per batch; a deadlock would be retried whole.
// The tallies must be exact and no fan may see an error. The storm lasts
// COCREATE_HOT_SECONDS (2 s by default; BENCHMARKS.md's figures: 15 s on
// a cluster with fsync on), and the test logs votes/s and latencies.
func TestNodesOnHotIdeas(t *testing.T) {
	seconds := 2.0
	if v := os.Getenv("COCREATE_HOT_SECONDS"); v != "" {
		var err error
		if seconds, err = strconv.ParseFloat(v, 64); err != nil {
			t.Fatalf("COCREATE_HOT_SECONDS: %v", err)
		}
	}
	storm := time.Duration(seconds * float64(time.Second))
	for _, n := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d nodes", n), func(t *testing.T) { hotStorm(t, openNodes(t, n), storm, 5, false) })
	}
	// Two nodes each on ideas of its own (10 ideas, an idea's votes all
	// through one node), against one node on the same 10: no row is shared,
	// so what is left between the nodes is the commit itself (a NOTIFY in
	// the votes' transaction made every commit wait for the one before).
	for _, n := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d nodes on 10 ideas, each its own", n), func(t *testing.T) { hotStorm(t, openNodes(t, n), storm, 10, true) })
	}
	// One node through PgBouncer in transaction mode (docs/deploy.md):
	// what the exec query mode and the pooler cost.
	t.Run("1 node through PgBouncer", func(t *testing.T) {
		if !pgtest.Postgres() {
			t.Skip("PostgreSQL pass only")
		}
		addr := pgtest.Bouncer(t, pgtest.DB(t, nodesKey(t))) + "&default_query_exec_mode=exec"
		s, err := OpenPostgres(addr)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		hotStorm(t, []*Store{s}, storm, 5, false)
	})
}

// hotStorm storms votes on hot ideas through nodes, each vote through a
// node at random, or with byIdea through the node of its idea's index.
func hotStorm(t *testing.T, nodes []*Store, storm time.Duration, hot int, byIdea bool) {
	n := len(nodes)
	const fans, workers = 640, 64
	users, c := fixture(t, nodes[0], fans)
	var ideas []domain.Idea
	for i := 0; i < hot; i++ {
		ideas = append(ideas, addIdea(t, nodes[i%n], c, users[0].ID, fmt.Sprintf("hot %d", i)))
	}
	ctx := context.Background()
	// voted[f][i]: fan f's vote for idea i stands, as acknowledged. Each
	// worker owns its fans, so it alone touches their rows here.
	voted := make([][]bool, fans)
	for f := range voted {
		voted[f] = make([]bool, hot)
	}
	lat := make([][]time.Duration, workers)
	errs := make([][]string, workers)
	cpu := processCPU()
	start := time.Now()
	deadline := start.Add(storm)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(w)))
			for time.Now().Before(deadline) {
				f := w + workers*rng.Intn(fans/workers)
				i := rng.Intn(len(ideas))
				node := nodes[rng.Intn(n)]
				if byIdea {
					node = nodes[i%n]
				}
				op := node.Vote
				if voted[f][i] {
					op = node.Unvote
				}
				began := time.Now()
				_, err := op(ctx, users[f].ID, ideas[i].ID, allow)
				lat[w] = append(lat[w], time.Since(began))
				if err != nil {
					errs[w] = append(errs[w], err.Error())
					continue
				}
				voted[f][i] = !voted[f][i]
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	cpu = processCPU() - cpu
	for _, e := range errs {
		for _, msg := range e {
			t.Errorf("a fan saw an error: %s", msg)
		}
	}
	want := map[int64]int{}
	for f := range voted {
		for i, v := range voted[f] {
			if v {
				want[ideas[i].ID]++
			}
		}
	}
	for _, node := range nodes {
		list, _, err := node.Ideas(ctx, c.ID, domain.SortTop, nil, hot+5)
		if err != nil {
			t.Fatal(err)
		}
		for _, idea := range list {
			var stored int
			if err := node.r.QueryRow(`SELECT COUNT(*) FROM votes WHERE idea_id = ?`, idea.ID).Scan(&stored); err != nil {
				t.Fatal(err)
			}
			if idea.Votes != want[idea.ID] || stored != want[idea.ID] {
				t.Errorf("idea %q: tally %d, %d votes stored, %d acknowledged", idea.Title, idea.Votes, stored, want[idea.ID])
			}
		}
	}
	if v, err := nodes[0].Check(ctx); err != nil || len(v) != 0 {
		t.Errorf("check: %v, %v", v, err)
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	if len(all) == 0 {
		t.Fatal("no vote was cast")
	}
	var retried, bulk int64
	for _, node := range nodes {
		retried += node.retried.Load()
		bulk += node.bulkVotes.Load()
	}
	pct := func(p float64) time.Duration { return all[int(p*float64(len(all)-1))].Round(10 * time.Microsecond) }
	load, _ := os.ReadFile("/proc/loadavg")
	t.Logf("%d node(s), %d fans × %d ideas, %d at once, %s: %d votes and withdrawals, %.0f/s, p50 %s, p99 %s, max %s; %d in bulk; %d batches retried; CPU of the nodes and fans %.0f µs a vote; load %s",
		n, fans, hot, workers, took.Round(time.Millisecond), len(all), float64(len(all))/took.Seconds(), pct(0.5), pct(0.99), all[len(all)-1].Round(time.Millisecond),
		bulk, retried, float64(cpu.Microseconds())/float64(len(all)), strings.Join(strings.Fields(string(load))[:3], " "))
}
