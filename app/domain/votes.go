package domain

import "time"

// NoticeVoteReturned tells a fan that an idea they voted for left the lists
// (withdrawn or hidden) and their vote was given back to their budget.
const NoticeVoteReturned NoticeKind = "vote_returned"

// ReleasesVotes decides whether moving an idea from one state to another
// gives its votes back to the fans who cast them: a vote counts against a
// budget only while its idea is listed (the budget counts a fan's votes in
// the challenge, and an unlisted idea's vote can be neither used nor undone).
// It applies while votes can still be spent, that is until voting is over;
// after that the votes are the record of the vote and stay with the idea
// (so a hidden idea restored after voting keeps them). Merges move votes to
// the original idea instead (Store.MergeIdea) and are not decided here.
func ReleasesVotes(c Challenge, from, to State, now time.Time) bool {
	if from == to || !from.Listed() || to.Listed() || to == StateMerged {
		return false
	}
	return !VotingOver(c.Schedule, now)
}

// VotingOver reports whether a challenge's vote has ended for good: its
// closing time, its results or its end have passed. A challenge without a
// vote has nothing to end.
func VotingOver(s Schedule, now time.Time) bool {
	return reached(now, s.VotingCloseAt) || reached(now, s.ResultsAt) || reached(now, s.ClosedAt)
}
