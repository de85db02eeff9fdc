package pairwise

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The ranking quality of the three voting methods, simulated (#16): ideas
// have hidden qualities q ~ N(0, 1); a fan perceives an idea as q plus
// Gumbel noise (so a choice between two follows Bradley–Terry exactly).
// Every method gets the same number of fan actions: 20 comparisons per
// idea for pairwise (10 actions per idea, each comparing two), that many
// ratings for stars (the perceived value cut into 1–5 stars at the
// population's quintiles, ranked by the Bayesian average), and that many
// support votes (a fan browses 3 random ideas and supports the one they
// like best). Kendall's tau against the truth, averaged over seeds.
func TestRankingQualityOfTheMethods(t *testing.T) {
	const ideas, perIdea, seeds = 200, 20, 5
	actions := ideas * perIdea / 2
	var pairTau, adaptiveTau, starsTau, biasedTau, supportTau float64
	for seed := range uint64(seeds) {
		rng := rand.New(rand.NewPCG(seed, 77))
		q := make([]float64, ideas)
		for i := range q {
			q[i] = rng.NormFloat64()
		}
		perceive := func(i int) float64 { return q[i] - math.Log(-math.Log(rng.Float64())) } // + Gumbel
		// Pairwise: random pairs, the fan picks the one they perceive better.
		outcomes := make([]Outcome, 0, actions)
		for range actions {
			a, b := rng.IntN(ideas), rng.IntN(ideas-1)
			if b >= a {
				b++
			}
			if perceive(a) > perceive(b) {
				outcomes = append(outcomes, Outcome{a, b})
			} else {
				outcomes = append(outcomes, Outcome{b, a})
			}
		}
		pairTau += KendallTau(q, FitOutcomes(ideas, outcomes, Options{}).Theta)
		// Pairwise as served: Choose on the last fit's strengths (refitted
		// every 100 answers, as the server refits every few seconds) and
		// the live answer counts (LiveSE), 20% exploration.
		// Its own random stream, so that the other methods' figures are
		// drawn as before.
		arng := rand.New(rand.NewPCG(seed, 78))
		adaptiveTau += KendallTau(q, adaptive(arng, ideas, actions, 100, func(i int) float64 { return q[i] - math.Log(-math.Log(arng.Float64())) }))
		// Stars: 1-5 at the quintiles of perceived value (q + Gumbel has
		// mean γ ≈ 0.577 and sd ≈ 1.6), Bayesian average with a prior of 5
		// ratings of 3 stars.
		cuts := []float64{-0.77, 0.17, 0.98, 1.92} // quintiles of N(0,1) + Gumbel, by simulation
		sum, n := make([]float64, ideas), make([]float64, ideas)
		rate := func(offset func() float64) {
			for range actions {
				i := rng.IntN(ideas)
				u, stars := perceive(i)+offset(), 1.0
				for _, c := range cuts {
					if u > c {
						stars++
					}
				}
				sum[i] += stars
				n[i]++
			}
		}
		rate(func() float64 { return 0 })
		starsTau += KendallTau(q, bayesian(sum, n))
		// Stars again, with fans who use the scale differently (each rating
		// from a fan whose own offset is N(0, 1): harsh and lenient raters),
		// which a choice between two does not see.
		clear(sum)
		clear(n)
		rate(rng.NormFloat64)
		biasedTau += KendallTau(q, bayesian(sum, n))
		// Support: a fan browses three ideas and supports the best of them.
		votes := make([]float64, ideas)
		for range actions {
			best, bestU := -1, math.Inf(-1)
			for range 3 {
				if i := rng.IntN(ideas); perceive(i) > bestU {
					best, bestU = i, perceive(i)
				}
			}
			votes[best]++
		}
		supportTau += KendallTau(q, votes)
	}
	pairTau, adaptiveTau, starsTau, biasedTau, supportTau = pairTau/seeds, adaptiveTau/seeds, starsTau/seeds, biasedTau/seeds, supportTau/seeds
	t.Logf("Kendall's tau against the hidden qualities, %d ideas, %d fan actions (%d comparisons per idea): pairwise %.3f (adaptive pairs as served: %.3f), stars %.3f (fans with their own scale: %.3f), support %.3f",
		ideas, actions, perIdea, pairTau, adaptiveTau, starsTau, biasedTau, supportTau)
	// Adaptive pairs teach more than random ones, and still not as much as
	// stars read alike by every fan (README).
	if adaptiveTau <= pairTau || adaptiveTau >= starsTau {
		t.Errorf("the adaptive figure changed: %.3f against random pairs %.3f and stars %.3f: update the README", adaptiveTau, pairTau, starsTau)
	}
	// What the figures show, and the README reports: pairwise beats support
	// votes and stars given by fans who each use the scale their own way,
	// but not stars from fans who all read the scale alike.
	if pairTau <= supportTau || pairTau <= biasedTau || pairTau >= starsTau || pairTau < 0.6 {
		t.Errorf("the figures changed: pairwise %.3f, stars %.3f, biased stars %.3f, support %.3f: update the README", pairTau, starsTau, biasedTau, supportTau)
	}
}

// adaptive runs actions comparisons chosen as the server chooses them:
// Choose over the strengths of a fit redone every refit answers and the
// uncertainty of the live answer counts, and returns the final fit.
func adaptive(rng *rand.Rand, ideas, actions, refit int, perceive func(int) float64) []float64 {
	its := make([]Item, ideas)
	for i := range its {
		its[i] = Item{ID: int64(i), SE: LiveSE(0)}
	}
	count := make([]int, ideas)
	outcomes := make([]Outcome, 0, actions)
	for k := range actions {
		if k > 0 && k%refit == 0 {
			f := FitOutcomes(ideas, outcomes, Options{})
			for i := range its {
				its[i].Theta = f.Theta[i]
			}
		}
		for i := range its {
			its[i].SE = LiveSE(count[i])
		}
		l, r, _ := Choose(its, map[Pair]bool{}, rng, Explore)
		a, b := int(l.ID), int(r.ID)
		count[a]++
		count[b]++
		if perceive(a) > perceive(b) {
			outcomes = append(outcomes, Outcome{a, b})
		} else {
			outcomes = append(outcomes, Outcome{b, a})
		}
	}
	return FitOutcomes(ideas, outcomes, Options{}).Theta
}

func bayesian(sum, n []float64) []float64 {
	out := make([]float64, len(sum))
	for i := range out {
		out[i] = (5*3 + sum[i]) / (5 + n[i])
	}
	return out
}
