package domain

// ReviewSpent says an item's author has had their one review since the
// last moderator's decision: given the actions of its moderation history,
// newest first, the newest is a moderator's keeping it hidden ("hide")
// in answer to a request ("review") just before. Asking again would put
// it back at the top of the queue as often as they liked; a new decision
// (shown again, then hidden anew) gives them a new request.
func ReviewSpent(actions []string) bool {
	return len(actions) >= 2 && actions[0] == string(ActionHide) && actions[1] == "review"
}

// CheckReviewAgain refuses a request for a review once ReviewSpent.
func CheckReviewAgain(actions []string) error {
	if ReviewSpent(actions) {
		return Conflict("review_exhausted", "a moderator has already reviewed this at your request and kept it hidden; it cannot be reviewed again")
	}
	return nil
}
