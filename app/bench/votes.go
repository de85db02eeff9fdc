package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync/atomic"
	"time"
)

// votes is the first target figure: many fans voting at once over HTTP with
// bearer tokens, every vote durable when acknowledged, at least 10,000
// votes/s with p99 under 50 ms, and the final tallies exactly equal to the
// votes acknowledged.
type votes struct {
	cfg       *Config
	challenge int64
	ideas     []int64
}

func (v *votes) Name() string { return "votes" }

// Conns is one fan per connection at most: a fan's requests are sent one
// after another, so more connections than fans would sit idle.
func (v *votes) Conns() int { return max(1, min(v.cfg.Conns, v.cfg.Fans)) }

func (v *votes) Seed(ctx context.Context, s *Seeder) error {
	c, err := s.Challenge(ctx, "Bench: many fans voting at once")
	if err != nil {
		return err
	}
	v.challenge = c.ID
	v.ideas, err = s.Ideas(ctx, c.ID, v.cfg.Ideas, 0)
	return err
}

func (v *votes) Run(ctx context.Context, t *Target) ([]Row, error) {
	conns := v.Conns()
	s := newStorm(t.Base, t.Fans, v.ideas, conns, 0.10)
	st := t.Load("votes", conns, t.Cfg.Duration, s.worker)
	ceil := t.Ceiling(conns)
	t.Cfg.logf("votes: %.0f/s acknowledged, p50 %.2f ms, p99 %.2f ms, %d errors %s",
		st.PerSec, st.P50, st.P99, st.Errors, st.FirstError)

	p := s.proveOverAPI(ctx, t.Client)
	rows := []Row{
		{Figure: "votes: acknowledged/s", Value: st.PerSec, Unit: "/s", Ceiling: ceil.PerSec, Target: "≥ 10,000/s", Met: yes(st.PerSec >= 10000)},
		{Figure: "votes: p50 latency", Value: st.P50, Unit: "ms", Ceiling: ceil.P50},
		{Figure: "votes: p99 latency", Value: st.P99, Unit: "ms", Ceiling: ceil.P99, Target: "< 50 ms", Met: yes(st.P99 < 50)},
		{Figure: "votes: errors", Value: float64(st.Errors), Target: "0", Met: yes(st.Errors == 0)},
		// The generator shares the machine with the server: what it spends
		// a vote beyond the ceiling's generator a request is the server's loss.
		{Figure: "votes: load generator CPU per vote (the ceiling's: per request)", Value: st.ClientMicros(), Unit: "µs", Ceiling: ceil.ClientMicros()},
		{Figure: "votes: tallies equal acknowledged votes", Text: p.String(), Target: "exact", Met: yes(p.OK())},
	}
	if !p.OK() {
		return rows, fmt.Errorf("votes: %d of %d tallies differ from the acknowledged votes:\n%s", p.Mismatched, p.Ideas, p.Detail)
	}
	return rows, nil
}

// storm is many fans voting and undoing votes at once. Fan f belongs to
// worker f % workers, so each (fan, idea) pair's requests go one after
// another and the last acknowledged one is the pair's true state.
type storm struct {
	base    string
	baseURL *url.URL // base, parsed once for every request
	fans    []Fan
	ideas   []int64
	undo    float64
	ledgers []*ledger
	// votePaths is each idea's vote path (/api/v1/ideas/{id}/vote), made
	// once: a request's path is a string, and made per request it cost the
	// generator an allocation and a copy a vote, which the ceiling's
	// requests do not pay.
	votePaths []string
	// before is each idea's tally before the storm (nil: none); the
	// storm's fans had cast none of those votes.
	before []int
	// stop ends every worker's loop before its deadline (the crash test
	// sets it just before the kill).
	stop atomic.Bool
}

type pair struct{ fan, idea int32 }

// mark is what a ledger knows of a pair: an entry means a request about it
// was acknowledged or left unanswered.
type mark uint8

const (
	// markVoted: the last acknowledged action was a vote (without it, an
	// undo).
	markVoted mark = 1 << iota
	// markUnsure: the latest request got no answer (a lost connection, a
	// 5xx): it may or may not have landed.
	markUnsure
)

// ledger is one worker's record of what the server acknowledged.
type ledger struct {
	// pairs is every pair's mark: one map, so that an answer costs one
	// lookup and one store.
	pairs map[pair]mark
	// voted lists each of fans' currently voted ideas, to pick undos from.
	voted [][]int32
	fans  []int32
	// auth is each of fans' header (its bearer token), made once.
	auth []http.Header
	rng  *rand.Rand
	// zipf, when set, picks the ideas to vote for: a few get most votes.
	zipf *rand.Zipf
}

func newStorm(base string, fans []Fan, ideas []int64, workers int, undo float64) *storm {
	u, err := url.Parse(base)
	if err != nil {
		u = &url.URL{} // every request fails as a transport error
	}
	s := &storm{base: base, baseURL: u, fans: fans, ideas: ideas, undo: undo, ledgers: make([]*ledger, workers), votePaths: make([]string, len(ideas))}
	for i, id := range ideas {
		s.votePaths[i] = "/api/v1/ideas/" + strconv.FormatInt(id, 10) + "/vote"
	}
	for w := range s.ledgers {
		l := &ledger{pairs: map[pair]mark{}, rng: rand.New(rand.NewPCG(uint64(w), 42))}
		for f := w; f < len(fans); f += workers {
			l.fans = append(l.fans, int32(f))
			l.auth = append(l.auth, fans[f].Header())
		}
		l.voted = make([][]int32, len(l.fans))
		s.ledgers[w] = l
	}
	return s
}

// worker cycles through its fans; each sends a vote for a random idea, or
// (one time in ten, when it has votes) undoes one of its own.
func (s *storm) worker(w int, deadline time.Time, rec *Recorder) {
	l := s.ledgers[w]
	if len(l.fans) == 0 {
		return
	}
	for i := 0; !s.stop.Load() && time.Now().Before(deadline); i++ {
		j := i % len(l.fans)
		f := l.fans[j]
		p, vote := pair{fan: f, idea: int32(l.pick(len(s.ideas)))}, true
		if mine := l.voted[j]; len(mine) > 0 && l.rng.Float64() < s.undo {
			p.idea, vote = mine[l.rng.IntN(len(mine))], false
		}
		method := http.MethodPut
		if !vote {
			method = http.MethodDelete
		}
		status, _, err := rec.Send(method, s.baseURL, s.votePaths[p.idea], l.auth[j])
		switch {
		case err != nil || status >= 500:
			l.pairs[p] |= markUnsure
		case status == http.StatusOK:
			l.ack(j, p, vote)
		}
		// Any other status (4xx) is a refusal: nothing changed.
	}
}

// skewed makes every worker pick ideas by a Zipf law (s = 1.2, the
// seeding's), mapped onto the ideas the way the list's seeded votes are, so
// the popular ideas (the lists' first pages) get most of the storm's votes.
func (s *storm) skewed() {
	for _, l := range s.ledgers {
		l.zipf = rand.NewZipf(l.rng, 1.2, 8, uint64(len(s.ideas)-1))
	}
}

func (l *ledger) pick(n int) int {
	if l.zipf == nil {
		return l.rng.IntN(n)
	}
	return popular(int(l.zipf.Uint64()), n)
}

// popular maps a Zipf rank onto an idea index: popularity is unrelated to
// age, so ranks are shuffled over the ideas (as the list's seeding does).
func popular(rank, n int) int { return (rank * 7919) % n }

// ack records an acknowledged vote (or undo) of pair p, whose fan is the
// ledger's j-th.
func (l *ledger) ack(j int, p pair, vote bool) {
	was := l.pairs[p]&markVoted != 0
	if vote {
		l.pairs[p] = markVoted
	} else {
		l.pairs[p] = 0
	}
	switch {
	case vote && !was:
		l.voted[j] = append(l.voted[j], p.idea)
	case !vote && was:
		mine := l.voted[j]
		for i, id := range mine {
			if id == p.idea {
				mine[i] = mine[len(mine)-1]
				l.voted[j] = mine[:len(mine)-1]
				break
			}
		}
	}
}

// expected is, per idea index, the number of pairs whose last acknowledged
// action was a vote with no unanswered request after it (lo), and how many
// more pairs may or may not hold a vote (unsure).
func (s *storm) expected() (lo, unsure []int) {
	lo, unsure = make([]int, len(s.ideas)), make([]int, len(s.ideas))
	for _, l := range s.ledgers {
		for p, m := range l.pairs {
			switch {
			case m&markUnsure != 0:
				unsure[p.idea]++
			case m&markVoted != 0:
				lo[p.idea]++
			}
		}
	}
	return lo, unsure
}

// want reports a pair's certain state: ok is false when it is unsure.
func (s *storm) want(fan, idea int) (voted, ok bool) {
	l := s.ledgers[fan%len(s.ledgers)]
	m := l.pairs[pair{int32(fan), int32(idea)}]
	if m&markUnsure != 0 {
		return false, false
	}
	return m&markVoted != 0, true
}

// proof is the comparison of every idea's served tally with the ledgers.
type proof struct {
	Ideas, Exact, Ranged, Mismatched int
	Acknowledged                     int // votes standing at the end, by the ledgers
	// UnderReview counts the standing votes the vote-integrity scan holds
	// for review (the bench's fans share one network and vote in step, as
	// a farm would): they are stored, shown apart from the tally.
	UnderReview int
	Detail      string
	// Standing names what Acknowledged counts ("votes standing" if empty).
	Standing string
}

func (p proof) OK() bool { return p.Mismatched == 0 && p.Ideas > 0 }

func (p proof) String() string {
	standing := p.Standing
	if standing == "" {
		standing = "votes standing"
	}
	s := fmt.Sprintf("%d/%d ideas exact (%d %s)", p.Exact, p.Ideas, p.Acknowledged, standing)
	if p.Ranged > 0 {
		s += fmt.Sprintf(", %d within unanswered requests", p.Ranged)
	}
	if p.UnderReview > 0 {
		s += fmt.Sprintf(", %d of them held for review by the integrity scan", p.UnderReview)
	}
	if p.Mismatched > 0 {
		s = fmt.Sprintf("MISMATCH in %d of %d ideas", p.Mismatched, p.Ideas)
	}
	return s
}

// proveOverAPI reads every idea's tally with GET /api/v1/ideas/{id} and
// compares it with the ledgers: exactly equal where every request was
// answered, and within the unanswered requests where some were not.
func (s *storm) proveOverAPI(ctx context.Context, client *http.Client) proof {
	all := make([]int, len(s.ideas))
	for i := range all {
		all[i] = i
	}
	return s.prove(ctx, client, all)
}

// touched lists the ideas (indices) any acknowledged or unanswered request
// of the storm was about.
func (s *storm) touched() []int {
	seen := map[int32]bool{}
	var out []int
	for _, l := range s.ledgers {
		for p := range l.pairs {
			if !seen[p.idea] {
				seen[p.idea] = true
				out = append(out, int(p.idea))
			}
		}
	}
	slices.Sort(out)
	return out
}

// prove compares the served tallies of the ideas at indices idx with the
// ledgers (plus the tallies from before).
func (s *storm) prove(ctx context.Context, client *http.Client, idx []int) proof {
	lo, unsure := s.expected()
	for i := range lo {
		if s.before != nil {
			lo[i] += s.before[i]
		}
	}
	got := make([]int, len(s.ideas))
	held := make([]int, len(s.ideas))
	errs := make([]error, len(s.ideas))
	_ = Parallel(ctx, len(idx), func(k int) error { // errors are kept per idea, in errs
		i := idx[k]
		got[i], held[i], errs[i] = ideaVotes(ctx, client, s.base, s.ideas[i])
		got[i] += held[i]
		return nil
	})
	var p proof
	for _, i := range idx {
		p.Ideas++
		p.Acknowledged += lo[i]
		p.UnderReview += held[i]
		switch {
		case errs[i] != nil:
			p.Mismatched++
			p.Detail += fmt.Sprintf("  idea %d: %v\n", s.ideas[i], errs[i])
		case unsure[i] == 0 && got[i] == lo[i]:
			p.Exact++
		case unsure[i] > 0 && got[i] >= lo[i] && got[i] <= lo[i]+unsure[i]:
			p.Ranged++
		default:
			p.Mismatched++
			p.Detail += fmt.Sprintf("  idea %d: the server says %d votes, the acknowledged votes are %d (+%d unanswered)\n",
				s.ideas[i], got[i], lo[i], unsure[i])
		}
	}
	return p
}

// ideaVotes reads an idea's tally and its votes held for review, as any
// visitor sees them: together they are its stored votes.
func ideaVotes(ctx context.Context, client *http.Client, base string, id int64) (votes, held int, err error) {
	n, err := ideaCounts(ctx, client, base, id, "votes", "votes_under_review")
	if err != nil {
		return 0, 0, err
	}
	return n[0], n[1], nil
}

// ideaCount reads one of an idea's counters (votes, comparisons) as any
// visitor sees it.
func ideaCount(ctx context.Context, client *http.Client, base string, id int64, field string) (int, error) {
	n, err := ideaCounts(ctx, client, base, id, field)
	if err != nil {
		return 0, err
	}
	return n[0], nil
}

// ideaCounts reads some of an idea's counters with one GET.
func ideaCounts(ctx context.Context, client *http.Client, base string, id int64, fields ...string) ([]int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/ideas/"+strconv.FormatInt(id, 10), nil)
	if err != nil {
		return nil, err
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET idea: status %d", res.StatusCode)
	}
	var idea map[string]json.RawMessage
	if err := json.NewDecoder(res.Body).Decode(&idea); err != nil {
		return nil, fmt.Errorf("GET idea: %w", err)
	}
	n := make([]int, len(fields))
	for k, field := range fields {
		if idea[field] == nil || json.Unmarshal(idea[field], &n[k]) != nil {
			return nil, fmt.Errorf("GET idea: no %s in the answer", field)
		}
	}
	return n, nil
}
