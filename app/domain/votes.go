package domain

import "time"

// NoticeVoteReturned tells a fan that an idea they voted for left the lists
// (withdrawn or hidden) and their vote was given back to their budget.
const NoticeVoteReturned NoticeKind = "vote_returned"

// ReleasesVotes decides whether moving an idea from one state to another
// gives its votes back to the fans who cast them: a vote counts against a
// budget only while its idea is listed (the budget counts a fan's votes in
// the challenge, and an unlisted idea's vote can be neither used nor undone).
// It applies only where there is a budget to give them back to (VoteBudget
// > 0: without one a fan has every vote already, and taking the votes away
// would only wipe the idea's for good) and while votes can still be spent,
// that is until voting is over; otherwise the votes stay with the idea (so
// a hidden idea restored comes back with them). Merges move votes to the
// original idea instead (Store.MergeIdea) and are not decided here.
func ReleasesVotes(c Challenge, from, to State, now time.Time) bool {
	if c.VoteBudget <= 0 || from == to || !from.Listed() || to.Listed() || to == StateMerged {
		return false
	}
	return !VotingOver(c.Schedule, now)
}

// HideGivesBack is how many votes a moderator's hiding of idea gives back
// to their fans at now, by the rule Moderate applies (KeepHiddenReleases):
// all it holds, counted or under review, or none, as a moderator is told
// before deciding. An idea the report threshold hid still holds its votes
// (that hiding gives none back: it waits for this decision), so for it
// the hiding is keeping it hidden, judged from before, the state it was
// hidden from.
func HideGivesBack(c Challenge, idea Idea, before State, now time.Time) int {
	if !KeepHiddenReleases(c, idea.State, before, true, now) {
		return 0
	}
	return idea.Votes + idea.VotesUnderReview
}

// VotingOver reports whether a challenge's vote has ended for good: its
// closing time, its results or its end have passed. A challenge without a
// vote has nothing to end.
func VotingOver(s Schedule, now time.Time) bool {
	return reached(now, s.VotingCloseAt) || reached(now, s.ResultsAt) || reached(now, s.ClosedAt)
}

// CanWithdrawHeld decides whether a fan may take back, at now, the support
// they gave an idea that reports hid: it waits for a moderator, who gives
// the votes back only by hiding it for good (ReleasesVotes), so until then
// the vote would sit spent in the fan's budget. They may, as they may take
// back any vote: while the vote is open, in a support-vote challenge. The
// fan no longer sees the idea (IdeaOpenTo); only one who holds a vote on
// it is asked.
func CanWithdrawHeld(idea Idea, c Challenge, now time.Time) error {
	if idea.State != StateHidden {
		return Conflict("idea_not_votable", "this idea cannot be voted on")
	}
	if !VotingOpenOn(c, idea, now) {
		return Conflict("voting_closed", "voting is not open for this challenge")
	}
	return RequireMethod(c, MethodSupport)
}
