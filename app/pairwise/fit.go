// Package pairwise ranks ideas from fans' answers to "which of these two?"
// (#16): a Bradley–Terry model with a prior, fitted by minorization–
// maximization (Hunter 2004); the choice of the next pair to ask; and the
// pair tokens that carry a question to its answer. Everything here is pure:
// the service reads the answers and writes the scores.
package pairwise

import "math"

// Outcome is one answered comparison between items Winner and Loser
// (indices into the fitted items).
type Outcome struct {
	Winner, Loser int
}

// Prior is how many virtual comparisons each item plays against a typical
// item (strength 1): half won, half lost. It keeps every strength finite
// (an item that won all its comparisons would otherwise be infinitely
// strong) and pulls items with few comparisons toward the middle.
const Prior = 2.0

// Fit is a fitted model: each item's log-strength, its standard error and
// its 0–100 score with the score's uncertainty.
type Fit struct {
	Theta      []float64 // log-strength, centred so the typical item is 0
	SE         []float64 // standard error of Theta (from the Fisher information)
	Score      []float64 // 100 × the chance of beating a typical item
	SD         []float64 // the score's uncertainty, in score points
	Count      []int     // answered comparisons each item was in
	Iterations int
}

// pairCount is the answers between two items i < j: how often each won.
type pairCount struct {
	i, j         int
	winsI, winsJ float64
}

// Options bound the fit.
type Options struct {
	MaxIterations int     // 0: 1000
	Tolerance     float64 // largest change in a log-strength that stops it; 0: 1e-7
}

// FitOutcomes fits n items from the outcomes (indices outside 0..n-1 and
// self-comparisons are ignored). The model: item i beats j with probability
// π_i / (π_i + π_j); each item also played Prior comparisons against a
// typical item of strength 1, winning half. The fit is the posterior's
// maximum, found by Newman's iteration (JMLR 24, 2023), which reaches the
// same fixed point as Hunter's MM algorithm in far fewer steps:
//
//	π_i ← (Σ_j w_ij·π_j/(π_i+π_j) + (Prior/2)/(π_i+1)) / (Σ_j w_ji/(π_i+π_j) + (Prior/2)/(π_i+1))
//
// where w_ij counts i's wins over j.
func FitOutcomes(n int, outcomes []Outcome, opt Options) Fit {
	if opt.MaxIterations <= 0 {
		opt.MaxIterations = 1000
	}
	if opt.Tolerance <= 0 {
		opt.Tolerance = 1e-7
	}
	pairs, count := aggregate(n, outcomes)
	pi := make([]float64, n)
	for i := range pi {
		pi[i] = 1
	}
	num, den := make([]float64, n), make([]float64, n)
	f := Fit{Count: count}
	for f.Iterations < opt.MaxIterations {
		f.Iterations++
		for i, p := range pi {
			r := (Prior / 2) / (p + 1)
			num[i], den[i] = r, r
		}
		for _, p := range pairs {
			t := 1 / (pi[p.i] + pi[p.j])
			num[p.i] += p.winsI * pi[p.j] * t
			den[p.i] += p.winsJ * t
			num[p.j] += p.winsJ * pi[p.i] * t
			den[p.j] += p.winsI * t
		}
		for i := range num {
			num[i] /= den[i] // the next strengths, before their level is set
		}
		level(num)
		change := 0.0
		for i, next := range num {
			change = math.Max(change, math.Abs(math.Log(next/pi[i])))
			pi[i] = next
		}
		if change < opt.Tolerance { // equivalent mutant: < and <= differ only at exactly the tolerance
			break
		}
	}
	f.Theta = make([]float64, n)
	mean := 0.0
	for i, p := range pi {
		f.Theta[i] = math.Log(p)
		mean += f.Theta[i]
	}
	mean /= float64(max(n, 1))
	for i := range f.Theta {
		f.Theta[i] -= mean
	}
	f.SE = standardErrors(pi, pairs)
	f.Score, f.SD = make([]float64, n), make([]float64, n)
	for i, t := range f.Theta {
		p := logistic(t)
		f.Score[i] = 100 * p
		f.SD[i] = 100 * p * (1 - p) * f.SE[i] // the delta method
	}
	return f
}

// level multiplies all strengths by the factor the posterior prefers with
// everything else fixed: only the prior's games against the typical item
// (strength 1) depend on it, and they want Σ (1 − π_i)/(1 + π_i) = 0. The
// answers alone say nothing of the level, so the iteration would take
// thousands of steps to find it; this solves it exactly each step (Newton
// on the shift of the log-strengths), without moving the fixed point.
func level(pi []float64) {
	if len(pi) == 0 {
		return
	}
	// g(c) = Σ (1 − π_i·e^c)/(1 + π_i·e^c) falls from n to −n as c grows;
	// bisection finds its root to the last digit. The prior keeps every
	// log-strength far inside ±levelRange.
	lo, hi := -levelRange, levelRange
	for range 100 {
		c := (lo + hi) / 2
		g, e := 0.0, math.Exp(c) // one exponential a step, not one an item
		for _, p := range pi {
			x := p * e
			g += (1 - x) / (1 + x)
		}
		if g > 0 { // equivalent mutant: >= differs only when g is exactly 0
			lo = c
		} else {
			hi = c
		}
	}
	f := math.Exp((lo + hi) / 2)
	for i := range pi {
		pi[i] *= f
	}
}

// levelRange bounds the common shift of the log-strengths level looks for.
const levelRange = 60.0

func aggregate(n int, outcomes []Outcome) ([]pairCount, []int) {
	// Pairs are found through a dense table when it is small (1,000 items:
	// 4 MB), a map otherwise.
	var dense []int32
	var sparse map[[2]int]int
	if n*n <= denseLimit { // equivalent mutants here: both tables give the same pairs, only the speed differs
		dense = make([]int32, n*n)
	} else {
		sparse = map[[2]int]int{}
	}
	var pairs []pairCount
	count := make([]int, n)
	for _, o := range outcomes {
		w, l := o.Winner, o.Loser
		if w == l || w < 0 || l < 0 || w >= n || l >= n {
			continue
		}
		count[w]++
		count[l]++
		i, j := min(w, l), max(w, l)
		var k int
		if dense != nil {
			k = int(dense[i*n+j]) - 1
			if k < 0 {
				k = len(pairs)
				dense[i*n+j] = int32(k + 1)
				pairs = append(pairs, pairCount{i: i, j: j})
			}
		} else {
			var ok bool
			if k, ok = sparse[[2]int{i, j}]; !ok {
				k = len(pairs)
				sparse[[2]int{i, j}] = k
				pairs = append(pairs, pairCount{i: i, j: j})
			}
		}
		if w == i {
			pairs[k].winsI++
		} else {
			pairs[k].winsJ++
		}
	}
	return pairs, count
}

// denseLimit is the largest n² for which pairs are indexed in a table.
const denseLimit = 4 << 20

// standardErrors are 1/√(Fisher information) of each log-strength, counting
// the prior's virtual comparisons and ignoring the covariances (the
// diagonal of the information matrix).
func standardErrors(pi []float64, pairs []pairCount) []float64 {
	info := make([]float64, len(pi))
	for i, p := range pi {
		q := p / (p + 1)
		info[i] = Prior * q * (1 - q)
	}
	for _, p := range pairs {
		q := pi[p.i] / (pi[p.i] + pi[p.j])
		v := (p.winsI + p.winsJ) * q * (1 - q)
		info[p.i] += v
		info[p.j] += v
	}
	se := make([]float64, len(pi))
	for i, v := range info {
		se[i] = 1 / math.Sqrt(v)
	}
	return se
}

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// WinChance is the model's chance that an item of log-strength a beats one
// of log-strength b.
func WinChance(a, b float64) float64 { return logistic(a - b) }
