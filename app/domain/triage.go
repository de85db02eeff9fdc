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
// scores: a hidden, withdrawn or merged idea leaves them.
func Judgeable(state State) error {
	if !state.Listed() {
		return Conflict("idea_not_judgeable", "this idea was hidden, withdrawn or merged: it is no longer judged")
	}
	return nil
}
