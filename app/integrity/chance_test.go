package integrity

import (
	"math"
	"math/rand"
	"reflect"
	"testing"
	"time"
)

// livestream is a design poll announced in a livestream (the Qige case): 5
// designs, each fan votes for 3 of them within about 20 s, favouring two;
// every fan on their own network, accounts 90 days old, arriving at random
// over spread.
func livestream(r *rand.Rand, fans int, spread time.Duration, firstUser int64) []Vote {
	var out []Vote
	w := []float64{0.35, 0.3, 0.15, 0.1, 0.1}
	for u := firstUser; u < firstUser+int64(fans); u++ {
		at := 12*hour + r.Int63n(spread.Milliseconds())
		seen := map[int64]bool{}
		for len(seen) < 3 {
			x, d := r.Float64(), 0
			for ; d < 4 && x >= w[d]; d++ {
				x -= w[d]
			}
			if seen[int64(d+1)] {
				continue
			}
			seen[int64(d+1)] = true
			at += 2*sec + r.Int63n(8*sec)
			out = append(out, Vote{User: u, Idea: int64(d + 1), At: at, Net: 10000 + u, UA: 1 + r.Int63n(30), Age: 90 * 86400})
		}
	}
	return out
}

// An honest livestream surge in a small poll is no group at all, however
// many fans arrive how fast: the designs' co-votes are what everyone
// voting at once gives by chance. (Before the chance model, 199 of 200
// fans over 10 minutes were quarantined, and all 2,000 over an hour.)
func TestLivestreamSurgeIsNoGroup(t *testing.T) {
	for _, c := range []struct {
		fans   int
		spread time.Duration
	}{{200, 10 * time.Minute}, {500, 30 * time.Minute}, {2000, time.Hour}, {300, 3 * time.Hour}, {100, 2 * time.Hour}} {
		votes := livestream(rand.New(rand.NewSource(1)), c.fans, c.spread, 1)
		if g := Detect(votes, nil, Defaults()); len(g) > 0 {
			t.Errorf("%d fans over %v: %d groups, the first of %d accounts, score %.3f: %s",
				c.fans, c.spread, len(g), len(g[0].Users), g[0].Score, words(g[0]))
		}
	}
}

// singleActFarm is a click farm of n accounts on one network with one
// browser, among 300 honest voters over a day: each account votes for
// idea 7 one after another, apart; with second, it votes for idea 1 a
// second later too.
func singleActFarm(n int, age, apart int64, second bool) []Vote {
	var votes []Vote
	for u := int64(1); u <= 300; u++ {
		votes = append(votes, Vote{User: u, Idea: 1 + u%6, At: u * 280 * sec, Net: 1000 + u, UA: 50 + u%9, Age: 30 * 86400})
	}
	for k := int64(0); k < int64(n); k++ {
		at := 13*hour + k*apart
		votes = append(votes, Vote{User: 1001 + k, Idea: 7, At: at, Net: 42, UA: 42, Age: age})
		if second {
			votes = append(votes, Vote{User: 1001 + k, Idea: 1, At: at + sec, Net: 42, UA: 42, Age: age + 1})
		}
	}
	return votes
}

// tally counts the accounts in groups at or over the quarantine bar and
// under it, farm (users over 1000) and honest apart.
func tally(groups []Group) (farmHeld, farmReported, honest int) {
	for _, g := range groups {
		for _, u := range g.Users {
			switch {
			case u <= 1000:
				honest++
			case g.Score >= Defaults().Quarantine:
				farmHeld++
			default:
				farmReported++
			}
		}
	}
	return
}

// A farm whose accounts vote once each from one network with one browser
// is found and quarantined whatever its accounts' age (before: aged
// accounts were never grouped).
func TestSingleActFarmIsQuarantined(t *testing.T) {
	for _, c := range []struct {
		name   string
		age    int64 // seconds
		apart  int64
		second bool
	}{
		{"aged 2 h, one vote each, 200 in 100 s", 2 * 3600, 500, false},
		{"10 minutes old, one vote each", 600, 500, false},
		{"aged 2 h, two votes each, 31 s apart", 2 * 3600, 31 * sec, true},
		{"aged a year, one vote each, 200 in 100 s", 365 * 86400, 500, false},
	} {
		held, reported, honest := tally(Detect(singleActFarm(200, c.age, c.apart, c.second), nil, Defaults()))
		t.Logf("%s: %d of 200 quarantined, %d reported, %d honest flagged", c.name, held, reported, honest)
		if held < 180 || honest > 0 {
			t.Errorf("%s: %d of 200 quarantined (want at least 180), %d honest flagged", c.name, held, honest)
		}
	}
}

// meetup is a club meeting on a campus network (one network hash): n fans
// with accounts months old vote for a friend's idea 33 within five
// minutes, with browsers from uas. Each also votes for two ideas at random
// times: with also 1 from home (a network of its own), with 2 from the
// campus. Among an honest crowd of 600.
func meetup(r *rand.Rand, n, uas int, young bool, also int) []Vote {
	votes := crowd(r, 600, 40, 24*hour, 1)
	for u := int64(0); u < int64(n); u++ {
		at := 10*hour + r.Int63n(5*60*sec)
		age := int64(200 * 86400)
		if young {
			age = 300 + u*10
		}
		ua := 500 + r.Int63n(int64(uas))
		votes = append(votes, Vote{User: 5000 + u, Idea: 33, At: at, Net: 77777, UA: ua, Age: age})
		for k := 0; also > 0 && k < 2; k++ {
			at := r.Int63n(24 * hour)
			net := int64(77777)
			if also == 1 {
				net = 80000 + u
			}
			votes = append(votes, Vote{User: 5000 + u, Idea: 1 + r.Int63n(32), At: at, Net: net, UA: ua, Age: age + at/1000})
		}
	}
	return dedupe(votes)
}

// Honest fans voting together for a friend's idea from one campus network
// are at most reported, never quarantined, whether they vote for nothing
// else or for other ideas too; corroboration (one browser for all, or
// accounts made just before) quarantines the same group.
func TestCampusMeetupIsAtMostReported(t *testing.T) {
	for _, c := range []struct {
		name  string
		uas   int
		young bool
		also  int
		held  bool
	}{
		{"25 fans, 12 browsers, one vote each", 12, false, 0, false},
		{"25 fans, 4 browsers, one vote each", 4, false, 0, false},
		{"25 fans, 12 browsers, two more votes each from home", 12, false, 1, false},
		{"25 fans, 12 browsers, two more votes each from the campus", 12, false, 2, false},
		{"25 fans, one browser, one vote each", 1, false, 0, true},
		{"25 accounts made minutes before, 12 browsers", 12, true, 0, true},
	} {
		groups := Detect(meetup(rand.New(rand.NewSource(4)), 25, c.uas, c.young, c.also), nil, Defaults())
		held, reported, honest := 0, 0, 0
		for _, g := range groups {
			for _, u := range g.Users {
				switch {
				case u < 5000:
					honest++
				case g.Score >= Defaults().Quarantine:
					held++
				default:
					reported++
				}
			}
		}
		if len(groups) > 0 {
			t.Logf("%s: %d of 25 quarantined, %d reported; first group's score %.3f; %d of the crowd", c.name, held, reported, groups[0].Score, honest)
		} else {
			t.Logf("%s: no group", c.name)
		}
		if honest > 0 || c.held && held < 23 || !c.held && held > 0 {
			t.Errorf("%s: %d of 25 quarantined (want all: %v), %d of the crowd flagged", c.name, held, c.held, honest)
		}
	}
}

// A ring voting in step during a livestream is still found: its votes
// crowd its designs beyond what the stream gives, and repeated over its
// three designs.
func TestRingInALivestream(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	votes := livestream(r, 1000, time.Hour, 1)
	for a := int64(0); a < 30; a++ {
		for k, d := range []int64{3, 4, 5} {
			at := 12*hour + 20*60*sec + int64(k)*5*60*sec + r.Int63n(15*sec)
			votes = append(votes, Vote{User: 100000 + a, Idea: d, At: at, Net: 900 + a, UA: 1 + r.Int63n(30), Age: 400 * 86400})
		}
	}
	found, honest := 0, 0
	for _, g := range Detect(votes, nil, Defaults()) {
		for _, u := range g.Users {
			if u >= 100000 && g.Score >= Defaults().Quarantine {
				found++
			} else if u < 100000 {
				honest++
			}
		}
	}
	t.Logf("ring of 30 in a livestream of 1,000 fans: %d quarantined, %d fans flagged", found, honest)
	if found < 27 || honest > 10 {
		t.Errorf("ring in a livestream: %d of 30 quarantined, %d of 1,000 fans flagged", found, honest)
	}
}

func TestPoissonTail(t *testing.T) {
	for _, c := range []struct {
		k    int
		lam  float64
		want float64
	}{
		{0, 0, 1},
		{3, 3, 1},   // at the mean: not computed (the true tail is 0.577)
		{3, 3.5, 1}, // below it
		{1, 0, 0},   // nothing expected: any vote is beyond chance
		{1, 0.5, 1 - math.Exp(-0.5)},
		{2, 1, 1 - 2/math.E},
		{4, 0.5, 1 - math.Exp(-0.5)*(1+0.5+0.125+0.125/6)},
		{12, 4, 1 - cdf(11, 4)},
		{30, 10, 1 - cdf(29, 10)},
		{200, 0.25, math.Exp(200*math.Log(0.25)-0.25-lgamma(201)) * (1 + 0.25/201 + 0.25*0.25/201/202)},
	} {
		if got := poissonTail(c.k, c.lam); math.Abs(got-c.want) > 1e-8*c.want+1e-12 {
			t.Errorf("poissonTail(%d, %v) = %.10g, want %.10g", c.k, c.lam, got, c.want)
		}
	}
	// Far beyond an expectation of thousands (exp(−lam) alone underflows).
	if got := poissonTail(3000, 2000); got <= 0 || got > 1e-80 {
		t.Errorf("poissonTail(3000, 2000) = %g", got)
	}
	if got := poissonTail(2050, 2000); got < 0.12 || got > 0.14 {
		t.Errorf("poissonTail(2050, 2000) = %g, want about 0.13", got)
	}
}

// cdf is the chance of at most k events where lam are expected, summed
// from below.
func cdf(k int, lam float64) float64 {
	sum, term := 0.0, math.Exp(-lam)
	for i := 0; i <= k; i++ {
		sum += term
		term *= lam / float64(i+1)
	}
	return sum
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

func TestWithin(t *testing.T) {
	ts := []int64{1, 3, 3, 5, 9}
	for _, c := range []struct {
		lo, hi int64
		want   int
	}{{3, 5, 3}, {4, 8, 1}, {0, 100, 5}, {6, 8, 0}, {9, 9, 1}, {1, 2, 1}, {2, 3, 2}} {
		if got := within(ts, c.lo, c.hi); got != c.want {
			t.Errorf("within [%d, %d] = %d, want %d", c.lo, c.hi, got, c.want)
		}
	}
}

// TestCrowding is a worked example. Idea 1 gets votes at 0, 10, 20, 30 and
// 40 s; idea 2 at 25 s and at an hour; idea 3 at two hours. Eight votes,
// three ideas, window 30 s. The 30-second moments hold 4 votes (0–25 s),
// 2 (30, 40 s), 1 (an hour) and 1 (two hours): the typical moment holds 2,
// so idea 1's three votes in the first moment count as 2.
//
//   - the vote at 0 s: 3 others for idea 1 within 30 s (10, 20, 30) and 4
//     votes of any idea (with 25 s); outside its window's moments (up to
//     the second), idea 1 has none of 2 votes (an hour, two hours): share
//     (0+1)/(2+3) = 1/5, chance 4/5;
//   - at 10 and 20 s: 4 others for idea 1, 5 in all: share 1/5, chance 1;
//     at 30 and 40 s the window's moments are the first to the third, the
//     same outside: at 30 s chance 1, at 40 s (3 others, 4 in all) 4/5;
//   - idea 2's vote at 25 s: 0 others for it, 5 in all; outside, 1 of 2:
//     share 2/5, chance 2;
//   - idea 3's vote: alone: chance 0.
func TestCrowding(t *testing.T) {
	votes := []Vote{
		{User: 1, Idea: 1, At: 0}, {User: 2, Idea: 1, At: 10 * sec}, {User: 3, Idea: 1, At: 20 * sec},
		{User: 4, Idea: 1, At: 30 * sec}, {User: 5, Idea: 1, At: 40 * sec},
		{User: 6, Idea: 2, At: 25 * sec}, {User: 7, Idea: 2, At: hour}, {User: 8, Idea: 3, At: 2 * hour},
	}
	sc := newScan(votes, nil, Defaults())
	all := []int64{0, 10 * sec, 20 * sec, 25 * sec, 30 * sec, 40 * sec, hour, 2 * hour}
	for _, c := range []struct {
		vote   int
		mine   int
		chance float64
	}{{0, 3, 0.8}, {2, 4, 1}, {3, 4, 1}, {4, 3, 0.8}, {5, 0, 2}, {7, 0, 0}} {
		mine, chance := sc.crowding(all, 30*sec, c.vote)
		if mine != c.mine || math.Abs(chance-c.chance) > 1e-12 {
			t.Errorf("vote at %d s: %d others for its idea, chance %v; want %d and %v", votes[c.vote].At/sec, mine, chance, c.mine, c.chance)
		}
	}
	// In excess: the chance of 3 or more where 4/5 are expected is 0.047;
	// of 4 or more where 1 is, 0.019. The default bar (0.05) takes both
	// (idea 1's five votes), not idea 2's (0 where 2 are expected) nor
	// idea 3's; a bar exactly at a vote's tail does not take it.
	want := []bool{true, true, true, true, true, false, false, false}
	if !reflect.DeepEqual(sc.excess, want) {
		t.Errorf("excess %v, want %v", sc.excess, want)
	}
	cfg := Defaults()
	cfg.Chance = poissonTail(4, 1)
	if sc := newScan(votes, nil, cfg); sc.excess[2] {
		t.Errorf("a tail exactly at the bar: in excess, want not")
	}
	cfg.Chance = math.Nextafter(cfg.Chance, 1)
	if sc := newScan(votes, nil, cfg); !sc.excess[2] {
		t.Errorf("a tail just under the bar: not in excess, want it")
	}
}

// netRun has accounts 1..n on network 9 vote for idea 1 gap apart from
// 10 h; twenty accounts on networks of their own vote for idea 2 over the
// day; one on network 200 and one of unknown network vote for idea 1
// during the run, and one of unknown network for idea 2.
func netRun(n int, gap int64) []Vote {
	var votes []Vote
	for u := int64(1); u <= int64(n); u++ {
		votes = append(votes, Vote{User: u, Idea: 1, At: 10*hour + (u-1)*gap, Net: 9})
	}
	for u := int64(100); u < 120; u++ {
		votes = append(votes, Vote{User: u, Idea: 2, At: (u - 100) * hour, Net: u})
	}
	return append(votes,
		Vote{User: 200, Idea: 1, At: 10*hour + gap/2, Net: 200},
		Vote{User: 201, Idea: 1, At: 10*hour + gap/2},
		Vote{User: 202, Idea: 2, At: 5 * hour})
}

// TestLinkNetworkBursts: five accounts on one network voting for one idea,
// each within five minutes of the one before. The network's share of the
// votes for other ideas: (0 + 1) over (20 votes for idea 2 from a known
// network + 22 networks) = 1/42; the run's time holds 7 votes for idea 1
// (the unknown network's too): 7/42 expected, and 5 or more come with a
// chance of about 9.3e-7, far under the bar.
func TestLinkNetworkBursts(t *testing.T) {
	cfg := Defaults()
	gap := cfg.NetWindow.Milliseconds()
	five := [][]int64{{1, 2, 3, 4, 5}}
	if got := components(netRun(5, gap), cfg, (*scan).linkNetworkBursts); !reflect.DeepEqual(got, five) {
		t.Errorf("five votes, each exactly the window after the one before: %v, want one group", got)
	}
	if got := components(netRun(5, gap+1), cfg, (*scan).linkNetworkBursts); got != nil {
		t.Errorf("a millisecond further apart: %v, want nobody", got)
	}
	if got := components(netRun(4, sec), cfg, (*scan).linkNetworkBursts); got != nil {
		t.Errorf("four votes: %v, want nobody (fewer than MinGroup)", got)
	}
	// The bar exactly at the run's tail does not link; just above it does.
	tail := poissonTail(5, 7.0/42)
	if tail > 1e-6 || tail < 9e-7 {
		t.Fatalf("tail %g", tail)
	}
	cfg.NetChance = tail
	if got := components(netRun(5, sec), cfg, (*scan).linkNetworkBursts); got != nil {
		t.Errorf("bar at the tail: %v, want nobody", got)
	}
	cfg.NetChance = math.Nextafter(tail, 1)
	if got := components(netRun(5, sec), cfg, (*scan).linkNetworkBursts); !reflect.DeepEqual(got, five) {
		t.Errorf("bar just above the tail: %v, want one group", got)
	}
	// Two runs of one network: five votes a second apart and, an hour
	// later, four more: only the first run is linked. The share now counts
	// nine votes for idea 1 (still none elsewhere).
	votes := netRun(5, sec)
	for u := int64(6); u <= 9; u++ {
		votes = append(votes, Vote{User: u, Idea: 1, At: 11*hour + u*sec, Net: 9})
	}
	if got := components(votes, Defaults(), (*scan).linkNetworkBursts); !reflect.DeepEqual(got, five) {
		t.Errorf("two runs: %v, want the first only", got)
	}
	// A network that votes as much for other ideas (a carrier's NAT many
	// fans share) is not linked for a run its share explains: 60 more
	// votes from it for idea 2 make its share (60+1)/(80+22) and the run's
	// 7 votes 4.19 expected; five or more come with a chance of 0.41.
	votes = netRun(5, sec)
	for u := int64(300); u < 360; u++ {
		votes = append(votes, Vote{User: u, Idea: 2, At: (u - 300) * 20 * 60 * sec, Net: 9})
	}
	if got := components(votes, Defaults(), (*scan).linkNetworkBursts); got != nil {
		t.Errorf("a shared network's run: %v, want nobody", got)
	}
}

// TestDescribeOneMoment is a worked example of a group that voted for one
// idea together: six members vote for idea 1, five of them 5 s apart and
// the sixth ten minutes later, and each for an idea of its own hours
// apart (the span is 6 h).
//
//   - in step: 5 of the 12 votes, 0.417;
//   - rate spike: idea 1's 6 votes in 10 minutes against 1 per 6 hours,
//     216 times, strength 6/12 = 0.5;
//   - same votes: every pair shares 1 of 3 ideas, 0.333.
//
// One idea is listed, so the three are one piece of evidence: in step
// weighs 0.55 (as same votes), 0.55·0.417 = 0.229, more than the spike's
// 0.45·0.5 = 0.225 and same votes' 0.183: the score is 0.229 (noisy-OR
// over the three would give 0.505). The signals are all still given,
// strongest first by their own weights.
func TestDescribeOneMoment(t *testing.T) {
	const T = int64(1_000_000_000)
	var votes []Vote
	for u := int64(1); u <= 6; u++ {
		at := T + (u-1)*5*sec
		if u == 6 {
			at = T + 10*60*sec
		}
		votes = append(votes, Vote{User: u, Idea: 1, At: at}, Vote{User: u, Idea: 100 + u, At: T + u*hour})
	}
	g := describeAll(votes, Defaults())
	if !reflect.DeepEqual(g.Ideas, []int64{1}) {
		t.Fatalf("ideas %v", g.Ideas)
	}
	sameSignals(t, "one moment", g.Signals, []Signal{
		{Kind: Synchronized, Strength: 0.417, N: []int64{6, 30, 42}, Ideas: []int64{1}},
		{Kind: RateSpike, Strength: 0.5, N: []int64{1, 6, 10, 216}},
		{Kind: SameVotes, Strength: 0.333, N: []int64{6, 33}},
	})
	if g.Score != 0.229 {
		t.Errorf("score %v, want 0.229", g.Score)
	}
}
