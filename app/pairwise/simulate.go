package pairwise

import (
	"math/rand/v2"
)

// Simulate draws m answers between uniformly random pairs of items whose
// hidden log-strengths are truth, each won with the model's chance: a fan
// choosing by the items' qualities, with noise.
func Simulate(rng *rand.Rand, truth []float64, m int) []Outcome {
	n := len(truth)
	if n < 2 {
		return nil
	}
	out := make([]Outcome, 0, m)
	for range m {
		a := rng.IntN(n)
		b := rng.IntN(n - 1)
		if b >= a {
			b++
		}
		if rng.Float64() < WinChance(truth[a], truth[b]) {
			out = append(out, Outcome{a, b})
		} else {
			out = append(out, Outcome{b, a})
		}
	}
	return out
}

// KendallTau is Kendall's rank correlation (tau-a) between two scorings of
// the same items: (concordant − discordant) / all pairs; a tie counts as
// neither. 1 is the same order, −1 the reverse, 0 for fewer than 2 items.
func KendallTau(a, b []float64) float64 {
	n := min(len(a), len(b))
	if n < 2 {
		return 0
	}
	s := 0
	for i := range n {
		for j := i + 1; j < n; j++ {
			x, y := sign(a[i]-a[j]), sign(b[i]-b[j])
			s += x * y
		}
	}
	return float64(s) / float64(n*(n-1)/2)
}

func sign(v float64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}
