package domain

// CanDecline says whether engineers may decline an idea, publicly, with a
// reason: only an idea in triage may be, that is one that won or that an
// admin picked, still listed, and not already a project. Any other idea
// (a draft challenge's, a plain submission, a hidden one) is not theirs to
// judge in public.
func CanDecline(state State, picked, project bool) error {
	if project {
		return Conflict("idea_not_in_triage", "this idea is already a project")
	}
	if !state.Listed() || (state != StateWinner && !picked) {
		return Conflict("idea_not_in_triage", "only ideas in triage (winners and ideas an admin picked) can be declined")
	}
	return nil
}

// Judgeable says whether an idea stays in its judges' queues and takes
// scores: one on the shortlist, or judged (winner or not selected, shown
// read-only once the results are out). A hidden, withdrawn or merged idea
// leaves them, and so does one taken off the shortlist (back to submitted,
// or expired): its scores would count nowhere.
func Judgeable(state State) error {
	switch {
	case !state.Listed() && state != StateExpired:
		return Conflict("idea_not_judgeable", "this idea was hidden, withdrawn or merged: it is no longer judged")
	case state != StateShortlisted && state != StateWinner && state != StateNotSelected:
		return Conflict("idea_not_shortlisted", "this idea is no longer on the shortlist: it is no longer judged")
	}
	return nil
}
