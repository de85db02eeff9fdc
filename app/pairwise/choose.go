package pairwise

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// Item is an idea as the choice of pairs sees it: its current log-strength
// and uncertainty (an idea not yet fitted has Theta 0 and a large SE).
type Item struct {
	ID    int64
	Theta float64
	SE    float64
}

// UnfittedSE is the uncertainty of an item with no answers yet (one that
// just joined): larger than any answered item's, so it is asked first.
var UnfittedSE = LiveSE(0)

// AnswerInformation is the information one answer gives about an item's
// log-strength, p(1-p): 0.25 between equals, less for a mismatch; 0.2 is
// a typical answer's.
const AnswerInformation = 0.2

// LiveSE is an item's uncertainty after n counted answers about it: the
// prior's information plus n typical answers'. The choice of pairs uses it
// rather than the last fit's standard error because the answer counters
// move in each answer's transaction while the fit runs every few seconds:
// with the fit's SE, every fan between two refits would be asked the same
// most uncertain idea (in the simulation, refitting every 50 or 200
// answers, that ranks worse than random pairs: Kendall's tau 0.54 against
// 0.68).
func LiveSE(n int) float64 { return 1 / math.Sqrt(Prior*0.25+AnswerInformation*float64(max(n, 0))) }

// Pair is two ideas, the lower id first: the key of a fan's answer.
type Pair struct{ Low, High int64 }

// PairOf is the pair of a and b in either order.
func PairOf(a, b int64) Pair { return Pair{min(a, b), max(a, b)} }

// Explore is the share of pairs chosen at random rather than where they
// teach the ranking most, so that no idea is starved by an early guess.
const Explore = 0.2

// Choose picks the next pair to ask a fan, never one in judged (the pairs
// the fan already answered or skipped). Most of the time (1 - explore) it
// asks where an answer teaches the most: the most uncertain idea the fan
// can still compare, against the partner that maximises the expected
// information of the answer, p(1-p)·(SE_a² + SE_b²), so close and
// uncertain pairs come first. Otherwise both are drawn at random among the
// pairs left. Left and right are in random order (against a bias to the
// first place). ok is false when the fan has judged every pair.
func Choose(items []Item, judged map[Pair]bool, rng *rand.Rand, explore float64) (left, right Item, ok bool) {
	n := len(items)
	if n < 2 {
		return Item{}, Item{}, false
	}
	index := make(map[int64]int, n)
	for i, it := range items {
		index[it.ID] = i
	}
	degree := make([]int, n)
	for p := range judged {
		i, ok1 := index[p.Low]
		j, ok2 := index[p.High]
		if ok1 && ok2 && i != j {
			degree[i]++
			degree[j]++
		}
	}
	var open []int // items with a pair left for this fan
	for i, d := range degree {
		if d < n-1 {
			open = append(open, i)
		}
	}
	if len(open) == 0 {
		return Item{}, Item{}, false
	}
	random := rng.Float64() < explore // equivalent mutant: <= differs only when the draw equals explore exactly
	// Ties go to a random one of them: the first maximum after a shuffle.
	rng.Shuffle(len(open), func(i, j int) { open[i], open[j] = open[j], open[i] })
	a := open[0]
	if !random {
		a = slices.MaxFunc(open, func(i, j int) int { return cmp.Compare(items[i].SE, items[j].SE) })
	}
	var partners []int
	for j := range items {
		if j != a && !judged[PairOf(items[a].ID, items[j].ID)] {
			partners = append(partners, j)
		}
	}
	rng.Shuffle(len(partners), func(i, j int) { partners[i], partners[j] = partners[j], partners[i] })
	b := partners[0]
	if !random {
		b = slices.MaxFunc(partners, func(i, j int) int {
			return cmp.Compare(Information(items[a], items[i]), Information(items[a], items[j]))
		})
	}
	// Left and right in random order.
	sides := []int{a, b}
	rng.Shuffle(2, func(i, j int) { sides[i], sides[j] = sides[j], sides[i] })
	a, b = sides[0], sides[1]
	return items[a], items[b], true
}

// Information is the expected information an answer between a and b gives:
// the variance of the outcome, p(1-p), times how uncertain the two are.
func Information(a, b Item) float64 {
	p := WinChance(a.Theta, b.Theta)
	return p * (1 - p) * (a.SE*a.SE + b.SE*b.SE)
}
