package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// mixed is a live campaign: readers of the idea list, fans voting on the same
// challenge and searchers, all at once, beside each of the three loads
// alone. The targets: the list keeps a p99 under 20 ms and at least half
// the throughput it has alone; votes a p99 under 50 ms with every tally
// exact; search a p99 under 50 ms.
//
// Its challenge has cfg.ListIdeas ideas and half as many seeded votes, cast
// by the upper half of the fans; the storm's fans are the lower half, so
// each idea's final tally is its seeded one plus what the storm's ledgers
// acknowledged. The storm votes like the seeding, by a Zipf law over the
// ideas: most votes go to the popular ideas, the ones on the lists' first
// pages, which is the hard case for anything that caches those pages.
type mixed struct {
	cfg       *Config
	challenge int64
	ideas     []int64
	before    []int // tallies once seeding's votes are cast
}

func (m *mixed) Name() string { return "mixed" }

// The connection counts of the three kinds of client.
func (m *mixed) readers() int   { return m.cfg.MixedReaders }
func (m *mixed) voters() int    { return max(1, min(m.cfg.MixedVoters, m.cfg.Fans/2)) }
func (m *mixed) searchers() int { return m.cfg.MixedSearchers }

// Conns is every connection at once; ceilingConns adds each kind alone.
func (m *mixed) Conns() int { return m.readers() + m.voters() + m.searchers() }

func (m *mixed) ceilingConns() []int {
	return []int{m.readers(), m.voters(), m.searchers(), m.Conns()}
}

func (m *mixed) Seed(ctx context.Context, s *Seeder) error {
	var err error
	m.challenge, m.ideas, m.before, err = seedPopular(ctx, s, "Bench: a live campaign", "mixed", s.Fans[len(s.Fans)/2:])
	return err
}

func (m *mixed) Run(ctx context.Context, t *Target) ([]Row, error) {
	l := &list{cfg: m.cfg, challenge: m.challenge}
	// Half the readers read top, half hot; each reads the first page and
	// follows next_cursor, checking each page as it comes.
	reader := func(w int, deadline time.Time, rec *Recorder) {
		sort := []string{"top", "hot"}[w%2]
		l.walk(t.Base, sort, false)(w, deadline, rec)
	}
	s := newStorm(t.Base, t.Fans[:len(t.Fans)/2], m.ideas, m.voters(), 0.10)
	s.skewed()
	s.before = m.before
	search := searcher(searchURLs(t.Base, m.challenge))
	d := t.Cfg.Duration

	readAlone := t.Load("mixed list alone", m.readers(), d, reader)
	voteAlone := t.Load("mixed votes alone", m.voters(), d, s.worker)
	searchAlone := t.Load("mixed search alone", m.searchers(), d, search)
	together := t.LoadTogether("mixed", []string{"list", "votes", "search"}, []Group{
		{Conns: m.readers(), Work: reader}, {Conns: m.voters(), Work: s.worker}, {Conns: m.searchers(), Work: search},
	}, d)
	read, vote, find := together[0], together[1], together[2]
	for _, x := range []struct {
		what         string
		alone, mixed Stats
	}{{"list", readAlone, read}, {"votes", voteAlone, vote}, {"search", searchAlone, find}} {
		t.Cfg.logf("mixed %s: alone %.0f/s p50 %.2f ms p99 %.2f ms; together %.0f/s p50 %.2f ms p99 %.2f ms, %d errors %s",
			x.what, x.alone.PerSec, x.alone.P50, x.alone.P99, x.mixed.PerSec, x.mixed.P50, x.mixed.P99,
			x.alone.Errors+x.mixed.Errors, x.alone.FirstError+x.mixed.FirstError)
	}

	// The proof reads every idea the storm touched, and a sample of the
	// rest, whose tallies must still be the seeded ones.
	idx := s.touched()
	r := rand.New(rand.NewPCG(3, 3))
	for range min(200, len(m.ideas)) {
		idx = append(idx, r.IntN(len(m.ideas)))
	}
	p := s.prove(ctx, t.Client, dedupe(idx))

	cl, cv, cs, ca := t.Ceiling(m.readers()), t.Ceiling(m.voters()), t.Ceiling(m.searchers()), t.Ceiling(m.Conns())
	name := fmt.Sprintf("mixed (%d ideas): ", m.cfg.ListIdeas)
	lists := fmt.Sprintf("list, %d readers", m.readers())
	votes := fmt.Sprintf("votes, %d fans", m.voters())
	finds := fmt.Sprintf("search, %d searchers", m.searchers())
	with := fmt.Sprintf(" during the others (%d conns in all)", m.Conns())
	rows := []Row{
		{Figure: name + lists + " alone: requests/s", Value: readAlone.PerSec, Unit: "/s", Ceiling: cl.PerSec},
		{Figure: name + lists + " alone: p99 latency", Value: readAlone.P99, Unit: "ms", Ceiling: cl.P99, Target: "< 20 ms", Met: yes(readAlone.P99 < 20)},
		{Figure: name + lists + with + ": requests/s", Value: read.PerSec, Unit: "/s", Ceiling: ca.PerSec,
			Target: fmt.Sprintf("≥ half alone (%.0f/s)", readAlone.PerSec/2), Met: yes(read.PerSec >= readAlone.PerSec/2)},
		{Figure: name + lists + with + ": p50 latency", Value: read.P50, Unit: "ms", Ceiling: ca.P50},
		{Figure: name + lists + with + ": p99 latency", Value: read.P99, Unit: "ms", Ceiling: ca.P99, Target: "< 20 ms", Met: yes(read.P99 < 20)},
		{Figure: name + votes + " alone: acknowledged/s", Value: voteAlone.PerSec, Unit: "/s", Ceiling: cv.PerSec},
		{Figure: name + votes + " alone: p99 latency", Value: voteAlone.P99, Unit: "ms", Ceiling: cv.P99, Target: "< 50 ms", Met: yes(voteAlone.P99 < 50)},
		{Figure: name + votes + with + ": acknowledged/s", Value: vote.PerSec, Unit: "/s", Ceiling: ca.PerSec},
		{Figure: name + votes + with + ": p99 latency", Value: vote.P99, Unit: "ms", Ceiling: ca.P99, Target: "< 50 ms", Met: yes(vote.P99 < 50)},
		{Figure: name + votes + ": tallies equal seeded plus acknowledged votes", Text: p.String(), Target: "exact", Met: yes(p.OK())},
		{Figure: name + finds + " alone: p50 latency", Value: searchAlone.P50, Unit: "ms", Ceiling: cs.P50, Target: "< 5 ms", Met: yes(searchAlone.P50 < 5)},
		{Figure: name + finds + " alone: p99 latency", Value: searchAlone.P99, Unit: "ms", Ceiling: cs.P99, Target: "< 50 ms", Met: yes(searchAlone.P99 < 50)},
		{Figure: name + finds + with + ": requests/s", Value: find.PerSec, Unit: "/s", Ceiling: ca.PerSec},
		{Figure: name + finds + with + ": p99 latency", Value: find.P99, Unit: "ms", Ceiling: ca.P99, Target: "< 50 ms", Met: yes(find.P99 < 50)},
	}
	errs := readAlone.Errors + voteAlone.Errors + searchAlone.Errors + read.Errors + vote.Errors + find.Errors
	first := readAlone.FirstError + voteAlone.FirstError + searchAlone.FirstError + read.FirstError + vote.FirstError + find.FirstError
	rows = append(rows, Row{Figure: name + "errors", Value: float64(errs), Target: "0", Met: yes(errs == 0)})
	switch {
	case !p.OK():
		return rows, fmt.Errorf("mixed: %d of %d tallies differ from the seeded and acknowledged votes:\n%s", p.Mismatched, p.Ideas, p.Detail)
	case read.OK == 0 || vote.OK == 0 || find.OK == 0:
		return rows, fmt.Errorf("mixed: a load was not served at all: %s", first)
	}
	return rows, nil
}

// dedupe sorts idx and drops repeats.
func dedupe(idx []int) []int {
	seen := map[int]bool{}
	out := idx[:0]
	for _, i := range idx {
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	return out
}
