package domain

import "time"

// Who may see what. Every path that shows a challenge, an idea, a comment
// or a project (pages, the API, lists, search, feeds, share cards,
// notifications) asks these functions, so the answer is the same whichever
// way a person arrives.
//
//   - A draft challenge (none of its phases has begun) is seen by admins
//     only, and so is everything in it.
//   - A hidden idea is seen by admins, moderators and its author only (who
//     is told why); its comments and its project go with it.
//   - Withdrawn and merged ideas keep their page, but leave the lists: only
//     listed ideas (State.Listed) appear in lists, feeds, similar ideas and,
//     for everyone but admins and moderators (SeesUnlisted), search.

// MaySeeChallenge reports whether u may see challenge c at time now. It
// reads only c's schedule (MaySeeSchedule), which is all a notice keeps of
// its challenge (NoticeItem): a rule that reads more must be given to the
// notices too (TestMaySeeChallengeReadsOnlyTheSchedule says so).
func MaySeeChallenge(u *User, c Challenge, now time.Time) bool {
	return MaySeeSchedule(u, c.Schedule, now)
}

// MaySeeSchedule is MaySeeChallenge for a challenge known by its schedule
// alone: a draft (no phase begun) is seen by admins only.
func MaySeeSchedule(u *User, s Schedule, now time.Time) bool {
	return s.PhaseAt(now) != PhaseDraft || u.Has(RoleAdmin)
}

// MayBeBlind reports whether u can be a blind judge at all: only a judge
// judges (one whose role was taken away keeps their assignments but scores
// nothing), so nobody else's reads ask for their assignments, and their
// votes are answered with the tally.
func MayBeBlind(u *User) bool { return u.Has(RoleJudge) }

// MaySeeIdea reports whether u may see idea (of challenge c) at all: its
// page, its API answer, its comments.
func MaySeeIdea(u *User, c Challenge, idea Idea, now time.Time) bool {
	return MaySeeChallenge(u, c, now) && IdeaOpenTo(u, idea)
}

// IdeaOpenTo is the idea's part of MaySeeIdea: a hidden idea is seen by
// admins, moderators and its author (who is told why, SeesHidden).
func IdeaOpenTo(u *User, idea Idea) bool {
	return idea.State != StateHidden || u.Has(RoleAdmin) || SeesHidden(u, idea.Author.ID)
}

// MaySeeComment reports whether u may see a comment on idea: exactly when
// they may see the idea.
func MaySeeComment(u *User, c Challenge, idea Idea, now time.Time) bool {
	return MaySeeIdea(u, c, idea, now)
}

// MaySeeProject reports whether u may see the project made of idea: a
// project whose idea may not be seen is not seen either, except by admins.
func MaySeeProject(u *User, c Challenge, idea Idea, now time.Time) bool {
	return MaySeeIdea(u, c, idea, now)
}

// SeesUnlisted reports whether u finds unlisted ideas (hidden, merged,
// withdrawn, expired) and what hangs on them in search: admins and
// moderators, who may open every such idea's page (IdeaOpenTo) and restore
// a hidden one, so must be able to find it. It widens search only: a
// draft's ideas stay out for whoever may not see the draft
// (MaySeeChallenge), and a hit carries no author, so a moderator who
// judges blind learns none from it.
func SeesUnlisted(u *User) bool { return u.CanModerate() }

// UnlistedStates are the idea states that leave lists and search: every
// state for which State.Listed is false.
func UnlistedStates() []State {
	var out []State
	for _, s := range States {
		if !s.Listed() {
			out = append(out, s)
		}
	}
	return out
}

// ListedStates are the idea states that appear in lists and search.
func ListedStates() []State {
	var out []State
	for _, s := range States {
		if s.Listed() {
			out = append(out, s)
		}
	}
	return out
}

// IdeaMask is what of a challenge's ideas a person may not see while the
// challenge runs: the authors, the vote counts.
type IdeaMask struct{ Author, Votes bool }

// MaskFor is the rule for authors and votes. Until a challenge's results
// are published, a challenge that is anonymous until results hides every
// author from everyone but admins; and a person who judges it blind (has
// assignments in it, under a blind rubric: judgesBlind) sees neither
// authors nor votes on any path, as in their judging queue.
func MaskFor(u *User, c Challenge, judgesBlind bool) IdeaMask {
	var m IdeaMask
	if c.ResultsAt != nil {
		return m
	}
	if c.AnonymousUntilResults && !u.Has(RoleAdmin) {
		m.Author = true
	}
	if judgesBlind {
		m.Author, m.Votes = true, true
	}
	return m
}

// Apply strips what m hides from viewer: no author, and votes below zero
// (shown as neither a number nor a zero). A person's own idea keeps its
// author: it tells them nothing they do not know.
func (m IdeaMask) Apply(viewer *User, idea Idea) Idea {
	if m.Author && (viewer == nil || viewer.ID != idea.Author.ID) {
		idea.Author = Author{}
	}
	if m.Votes {
		// Every measure of the crowd goes with the votes: a blind judge
		// must not learn the crowd's verdict from stars, pairs or buyers.
		idea.Votes = -1
		idea.VotesUnderReview, idea.UnderReview = 0, HeldActs{}
		idea.Ratings, idea.RatingSum, idea.Comparisons, idea.Wins = 0, 0, 0, 0
		idea.Score, idea.ScoreSD, idea.RankScore = 0, 0, 0
		idea.Buyers, idea.Units, idea.QualifiedAt = 0, 0, nil
	}
	return idea
}

// Sort is the order in which a viewer under m may list ideas: one who may
// not see votes (a blind judge) gets the newest first whatever they ask,
// for an order by votes, stars or pair choices (hot, top) would tell them
// the crowd's verdict as surely as the numbers.
func (m IdeaMask) Sort(asked Sort) Sort {
	if m.Votes {
		return SortNew
	}
	return asked
}

// ListOrder is the order in which a reader under mask m, who asked for
// asked, gets challenge c's ideas listed, and the order the store reads
// them in. Every list of a challenge's ideas (its page, the API's list and
// its cache) takes its order here:
//   - one who may not see votes (a blind judge) gets the newest first
//     whatever they ask (IdeaMask.Sort);
//   - hot is votes with time decay: a challenge that takes no votes
//     (stars, pairwise) has none, its hot order would be by age alone, so
//     it is listed as what it is, the newest first;
//   - top is read as the method's own measure (Challenge.ListSort).
func ListOrder(c Challenge, m IdeaMask, asked Sort) (listed, read Sort) {
	listed = m.Sort(asked)
	if listed == SortHot && c.Method() != MethodSupport {
		listed = SortNew
	}
	return listed, c.ListSort(listed)
}

// ListSorts are the orders a reader under m may choose between for c's
// ideas (the page's tabs): those ListOrder lists. A blind judge is offered
// the newest first only; a stars or pairwise challenge offers no hot tab,
// which would show the new tab's list again.
func ListSorts(c Challenge, m IdeaMask) []Sort {
	switch {
	case m.Votes:
		return []Sort{SortNew}
	case c.Method() != MethodSupport:
		return []Sort{SortTop, SortNew}
	}
	return []Sort{SortHot, SortTop, SortNew}
}

// String names the mask, for cache keys.
func (m IdeaMask) String() string {
	return map[[2]bool]string{{false, false}: "open", {true, false}: "anonymous", {false, true}: "no-votes", {true, true}: "blind"}[[2]bool{m.Author, m.Votes}]
}

// NoticeItem is what a notice is about, as the reader's rule needs it:
// nothing (About false: a notice about no item, always seen), or an item
// that is gone, or a challenge with, when the notice is about one, an idea
// of it and a comment on that idea. Of the challenge it keeps the schedule
// only, not a Challenge with every other field zero, which a rule reading
// more than the schedule would take for the challenge's own.
type NoticeItem struct {
	About    bool
	Gone     bool
	Schedule Schedule // the challenge's
	Idea     *Idea
	Comment  *Comment
	// CommenterConfirmed: the comment's author's address is confirmed
	// (MailNoticeBy).
	CommenterConfirmed bool
}

// MaySeeNotice reports whether u may see a notice about item: the notice
// list and the unread badge both ask it, so a notice leaves both once its
// idea, comment or challenge is hidden from the reader (a hidden comment is
// seen by its author and moderators, as on the idea's page).
func MaySeeNotice(u *User, item NoticeItem, now time.Time) bool {
	switch {
	case !item.About:
		return true
	case item.Gone:
		return false
	case !MaySeeSchedule(u, item.Schedule, now):
		return false
	case item.Idea != nil && !IdeaOpenTo(u, *item.Idea):
		return false
	}
	return item.Comment == nil || !item.Comment.Hidden || SeesHidden(u, item.Comment.Author.ID)
}
