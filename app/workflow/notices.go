package workflow

import (
	"strconv"

	"cocreate/app/domain"
)

// The notices of a project's testing: its engineer hears of each
// application to test and of each report a tester sends, and an applicant
// hears whether they were chosen. The store writes the notices these
// functions choose, in the same transaction as the change they report.
// The kinds are declared in domain, whose email groups name them.
const (
	NoticeTesterApplied     = domain.NoticeTesterApplied
	NoticeFeedbackGiven     = domain.NoticeFeedbackGiven
	NoticeTesterDeclined    = domain.NoticeTesterDeclined
	NoticeProjectHanded     = domain.NoticeProjectHanded
	NoticeProjectHandedAway = domain.NoticeProjectHandedAway
)

// ApplicationsLink points at a project's list of tester applications,
// where its engineer chooses testers.
func ApplicationsLink(projectID int64) string {
	return domain.ProjectLink(projectID) + "#applications"
}

// FeedbackLink points at one tester report on its project's page, where
// its engineer replies to it: the page of the project's feedback that
// holds the report (report=, however many newer reports there are), at
// the report.
func FeedbackLink(projectID, feedbackID int64) string {
	id := strconv.FormatInt(feedbackID, 10)
	return domain.ProjectLink(projectID) + "?report=" + id + "#fb-" + id
}

// engineerNotice is a notice to the engineer who runs p, unless they are
// actorID, who did what it reports and knows.
func engineerNotice(p Project, actorID int64, kind domain.NoticeKind, url string, args ...string) []domain.Outgoing {
	if p.Owner.ID == 0 || p.Owner.ID == actorID {
		return nil
	}
	return []domain.Outgoing{{To: p.Owner.ID, Kind: kind, URL: url, Args: args}}
}

// ApplicationNotices tell project p's engineer that applicant applied to
// test it, linking to the applications, where they choose.
func ApplicationNotices(p Project, applicant domain.Author) []domain.Outgoing {
	return engineerNotice(p, applicant.ID, NoticeTesterApplied, ApplicationsLink(p.ID), p.Title, applicant.Name)
}

// FeedbackNotices tell project p's engineer that a tester sent report fb,
// linking to the report, where they reply.
func FeedbackNotices(p Project, fb Feedback) []domain.Outgoing {
	return engineerNotice(p, fb.Tester.ID, NoticeFeedbackGiven, FeedbackLink(p.ID, fb.ID), p.Title, fb.Tester.Name)
}

// TesterDecision is a decision on an application to test, as the notice
// of it needs it: the application's state before (Was: accepted; Decided:
// decided at all, either way) and after (Accepted), and who decided
// (Actor).
type TesterDecision struct {
	Applicant, Actor int64
	Was, Decided     bool
	Accepted         bool
}

// TesterDecisionNotices tell an applicant of a decision that changes
// where they stand, once: chosen (an application turned accepted,
// domain.TesterChosenNotice), or declined (an accepted tester un-chosen,
// or an application declined when it had not been decided). Deciding the
// same again tells nothing, and nobody is told of their own decision.
func TesterDecisionNotices(p Project, d TesterDecision) []domain.Outgoing {
	if d.Applicant == 0 || d.Applicant == d.Actor {
		return nil
	}
	if d.Accepted {
		return domain.TesterChosenNotice(p.ID, d.Applicant, p.Title, d.Was, d.Accepted)
	}
	if d.Was || !d.Decided {
		return []domain.Outgoing{{To: d.Applicant, Kind: NoticeTesterDeclined, URL: domain.ProjectLink(p.ID), Args: []string{p.Title}}}
	}
	return nil
}

// HandOverNotices tell the engineer who now owns project p (p.Owner, after
// the hand-over) that it is theirs, and the one it was taken from (from)
// whom it went to, both linking to it; nobody is told of their own act
// (actorID: an engineer handing their project on, or taking one).
func HandOverNotices(p Project, from domain.Author, actorID int64) []domain.Outgoing {
	out := engineerNotice(p, actorID, NoticeProjectHanded, domain.ProjectLink(p.ID), p.Title)
	if from.ID != 0 && from.ID != actorID && from.ID != p.Owner.ID {
		out = append(out, domain.Outgoing{To: from.ID, Kind: NoticeProjectHandedAway, URL: domain.ProjectLink(p.ID), Args: []string{p.Title, p.Owner.Name}})
	}
	return out
}
