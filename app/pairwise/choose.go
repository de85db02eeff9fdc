package pairwise

import (
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

// MaxJudged is how many pairs of a challenge one fan is asked at most
// (answered or skipped): a question reads and walks every pair the fan
// judged, so a script answering for hours (20 a second an account) made
// each of its questions cost tens of milliseconds, while a person gives a
// few dozen; two thousand answers teach a ranking all one fan can.
const MaxJudged = 2000

// Explore is the share of pairs chosen at random rather than where they
// teach the ranking most, so that no idea is starved by an early guess.
const Explore = 0.2

// Choose picks the next pair to ask a fan, never one in judged (the pairs
// the fan already answered or skipped). Most of the time (1 - explore) it
// asks where an answer teaches the most: the most uncertain idea the fan
// can still compare, against the partner that maximises the expected
// information of the answer, p(1-p)·(SE_a² + SE_b²), so close and
// uncertain pairs come first. Otherwise both are drawn at random among the
// pairs left. Ties go to a random one of them. Left and right are in
// random order (against a bias to the first place). ok is false when the
// fan has judged every pair.
//
// It walks the items twice and allocates only for the fan's judged pairs
// (a few), so a question costs some microseconds at a thousand ideas:
// each choice is a pass that keeps the best so far, a random one of equal
// ones kept as a reservoir keeps a sample (the k-th equal replaces the
// kept one with chance 1/k).
func Choose(items []Item, judged map[Pair]bool, rng *rand.Rand, explore float64) (left, right Item, ok bool) {
	n := len(items)
	if n < 2 {
		return Item{}, Item{}, false
	}
	// full: the items the fan has judged against every other listed item,
	// counted in one pass over the judged pairs whose two ends are both
	// listed. Only a fan with at least n-1 judged pairs can have one, so
	// only then are they counted (an active fan's thousand judged pairs
	// cost a map of a thousand counts otherwise). One pass, not one an
	// item: a fan who had judged most of a thousand ideas' pairs (some
	// 10^5) made each question cost half a second, and every answer on
	// the challenge wait for it.
	var full map[int64]bool
	if len(judged) >= n-1 {
		listed := make(map[int64]bool, n)
		for _, it := range items {
			listed[it.ID] = true
		}
		partners := map[int64]int{}
		for p := range judged {
			if p.Low != p.High && listed[p.Low] && listed[p.High] {
				partners[p.Low]++
				partners[p.High]++
			}
		}
		for id, k := range partners {
			if k == n-1 {
				if full == nil {
					full = map[int64]bool{}
				}
				full[id] = true
			}
		}
	}
	random := rng.Float64() < explore // equivalent mutant: <= differs only when the draw equals explore exactly
	// a: among the items with a pair left for this fan, the most uncertain
	// (or any, when exploring).
	a, seen, top := -1, 0, math.Inf(-1)
	for i, it := range items {
		if full[it.ID] {
			continue
		}
		if !random && it.SE < top {
			continue
		}
		if !random && it.SE > top {
			seen, top = 0, it.SE // a new best: the equal ones so far are out
		}
		seen++
		if rng.IntN(seen) == 0 {
			a = i
		}
	}
	if a < 0 {
		return Item{}, Item{}, false
	}
	// b: among a's partners the fan has not judged, the one whose answer
	// teaches most (or any, when exploring). with is sorted, so that each
	// item is looked up in it by bisection: a fan who judged most of a's
	// pairs costs n·log|with| comparisons, not n·|with| (some 10^6 at
	// 1,000 ideas), and a fan who judged few no map lookup an item.
	var with []int64
	for p := range judged {
		switch items[a].ID {
		case p.Low:
			with = append(with, p.High)
		case p.High:
			with = append(with, p.Low)
		}
	}
	slices.Sort(with)
	// (Information is never below 0, where best starts.)
	b, best := 0, 0.0
	seen = 0
	for j, it := range items {
		if _, done := slices.BinarySearch(with, it.ID); j == a || done {
			continue
		}
		info := 0.0
		if !random {
			info = Information(items[a], it)
		}
		if info < best {
			continue
		}
		if info > best {
			seen, best = 0, info
		}
		seen++
		if rng.IntN(seen) == 0 {
			b = j
		}
	}
	// Left and right in random order.
	sides := [2]int{a, b}
	rng.Shuffle(2, func(i, j int) { sides[i], sides[j] = sides[j], sides[i] })
	return items[sides[0]], items[sides[1]], true
}

// Information is the expected information an answer between a and b gives:
// the variance of the outcome, p(1-p), times how uncertain the two are.
func Information(a, b Item) float64 {
	p := WinChance(a.Theta, b.Theta)
	return p * (1 - p) * (a.SE*a.SE + b.SE*b.SE)
}
