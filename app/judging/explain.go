package judging

import (
	"math"
	"slices"
)

// Basis is how a shortlist was made, as the shortlist rule decided it: the
// ideas on it for their votes (at most Top of them), those beyond them
// that stayed on it for reaching the supporter threshold (Qualified), the
// organiser's picks beyond those, and the ideas the organiser took off. A
// pick that was on the list anyway is not a pick, and a removal of an idea
// that was not on the list removed nothing: neither is listed, so the
// results page says only what changed the list. Qualified is empty in a
// basis kept before it was.
type Basis struct {
	Top       int     `json:"top"`
	ByVotes   []int64 `json:"by_votes"`
	Qualified []int64 `json:"qualified"`
	Picked    []int64 `json:"picked"`
	Removed   []int64 `json:"removed"`
}

// Members is the shortlist the basis describes.
func (b Basis) Members() map[int64]bool {
	m := make(map[int64]bool, b.Size())
	for _, list := range [][]int64{b.ByVotes, b.Qualified, b.Picked} {
		for _, id := range list {
			m[id] = true
		}
	}
	return m
}

// Size is how many ideas the shortlist holds.
func (b Basis) Size() int { return len(b.ByVotes) + len(b.Qualified) + len(b.Picked) }

// ShortlistBasis is the shortlist rule (see Shortlist) with its reasons:
// the top ideas by votes, plus the qualified that stay, plus picks, minus
// removals, each list in the order the rule met them and without repeats.
func ShortlistBasis(entrants []Entrant, top int, add, remove []int64) (Basis, error) {
	want, ranked, stay, err := shortlist(entrants, top, add)
	if err != nil {
		return Basis{}, err
	}
	b := Basis{Top: top, ByVotes: []int64{}, Qualified: []int64{}, Picked: []int64{}, Removed: []int64{}}
	for _, id := range remove {
		if want[id] && !slices.Contains(b.Removed, id) {
			b.Removed = append(b.Removed, id)
		}
	}
	for i, id := range ranked {
		if slices.Contains(b.Removed, id) {
			continue
		}
		if i < top {
			b.ByVotes = append(b.ByVotes, id)
		}
	}
	for _, id := range stay {
		if !slices.Contains(b.Removed, id) && !slices.Contains(b.ByVotes, id) {
			b.Qualified = append(b.Qualified, id)
		}
	}
	for _, id := range add {
		if !slices.Contains(b.Removed, id) && !slices.Contains(b.ByVotes, id) && !slices.Contains(b.Qualified, id) && !slices.Contains(b.Picked, id) {
			b.Picked = append(b.Picked, id)
		}
	}
	return b, nil
}

// Score100 turns a final score (a z-score: 0 is the shortlist's average)
// into a mark out of 100 that people read without statistics: the share of
// a normal distribution below it, rounded. 0 becomes 50; it grows with the
// final score, is never negative and never above 100. A value that is not
// a number reads as 50, the neutral middle.
func Score100(final float64) int {
	if math.IsNaN(final) {
		return 50
	}
	return int(math.Round(50 * math.Erfc(-final/math.Sqrt2)))
}

// Percent is a raw judges' score (0..1 by each criterion's scale) out of
// 100, rounded, held within 0..100.
func Percent(raw float64) int {
	if !(raw > 0) {
		return 0
	}
	return int(math.Round(100 * min(raw, 1)))
}
