package pairwise

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func items(n int) []Item {
	out := make([]Item, n)
	for i := range out {
		out[i] = Item{ID: int64(i + 1), SE: 0.5}
	}
	return out
}

func TestPairOf(t *testing.T) {
	if PairOf(7, 3) != (Pair{3, 7}) || PairOf(3, 7) != (Pair{3, 7}) {
		t.Error("PairOf does not put the lower id first")
	}
}

func TestChooseNothingLeft(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	if _, _, ok := Choose(nil, nil, rng, 0); ok {
		t.Error("a pair from no items")
	}
	if _, _, ok := Choose(items(1), nil, rng, 0); ok {
		t.Error("a pair from one item")
	}
	all := map[Pair]bool{PairOf(1, 2): true, PairOf(1, 3): true, PairOf(2, 3): true}
	for _, explore := range []float64{0, 1} {
		if _, _, ok := Choose(items(3), all, rng, explore); ok {
			t.Error("a pair after every pair was judged")
		}
	}
}

// Property: whatever the fan judged, the pair is two different items of
// the list that the fan has not judged; and the last pair left is found.
func TestChooseNeverRepeatsAPair(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for round := range 300 {
		n := 2 + rng.IntN(8)
		list := items(n)
		for i := range list {
			list[i].Theta, list[i].SE = rng.NormFloat64(), 0.1+rng.Float64()
		}
		judged := map[Pair]bool{}
		var left []Pair
		for i := 1; i <= n; i++ {
			for j := i + 1; j <= n; j++ {
				if rng.IntN(3) > 0 {
					judged[PairOf(int64(i), int64(j))] = true
				} else {
					left = append(left, PairOf(int64(i), int64(j)))
				}
			}
		}
		judged[PairOf(50, 60)] = true // a pair of ideas no longer listed
		a, b, ok := Choose(list, judged, rng, []float64{0, 0.2, 1}[round%3])
		if ok != (len(left) > 0) {
			t.Fatalf("ok %v with %d pairs left", ok, len(left))
		}
		if !ok {
			continue
		}
		if a.ID == b.ID || judged[PairOf(a.ID, b.ID)] || a.ID < 1 || b.ID < 1 || a.ID > int64(n) || b.ID > int64(n) {
			t.Fatalf("chose %d-%d (judged %v)", a.ID, b.ID, judged[PairOf(a.ID, b.ID)])
		}
		if len(left) == 1 && PairOf(a.ID, b.ID) != left[0] {
			t.Fatalf("the one pair left was %v, chose %d-%d", left[0], a.ID, b.ID)
		}
	}
}

// Without exploration the pair is the most uncertain idea and the partner
// whose answer teaches most; both sides are used.
func TestChooseWhereItTeachesMost(t *testing.T) {
	list := []Item{
		{ID: 1, Theta: 0, SE: 0.2},
		{ID: 2, Theta: 0.1, SE: 1.4}, // the newcomer: most uncertain
		{ID: 3, Theta: 3, SE: 0.3},   // far away: the answer is foregone
		{ID: 4, Theta: 0.2, SE: 0.3}, // close and uncertain: the best partner
		{ID: 5, Theta: 0.15, SE: 0.1},
	}
	rng := rand.New(rand.NewPCG(3, 3))
	// Wherever the most uncertain stands in the list (first, or after a
	// less uncertain one).
	for _, order := range [][]Item{list, {list[1], list[0], list[2], list[3], list[4]}, {list[4], list[3], list[2], list[1], list[0]}} {
		sides := map[int64]int{}
		for range 50 {
			a, b, ok := Choose(order, nil, rng, 0)
			if !ok || PairOf(a.ID, b.ID) != PairOf(2, 4) {
				t.Fatalf("chose %d-%d, want 2-4", a.ID, b.ID)
			}
			sides[a.ID]++
		}
		if sides[2] == 0 || sides[4] == 0 {
			t.Errorf("one idea is always on the left: %v", sides)
		}
	}
	// Once 2-4 is judged, 2 meets its next best partner.
	a, b, _ := Choose(list, map[Pair]bool{PairOf(2, 4): true}, rng, 0)
	if PairOf(a.ID, b.ID) != PairOf(1, 2) {
		t.Errorf("then chose %d-%d, want 1-2", a.ID, b.ID)
	}
	// When the newcomer has met everyone, the next most uncertain leads.
	done := map[Pair]bool{}
	for _, j := range []int64{1, 3, 4, 5} {
		done[PairOf(2, j)] = true
	}
	a, b, _ = Choose(list, done, rng, 0)
	if a.ID != 3 && b.ID != 3 && a.ID != 4 && b.ID != 4 {
		t.Errorf("after the newcomer, chose %d-%d", a.ID, b.ID)
	}
}

// Exploration spreads pairs over all of them.
func TestChooseExplores(t *testing.T) {
	list := items(6)
	list[0].SE = 2
	rng := rand.New(rand.NewPCG(4, 4))
	seen := map[Pair]int{}
	for range 600 {
		a, b, _ := Choose(list, nil, rng, 1)
		seen[PairOf(a.ID, b.ID)]++
	}
	if len(seen) != 15 {
		t.Errorf("full exploration reached %d of 15 pairs", len(seen))
	}
	greedy := map[Pair]int{}
	for range 200 {
		a, b, _ := Choose(list, nil, rng, 0)
		greedy[PairOf(a.ID, b.ID)]++
	}
	for p := range greedy {
		if p.Low != 1 {
			t.Errorf("without exploration, chose %v without the uncertain idea", p)
		}
	}
	mixed := 0
	for range 1000 {
		a, b, _ := Choose(list, nil, rng, Explore)
		if a.ID != 1 && b.ID != 1 {
			mixed++
		}
	}
	// About Explore × 10/15 of the pairs leave the uncertain idea out.
	if want := 1000 * Explore * 10 / 15; math.Abs(float64(mixed)-want) > 45 {
		t.Errorf("%d pairs without the uncertain idea, want about %.0f", mixed, want)
	}
}

func TestInformation(t *testing.T) {
	a, b := Item{Theta: math.Log(3), SE: 1.5}, Item{Theta: 0, SE: 2}
	if got := Information(a, b); !near(got, 0.75*0.25*6.25, 1e-12) {
		t.Errorf("Information = %v", got)
	}
	if Information(Item{SE: 1}, Item{SE: 1}) <= Information(Item{SE: 1}, Item{Theta: 2, SE: 1}) {
		t.Error("a close pair teaches no more than a lopsided one")
	}
	if !near(UnfittedSE, math.Sqrt2, 1e-12) {
		t.Errorf("UnfittedSE %v is not the prior's", UnfittedSE)
	}
}

func TestLiveSE(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want float64
	}{
		{0, math.Sqrt2},                  // the prior alone: 2 × 0.25
		{-3, math.Sqrt2},                 // no fewer than none
		{1, 1 / math.Sqrt(0.5+0.2)},      // one typical answer
		{10, 1 / math.Sqrt(0.5+2)},       // ten
		{1000, 1 / math.Sqrt(0.5+200.0)}, // many
	} {
		if got := LiveSE(tc.n); !near(got, tc.want, 1e-12) {
			t.Errorf("LiveSE(%d) = %v, want %v", tc.n, got, tc.want)
		}
	}
	if LiveSE(5) >= LiveSE(4) {
		t.Error("an answer leaves an idea no less uncertain")
	}
}

// Between two refits the fitted strengths stand still but the answer
// counts move: with LiveSE, fans asked one after another spread over the
// ideas (every idea within one answer of the others) instead of all being
// asked the same most uncertain one.
func TestChooseBetweenRefitsSpreadsOverIdeas(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	its := items(12)
	count := map[int64]int{}
	for k := 0; k < 60; k++ {
		for i := range its {
			its[i].SE = LiveSE(count[its[i].ID])
		}
		a, b, ok := Choose(its, map[Pair]bool{}, rng, 0)
		if !ok {
			t.Fatal("no pair")
		}
		count[a.ID]++
		count[b.ID]++
	}
	lo, hi := 1000, 0
	for _, it := range its {
		lo, hi = min(lo, count[it.ID]), max(hi, count[it.ID])
	}
	if hi-lo > 1 {
		t.Errorf("answers per idea range from %d to %d: %v", lo, hi, count)
	}
}

// Ties go to a random one of them, both the idea asked first and its
// partner, with or without exploration: among equal ideas every pair is
// asked about as often.
func TestChooseBreaksTiesAtRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	list := items(5)
	judged := map[Pair]bool{PairOf(1, 2): true} // a pair judged: 9 left
	for _, explore := range []float64{0, 1} {
		seen := map[Pair]int{}
		const draws = 3600
		for range draws {
			a, b, ok := Choose(list, judged, rng, explore)
			if !ok {
				t.Fatal("no pair")
			}
			seen[PairOf(a.ID, b.ID)]++
		}
		if len(seen) != 9 {
			t.Errorf("explore %v: %d of the 9 pairs left asked: %v", explore, len(seen), seen)
		}
		// Not quite 1/9 each: an idea's partners left are 3 or 4, so a
		// pair is 0.1 to 0.117 of the draws.
		for p, k := range seen {
			if k < draws/10*3/4 || k > draws/9*5/4 {
				t.Errorf("explore %v: pair %v asked %d times of %d, want about %d", explore, p, k, draws, draws/9)
			}
		}
	}
}

// BenchmarkChoose is one question at 1,000 ideas for a fan who judged 10
// pairs: what NextPair spends choosing.
func BenchmarkChoose(b *testing.B) {
	rng := rand.New(rand.NewPCG(6, 6))
	list := items(1000)
	for i := range list {
		list[i].Theta, list[i].SE = rng.NormFloat64(), LiveSE(rng.IntN(40))
	}
	judged := map[Pair]bool{}
	for range 10 {
		judged[PairOf(int64(1+rng.IntN(1000)), int64(1+rng.IntN(1000)))] = true
	}
	b.ReportAllocs()
	for b.Loop() {
		Choose(list, judged, rng, Explore)
	}
}

// activeFan is 1,000 ideas, the first (id 1) the most uncertain, and a fan
// who judged it against all but left of the others, and a few other pairs.
func activeFan(left []int64) ([]Item, map[Pair]bool) {
	list := items(1000)
	list[0].SE = UnfittedSE
	judged := map[Pair]bool{PairOf(2, 3): true, PairOf(500, 900): true}
	for id := int64(2); id <= 1000; id++ {
		if !slices.Contains(left, id) {
			judged[PairOf(1, id)] = true
		}
	}
	return list, judged
}

// A fan who judged all but a few of the most uncertain idea's pairs is
// asked one of those few (and each of them, as they tie).
func TestChooseForAnActiveFan(t *testing.T) {
	left := []int64{1000, 100, 999, 2, 500, 64, 3}
	list, judged := activeFan(left)
	rng := rand.New(rand.NewPCG(7, 7))
	seen := map[int64]int{}
	for range 700 {
		a, b, ok := Choose(list, judged, rng, 0)
		if !ok {
			t.Fatal("no pair")
		}
		if a.ID != 1 {
			a, b = b, a
		}
		if a.ID != 1 || !slices.Contains(left, b.ID) {
			t.Fatalf("chose %d-%d, want 1 and one of %v", a.ID, b.ID, left)
		}
		seen[b.ID]++
	}
	for _, id := range left {
		if seen[id] < 50 {
			t.Errorf("partner %d asked %d times of 700, want about 100: %v", id, seen[id], seen)
		}
	}
	// The fewest judged pairs that leave an idea none: with 3 ideas, the
	// most uncertain judged against both others.
	three := items(3)
	three[0].SE = UnfittedSE
	for _, explore := range []float64{0, 1} {
		a, b, ok := Choose(three, map[Pair]bool{PairOf(1, 2): true, PairOf(3, 1): true}, rng, explore)
		if !ok || PairOf(a.ID, b.ID) != PairOf(2, 3) {
			t.Errorf("explore %v: chose %d-%d (ok %v), want the one pair left, 2-3", explore, a.ID, b.ID, ok)
		}
	}
	// Exploring, any pair left may come: never a judged one.
	for range 700 {
		a, b, ok := Choose(list, judged, rng, 1)
		if !ok || a.ID == b.ID || judged[PairOf(a.ID, b.ID)] {
			t.Fatalf("exploring chose %d-%d (ok %v, judged %v)", a.ID, b.ID, ok, judged[PairOf(a.ID, b.ID)])
		}
	}
}

// BenchmarkChooseActiveFan is one question at 1,000 ideas for a fan who
// judged the most uncertain idea against 990 of the others.
func BenchmarkChooseActiveFan(b *testing.B) {
	list, judged := activeFan([]int64{10, 110, 210, 310, 410, 510, 610, 710, 810})
	rng := rand.New(rand.NewPCG(8, 8))
	b.ReportAllocs()
	for b.Loop() {
		Choose(list, judged, rng, Explore)
	}
}

// BenchmarkChooseExhaustedFan is one question at 1,000 ideas for a fan
// who judged 100 of them against every other (some 95,000 pairs): each of
// the hundred is full, and was counted in a pass over every judged pair
// of its own (half a second a question, the write lock waiting).
func BenchmarkChooseExhaustedFan(b *testing.B) {
	list := items(1000)
	judged := map[Pair]bool{}
	for a := int64(1); a <= 100; a++ {
		for id := int64(1); id <= 1000; id++ {
			if id != a {
				judged[PairOf(a, id)] = true
			}
		}
	}
	rng := rand.New(rand.NewPCG(9, 9))
	b.ReportAllocs()
	for b.Loop() {
		if a, c, ok := Choose(list, judged, rng, Explore); !ok || a.ID <= 100 && c.ID <= 100 {
			b.Fatalf("asked %d and %d", a.ID, c.ID)
		}
	}
}
