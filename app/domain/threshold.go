package domain

import "time"

// Supporter thresholds (LEGO Ideas): in an open call with a
// SupportThreshold, an idea that reaches it within ThresholdDays of its
// submission, or of the opening of the vote when that is later, is
// shortlisted on its own (its QualifiedAt is set); one that misses
// expires: it leaves the lists and takes no more votes, and its page
// stays.

// Notices of thresholds.
const (
	// NoticeQualified tells an author their idea reached the supporter
	// threshold and is shortlisted (args: title).
	NoticeQualified NoticeKind = "qualified"
	// NoticeQualifiedSupporter tells a supporter the same (args: title).
	NoticeQualifiedSupporter NoticeKind = "qualified_supporter"
	// NoticeExpired tells an author their idea missed the threshold (args: title).
	NoticeExpired NoticeKind = "expired"
	// NoticeReturnedExpired tells a fan that an idea they voted for
	// missed its threshold and expired, and their vote is back in their
	// budget (args: title): NoticeVoteReturned says withdrawn or hidden.
	NoticeReturnedExpired NoticeKind = "vote_returned_expired"
)

// Votable reports whether ideas in state s take votes (and intents): the
// listed ones only, so never an expired, hidden, merged or withdrawn idea.
func (s State) Votable() bool { return s.Listed() }

// Thresholded reports whether the challenge shortlists ideas by supporters:
// an open call that counts support votes.
func (c Challenge) Thresholded() bool {
	return c.Kind == OpenCall && c.SupportThreshold > 0 && c.Method() == MethodSupport
}

// ThresholdDeadline is when idea must have reached the threshold: its
// days counted from its submission, or from the opening of the vote when
// that is later (an idea submitted before fans may vote has its days all
// the same); ok is false when there is no deadline (no threshold, no time
// limit, or no vote scheduled, so no idea expires before fans could back
// it).
func ThresholdDeadline(c Challenge, idea Idea) (deadline time.Time, ok bool) {
	if !c.Thresholded() || c.ThresholdDays <= 0 || c.VotingOpenAt == nil {
		return time.Time{}, false
	}
	start := idea.CreatedAt
	if c.VotingOpenAt.After(start) {
		start = *c.VotingOpenAt
	}
	return start.Add(time.Duration(c.ThresholdDays) * 24 * time.Hour), true
}

// inRace reports whether idea may still be settled by the threshold: a
// submitted idea (not shortlisted, by the threshold or otherwise) that
// never qualified (one the organiser took off the shortlist after it
// qualified stays off: their decision, not the sweep's) of a challenge
// whose results are not published (the ranking is final).
func inRace(c Challenge, idea Idea) bool {
	return c.Thresholded() && idea.State == StateSubmitted && idea.QualifiedAt == nil && c.ResultsAt == nil
}

// Racing reports whether idea still races for the threshold (inRace) and
// is not past its deadline.
func Racing(c Challenge, idea Idea, now time.Time) bool {
	if !inRace(c, idea) {
		return false
	}
	deadline, ok := ThresholdDeadline(c, idea)
	return !ok || now.Before(deadline)
}

// Qualifies reports whether idea, now holding votes, reaches the threshold
// in time and so is shortlisted on its own.
func Qualifies(c Challenge, idea Idea, votes int, now time.Time) bool {
	return RaceOf(c, idea, now).Qualifies(votes)
}

// Race is an idea's race for the threshold as a vote finds it (RaceOf): what
// the vote needs, once counted, to know whether it qualifies the idea. Two
// words, kept by the vote instead of the idea and its challenge (which
// escaped to the heap on every vote).
type Race struct {
	On        bool // the idea races (Racing)
	Threshold int  // the votes it needs
}

// RaceOf is idea's race in c at now.
func RaceOf(c Challenge, idea Idea, now time.Time) Race {
	return Race{On: Racing(c, idea, now), Threshold: c.SupportThreshold}
}

// Qualifies reports whether the idea, now holding votes, reaches the
// threshold in its race.
func (r Race) Qualifies(votes int) bool { return r.On && votes >= r.Threshold }

// Reached reports whether an idea in the race holds its threshold's votes,
// whenever it is asked: votes arrive only through the vote, which refuses
// them past the deadline (CanSupportInTime), so an idea holding them
// reached them in time (the sweep's rule, catching up after a crash or
// votes an integrity review counted again).
func Reached(c Challenge, idea Idea, votes int) bool {
	return inRace(c, idea) && votes >= c.SupportThreshold
}

// Expires reports whether idea missed the threshold: in the race, its
// deadline passed, fewer votes than the threshold.
func Expires(c Challenge, idea Idea, votes int, now time.Time) bool {
	deadline, ok := ThresholdDeadline(c, idea)
	return ok && inRace(c, idea) && votes < c.SupportThreshold && !now.Before(deadline)
}

// CanSupportInTime refuses a vote on an idea whose threshold deadline has
// passed without reaching it: the sweep is about to expire it, and the
// vote would arrive too late to count (the check on read, beside the sweep).
func CanSupportInTime(c Challenge, idea Idea, now time.Time) error {
	if Expires(c, idea, idea.Votes, now) {
		return Conflict("threshold_missed", "this idea missed its supporter threshold")
	}
	return nil
}

// ThresholdProgress is what an idea's page shows of its race.
type ThresholdProgress struct {
	Votes, Threshold int
	Percent          int       // 0–100
	Deadline         time.Time // zero when there is no time limit
	DaysLeft         int       // whole days, rounded up; 0 when past or none
	Reached          bool      // shortlisted by the threshold
	Missed           bool      // expired, or past the deadline short of it
}

// Progress is idea's race to the threshold at now; ok is false when the
// challenge has no threshold, or the idea's votes are masked from its
// reader (a blind judge: Votes < 0), who is shown no race.
func Progress(c Challenge, idea Idea, now time.Time) (p ThresholdProgress, ok bool) {
	if !c.Thresholded() || idea.Votes < 0 { // no threshold, or votes the viewer may not see
		return p, false
	}
	p.Votes, p.Threshold = idea.Votes, c.SupportThreshold
	p.Percent = min(100, idea.Votes*100/c.SupportThreshold)
	p.Reached = idea.QualifiedAt != nil
	p.Missed = idea.State == StateExpired || Expires(c, idea, idea.Votes, now)
	if deadline, has := ThresholdDeadline(c, idea); has {
		p.Deadline = deadline
		if left := deadline.Sub(now); left > 0 && !p.Reached && !p.Missed {
			p.DaysLeft = int((left + 24*time.Hour - 1) / (24 * time.Hour))
		}
	}
	return p, true
}

// QualifiedNotices tell an idea's author and its supporters that it
// reached the threshold and is shortlisted.
func QualifiedNotices(ideaID int64, title string, a Audience) []Outgoing {
	out := []Outgoing{}
	for _, id := range a.Everyone() {
		kind := NoticeQualifiedSupporter
		if id == a.Author {
			kind = NoticeQualified
		}
		out = append(out, Outgoing{To: id, Kind: kind, URL: IdeaLink(ideaID), Args: []string{title}})
	}
	return out
}

// ExpiredNotice tells an author their idea missed the threshold.
func ExpiredNotice(ideaID, authorID int64, title string) Outgoing {
	return Outgoing{To: authorID, Kind: NoticeExpired, URL: IdeaLink(ideaID), Args: []string{title}}
}

// ExpiredVotesReturnedNotices tell each fan whose vote on an idea that
// missed its threshold was given back (ReleasesVotes) that it expired and
// they may spend the vote again, once each, with a link to the challenge.
func ExpiredVotesReturnedNotices(idea Idea, voters []int64) []Outgoing {
	return votesReturned(NoticeReturnedExpired, idea, voters)
}
