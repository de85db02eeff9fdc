package integrity

import (
	"reflect"
	"sort"
	"testing"
	"time"
)

// components runs one linker over votes and returns the accounts it joined,
// as sorted lists of users (accounts left alone are not listed).
func components(votes []Vote, cfg Config, link func(*scan, *unionFind)) [][]int64 {
	sc := newScan(votes, nil, cfg)
	uf := newUnionFind(len(sc.acct))
	link(sc, uf)
	byRoot := map[int32][]int64{}
	for a := range sc.acct {
		r := uf.find(int32(a))
		byRoot[r] = append(byRoot[r], sc.acct[a].user)
	}
	var out [][]int64
	for _, us := range byRoot {
		if len(us) > 1 {
			sort.Slice(us, func(i, j int) bool { return us[i] < us[j] })
			out = append(out, us)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

var (
	synchronized = (*scan).linkSynchronized
	sameSets     = (*scan).linkSameSets
	youngBursts  = (*scan).linkYoungBursts
)

// pairLinks makes each pair of accounts vote in step twice, for two ideas
// of their own, an hour from any other pair's votes: one link each.
func pairLinks(pairs [][2]int64) []Vote {
	var out []Vote
	for k, p := range pairs {
		for i := int64(0); i < 2; i++ {
			idea := int64(1000 + 2*k + int(i))
			at := int64(2*k+int(i)) * hour
			out = append(out, Vote{User: p[0], Idea: idea, At: at}, Vote{User: p[1], Idea: idea, At: at + sec})
		}
	}
	return out
}

// inStep has n accounts vote for each of ideas, gap apart in turn.
func inStep(n int, ideas []int64, gap int64) []Vote {
	var out []Vote
	for k, idea := range ideas {
		for u := 0; u < n; u++ {
			out = append(out, Vote{User: int64(u + 1), Idea: idea, At: int64(k)*hour + int64(u)*gap})
		}
	}
	return out
}

func TestLinkSynchronized(t *testing.T) {
	cfg := Defaults()
	five := [][]int64{{1, 2, 3, 4, 5}}
	// Ten seconds apart, each account is in step with the three before
	// and after it (30 s: the window's edge), so each keeps 3 links, the
	// core. A millisecond more and the ends keep two, and all are peeled.
	if got := components(inStep(5, []int64{1, 2}, 10*sec), cfg, synchronized); !reflect.DeepEqual(got, five) {
		t.Errorf("10 s apart: %v, want one group", got)
	}
	if got := components(inStep(5, []int64{1, 2}, 10*sec+1), cfg, synchronized); got != nil {
		t.Errorf("10.001 s apart: %v, want nobody linked", got)
	}
	// One shared moment is chance; MinShared (2) is the bar.
	if got := components(inStep(5, []int64{1}, sec), cfg, synchronized); got != nil {
		t.Errorf("one idea in step: %v, want nobody linked", got)
	}
	// Each vote is compared with the next MaxNeighbours only: with 3, the
	// first and fifth never meet, but everyone keeps 3 links (the core).
	// Comparing one fewer would leave the ends with 2, and peel them all.
	narrow := cfg
	narrow.MaxNeighbours = 3
	if got := components(inStep(5, []int64{1, 2}, sec), narrow, synchronized); !reflect.DeepEqual(got, five) {
		t.Errorf("three neighbours: %v, want one group", got)
	}
	narrow.MaxNeighbours = 2
	if got := components(inStep(5, []int64{1, 2}, sec), narrow, synchronized); got != nil {
		t.Errorf("two neighbours: %v, want everyone peeled", got)
	}
	// Votes given in any order are compared in time order.
	shuffled := inStep(5, []int64{1, 2}, 10*sec)
	for i, j := 0, len(shuffled)-1; i < j; i, j = i+1, j-1 {
		shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
	}
	if got := components(shuffled, cfg, synchronized); !reflect.DeepEqual(got, five) {
		t.Errorf("votes given backwards: %v, want one group", got)
	}
}

// TestLinkSimilarityBar: two shared moments out of 3 votes each are
// 2/(3+3−2) = 0.5 similar: linked at a bar of 0.5, not at 0.51.
func TestLinkSimilarityBar(t *testing.T) {
	votes := inStep(4, []int64{1, 2}, sec)
	for u := int64(1); u <= 4; u++ {
		votes = append(votes, Vote{User: u, Idea: 100 + u, At: 10*hour + u*hour})
	}
	cfg := Defaults()
	cfg.MinSimilarity = 0.5
	if got := components(votes, cfg, synchronized); !reflect.DeepEqual(got, [][]int64{{1, 2, 3, 4}}) {
		t.Errorf("at the similarity bar: %v, want the four linked", got)
	}
	cfg.MinSimilarity = 0.51
	if got := components(votes, cfg, synchronized); got != nil {
		t.Errorf("over the similarity bar: %v, want nobody", got)
	}
}

// TestLinkCore: links are peeled to the 3-core. Accounts 1–4 are all
// linked (3 links each: kept, exactly the core). Account 5 is linked to 1
// and to 6, 7 and 9, which have fewer than 3 links: peeling them leaves 5
// with one link, so it goes too, and does not join 1's group.
func TestLinkCore(t *testing.T) {
	cfg := Defaults()
	cfg.MinSimilarity = 0.01
	pairs := [][2]int64{{1, 2}, {1, 3}, {1, 4}, {2, 3}, {2, 4}, {3, 4}, {5, 1}, {5, 6}, {5, 7}, {6, 7}, {5, 9}}
	if got := components(pairLinks(pairs), cfg, synchronized); !reflect.DeepEqual(got, [][]int64{{1, 2, 3, 4}}) {
		t.Errorf("peeled: %v, want only 1–4", got)
	}
	cfg.Core = 4
	if got := components(pairLinks(pairs), cfg, synchronized); got != nil {
		t.Errorf("a 4-core: %v, want nobody (1–4 have 3 links each)", got)
	}
}

// TestLinkSameSets: six of a hundred accounts voting for exactly the same
// three unpopular ideas are far more than chance (100·0.06³ ≈ 0.02); thirty
// voting for the same three ideas that 90 of the 100 voted for are what
// popularity gives (100·0.9³ ≈ 73); two ideas are too few to judge.
func TestLinkSameSets(t *testing.T) {
	var votes []Vote
	at := int64(0)
	vote := func(u, idea int64) {
		at += 5 * 60 * sec // never in step
		votes = append(votes, Vote{User: u, Idea: idea, At: at})
	}
	for u := int64(1); u <= 6; u++ {
		for _, idea := range []int64{1, 2, 3} {
			vote(u, idea)
		}
	}
	for u := int64(7); u <= 100; u++ {
		vote(u, 50+u%3)
	}
	if got := components(votes, Defaults(), sameSets); !reflect.DeepEqual(got, [][]int64{{1, 2, 3, 4, 5, 6}}) {
		t.Errorf("rare identical sets: %v, want 1–6", got)
	}
	// Five alike are not enough however rare the set: the bar is MinGroup
	// plus twenty times chance.
	if got := components(votes[3:], Defaults(), sameSets); got != nil {
		t.Errorf("five rare identical sets: %v, want nobody", got)
	}

	votes, at = nil, 0
	for u := int64(1); u <= 100; u++ {
		if u <= 90 {
			for _, idea := range []int64{1, 2, 3} {
				vote(u, idea)
			}
		} else {
			vote(u, 9)
		}
	}
	if got := components(votes, Defaults(), sameSets); got != nil {
		t.Errorf("popular identical sets: %v, want nobody", got)
	}

	votes, at = nil, 0
	for u := int64(1); u <= 6; u++ {
		vote(u, 1)
		vote(u, 2)
	}
	for u := int64(7); u <= 100; u++ {
		vote(u, 50+u%3)
	}
	if got := components(votes, Defaults(), sameSets); got != nil {
		t.Errorf("identical sets of two ideas: %v, want nobody", got)
	}
}

// young makes an account created at created on net that votes for idea
// after wait.
func young(u, net, idea, created, wait int64) Vote {
	return Vote{User: u, Idea: idea, At: created + wait, Net: net, Age: wait / 1000}
}

func TestLinkYoungBursts(t *testing.T) {
	cfg := Defaults()
	burst := func(n int, apart, wait int64) []Vote {
		var out []Vote
		for u := 0; u < n; u++ {
			out = append(out, young(int64(u+1), 7, 1, 10*hour+int64(u)*apart, wait))
		}
		return out
	}
	five := [][]int64{{1, 2, 3, 4, 5}}
	if got := components(burst(5, 60*sec, time.Hour.Milliseconds()), cfg, youngBursts); !reflect.DeepEqual(got, five) {
		t.Errorf("voting an hour after sign-up (the edge of young): %v, want one group", got)
	}
	if got := components(burst(5, 60*sec, time.Hour.Milliseconds()+sec), cfg, youngBursts); got != nil {
		t.Errorf("voting an hour and a second after: %v, want nobody", got)
	}
	if got := components(burst(4, 60*sec, 60*sec), cfg, youngBursts); got != nil {
		t.Errorf("four accounts: %v, want nobody (fewer than MinGroup)", got)
	}
	// Made 7.5 minutes apart: the first and fifth are 30 minutes apart,
	// the window's edge.
	if got := components(burst(5, 450*sec, 60*sec), cfg, youngBursts); !reflect.DeepEqual(got, five) {
		t.Errorf("made within 30 minutes: %v, want one group", got)
	}
	if got := components(burst(5, 451*sec, 60*sec), cfg, youngBursts); got != nil {
		t.Errorf("made over 30 minutes: %v, want nobody", got)
	}
	// A common idea: four of five (80%) is enough, three is not.
	mixed := burst(5, 60*sec, 60*sec)
	mixed[4].Idea = 2
	if got := components(mixed, cfg, youngBursts); !reflect.DeepEqual(got, five) {
		t.Errorf("four of five on one idea: %v, want one group", got)
	}
	mixed[3].Idea = 3
	if got := components(mixed, cfg, youngBursts); got != nil {
		t.Errorf("three of five on one idea: %v, want nobody", got)
	}
	// Unknown network or age: not judged.
	noNet := burst(5, 60*sec, 60*sec)
	noNet[0].Net = 0
	if got := components(noNet, cfg, youngBursts); got != nil {
		t.Errorf("one account with no network: %v, want the other four alone", got)
	}
	noAge := burst(5, 60*sec, 60*sec)
	noAge[0].Age = 0
	if got := components(noAge, cfg, youngBursts); got != nil {
		t.Errorf("one account with no age: %v, want the other four alone", got)
	}
	// Two networks of five: two groups, not one.
	two := burst(10, 10*sec, 60*sec)
	for i := 5; i < 10; i++ {
		two[i].Net = 8
	}
	if got := components(two, cfg, youngBursts); !reflect.DeepEqual(got, [][]int64{{1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}}) {
		t.Errorf("two networks: %v", got)
	}
}

// TestScanReadsEachAccount: an account's network is the one it voted from
// most (the lower hash on a tie); its creation is the earliest its votes
// imply; its first vote the earliest.
func TestScanReadsEachAccount(t *testing.T) {
	votes := []Vote{
		{User: 1, Idea: 1, At: 5000 * sec, Net: 9, Age: 100},
		{User: 1, Idea: 2, At: 3000 * sec, Net: 9, Age: 2900},
		{User: 1, Idea: 3, At: 6000 * sec, Net: 4, Age: 50},
		{User: 2, Idea: 1, At: 1000 * sec, Net: 9},
		{User: 2, Idea: 2, At: 2000 * sec, Net: 4},
		{User: 3, Idea: 1, At: 1000 * sec, Net: 4},
		{User: 3, Idea: 2, At: 2000 * sec, Net: 9},
	}
	sc := newScan(votes, nil, Defaults())
	a, b := sc.acct[0], sc.acct[1]
	if a.net != 9 || b.net != 4 || sc.acct[2].net != 4 {
		t.Errorf("networks: %d, %d and %d, want 9 (most votes) and 4 twice (a tie, seen second or first: the lower)", a.net, b.net, sc.acct[2].net)
	}
	if a.created != 100*sec || a.first != 3000*sec {
		t.Errorf("account 1: created %d, first vote %d; want 100 s and 3,000 s", a.created/sec, a.first/sec)
	}
	if b.created != 0 || b.first != 1000*sec {
		t.Errorf("account 2: created %d, first %d; want unknown and 1,000 s", b.created, b.first/sec)
	}
	if sc.span != 5000*sec {
		t.Errorf("span %d s, want 5,000", sc.span/sec)
	}
	if got := newScan(votes[:2], nil, Defaults()).span; got != hour {
		t.Errorf("a short span %d ms, want the hour it is floored at", got)
	}
}

// TestDetectEdges: five accounts in step are a group (MinGroup is five);
// four are not; a group scoring exactly the report bar is reported, one a
// thousandth under it is not.
func TestDetectEdges(t *testing.T) {
	cfg := Defaults()
	five := inStep(5, []int64{1, 2, 3}, 5*sec)
	got := Detect(five, nil, cfg)
	if len(got) != 1 || !reflect.DeepEqual(got[0].Users, []int64{1, 2, 3, 4, 5}) {
		t.Fatalf("five in step: %+v", got)
	}
	if got := Detect(inStep(4, []int64{1, 2, 3}, 5*sec), nil, cfg); got != nil {
		t.Errorf("four in step: %+v, want no group", got)
	}
	cfg.Report = got[0].Score
	if n := len(Detect(five, nil, cfg)); n != 1 {
		t.Errorf("scoring exactly the bar: %d groups, want 1", n)
	}
	cfg.Report = got[0].Score + 0.001
	if n := len(Detect(five, nil, cfg)); n != 0 {
		t.Errorf("scoring under the bar: %d groups, want 0", n)
	}
	// Two groups come strongest first: the one of users 1–5 also voted
	// alone for an idea each, so it is less in step than users 11–15.
	var two []Vote
	for _, v := range inStep(5, []int64{4, 5, 6}, 5*sec) {
		two = append(two, v)
		if v.Idea == 4 {
			two = append(two, Vote{User: v.User, Idea: 100 + v.User, At: 20*hour + v.User*hour})
		}
	}
	for _, v := range inStep(5, []int64{1, 2, 3}, 5*sec) {
		v.User += 10
		two = append(two, v)
	}
	for i := 0; i < 5; i++ { // whatever order the groups are found in
		got = Detect(two, nil, Defaults())
		if len(got) != 2 || got[0].Users[0] != 11 || got[1].Users[0] != 1 || !(got[0].Score > got[1].Score) {
			t.Fatalf("two groups: %+v", got)
		}
	}
}
