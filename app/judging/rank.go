package judging

import (
	"math"
	"slices"
)

// Entry is a shortlisted idea as the ranking sees it.
type Entry struct {
	IdeaID   int64   `json:"idea_id"`
	Crowd    float64 `json:"crowd"`    // the crowd's score, e.g. the vote count
	Assigned int     `json:"assigned"` // how many judges were assigned the idea
}

// Result is one idea's line in the final ranking, with every intermediate
// figure so that the results page can show how a winner was chosen.
type Result struct {
	IdeaID int64 `json:"idea_id"`
	// Crowd is the crowd score as a z-score across the ranked ideas.
	Crowd float64 `json:"crowd"`
	// JudgesRaw is the mean over the idea's judges of their weighted score,
	// each criterion rescaled to 0..1 by its scale: what the judges said,
	// before correcting for harsh and lenient judges. Shown, never ranked on.
	JudgesRaw float64 `json:"judges_raw"`
	// JudgesNormalized is the mean over the idea's judges of the weighted sum
	// of their per-criterion z-scores, standardised across the scored ideas
	// (a z-score, like Crowd); 0 when nobody scored the idea.
	JudgesNormalized float64 `json:"judges_normalized"`
	Final            float64 `json:"final"`
	// Score is Final as a mark out of 100 (Score100): what people are
	// shown; 50 is the shortlist's average.
	Score  int  `json:"score"`
	Rank   int  `json:"rank"`
	Winner bool `json:"winner"`
	// Scored counts the judges with a valid scorecard for the idea; Missing
	// is how many assigned judges have not scored it yet. Missing > 0 means
	// the idea's judge score rests on fewer opinions than planned.
	Scored  int `json:"scored"`
	Missing int `json:"missing"`
}

// Rank combines judges' scorecards and the crowd into the final ranking of
// the given ideas and marks the top winners as winners (all of them when
// winners exceeds the list).
//
// Judges are normalised per judge and per criterion: a judge's score for an
// idea on a criterion becomes (score - mean) / sd, with the mean and the
// population standard deviation of that judge's scores on that criterion
// over the ranked ideas they scored. A constant shift (a judge 25 points
// harsher than the rest) and a stretch (a judge who only uses 4 to 6) both
// disappear. Where the judge's sd is 0 (one idea scored, or the same score
// everywhere) the criterion says nothing about how that judge ranks ideas,
// so it contributes 0, the neutral value. The z-scores are summed with the
// criteria weights (normalised to sum 1), averaged over the judges who
// scored the idea, and standardised once more across the scored ideas, so
// that the judges' score and the crowd's are on one scale and CrowdWeight
// means what it says. The crowd score becomes a z-score across the ideas
// (0 for all when every idea has the same score), and
//
//	Final = (1-CrowdWeight)*JudgesNormalized + CrowdWeight*Crowd.
//
// Order: Final, then JudgesNormalized, then Crowd, all descending, then
// IdeaID ascending; values closer than 1e-9 count as equal, so float
// rounding never decides a tie.
//
// Only scorecards for listed ideas that pass ValidateScores count; others
// are ignored rather than guessed at, and the idea shows them as missing.
// An idea listed twice is ranked once (the first entry counts). A crowd
// score that is NaN or infinite counts as 0.
func Rank(r Rubric, ideas []Entry, cards []Scorecard, winners int) []Result {
	entries := make([]Entry, 0, len(ideas))
	pos := make(map[int64]int, len(ideas))
	for _, e := range ideas {
		if _, dup := pos[e.IdeaID]; dup {
			continue
		}
		pos[e.IdeaID] = len(entries)
		entries = append(entries, e)
	}
	listed := func(id int64) bool { _, ok := pos[id]; return ok }
	cards = usable(r, cards, listed)
	w := weights(r)

	rawSum := make([]float64, len(entries))
	normSum := make([]float64, len(entries))
	scored := make([]int, len(entries))
	// usable sorts by judge, so each judge's cards are one run.
	for start := 0; start < len(cards); {
		end := start
		for end < len(cards) && cards[end].JudgeID == cards[start].JudgeID {
			end++
		}
		judge := cards[start:end]
		norm := judgeScores(r, w, judge)
		for i, c := range judge {
			p := pos[c.IdeaID]
			rawSum[p] += rawScore(r, w, c.Scores)
			normSum[p] += norm[i]
			scored[p]++
		}
		start = end
	}

	crowd := make([]float64, len(entries))
	for i, e := range entries {
		if finite(e.Crowd) {
			crowd[i] = e.Crowd
		}
	}
	crowd = zScores(crowd)
	cw := r.CrowdWeight
	if !(cw >= 0) { // equivalent mutant: with > instead, a weight of 0 is set to 0, the same
		cw = 0
	}
	cw = min(cw, 1)

	// The judges' mean z-sums are standardised across the scored ideas, so
	// that judges and crowd are on one scale and the crowd weight means
	// what it says. Unscored ideas stay at 0, the neutral middle.
	var means []float64
	var meanAt []int
	for i := range entries {
		if scored[i] > 0 {
			means = append(means, normSum[i]/float64(scored[i]))
			meanAt = append(meanAt, i)
		}
	}
	judges := make([]float64, len(entries))
	for k, z := range zScores(means) {
		judges[meanAt[k]] = z
	}

	results := make([]Result, len(entries))
	for i, e := range entries {
		res := Result{IdeaID: e.IdeaID, Crowd: crowd[i], Scored: scored[i], JudgesNormalized: judges[i]}
		if scored[i] > 0 {
			res.JudgesRaw = rawSum[i] / float64(scored[i])
		}
		res.Missing = max(e.Assigned-scored[i], 0)
		res.Final = (1-cw)*res.JudgesNormalized + cw*res.Crowd
		res.Score = Score100(res.Final)
		results[i] = res
	}
	slices.SortFunc(results, compareResults)
	for i := range results {
		results[i].Rank = i + 1
		results[i].Winner = i < winners
	}
	return results
}

// judgeScores returns, for each of one judge's cards, the weighted sum of
// that judge's per-criterion z-scores.
func judgeScores(r Rubric, w []float64, cards []Scorecard) []float64 {
	out := make([]float64, len(cards))
	values := make([]float64, len(cards))
	for k, c := range r.Criteria {
		for i, card := range cards {
			values[i] = card.Scores[c.Key]
		}
		for i, z := range zScores(values) {
			out[i] += w[k] * z
		}
	}
	return out
}

// zScores standardises xs with their mean and population standard
// deviation. When all values are equal the result is all zeros: checked by
// comparing values, not by sd == 0, because the computed mean of equal
// values can be off by one ulp and would turn rounding noise into ±1.
func zScores(xs []float64) []float64 {
	z := make([]float64, len(xs))
	if len(xs) == 0 || !slices.ContainsFunc(xs, func(x float64) bool { return x != xs[0] }) {
		return z
	}
	// z-scores do not change with the scale: values whose squares
	// would overflow (a scale saved before MaxScale) are brought near 1
	// first, by a power of two, which is exact.
	var top float64
	for _, x := range xs {
		top = max(top, math.Abs(x))
	}
	if top > 1e150 {
		_, exp := math.Frexp(top)
		scaled := make([]float64, len(xs))
		for i, x := range xs {
			scaled[i] = math.Ldexp(x, -exp)
		}
		xs = scaled
	}
	var mean float64
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(ss / float64(len(xs)))
	if !(sd > 0) || math.IsInf(sd, 0) {
		return z
	}
	for i, x := range xs {
		z[i] = (x - mean) / sd
	}
	return z
}

func compareResults(a, b Result) int {
	if c := compareDesc(a.Final, b.Final); c != 0 {
		return c
	}
	if c := compareDesc(a.JudgesNormalized, b.JudgesNormalized); c != 0 {
		return c
	}
	if c := compareDesc(a.Crowd, b.Crowd); c != 0 {
		return c
	}
	return cmpInt(a.IdeaID, b.IdeaID)
}

// compareDesc orders larger first, comparing on a 1e-9 grid: rounding to a
// grid (rather than |a-b| < eps) keeps the order transitive.
func compareDesc(a, b float64) int {
	qa, qb := quantise(a), quantise(b)
	switch {
	case qa > qb:
		return -1
	case qa < qb:
		return 1
	}
	return 0
}

func quantise(x float64) float64 { return math.Round(x * 1e9) }

// JudgeMean is one judge's average raw score (0..1 by each criterion's
// scale) over the ideas they scored: the spread across judges shows who is
// harsh and who is lenient, which normalisation then evens out.
type JudgeMean struct {
	JudgeID int64
	Mean    float64
	Cards   int
}

// JudgeMeans lists each judge's mean raw score, by judge id.
func JudgeMeans(r Rubric, cards []Scorecard) []JudgeMean {
	w := weights(r)
	sum := map[int64]float64{}
	n := map[int64]int{}
	for _, c := range cards {
		if r.ValidateScores(c.Scores) != nil {
			continue
		}
		sum[c.JudgeID] += rawScore(r, w, c.Scores)
		n[c.JudgeID]++
	}
	out := make([]JudgeMean, 0, len(n))
	for id, k := range n {
		out = append(out, JudgeMean{JudgeID: id, Mean: sum[id] / float64(k), Cards: k})
	}
	slices.SortFunc(out, func(a, b JudgeMean) int { return cmpInt(a.JudgeID, b.JudgeID) })
	return out
}
