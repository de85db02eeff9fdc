package integrity

import (
	"reflect"
	"testing"
)

// describeAll describes every account in votes as one group.
func describeAll(votes []Vote, cfg Config) Group {
	sc := newScan(votes, nil, cfg)
	m := make([]int32, len(sc.acct))
	for i := range m {
		m[i] = int32(i)
	}
	return sc.describe(m)
}

func sameSignals(t *testing.T, name string, got, want []Signal) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: signals\n got %+v\nwant %+v", name, got, want)
	}
}

// TestDescribeInStep is a worked example, every figure by hand. Five
// accounts vote for idea 10 ten seconds apart, and two hours later for idea
// 20 exactly thirty seconds apart (the window's edge: still in step).
// Nobody else votes, so the span is 2 h 2 min (7,320,000 ms).
//
//   - in step: every one of the 10 votes has a member's vote for the same
//     idea within 30 s: strength 1, "5 accounts, 30 s, 100%";
//   - rate spike: idea 10's 5 votes took 40 s, counted as a minute, against
//     a base of (0 others + 1) per span: 5/60,000 ÷ 1/7,320,000 = 610 times;
//     idea 20's took 120 s: 305 times; both count, the first is named:
//     "idea 10, 5 votes, 1 minute, 610×", strength 10/10;
//   - same votes: every pair's sets are equal: Jaccard 1;
//   - no networks, agents or ages are known: no other signal.
//
// Score: 1 − (1−0.85)(1−0.55)(1−0.45) = 0.962875 → 0.963; signals strongest
// first by weight × strength.
func TestDescribeInStep(t *testing.T) {
	const T = int64(1_000_000_000)
	var votes []Vote
	for u := int64(1); u <= 5; u++ {
		votes = append(votes,
			Vote{User: u, Idea: 10, At: T + (u-1)*10*sec},
			Vote{User: u, Idea: 20, At: T + 2*hour + (u-1)*30*sec})
	}
	g := describeAll(votes, Defaults())
	if !reflect.DeepEqual(g.Users, []int64{1, 2, 3, 4, 5}) || !reflect.DeepEqual(g.Ideas, []int64{10, 20}) || g.Votes != 10 {
		t.Fatalf("group = %+v", g)
	}
	sameSignals(t, "in step", g.Signals, []Signal{
		{Kind: Synchronized, Strength: 1, N: []int64{5, 30, 100}, Ideas: []int64{10, 20}},
		{Kind: SameVotes, Strength: 1, N: []int64{5, 100}},
		{Kind: RateSpike, Strength: 1, N: []int64{10, 5, 1, 610}},
	})
	if g.Score != 0.963 {
		t.Errorf("score = %v, want 0.963", g.Score)
	}

	// One second wider apart on idea 20 and its votes are no longer in
	// step: half the group's votes are (5/10).
	for i := range votes {
		if votes[i].Idea == 20 {
			votes[i].At += (votes[i].User - 1) * sec
		}
	}
	g = describeAll(votes, Defaults())
	if s := signal(g, Synchronized); s.Strength != 0.5 || !reflect.DeepEqual(s.N, []int64{5, 30, 50}) {
		t.Errorf("31 s apart: %+v, want in step at 0.5 (50%%)", s)
	}
	// 0.85·0.5 = 0.425 is now below same votes' 0.55 and the spike's 0.45:
	// it comes last. Score 1 − 0.45·0.55·0.575 = 0.857 6875 → 0.858.
	if g.Signals[0].Kind != SameVotes || g.Signals[1].Kind != RateSpike || g.Signals[2].Kind != Synchronized {
		t.Errorf("order: %+v", g.Signals)
	}
	if g.Score != 0.858 {
		t.Errorf("score = %v, want 0.858", g.Score)
	}
}

func signal(g Group, kind string) Signal {
	for _, s := range g.Signals {
		if s.Kind == kind {
			return s
		}
	}
	return Signal{}
}

// TestDescribeYoungBurst: six accounts made a minute apart, four on one
// network and two on another, one browser, each voting for idea 1 between
// 20 and 40 minutes after it was made, five minutes apart (never in step).
//
//   - young burst: all 6 are under an hour old at their vote, made within
//     5 minutes (the 10th to 90th percentile, rounded up to minutes): no
//     discount under 10 minutes; strength 1; the median wait is 32 min =
//     1,920 s: "6 accounts, 5 minutes, 2 networks, 1,920 s";
//   - few networks: 1 − (2−1)/6 = 0.833; same agent: 1 − 0/6 = 1;
//   - rate spike: 6 votes in 25 min against 1 per hour (the span's floor):
//     6/25 ÷ 1/60 = 14.4 times;
//   - same votes: every set is {1}.
//
// All six voted for one idea (one moment): same votes and the spike are
// one piece of evidence, the stronger (0.55). Score
// 1 − 0.4·0.45·(1−0.45·0.833)·0.8 = 0.910.
func TestDescribeYoungBurst(t *testing.T) {
	const C = int64(5_000_000_000)
	var votes []Vote
	for u := int64(1); u <= 6; u++ {
		created := C + (u-1)*60*sec
		at := C + 20*60*sec + (u-1)*5*60*sec
		net := int64(5)
		if u > 4 {
			net = 6
		}
		votes = append(votes, Vote{User: u, Idea: 1, At: at, Net: net, UA: 9, Age: (at - created) / 1000})
	}
	g := describeAll(votes, Defaults())
	sameSignals(t, "young burst", g.Signals, []Signal{
		{Kind: YoungBurst, Strength: 1, N: []int64{6, 5, 2, 1920}, Ideas: []int64{1}},
		{Kind: SameVotes, Strength: 1, N: []int64{6, 100}},
		{Kind: RateSpike, Strength: 1, N: []int64{1, 6, 25, 14}},
		{Kind: FewNetworks, Strength: 0.833, N: []int64{6, 2}},
		{Kind: SameAgent, Strength: 1, N: []int64{6, 1}},
	})
	if g.Score != 0.91 {
		t.Errorf("score = %v, want 0.910", g.Score)
	}
}

// TestDescribeSlowBurst: accounts made ten minutes apart (50 minutes from
// the first to the last) are discounted: 1 − ln(50/10)/ln(144) = 0.676. A
// seventh member whose age is unknown is left out of the ages (6 of 7 are
// known, more than half) but counts as a member for networks.
func TestDescribeSlowBurst(t *testing.T) {
	const C = int64(5_000_000_000)
	var votes []Vote
	for u := int64(1); u <= 6; u++ {
		created := C + (u-1)*10*60*sec
		at := created + 30*60*sec
		votes = append(votes, Vote{User: u, Idea: 1, At: at, Net: 5, Age: (at - created) / 1000})
	}
	votes = append(votes, Vote{User: 7, Idea: 1, At: C + 200*60*sec, Net: 5})
	g := describeAll(votes, Defaults())
	if s := signal(g, YoungBurst); s.Strength != 0.676 || !reflect.DeepEqual(s.N, []int64{6, 50, 1, 1800}) {
		t.Errorf("slow burst: %+v, want strength 0.676, 6 accounts over 50 minutes, 1 network, 1,800 s", s)
	}
	if s := signal(g, FewNetworks); s.Strength != 1 || !reflect.DeepEqual(s.N, []int64{7, 1}) {
		t.Errorf("one network: %+v", s)
	}
	if s := signal(g, SameAgent); s.Kind != "" {
		t.Errorf("no agents are known, yet: %+v", s)
	}

	// Accounts that waited more than an hour are not young: nothing to say.
	old := make([]Vote, len(votes))
	copy(old, votes)
	for i := range old[:6] {
		old[i].At += 31 * 60 * sec
		old[i].Age += 31 * 60
	}
	if s := signal(describeAll(old, Defaults()), YoungBurst); s.Kind != "" {
		t.Errorf("accounts an hour and a minute old, yet: %+v", s)
	}
	// Exactly an hour old at the vote is still young.
	for i := range old[:6] {
		old[i].At -= 60 * sec
		old[i].Age -= 60
	}
	if s := signal(describeAll(old, Defaults()), YoungBurst); s.Strength != 0.676 {
		t.Errorf("accounts exactly an hour old: %+v, want the burst as before", s)
	}

	// Only three of seven ages known: not enough to speak of a burst.
	for i := range votes[:3] {
		votes[i].Age = 0
	}
	if s := signal(describeAll(votes, Defaults()), YoungBurst); s.Kind != "" {
		t.Errorf("3 of 7 ages known, yet: %+v", s)
	}
	// Three of six known is half: enough.
	if s := signal(describeAll(votes[1:], Defaults()), YoungBurst); s.Kind == "" {
		t.Errorf("3 of 6 ages known: no burst, want one")
	}
}

// TestDescribeSamplesPairsOfLargeGroups: a group of 41 has 820 pairs;
// every second is compared (410, under the 400-odd budget). User 2 voted
// {1, 2}, everyone else {1}: the pairs with user 2 are half alike. Of the
// sampled (even-numbered) pairs, 19 include user 2 — (2, 3) to (2, 41) are
// pairs 41 to 79 and (1, 2) is pair 1 — so the mean is
// (19·0.5 + 391)/410 = 0.977, where all 820 would give 0.976.
func TestDescribeSamplesPairsOfLargeGroups(t *testing.T) {
	var votes []Vote
	for u := int64(1); u <= 41; u++ {
		votes = append(votes, Vote{User: u, Idea: 1, At: u * hour})
		if u == 2 {
			votes = append(votes, Vote{User: u, Idea: 2, At: u*hour + sec})
		}
	}
	if s := signal(describeAll(votes, Defaults()), SameVotes); s.Strength != 0.977 || !reflect.DeepEqual(s.N, []int64{41, 98}) {
		t.Errorf("same votes over sampled pairs: %+v, want 0.977", s)
	}
	// Forty have 780 pairs, all compared: (39·0.5 + 741)/780 = 0.975
	// (every second pair would give 0.976).
	if s := signal(describeAll(votes[:len(votes)-1], Defaults()), SameVotes); s.Strength != 0.975 {
		t.Errorf("same votes over all 780 pairs: %+v, want 0.975", s)
	}
}

// TestDescribeMetronome: five members vote exactly a minute apart (regular);
// a sixth's gaps are 54, 66, 54 and 66 s (their spread is exactly a tenth
// of their mean: not under it, so not regular); a seventh has only four
// votes (not timed). 5 of 6 timed members are regular, 60 s apart.
func TestDescribeMetronome(t *testing.T) {
	const T = int64(9_000_000_000)
	var votes []Vote
	for u := int64(1); u <= 5; u++ {
		for k := int64(0); k < 5; k++ {
			votes = append(votes, Vote{User: u, Idea: k + 1, At: T + u*7*60*sec + k*60*sec})
		}
	}
	for k, off := range []int64{0, 54, 120, 174, 240} {
		votes = append(votes, Vote{User: 6, Idea: int64(k + 1), At: T + 6*7*60*sec + off*sec})
	}
	for k := int64(0); k < 4; k++ {
		votes = append(votes, Vote{User: 7, Idea: k + 1, At: T + 7*7*60*sec + k*60*sec})
	}
	g := describeAll(votes, Defaults())
	if s := signal(g, Metronome); s.Strength != 0.833 || !reflect.DeepEqual(s.N, []int64{5, 60}) {
		t.Errorf("metronome: %+v, want 5 of 6 regular (0.833), 60 s apart", s)
	}
	// An eighth member's gaps of 57, 63, 57 and 63 s spread by a twentieth
	// of their mean (3 s of 60): regular. 6 of 7.
	for k, off := range []int64{0, 57, 120, 177, 240} {
		votes = append(votes, Vote{User: 8, Idea: int64(k + 1), At: T + 8*7*60*sec + off*sec})
	}
	if s := signal(describeAll(votes, Defaults()), Metronome); s.Strength != 0.857 || !reflect.DeepEqual(s.N, []int64{6, 60}) {
		t.Errorf("metronome with a near-regular member: %+v, want 6 of 7 regular (0.857)", s)
	}
	votes = votes[:len(votes)-5]
	// Two regular members of two timed: measured against the smallest
	// group (5), not against 2: 0.4.
	g = describeAll(votes[:10], Defaults())
	if s := signal(g, Metronome); s.Strength != 0.4 || !reflect.DeepEqual(s.N, []int64{2, 60}) {
		t.Errorf("two metronomes: %+v, want 0.4", s)
	}
	// Votes given out of order are timed in order.
	rev := append([]Vote(nil), votes[:10]...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	if s := signal(describeAll(rev, Defaults()), Metronome); s.Strength != 0.4 {
		t.Errorf("backwards: %+v", s)
	}
}

// TestDescribeIdeasAndSets: six members; idea 1 has all six votes, idea 2
// three (half: listed), idea 3 two (not listed): members 1–3 vote
// {1, 2}, 4–5 {1, 3}, 6 only {1}. Jaccard over the 15 pairs: 3 pairs of {1,2} (1 each), 1 pair of
// {1,3} (1), 6 pairs {1,2}–{1,3} (1/3), 3 pairs with {1} and {1,2} (1/2),
// 2 pairs with {1} and {1,3} (1/2): (4 + 2 + 2.5)/15 = 0.567.
func TestDescribeIdeasAndSets(t *testing.T) {
	var votes []Vote
	at := int64(0)
	vote := func(u, idea int64) {
		at += 10 * 60 * sec
		votes = append(votes, Vote{User: u, Idea: idea, At: at})
	}
	for u := int64(1); u <= 6; u++ {
		vote(u, 1)
		switch {
		case u <= 3:
			vote(u, 2)
		case u <= 5:
			vote(u, 3)
		}
	}
	g := describeAll(votes, Defaults())
	if !reflect.DeepEqual(g.Ideas, []int64{1, 2}) {
		t.Errorf("ideas voted together: %v, want 1 (all six) and 2 (half)", g.Ideas)
	}
	if s := signal(g, SameVotes); s.Strength != 0.567 || !reflect.DeepEqual(s.N, []int64{6, 57}) {
		t.Errorf("same votes: %+v, want 0.567", s)
	}

	// Nobody shares an idea: the group's ideas are still named, the first
	// by id; no two sets meet, so no same-votes signal.
	votes, at = nil, 0
	for u := int64(1); u <= 5; u++ {
		vote(u, 10-u)
	}
	g = describeAll(votes, Defaults())
	if !reflect.DeepEqual(g.Ideas, []int64{5}) || len(g.Signals) != 0 {
		t.Errorf("disjoint: ideas %v, signals %+v; want none (no spike, no shared idea)", g.Ideas, g.Signals)
	}

	// Seven ideas in step: the evidence names the top five.
	votes = inStep(5, []int64{7, 6, 5, 4, 3, 2, 1}, sec)
	if s := signal(describeAll(votes, Defaults()), Synchronized); !reflect.DeepEqual(s.Ideas, []int64{1, 2, 3, 4, 5}) {
		t.Errorf("evidence ideas: %v, want the five lowest of seven equally voted", s.Ideas)
	}
}

// TestDescribeNetworksAndAgents: six members on four networks is
// 1 − 3/6 = 0.5, the bar: said; on five it is not.
func TestDescribeNetworksAndAgents(t *testing.T) {
	mk := func(nets, uas int) []Vote {
		var out []Vote
		for u := int64(0); u < 6; u++ {
			out = append(out, Vote{User: u + 1, Idea: u + 1, At: u * hour, Net: 100 + u%int64(nets), UA: 200 + u%int64(uas)})
		}
		return out
	}
	g := describeAll(mk(4, 4), Defaults())
	if s := signal(g, FewNetworks); s.Strength != 0.5 || !reflect.DeepEqual(s.N, []int64{6, 4}) {
		t.Errorf("four networks: %+v", s)
	}
	if s := signal(g, SameAgent); s.Strength != 0.5 || !reflect.DeepEqual(s.N, []int64{6, 4}) {
		t.Errorf("four agents: %+v", s)
	}
	g = describeAll(mk(5, 5), Defaults())
	if signal(g, FewNetworks).Kind != "" || signal(g, SameAgent).Kind != "" {
		t.Errorf("five of six: %+v", g.Signals)
	}
}

// TestDescribeSpikeAgainstOthers: five members vote for idea 1 within a
// minute; 19 others voted for it over the ten hours of the scan:
// 5/60,000 ÷ 20/36,000,000 = 150 times its own rate. Idea 2 got the
// members' votes over 20 minutes against 99 others: 5/1,200,000 ÷
// 100/36,000,000 = 1.5: no spike. Strength: 5 of the members' 10 votes.
func TestDescribeSpikeAgainstOthers(t *testing.T) {
	var votes []Vote
	for u := int64(1); u <= 5; u++ {
		votes = append(votes, Vote{User: u, Idea: 1, At: 5*hour + u*10*sec}, Vote{User: u, Idea: 2, At: 2*hour + u*5*60*sec - 5*60*sec})
	}
	var others []Vote
	for i := int64(0); i < 19; i++ {
		others = append(others, Vote{User: 100 + i, Idea: 1, At: i * 30 * 60 * sec})
	}
	for i := int64(0); i < 99; i++ {
		others = append(others, Vote{User: 200 + i, Idea: 2, At: i * 6 * 60 * sec})
	}
	others = append(others, Vote{User: 999, Idea: 3, At: 10 * hour})
	all := append(votes, others...)
	scan := newScan(all, nil, Defaults())
	var m []int32
	for a := range scan.acct {
		if scan.acct[a].user <= 5 {
			m = append(m, int32(a))
		}
	}
	g := scan.describe(m)
	if s := signal(g, RateSpike); s.Strength != 0.5 || !reflect.DeepEqual(s.N, []int64{1, 5, 1, 150}) {
		t.Errorf("spike: %+v, want idea 1, 5 votes, 1 minute, 150×, strength 0.5", s)
	}

	// Exactly ten times the idea's own rate is a spike: five votes in a
	// minute, against 29 others in the hour the scan spans
	// (5/60,000 ÷ 30/3,600,000 = 10).
	votes = nil
	for u := int64(1); u <= 5; u++ {
		votes = append(votes, Vote{User: u, Idea: 1, At: 30*60*sec + u*10*sec})
	}
	for i := int64(0); i < 29; i++ {
		votes = append(votes, Vote{User: 100 + i, Idea: 1, At: i * 2 * 60 * sec})
	}
	votes = append(votes, Vote{User: 999, Idea: 2, At: hour})
	scan = newScan(votes, nil, Defaults())
	m = m[:0]
	for a := range scan.acct {
		if scan.acct[a].user <= 5 {
			m = append(m, int32(a))
		}
	}
	if s := signal(scan.describe(m), RateSpike); s.Strength != 1 || !reflect.DeepEqual(s.N, []int64{1, 5, 1, 10}) {
		t.Errorf("ten times the rate: %+v, want a spike", s)
	}
}
