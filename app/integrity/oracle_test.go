package integrity

import (
	"fmt"
	"math/rand"
	"reflect"
	"sort"
	"testing"
	"time"
)

// The linkers as they were before session 7 made them cheaper, kept as the
// oracle the new ones are compared with (TestLinkersMatchTheOracle): the
// same input must unite the same accounts.

// oldLinkSynchronized is SynchroTrap's loosely synchronised actions: two
// accounts are similar when many of their votes went to the same ideas
// within the window of each other. Pairs are counted idea by idea over a
// sliding window, then linked, peeled to a k-core and united.
func (sc *scan) oldLinkSynchronized(uf *unionFind) {
	w := sc.cfg.Window.Milliseconds()
	pairs := map[uint64]int32{}
	for _, l := range sc.byIdea {
		for i := range l {
			ti := sc.votes[l[i]].At
			for j := i + 1; j < len(l) && j <= i+sc.cfg.MaxNeighbours; j++ {
				if sc.votes[l[j]].At-ti > w {
					break
				}
				if !sc.excess[l[i]] && !sc.excess[l[j]] {
					continue // both explained by chance (added with the chance model)
				}
				// One order for each pair's key; either order would do, as
				// long as it is the same every time (a == b cannot happen:
				// one account votes for an idea once).
				a, b := sc.of[l[i]], sc.of[l[j]]
				if a > b {
					a, b = b, a
				}
				pairs[uint64(a)<<32|uint64(b)]++
			}
		}
	}
	adj := make([][]int32, len(sc.acct))
	for k, m := range pairs {
		if int(m) < sc.cfg.MinShared {
			continue
		}
		a, b := int32(k>>32), int32(k&0xffffffff)
		na, nb := len(sc.acct[a].votes), len(sc.acct[b].votes)
		if float64(m)/float64(na+nb-int(m)) < sc.cfg.MinSimilarity {
			continue
		}
		adj[a] = append(adj[a], b)
		adj[b] = append(adj[b], a)
	}
	// Peel to the k-core.
	deg := make([]int, len(adj))
	gone := make([]bool, len(adj))
	var queue []int32
	for a := range adj {
		deg[a] = len(adj[a])
		if deg[a] < sc.cfg.Core {
			gone[a] = true
			queue = append(queue, int32(a))
		}
	}
	for len(queue) > 0 {
		a := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, b := range adj[a] {
			if gone[b] {
				continue
			}
			deg[b]--
			if deg[b] < sc.cfg.Core {
				gone[b] = true
				queue = append(queue, b)
			}
		}
	}
	for a := range adj {
		if gone[a] {
			continue
		}
		for _, b := range adj[a] {
			if !gone[b] {
				uf.union(int32(a), b)
			}
		}
	}
}

// oldLinkYoungBursts unites young accounts made within half an hour of each
// other on one network that voted for a common idea.
func (sc *scan) oldLinkYoungBursts(uf *unionFind) {
	young := sc.cfg.YoungAge.Milliseconds()
	byNet := map[int64][]int32{}
	for a, acc := range sc.acct {
		if acc.created != 0 && acc.net != 0 && acc.first-acc.created <= young {
			byNet[acc.net] = append(byNet[acc.net], int32(a))
		}
	}
	const window = int64(30 * time.Minute / time.Millisecond)
	for _, l := range byNet {
		if len(l) < sc.cfg.MinGroup {
			continue
		}
		// Accounts made at the same moment may come in either order.
		sort.Slice(l, func(i, j int) bool { return sc.acct[l[i]].created < sc.acct[l[j]].created })
		start := 0
		for end := range l {
			for sc.acct[l[end]].created-sc.acct[l[start]].created > window {
				start++
			}
			if end-start+1 < sc.cfg.MinGroup {
				continue
			}
			// Voted for a common idea: the most voted idea in the
			// window has most of them.
			w := l[start : end+1]
			count := map[int32]int{}
			best := 0
			for _, a := range w {
				for _, v := range sc.acct[a].votes {
					count[sc.ideaOf[v]]++
					best = max(best, count[sc.ideaOf[v]])
				}
			}
			if best*5 < len(w)*4 {
				continue
			}
			for _, a := range w[1:] {
				uf.union(w[0], a)
			}
		}
	}
}

// partition runs one linker over a scan and returns the groups it made,
// each as its sorted account indices (accounts left alone are not listed).
func partition(sc *scan, link func(*scan, *unionFind)) [][]int32 {
	uf := newUnionFind(len(sc.acct))
	link(sc, uf)
	byRoot := map[int32][]int32{}
	for a := range sc.acct {
		r := uf.find(int32(a))
		byRoot[r] = append(byRoot[r], int32(a))
	}
	var out [][]int32
	for _, m := range byRoot {
		if len(m) > 1 {
			out = append(out, m) // in index order already
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// randomVotes makes votes meant to hit the linkers' edges: few ideas and
// networks, times on a coarse grid so that many are equal or exactly a
// window apart, accounts with two acts for one idea (a vote and a rating),
// unknown networks and ages, and young accounts made close together.
func randomVotes(r *rand.Rand) []Vote {
	users, ideas, nets := 2+r.Intn(60), 1+r.Intn(8), 1+r.Intn(4)
	grid := []int64{1, sec, 5 * sec, 10 * sec, 30 * sec, 60 * sec, 450 * sec}[r.Intn(7)]
	spread := int64(1 + r.Intn(40))
	var out []Vote
	for u := 1; u <= users; u++ {
		created := int64(r.Intn(int(spread))) * grid
		net := int64(r.Intn(nets + 1)) // 0: unknown
		for k := 1 + r.Intn(5); k > 0; k-- {
			at := created + int64(r.Intn(int(spread)))*grid
			age := (at - created) / 1000
			if r.Intn(6) == 0 {
				age = 0 // unknown
			} else if r.Intn(4) == 0 {
				age += int64(r.Intn(2)) * 3600 // an hour older, the edge of young
			}
			out = append(out, Vote{User: int64(u), Idea: int64(1 + r.Intn(ideas)), At: at, Net: net, Age: age})
		}
	}
	return out
}

func randomConfig(r *rand.Rand) Config {
	cfg := Defaults()
	cfg.Window = time.Duration([]int64{0, 1, sec, 10 * sec, 30 * sec, hour}[r.Intn(6)]) * time.Millisecond
	cfg.MinGroup = r.Intn(7)
	cfg.MinShared = r.Intn(4)
	cfg.MinSimilarity = []float64{0, 0.1, 0.25, 0.5, 1}[r.Intn(5)]
	cfg.Core = r.Intn(5)
	cfg.MaxNeighbours = r.Intn(8)
	if r.Intn(3) == 0 {
		cfg.MaxNeighbours = 48
	}
	cfg.YoungAge = time.Duration([]int64{0, sec, 60 * sec, hour, 24 * hour}[r.Intn(5)]) * time.Millisecond
	// The chance model at its default, at a bar every excess passes
	// (a vote counts unless chance gives that many or more around it),
	// and off.
	cfg.Chance = []float64{Defaults().Chance, 1, 0}[r.Intn(3)]
	return cfg
}

// farm is the bench's click farm at scale: n accounts made within a
// second on one network, each voting within minutes for idea 1 and k-1
// others of ideas, plus a second smaller farm on another network whose
// accounts are made a second apart.
func farm(r *rand.Rand, n, k, ideas int) []Vote {
	var out []Vote
	for u := 0; u < n; u++ {
		net, created := int64(1), int64(r.Intn(1000))
		if u%5 == 4 {
			net, created = 2, int64(u)*sec
		}
		seen := map[int64]bool{}
		for len(seen) < k {
			idea := int64(1 + r.Intn(ideas))
			if len(seen) == 0 {
				idea = 1
			}
			if seen[idea] {
				continue
			}
			seen[idea] = true
			at := created + int64(r.Intn(600))*sec
			out = append(out, Vote{User: int64(u + 1), Idea: idea, At: at, Net: net, UA: 7, Age: (at - created) / 1000})
		}
	}
	return out
}

// TestLinkersMatchTheOracle: the linkers unite exactly the accounts the
// old ones (kept above) did, on random inputs with random thresholds, on
// the detection tests' crowds and rings, and on click farms.
func TestLinkersMatchTheOracle(t *testing.T) {
	linkers := []struct {
		name     string
		new, old func(*scan, *unionFind)
	}{
		{"synchronized", (*scan).linkSynchronized, (*scan).oldLinkSynchronized},
		{"young bursts", (*scan).linkYoungBursts, (*scan).oldLinkYoungBursts},
	}
	compare := func(name string, votes []Vote, cfg Config) {
		t.Helper()
		sc := newScan(votes, nil, cfg)
		for _, l := range linkers {
			got, want := partition(sc, l.new), partition(sc, l.old)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s, %s (%d votes, %+v):\n got %v\nwant %v", name, l.name, len(votes), cfg, got, want)
			}
		}
	}
	r := rand.New(rand.NewSource(7))
	linked := 0
	for i := 0; i < 3000; i++ {
		votes, cfg := randomVotes(r), randomConfig(r)
		compare(fmt.Sprintf("random %d", i), votes, cfg)
		if len(partition(newScan(votes, nil, cfg), (*scan).linkSynchronized)) > 0 {
			linked++
		}
	}
	if linked < 300 {
		t.Errorf("only %d of 3000 random inputs linked anybody in step: the test tries too little", linked)
	}
	for i, st := range styles {
		votes := crowd(r, 400, 40, 24*hour, 1)
		votes = append(votes, ring(r, st, 40, 2*hour, 100000)...)
		compare(st.name, votes, Defaults())
		cfg := Defaults()
		cfg.MaxNeighbours = 3 + i
		compare(st.name+", few neighbours", votes, cfg)
	}
	compare("a farm", farm(r, 600, 12, 50), Defaults())
	// Many votes for one idea at one moment: the MaxNeighbours bound
	// decides which pairs meet.
	var crowded []Vote
	for u := 1; u <= 200; u++ {
		for d := 1; d <= 3; d++ {
			crowded = append(crowded, Vote{User: int64(u), Idea: int64(d), At: int64(u%3) * 15 * sec, Net: 1, Age: 1})
		}
	}
	compare("a crowded moment", crowded, Defaults())
}

// BenchmarkDetectFarm scans the bench's click farm: 2,000 accounts made
// within a second on one network (and a fifth on another, made a second
// apart), 50 votes each, in step: 100,000 votes. The young-burst window
// holds every account.
func BenchmarkDetectFarm(b *testing.B) {
	votes := farm(rand.New(rand.NewSource(3)), 2000, 50, 1000)
	b.ReportAllocs()
	var g []Group
	for b.Loop() {
		g = Detect(votes, nil, Defaults())
	}
	b.ReportMetric(float64(len(votes)), "votes")
	b.ReportMetric(float64(len(g)), "groups")
}

// BenchmarkLinkers times each linker, old and new, on the farm and on the
// detection benchmark's crowd.
func BenchmarkLinkers(b *testing.B) {
	r := rand.New(rand.NewSource(5))
	crowdVotes := crowd(r, 20000, 400, 14*24*hour, 1)
	for len(crowdVotes) < 100000 {
		crowdVotes = append(crowdVotes, crowd(r, 1000, 400, 14*24*hour, int64(2000000+len(crowdVotes)))...)
	}
	for _, in := range []struct {
		name  string
		votes []Vote
	}{{"farm", farm(rand.New(rand.NewSource(3)), 2000, 50, 1000)}, {"crowd", crowdVotes[:100000]}} {
		sc := newScan(in.votes, nil, Defaults())
		for _, l := range []struct {
			name string
			link func(*scan, *unionFind)
		}{
			{"synchronized/old", (*scan).oldLinkSynchronized},
			{"synchronized/new", (*scan).linkSynchronized},
			{"young/old", (*scan).oldLinkYoungBursts},
			{"young/new", (*scan).linkYoungBursts},
		} {
			b.Run(in.name+"/"+l.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					l.link(sc, newUnionFind(len(sc.acct)))
				}
			})
		}
	}
}
