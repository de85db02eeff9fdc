package integrity

import (
	"hash/fnv"
	"math"
	"slices"
	"sort"
	"time"
)

// Vote is one vote as the detectors see it.
type Vote struct {
	User, Idea int64
	At         int64 // unix milliseconds
	Net, UA    int64 // keyed hashes; 0 when unknown (or dropped)
	Age        int64 // seconds the account had existed when it voted; 0 when unknown
}

// Signal is one reason a group looks coordinated: its kind, how strongly
// (0..1), and the numbers its words are made of (see Words).
type Signal struct {
	Kind     string  `json:"kind"`
	Strength float64 `json:"strength"`
	N        []int64 `json:"n"`
	Ideas    []int64 `json:"ideas,omitempty"`
}

// Signal kinds.
const (
	Synchronized = "synchronized" // same ideas within seconds of each other (SynchroTrap)
	YoungBurst   = "young_burst"  // accounts made together, voting at once
	FewNetworks  = "few_networks" // many accounts, few networks
	SameAgent    = "same_agent"   // many accounts, few user agents
	RateSpike    = "rate_spike"   // an idea's votes far above its own rate
	Metronome    = "metronome"    // machine-regular timing
	SameVotes    = "same_votes"   // near-identical vote sets
)

// weights say how much each signal alone raises a group's score; a score is
// their noisy-OR: 1 - Π(1 - weight·strength). Voting in step is the one
// signal that alone can quarantine; the others suspect, and quarantine only
// together.
var weights = map[string]float64{
	Synchronized: 0.85,
	YoungBurst:   0.6,
	FewNetworks:  0.45,
	SameAgent:    0.2,
	RateSpike:    0.45,
	Metronome:    0.5,
	SameVotes:    0.55,
}

// Group is a set of accounts that act together, with its score (0..1) and
// the signals that raised it.
type Group struct {
	Users   []int64
	Ideas   []int64 // the ideas it voted for together, most votes first
	Votes   int     // its votes in the scanned challenge
	Score   float64
	Signals []Signal
}

// Config holds the detectors' thresholds.
type Config struct {
	// Window is how close in time two votes for one idea must be to count
	// as in step.
	Window time.Duration
	// MinGroup is the fewest accounts a group has.
	MinGroup int
	// A pair of accounts is linked when it voted in step at least MinShared
	// times and those are at least MinSimilarity of all its votes
	// (matched / (a + b - matched)).
	MinShared     int
	MinSimilarity float64
	// Core: linked accounts with fewer links than this are peeled away
	// (a k-core), so chance links between honest fans do not chain up.
	Core int
	// MaxNeighbours bounds the votes after each vote that are compared,
	// so an idea voted by a stampede costs linear time.
	MaxNeighbours int
	// Chance: a vote's in-step neighbours count only when as many votes
	// for its idea around it (within the window) would come by chance
	// with a probability under this, given how many votes the whole
	// challenge got around it and the idea's share of the votes at other
	// times (a livestream's few designs, voted by everyone at once, are in
	// step only by chance).
	Chance float64
	// NetWindow and NetChance: accounts on one network that voted for one
	// idea, each within NetWindow of the one before, are linked when that
	// many votes from the network would come by chance with a probability
	// under NetChance, given the network's share of the votes for other
	// ideas (a farm that votes once per account, whatever its age).
	NetWindow time.Duration
	NetChance float64
	// YoungAge: an account this young at its first vote is young.
	YoungAge time.Duration
	// Report: groups scoring below are not reported.
	Report float64
	// Quarantine: groups scoring at least this are quarantined at once.
	Quarantine float64
}

// Defaults are the thresholds the product runs with (tuned on the
// simulation in app/web's integrity test; see BENCHMARKS.md).
func Defaults() Config {
	return Config{
		Window:        30 * time.Second,
		MinGroup:      5,
		MinShared:     2,
		MinSimilarity: 0.25,
		Core:          3,
		MaxNeighbours: 48,
		Chance:        0.05,
		NetWindow:     5 * time.Minute,
		NetChance:     1e-4,
		YoungAge:      time.Hour,
		Report:        0.5,
		Quarantine:    0.8,
	}
}

type account struct {
	user    int64
	votes   []int32 // indices into the votes
	first   int64   // first vote, ms
	created int64   // estimated creation, ms; 0 unknown
	net     int64   // the network it voted from most
}

// scan is one run of the detectors over a challenge's votes.
type scan struct {
	cfg     Config
	votes   []Vote
	acct    []account
	of      []int32   // account index per vote
	byIdea  [][]int32 // vote indices per idea, by time
	ideaIDs []int64
	ideaOf  []int32   // idea index per vote
	span    int64     // ms from the first vote to the last, at least an hour
	excess  []bool    // per vote: more votes for its idea around it than chance gives (see Chance)
	ideaT   [][]int64 // the times of each idea's votes, in order
	allM    moments   // every vote by moment (markExcess)
	ideaM   []moments // each idea's votes by moment, capped at the typical moment's
}

// Detect finds groups of accounts whose votes look coordinated, best first.
// Accounts in exclude (cleared by an admin) are left out. It is a pure
// function of its input.
func Detect(votes []Vote, exclude map[int64]bool, cfg Config) []Group {
	sc := newScan(votes, exclude, cfg)
	if len(sc.acct) < cfg.MinGroup {
		return nil
	}
	uf := newUnionFind(len(sc.acct))
	sc.linkSynchronized(uf)
	sc.linkSameSets(uf)
	sc.linkYoungBursts(uf)
	sc.linkNetworkBursts(uf)
	members := map[int32][]int32{}
	for a := range sc.acct {
		r := uf.find(int32(a))
		members[r] = append(members[r], int32(a))
	}
	var out []Group
	for _, m := range members {
		if len(m) < cfg.MinGroup {
			continue
		}
		g := sc.describe(m)
		if g.Score >= cfg.Report {
			out = append(out, g)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Users[0] < out[j].Users[0]
	})
	return out
}

func newScan(all []Vote, exclude map[int64]bool, cfg Config) *scan {
	sc := &scan{cfg: cfg}
	for _, v := range all {
		if !exclude[v.User] {
			sc.votes = append(sc.votes, v)
		}
	}
	accIdx := map[int64]int32{}
	ideaIdx := map[int64]int32{}
	sc.of = make([]int32, len(sc.votes))
	sc.ideaOf = make([]int32, len(sc.votes))
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for i, v := range sc.votes {
		a, ok := accIdx[v.User]
		if !ok {
			a = int32(len(sc.acct))
			accIdx[v.User] = a
			sc.acct = append(sc.acct, account{user: v.User, first: v.At})
		}
		acc := &sc.acct[a]
		acc.votes = append(acc.votes, int32(i))
		if v.At <= acc.first { // < keeps the same time: equal times are one value
			acc.first = v.At
		}
		if v.Age > 0 {
			// (<= would store an equal time again: the same result.)
			if c := v.At - v.Age*1000; acc.created == 0 || c < acc.created {
				acc.created = c
			}
		}
		sc.of[i] = a
		d, ok := ideaIdx[v.Idea]
		if !ok {
			d = int32(len(sc.byIdea))
			ideaIdx[v.Idea] = d
			sc.byIdea = append(sc.byIdea, nil)
			sc.ideaIDs = append(sc.ideaIDs, v.Idea)
		}
		sc.ideaOf[i] = d
		sc.byIdea[d] = append(sc.byIdea[d], int32(i))
		lo, hi = min(lo, v.At), max(hi, v.At)
	}
	sc.span = max(hi-lo, int64(time.Hour/time.Millisecond))
	for _, l := range sc.byIdea {
		// Votes at the same moment may come in either order: nothing below
		// depends on it (they are within the window of each other).
		sort.Slice(l, func(i, j int) bool { return sc.votes[l[i]].At < sc.votes[l[j]].At })
	}
	sc.markExcess()
	for a := range sc.acct {
		nets := map[int64]int{}
		best := 0
		for _, i := range sc.acct[a].votes {
			if n := sc.votes[i].Net; n != 0 {
				nets[n]++
				// (n == net cannot tie: its count just grew past best.)
				if nets[n] > best || nets[n] == best && n < sc.acct[a].net {
					best, sc.acct[a].net = nets[n], n
				}
			}
		}
	}
	return sc
}

// markExcess marks each vote whose idea got more votes within the window
// around it than chance gives (Config.Chance). Chance is the challenge's
// own traffic: the votes within the window of the vote (for any idea, the
// vote left out) times the idea's share of the votes at other times,
// Laplace-smoothed (one more vote for each idea), so that an idea never
// voted elsewhere still has a share. A ring's votes crowd their idea far
// beyond its share; a livestream raises every idea's votes and the
// challenge's together, in proportion. The share is taken outside the
// window, and with each idea's votes in a window-long moment counted up
// to what the challenge's median moment holds (typical): a ring dominating
// a quiet challenge explains neither a burst by itself nor by its other
// bursts, however many, while a livestream's moments are all busy and
// nothing of its designs is capped. Sorted times, moments in order and
// binary search keep it O(n log n).
func (sc *scan) markExcess() {
	w := max(sc.cfg.Window.Milliseconds(), 1)
	all := make([]int64, len(sc.votes))
	for i, v := range sc.votes {
		all[i] = v.At
	}
	slices.Sort(all)
	sc.ideaT = make([][]int64, len(sc.byIdea))
	for d, l := range sc.byIdea {
		sc.ideaT[d] = make([]int64, len(l))
		for k, v := range l {
			sc.ideaT[d][k] = sc.votes[v].At
		}
	}
	sc.allM = newMoments(all, w, math.MaxInt)
	sizes := slices.Clone(sc.allM.count)
	slices.Sort(sizes)
	typical := 1
	if len(sizes) > 0 {
		typical = sizes[len(sizes)/2]
	}
	sc.ideaM = make([]moments, len(sc.byIdea))
	for d := range sc.byIdea {
		sc.ideaM[d] = newMoments(sc.ideaT[d], w, typical)
	}
	sc.excess = make([]bool, len(sc.votes))
	for i := range sc.votes {
		mine, chance := sc.crowding(all, w, i)
		sc.excess[i] = poissonTail(mine, chance) < sc.cfg.Chance
	}
}

// moments are sorted times grouped by window-long moment (time / w): each
// moment with a vote, its votes counted up to a cap, and running sums.
type moments struct {
	at    []int64 // the moments, in order
	count []int   // their votes, capped
	sum   []int   // sum[k] is the capped votes of the moments before k
}

func newMoments(ts []int64, w int64, limit int) moments {
	var m moments
	for _, t := range ts {
		if k := moment(t, w); len(m.at) == 0 || m.at[len(m.at)-1] != k {
			m.at, m.count = append(m.at, k), append(m.count, 0)
		}
		m.count[len(m.count)-1]++
	}
	m.sum = make([]int, len(m.count)+1)
	for k, n := range m.count {
		m.count[k] = min(n, limit)
		m.sum[k+1] = m.sum[k] + m.count[k]
	}
	return m
}

// outside is the capped votes of the moments before lo and after hi.
func (m moments) outside(lo, hi int64) int {
	a, _ := slices.BinarySearch(m.at, lo)
	b, _ := slices.BinarySearch(m.at, hi+1)
	return m.sum[len(m.count)] - (m.sum[b] - m.sum[a])
}

// moment is the window-long moment of the time t (Unix milliseconds);
// times before 0 are all in the first.
func moment(t, w int64) int64 { return max(t, 0) / w }

// crowding is how many other votes for vote i's idea are within w of it,
// and how many chance gives: the votes within w of it for any idea (all
// holds every vote's time, sorted), times the idea's share of the votes
// in the moments outside the window's (its own capped at the typical
// moment's, see markExcess).
func (sc *scan) crowding(all []int64, w int64, i int) (int, float64) {
	d := sc.ideaOf[i]
	t, ts := sc.votes[i].At, sc.ideaT[d]
	around := within(all, t-w, t+w) - 1 // the vote itself left out
	mine := within(ts, t-w, t+w) - 1
	lo, hi := moment(t-w, w), moment(t+w, w)
	// (the idea's votes outside, plus one) over (all votes outside, plus
	// one per idea).
	share := float64(sc.ideaM[d].outside(lo, hi)+1) / float64(sc.allM.outside(lo, hi)+len(sc.byIdea))
	return mine, float64(around) * share
}

// within is how many of the sorted times ts are in [lo, hi].
func within(ts []int64, lo, hi int64) int {
	a, _ := slices.BinarySearch(ts, lo)
	b, _ := slices.BinarySearch(ts, hi+1)
	return b - a
}

// poissonTail is the chance of at least k events where lam are expected:
// 1 when k is not above lam (the tail is then about a half or more, never
// small: it is not computed), else the sum of the terms from k up, each
// lam/(i+1) times the one before, until they no longer change the sum.
func poissonTail(k int, lam float64) float64 {
	if float64(k) <= lam {
		return 1
	}
	lg, _ := math.Lgamma(float64(k) + 1)
	term := math.Exp(float64(k)*math.Log(lam) - lam - lg)
	sum := 0.0
	for i := k; term > sum*1e-12; i++ {
		sum += term
		term *= lam / float64(i+1)
	}
	return sum
}

// linkSynchronized is SynchroTrap's loosely synchronised actions: two
// accounts are similar when many of their votes went to the same ideas
// within the window of each other. A pair of votes for one idea is in step
// when they are at most MaxNeighbours apart in the idea's list (by time)
// and at most the window apart in time, and at least one of them is in
// excess of chance (markExcess): co-votes that the ideas' own traffic
// explains link nobody. Pairs are counted account by
// account in a dense counter (no map per pair), then linked, peeled to a
// k-core and united.
func (sc *scan) linkSynchronized(uf *unionFind) {
	w := sc.cfg.Window.Milliseconds()
	near := sc.cfg.MaxNeighbours
	pos := make([]int32, len(sc.votes)) // each vote's place in its idea's list
	for _, l := range sc.byIdea {
		for p, v := range l {
			pos[v] = int32(p)
		}
	}
	count := make([]int32, len(sc.acct))
	var met []int32 // the accounts count holds, to clear it
	adj := make([][]int32, len(sc.acct))
	for a := range sc.acct {
		for _, v := range sc.acct[a].votes {
			l := sc.byIdea[sc.ideaOf[v]]
			p, t := int(pos[v]), sc.votes[v].At
			for j := p + 1; j < len(l) && j <= p+near && sc.votes[l[j]].At-t <= w; j++ {
				if !sc.excess[v] && !sc.excess[l[j]] {
					continue // both explained by the idea's own traffic
				}
				b := sc.of[l[j]]
				if count[b] == 0 {
					met = append(met, b)
				}
				count[b]++
			}
			for j := p - 1; j >= 0 && j >= p-near && t-sc.votes[l[j]].At <= w; j-- {
				if !sc.excess[v] && !sc.excess[l[j]] {
					continue
				}
				b := sc.of[l[j]]
				if count[b] == 0 {
					met = append(met, b)
				}
				count[b]++
			}
		}
		for _, b := range met {
			m := int(count[b])
			count[b] = 0
			self := b == int32(a)
			if self {
				// Two acts of one account for one idea (a vote and a
				// rating): each such pair was met from both its ends.
				m /= 2
			}
			if m < sc.cfg.MinShared {
				continue
			}
			na, nb := len(sc.acct[a].votes), len(sc.acct[b].votes)
			if float64(m)/float64(na+nb-m) < sc.cfg.MinSimilarity {
				continue
			}
			// Each link is met from both its accounts, so each adds only
			// its own side; a link of an account with itself counts
			// twice in its degree, as an edge's two ends.
			adj[a] = append(adj[a], b)
			if self {
				adj[a] = append(adj[a], b)
			}
		}
		met = met[:0]
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

// linkSameSets unites accounts with exactly the same vote set of at least
// three ideas, when far more accounts share it than chance would give
// (popular ideas make many honest fans' sets alike, so the bar is how
// unlikely the set is: accounts × Π p(idea)).
func (sc *scan) linkSameSets(uf *unionFind) {
	n := float64(len(sc.acct))
	voters := make([]float64, len(sc.byIdea))
	for d, l := range sc.byIdea {
		voters[d] = float64(len(l))
	}
	sets := map[uint64][]int32{}
	for a, acc := range sc.acct {
		if len(acc.votes) < 3 {
			continue
		}
		ids := make([]int64, len(acc.votes))
		for i, v := range acc.votes {
			ids[i] = sc.votes[v].Idea
		}
		// Any one order makes equal sets hash alike (ids are distinct).
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		h := fnv.New64a()
		for _, id := range ids {
			var b [8]byte
			for k := range b {
				b[k] = byte(id >> (8 * k))
			}
			h.Write(b[:])
		}
		sets[h.Sum64()] = append(sets[h.Sum64()], int32(a))
	}
	for _, m := range sets {
		// (The bar below is always above MinGroup, so this only saves
		// the sum: <= here changes nothing.)
		if len(m) < sc.cfg.MinGroup {
			continue
		}
		expected := n
		for _, v := range sc.acct[m[0]].votes {
			expected *= voters[sc.ideaOf[v]] / n
		}
		if float64(len(m)) < 20*expected+float64(sc.cfg.MinGroup) {
			continue
		}
		for _, a := range m[1:] {
			uf.union(m[0], a)
		}
	}
}

// linkYoungBursts unites young accounts made within half an hour of each
// other on one network that voted for a common idea: in a window of such
// accounts (by creation), the most voted idea has at least four fifths as
// many votes as the window has accounts. The window slides by two
// pointers, keeping each idea's count and how many ideas have each count,
// so the most voted idea is known at once; a window that passes unites
// its accounts in a chain (the same group as uniting them all with one).
func (sc *scan) linkYoungBursts(uf *unionFind) {
	young := sc.cfg.YoungAge.Milliseconds()
	byNet := map[int64][]int32{}
	for a, acc := range sc.acct {
		if acc.created != 0 && acc.net != 0 && acc.first-acc.created <= young {
			byNet[acc.net] = append(byNet[acc.net], int32(a))
		}
	}
	const window = int64(30 * time.Minute / time.Millisecond)
	var count, ideas []int32 // votes per idea in the window; ideas per count
	best := 0                // the most votes an idea has in the window
	add := func(a int32) {
		for _, v := range sc.acct[a].votes {
			d := sc.ideaOf[v]
			c := count[d]
			ideas[c]--
			count[d] = c + 1
			ideas[c+1]++
			best = max(best, int(c+1))
		}
	}
	drop := func(a int32) {
		for _, v := range sc.acct[a].votes {
			d := sc.ideaOf[v]
			c := count[d]
			ideas[c]--
			if int(c) == best && ideas[c] == 0 {
				best--
			}
			count[d] = c - 1
			ideas[c-1]++
		}
	}
	for _, l := range byNet {
		if len(l) < sc.cfg.MinGroup {
			continue
		}
		if count == nil {
			most := 0
			for _, vs := range sc.byIdea {
				most = max(most, len(vs))
			}
			count, ideas = make([]int32, len(sc.byIdea)), make([]int32, most+1)
		}
		// Accounts made at the same moment may come in either order.
		sort.Slice(l, func(i, j int) bool { return sc.acct[l[i]].created < sc.acct[l[j]].created })
		start, joined := 0, 0 // l[start:joined+1] is united, when joined > start
		for end := range l {
			add(l[end])
			for sc.acct[l[end]].created-sc.acct[l[start]].created > window {
				drop(l[start])
				start++
			}
			if n := end - start + 1; n < sc.cfg.MinGroup || best*5 < n*4 {
				continue
			}
			for i := max(start, joined); i < end; i++ {
				uf.union(l[i], l[i+1])
			}
			joined = end
		}
		for _, a := range l[start:] {
			drop(a)
		}
	}
}

// linkNetworkBursts links accounts on one network that voted for one idea
// in a run (each vote within NetWindow of the one before) far beyond the
// network's share (Config.NetChance): the run's votes are compared with
// the votes the idea got from everyone over the run's time, times the
// network's share of the votes for other ideas (Laplace-smoothed: one more
// vote per network). Other ideas, so that the run does not explain
// itself; a network many honest fans share (a carrier's NAT) has a large
// share and is not linked for it. A farm whose accounts vote once each
// from one network is such a run, however old its accounts; so is a club
// voting together on a campus network, which describe scores as one moment
// on one network: reported, not quarantined, unless something else
// corroborates (young accounts, one browser).
func (sc *scan) linkNetworkBursts(uf *unionFind) {
	gap := sc.cfg.NetWindow.Milliseconds()
	perNet := map[int64]int{}
	known := 0
	for _, v := range sc.votes {
		if v.Net != 0 {
			perNet[v.Net]++
			known++
		}
	}
	for d, l := range sc.byIdea {
		runs := map[int64][]int32{} // each network's votes for the idea, in time order
		here := 0
		for _, v := range l {
			if n := sc.votes[v].Net; n != 0 {
				runs[n] = append(runs[n], v)
				here++
			}
		}
		for n, r := range runs {
			if len(r) < sc.cfg.MinGroup {
				continue // (a saving only: no run of it can pass below)
			}
			share := float64(perNet[n]-len(r)+1) / float64(known-here+len(perNet))
			start := 0
			for end := range r {
				if end+1 < len(r) && sc.votes[r[end+1]].At-sc.votes[r[end]].At <= gap {
					continue
				}
				run := r[start : end+1]
				start = end + 1
				if len(run) < sc.cfg.MinGroup {
					continue
				}
				all := within(sc.ideaT[d], sc.votes[run[0]].At, sc.votes[run[len(run)-1]].At)
				if poissonTail(len(run), float64(all)*share) >= sc.cfg.NetChance {
					continue
				}
				for _, v := range run[1:] {
					uf.union(sc.of[run[0]], sc.of[v])
				}
			}
		}
	}
}

// describe measures a group's signals and scores it.
func (sc *scan) describe(m []int32) Group {
	sort.Slice(m, func(i, j int) bool { return sc.acct[m[i]].user < sc.acct[m[j]].user })
	in := make(map[int32]bool, len(m))
	g := Group{}
	for _, a := range m {
		in[a] = true
		g.Users = append(g.Users, sc.acct[a].user)
		g.Votes += len(sc.acct[a].votes)
	}
	size := int64(len(m))
	// Ideas voted together: by how many members.
	per := map[int32]int{}
	for _, a := range m {
		for _, v := range sc.acct[a].votes {
			per[sc.ideaOf[v]]++
		}
	}
	var ideas []int32
	for d := range per {
		ideas = append(ideas, d)
	}
	sort.Slice(ideas, func(i, j int) bool {
		if per[ideas[i]] != per[ideas[j]] {
			return per[ideas[i]] > per[ideas[j]]
		}
		return sc.ideaIDs[ideas[i]] < sc.ideaIDs[ideas[j]]
	})
	for _, d := range ideas {
		if per[d]*2 >= len(m) || len(g.Ideas) < 1 {
			g.Ideas = append(g.Ideas, sc.ideaIDs[d])
		}
	}
	top := g.Ideas
	if len(top) > 5 {
		top = top[:5]
	}
	var sigs []Signal

	// In step: the share of the group's votes within the window of
	// another member's vote for the same idea.
	w := sc.cfg.Window.Milliseconds()
	matched := 0
	for _, d := range ideas {
		var ts []int64
		for _, v := range sc.byIdea[d] {
			if in[sc.of[v]] {
				ts = append(ts, sc.votes[v].At)
			}
		}
		for i := range ts {
			if i > 0 && ts[i]-ts[i-1] <= w || i+1 < len(ts) && ts[i+1]-ts[i] <= w {
				matched++
			}
		}
	}
	if s := float64(matched) / float64(g.Votes); matched > 0 {
		sigs = append(sigs, Signal{Kind: Synchronized, Strength: s,
			N: []int64{size, int64(w / 1000), pct(s)}, Ideas: top})
	}

	// Young accounts made together.
	var created, wait []int64
	nets, uas := map[int64]bool{}, map[int64]bool{}
	for _, a := range m {
		acc := sc.acct[a]
		if acc.created != 0 {
			created = append(created, acc.created)
			wait = append(wait, acc.first-acc.created)
		}
		for _, v := range acc.votes {
			if n := sc.votes[v].Net; n != 0 {
				nets[n] = true
			}
			if u := sc.votes[v].UA; u != 0 {
				uas[u] = true
			}
		}
	}
	if len(created)*2 >= len(m) {
		sort.Slice(created, func(i, j int) bool { return created[i] < created[j] })
		sort.Slice(wait, func(i, j int) bool { return wait[i] < wait[j] })
		young := 0
		for _, x := range wait {
			if x <= sc.cfg.YoungAge.Milliseconds() {
				young++
			}
		}
		lo, hi := created[len(created)/10], created[(len(created)*9)/10]
		spanMin := (hi - lo + 59999) / 60000
		burst := 1.0
		if spanMin > 10 {
			burst = max(0, 1-math.Log(float64(spanMin)/10)/math.Log(144))
		}
		s := float64(young) / float64(len(wait)) * burst
		if s > 0 {
			sigs = append(sigs, Signal{Kind: YoungBurst, Strength: s,
				N: []int64{int64(len(created)), max(spanMin, 1), int64(len(nets)), (wait[len(wait)/2] + 999) / 1000}, Ideas: top})
		}
	}
	if len(nets) > 0 {
		if s := 1 - float64(len(nets)-1)/float64(size); s >= 0.5 {
			sigs = append(sigs, Signal{Kind: FewNetworks, Strength: s, N: []int64{size, int64(len(nets))}})
		}
	}
	if len(uas) > 0 {
		if s := 1 - float64(len(uas)-1)/float64(size); s >= 0.5 {
			sigs = append(sigs, Signal{Kind: SameAgent, Strength: s, N: []int64{size, int64(len(uas))}})
		}
	}

	// Rate spikes: the group's votes for an idea arrived far faster than
	// the idea's own rate from everyone else.
	spikeVotes := 0
	var spike Signal
	for _, d := range ideas {
		var ts []int64
		for _, v := range sc.byIdea[d] {
			if in[sc.of[v]] {
				ts = append(ts, sc.votes[v].At)
			}
		}
		if len(ts) < sc.cfg.MinGroup {
			continue
		}
		others := float64(len(sc.byIdea[d]) - len(ts))
		base := (others + 1) / float64(sc.span) // votes per ms
		dur := max(ts[len(ts)-1]-ts[0], 60000)
		rate := float64(len(ts)) / float64(dur)
		if x := rate / base; x >= 10 {
			spikeVotes += len(ts)
			if spike.Kind == "" {
				spike = Signal{Kind: RateSpike, N: []int64{sc.ideaIDs[d], int64(len(ts)), (dur + 59999) / 60000, int64(x)}}
			}
		}
	}
	if spikeVotes > 0 {
		spike.Strength = float64(spikeVotes) / float64(g.Votes)
		sigs = append(sigs, spike)
	}

	// Metronomes: members with at least five votes whose gaps vary by
	// under a tenth.
	regular, timed := 0, 0
	var gapSum float64
	for _, a := range m {
		vs := sc.acct[a].votes
		if len(vs) < 5 {
			continue
		}
		timed++
		ts := make([]int64, len(vs))
		for i, v := range vs {
			ts[i] = sc.votes[v].At
		}
		sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
		mean, sq := 0.0, 0.0
		for i := 1; i < len(ts); i++ {
			mean += float64(ts[i] - ts[i-1])
		}
		mean /= float64(len(ts) - 1)
		for i := 1; i < len(ts); i++ {
			d := float64(ts[i]-ts[i-1]) - mean
			sq += d * d
		}
		if mean > 0 && math.Sqrt(sq/float64(len(ts)-1))/mean < 0.1 {
			regular++
			gapSum += mean
		}
	}
	if regular > 0 {
		sigs = append(sigs, Signal{Kind: Metronome, Strength: float64(regular) / float64(max(timed, sc.cfg.MinGroup)),
			N: []int64{int64(regular), int64(math.Round(gapSum / float64(regular) / 1000))}})
	}

	// Near-identical vote sets: mean Jaccard over (up to 400) pairs.
	sets := make([]map[int32]bool, len(m))
	for i, a := range m {
		sets[i] = map[int32]bool{}
		for _, v := range sc.acct[a].votes {
			sets[i][sc.ideaOf[v]] = true
		}
	}
	var jsum float64
	pairs := 0
	step := max(1, len(m)*(len(m)-1)/2/400)
	k := 0
	for i := range m {
		for j := i + 1; j < len(m); j++ {
			k++
			if k%step != 0 {
				continue
			}
			inter := 0
			for d := range sets[i] {
				if sets[j][d] {
					inter++
				}
			}
			jsum += float64(inter) / float64(len(sets[i])+len(sets[j])-inter)
			pairs++
		}
	}
	if pairs > 0 && jsum > 0 {
		s := jsum / float64(pairs)
		sigs = append(sigs, Signal{Kind: SameVotes, Strength: s, N: []int64{size, pct(s)}})
	}

	// A group that voted for one idea together (one listed) did one thing
	// at one moment: its votes in step, its same votes and its rate spike
	// all say so, and a club meeting on a campus network or a livestream's
	// fans do it too. They count as one piece of evidence, the strongest,
	// and voting in step weighs no more than same votes: SynchroTrap's
	// evidence is synchrony repeated over ideas, which alone can
	// quarantine; one moment needs corroboration (young accounts, one
	// browser, a metronome) to.
	one := len(g.Ideas) == 1
	moment := 0.0
	keep := 1.0
	for i := range sigs {
		sigs[i].Strength = math.Round(sigs[i].Strength*1000) / 1000
		w := weights[sigs[i].Kind]
		if one && (sigs[i].Kind == Synchronized || sigs[i].Kind == SameVotes || sigs[i].Kind == RateSpike) {
			moment = max(moment, min(w, weights[SameVotes])*sigs[i].Strength)
			continue
		}
		keep *= 1 - w*sigs[i].Strength
	}
	keep *= 1 - moment
	sort.SliceStable(sigs, func(i, j int) bool {
		return weights[sigs[i].Kind]*sigs[i].Strength > weights[sigs[j].Kind]*sigs[j].Strength
	})
	g.Signals = sigs
	g.Score = math.Round((1-keep)*1000) / 1000
	return g
}

func pct(f float64) int64 { return int64(math.Round(f * 100)) }

type unionFind struct{ parent []int32 }

func newUnionFind(n int) *unionFind {
	p := make([]int32, n)
	for i := range p {
		p[i] = int32(i)
	}
	return &unionFind{p}
}

func (u *unionFind) find(a int32) int32 {
	for u.parent[a] != a {
		u.parent[a] = u.parent[u.parent[a]]
		a = u.parent[a]
	}
	return a
}

func (u *unionFind) union(a, b int32) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		u.parent[rb] = ra
	}
}
