package domain

import (
	"fmt"
	"slices"
)

// The groups of notification emails a person may turn off one by one
// (users.email_muted), beside the switch that turns them all off
// (EmailNotices). A group is what a fan recognises in their inbox, not a
// kind of notice: there are dozens of kinds.
const (
	EmailComments = "comments" // comments and official replies on my ideas, and on ideas I follow
	EmailIdeas    = "ideas"    // how my ideas and the ideas I back are doing: shortlists, results, projects, production, and the honours they earn me
	EmailTesting  = "testing"  // prototype testing: applications, choices, reports and their answers
	EmailClubs    = "clubs"    // city clubs and their meetups
	EmailStaff    = "staff"    // work a role brings: ideas to judge, clubs left without an organiser
	// EmailAccount is not a choice: what was done to the person's own
	// account, posts or votes (a moderator hid their idea, votes were
	// removed), and the emails they asked for. They go while emails are on
	// (the asked-for ones always: MailsFor).
	EmailAccount = "account"
)

// EmailGroups are the groups a person may turn off, in the order the
// settings page shows them.
var EmailGroups = []string{EmailComments, EmailIdeas, EmailTesting, EmailClubs, EmailStaff}

// EmailGroup is the group of a notice's email. A kind no case names (a new one, forgotten) is EmailAccount: mailed
// while emails are on, never muted by a choice it is not in; the table
// test of every kind declared fails first.
func EmailGroup(kind NoticeKind) string {
	switch kind {
	case NoticeComment, NoticeFollowedComment, NoticeOfficial, NoticeFollowedOfficial, NoticeUpdateComment:
		return EmailComments
	case NoticeShortlisted, NoticeUnshortlisted, NoticeWon, NoticeBackedWon, NoticeNotSelected,
		NoticeMerged, NoticeFollowedMerged, NoticeProject, NoticeStage, NoticeShelved, NoticeProjectStarted, NoticeProjectUpdate,
		NoticeProduction, NoticeQualified, NoticeQualifiedSupporter, NoticeExpired,
		NoticeVoteReturned, NoticeReturnedExpired, NoticeStatus, NoticeStatusAnswered, NoticeNotBuilt, NoticeBackedNotBuilt, NoticeResultsOut,
		NoticeBackedExpired, NoticeBadge, NoticeBadgeEarned, NoticeLevelUp, NoticeCredited:
		return EmailIdeas
	case NoticeTesterChosen, NoticeFeedbackReply, NoticeTesterApplied, NoticeTesterDeclined, NoticeFeedbackGiven:
		return EmailTesting
	case NoticeClubOpened, NoticePromoted, NoticeMeetupChanged, NoticeMeetupCancelled, NoticeOrganiserNamed, NoticeOrganiserRemoved:
		return EmailClubs
	case NoticeAssigned, NoticeProjectHanded, NoticeProjectHandedAway, NoticeProjectAssigned, NoticeProjectQuestion, NoticeClubOrphaned:
		return EmailStaff
	}
	return EmailAccount
}

// MailsFor is whether a notice of kind is mailed to a person whose emails
// are on (or off) and who turned off the groups muted: asked at the
// notice, to queue its email, and again at the send, since the person may
// have changed their mind meanwhile. A password reset's email is the only
// way to its link, and a confirmation email was asked for: both go
// whatever the choices. So do a suspension and a reinstatement: a
// suspended person cannot sign in to read a notice, and would not try
// again unless told. The kinds BellOnly are never mailed.
func MailsFor(kind NoticeKind, on bool, muted []string) bool {
	switch kind {
	case NoticePasswordReset, NoticeVerifyEmail, NoticePasswordChanged, NoticeEmailChanged, NoticeSuspended, NoticeReinstated,
		NoticeInvited: // its link is the only way in
		return true
	}
	return on && !slices.Contains(muted, EmailGroup(kind)) && !slices.Contains(BellOnly, kind)
}

// EmailChoices are the groups u is offered: the work group only to those
// with a role beyond fan, who are the ones given work.
func EmailChoices(u *User) []string {
	if u != nil && len(u.Roles) > 1 {
		return EmailGroups
	}
	return EmailGroups[:len(EmailGroups)-1]
}

// CheckEmailKinds refuses a choice of groups that names one there is not.
func CheckEmailKinds(mailed map[string]bool) error {
	for g := range mailed {
		if !slices.Contains(EmailGroups, g) {
			return Invalid("email_kinds", "unknown_email_group",
				fmt.Sprintf("%q is no group of emails: choose among %v", g, EmailGroups))
		}
	}
	return nil
}

// MuteEmails is the groups muted after a person's choice: muted as they
// were, with each group mailed names turned on (true) or off (false), in
// EmailGroups' order. A group mailed leaves out stays as it was.
func MuteEmails(muted []string, mailed map[string]bool) ([]string, error) {
	if err := CheckEmailKinds(mailed); err != nil {
		return nil, err
	}
	out := []string{}
	for _, g := range EmailGroups {
		on, chosen := mailed[g]
		if chosen && !on || !chosen && slices.Contains(muted, g) {
			out = append(out, g)
		}
	}
	return out, nil
}
