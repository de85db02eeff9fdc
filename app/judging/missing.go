package judging

// MissingCards counts the scorecards assigned judges have not filled in
// across a ranking: what publishing would leave unscored for good (the
// desk warns before it publishes).
func MissingCards(ranking []Result) int {
	n := 0
	for _, r := range ranking {
		n += r.Missing
	}
	return n
}
