package judging

// Unscored lists the ranked ideas no judge's scorecard counts for, in
// ranking order. On the judges' side they rank as the scored ideas'
// average (JudgesNormalized 0), so one may still win on the crowd's
// figures alone: the desk names them before publishing, and the results
// page does not say every idea was judged.
func Unscored(ranking []Result) []Result {
	var out []Result
	for _, r := range ranking {
		if r.Scored == 0 {
			out = append(out, r)
		}
	}
	return out
}

// NoneScored says no ranked idea has a scorecard that counts: the ranking
// is the crowd's alone, whatever the crowd weight says.
func NoneScored(ranking []Result) bool {
	return len(ranking) > 0 && len(Unscored(ranking)) == len(ranking)
}
