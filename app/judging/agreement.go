package judging

import "slices"

// KendallW measures how far the judges agree on the order of the ideas:
// Kendall's coefficient of concordance over each judge's overall score, the
// rubric-weighted score of JudgesRaw. Only each judge's own order of the
// ideas enters W, so harsh and lenient judges need no correcting here, and
// the raw weighting is the one the judge saw on the scorecard. W is 1 when
// every judge ranks the ideas identically and 0 when the rankings cancel out.
//
// W needs a complete block: every judge in it scored every idea in it. With
// judges assigned to subsets of the shortlist, the scorecards rarely form
// one, so KendallW looks for the largest block (judges × ideas) by starting
// from all judges and repeatedly dropping the judge whose absence widens the
// set of commonly scored ideas most; scorecards outside the chosen block are
// ignored. This is a deterministic heuristic (the exact largest block is a
// hard combinatorial problem), good enough for a figure shown beside the
// results. Invalid scorecards are ignored as in Rank.
//
// Tied scores get their average rank, and the denominator carries the usual
// tie correction, W = 12S / (m²(n³-n) - m·ΣT) with T = Σ(t³-t) over each
// judge's groups of t tied ideas. ok is false when no block has at least 2
// judges and 2 ideas, or when every judge in it tied every idea, since W is
// then undefined.
func KendallW(r Rubric, cards []Scorecard) (w float64, ok bool) {
	wts := weights(r)
	overall := make(map[int64]map[int64]float64)
	for _, c := range usable(r, cards, nil) {
		if overall[c.JudgeID] == nil {
			overall[c.JudgeID] = make(map[int64]float64)
		}
		overall[c.JudgeID][c.IdeaID] = rawScore(r, wts, c.Scores)
	}
	judges, ideas := completeBlock(overall)
	if len(judges) < 2 || len(ideas) < 2 {
		return 0, false
	}
	m, n := float64(len(judges)), float64(len(ideas))
	rankSums := make([]float64, len(ideas))
	var ties float64
	scores := make([]float64, len(ideas))
	for _, j := range judges {
		for i, id := range ideas {
			scores[i] = overall[j][id]
		}
		ranks, t := midRanks(scores)
		ties += t
		for i, rk := range ranks {
			rankSums[i] += rk
		}
	}
	mean := m * (n + 1) / 2
	var s float64
	for _, rs := range rankSums {
		// Equivalent mutants: (rs±mean)(rs-mean) sums alike, as Σrs = n·mean exactly (halves).
		s += (rs - mean) * (rs - mean)
	}
	den := m*m*(n*n*n-n) - m*ties
	if !(den > 0) {
		return 0, false
	}
	return min(max(12*s/den, 0), 1), true
}

// completeBlock returns the judges and the ideas they all scored, both
// sorted, for the largest block the greedy search finds.
func completeBlock(scored map[int64]map[int64]float64) (judges, ideas []int64) {
	current := make([]int64, 0, len(scored))
	for j := range scored {
		current = append(current, j)
	}
	slices.Sort(current)
	bestSize := 0
	for len(current) >= 2 {
		common := commonIdeas(scored, current)
		if size := len(current) * len(common); len(common) >= 2 && size > bestSize {
			bestSize = size
			judges, ideas = slices.Clone(current), common
		}
		drop, dropCommon := 0, -1
		for i, j := range current {
			rest := slices.Delete(slices.Clone(current), i, i+1)
			n := len(commonIdeas(scored, rest))
			// Prefer the widest remaining block; on a tie, drop the judge
			// who scored least (less to lose), then the higher id.
			if n > dropCommon || n == dropCommon && len(scored[j]) <= len(scored[current[drop]]) {
				drop, dropCommon = i, n
			}
		}
		current = slices.Delete(current, drop, drop+1)
	}
	return judges, ideas
}

// commonIdeas returns the ideas every one of judges scored, sorted.
func commonIdeas(scored map[int64]map[int64]float64, judges []int64) []int64 {
	var out []int64
	for id := range scored[judges[0]] {
		all := true
		for _, j := range judges[1:] {
			if _, ok := scored[j][id]; !ok {
				all = false
				break
			}
		}
		if all {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// midRanks ranks xs from 1 (lowest) with tied values sharing the mean of
// their ranks, and returns Σ(t³-t) over the tie groups. Values closer than
// 1e-9 are a tie, as in Rank.
func midRanks(xs []float64) (ranks []float64, ties float64) {
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return -compareDesc(xs[a], xs[b]) })
	ranks = make([]float64, len(xs))
	for start := 0; start < len(order); {
		end := start + 1
		for end < len(order) && compareDesc(xs[order[start]], xs[order[end]]) == 0 {
			end++
		}
		// Positions start..end-1 hold ranks start+1..end.
		mid := float64(start+1+end) / 2
		for _, i := range order[start:end] {
			ranks[i] = mid
		}
		t := float64(end - start)
		ties += t*t*t - t
		start = end
	}
	return ranks, ties
}
