package domain

import "time"

// NoticeKind is what a notification reports. Its text lives in the
// translations as "notice.<kind>", filled with Args.
type NoticeKind string

const (
	NoticeShortlisted NoticeKind = "shortlisted" // your idea is on the shortlist
	// NoticeUnshortlisted: the organiser took your idea off the shortlist
	// (args: title); it is a submitted idea again.
	NoticeUnshortlisted NoticeKind = "unshortlisted"
	NoticeWon           NoticeKind = "won" // your idea won
	// NoticeBackedWon: an idea you voted for, rated, would buy or follow
	// won (args: title); its author gets NoticeWon.
	NoticeBackedWon   NoticeKind = "backed_won"
	NoticeNotSelected NoticeKind = "not_selected" // results are out; your idea was not chosen
	NoticeMerged      NoticeKind = "merged"       // your idea was merged into another
	// NoticeFollowedMerged: an idea you follow was merged into another,
	// which you follow now (args: its title, the other's title).
	NoticeFollowedMerged NoticeKind = "followed_merged"
	NoticeProject        NoticeKind = "project" // your idea became a prototype project
	NoticeStage          NoticeKind = "stage"   // a project you care about moved stage
	// NoticeShelved: a project you care about was shelved (args: title,
	// the engineers' reason), in place of NoticeStage.
	NoticeShelved NoticeKind = "shelved"
	// NoticeProjectStarted: an idea you back or follow became a prototype
	// project (args: title); its author gets NoticeProject.
	NoticeProjectStarted NoticeKind = "project_started"
	// NoticeProjectUpdate: a project you care about posted progress (args:
	// title, the update's start).
	NoticeProjectUpdate NoticeKind = "project_update"
	NoticeOfficial      NoticeKind = "official"      // an official reply on your idea
	NoticeTesterChosen  NoticeKind = "tester_chosen" // you were accepted as a fan tester
	// NoticeVerifyEmail carries a confirmation email (it is never news on the site).
	NoticeVerifyEmail NoticeKind = "verify_email"
	// NoticeHidden: moderators hid your idea or comment (args: title, reason).
	NoticeHidden NoticeKind = "hidden"
	// NoticeHiddenByReports: enough fans reported your idea or comment that
	// it is hidden until a moderator looks at it (args: title).
	NoticeHiddenByReports NoticeKind = "hidden_by_reports"
	// NoticeRestored: moderators showed your hidden idea or comment again
	// (args: title).
	NoticeRestored NoticeKind = "restored"
	// NoticeHiddenKept: moderators looked again at your hidden idea or
	// comment, as you asked or reports made them, and keep it hidden (args:
	// title, reason).
	NoticeHiddenKept NoticeKind = "hidden_kept"
	// NoticeSuspended tells a person a moderator suspended their account,
	// and why (args: reason); its email goes although they are suspended
	// (MayBeMailed). NoticeReinstated: their account works again.
	// NoticeReportUpheld tells a fan a moderator hid what they reported
	// (args: its words); NoticeReportDismissed that it stays shown.
	NoticeReportUpheld    NoticeKind = "report_upheld"
	NoticeReportDismissed NoticeKind = "report_dismissed"
	NoticeSuspended       NoticeKind = "suspended"
	NoticeReinstated      NoticeKind = "reinstated"
	NoticeVotesRemoved    NoticeKind = "votes_removed" // your votes in a challenge were removed by a vote-integrity review
	// NoticeStatus: a board post you wrote, voted for or follow has a new
	// status, with no official response (args: title, status key);
	// NoticeStatusAnswered: a new status or a first response, the post
	// having one (args: title, status key, the response's start).
	NoticeStatus         NoticeKind = "status"
	NoticeStatusAnswered NoticeKind = "status_answered"
	// NoticeTesterApplied: a fan applied to test your project's prototype
	// (args: project title, the applicant's name; workflow writes it).
	NoticeTesterApplied NoticeKind = "tester_applied"
	// NoticeFeedbackGiven: a tester sent a report on your project, waiting
	// for your reply (args: project title, the tester's name).
	NoticeFeedbackGiven NoticeKind = "feedback_given"
	// NoticeTesterDeclined: you were not chosen (or are no longer) to test
	// a project's prototype (args: project title).
	NoticeTesterDeclined NoticeKind = "tester_declined"
	// NoticeProjectHanded: a project was handed over to you, its new
	// engineer (args: project title; workflow writes it).
	NoticeProjectHanded NoticeKind = "project_handed"
	// NoticeProjectHandedAway: an admin gave a project you ran to another
	// engineer (args: project title, the new engineer's name).
	NoticeProjectHandedAway NoticeKind = "project_handed_away"
	// NoticeProjectAssigned: a project was opened with you as its
	// engineer, by someone else (args: its title).
	NoticeProjectAssigned NoticeKind = "project_assigned"
	// NoticeProjectQuestion: a fan wrote on the idea of the project you
	// run, and waits for an official answer (args: the idea's title).
	NoticeProjectQuestion NoticeKind = "project_question"
	// NoticeNotBuilt: the engineers declined your idea in triage, so it
	// will not become a prototype project (args: title, their reason);
	// NoticeBackedNotBuilt tells those who back or follow it.
	NoticeNotBuilt       NoticeKind = "not_built"
	NoticeBackedNotBuilt NoticeKind = "backed_not_built"
	// NoticeResultsOut: the results of a challenge you posted ideas in
	// are out, and none of yours was shortlisted (args: its title); the
	// shortlisted are told won or not_selected instead.
	NoticeResultsOut NoticeKind = "results_out"
	// NoticeClubOpened tells a fan who asked for a club in a city that it
	// is open (args: the club's name, its city; people writes it).
	NoticeClubOpened NoticeKind = "club_opened"
	// NoticePromoted tells a person that a place opened at a meetup and
	// they moved up from its waiting list: they are going now (args: its
	// title).
	NoticePromoted NoticeKind = "meetup_promoted"
	// NoticeMeetupChanged tells a person who answered a meetup that its
	// title, place or time changed (args: its title as it is now);
	// NoticeMeetupCancelled that it is called off (args: its title, the
	// reason).
	NoticeMeetupChanged   NoticeKind = "meetup_changed"
	NoticeMeetupCancelled NoticeKind = "meetup_cancelled"
	// NoticeClubOrphaned tells the admins and moderators that a club lost
	// its last organiser who can act (args: the club's name, its city).
	NoticeClubOrphaned NoticeKind = "club_orphaned"
	// NoticeOrganiserNamed and NoticeOrganiserRemoved tell a member that
	// staff made them an organiser of a club, or took the role back
	// (args: the club's name, the reason given, perhaps empty).
	NoticeOrganiserNamed   NoticeKind = "organiser_named"
	NoticeOrganiserRemoved NoticeKind = "organiser_removed"
)

// Notice is one notification for one person.
type Notice struct {
	ID        int64
	Kind      NoticeKind
	Args      []string
	URL       string
	Read      bool
	CreatedAt time.Time
	// By is who wrote the comment it tells of (NoticeBy), nil for other
	// notices; a Name of "" is an account deleted since.
	By *Author
}

// MayBeMailed decides, when its email is about to go, whether a notice's
// email of kind still goes to u (access and choices can change between a
// notice and its email, which may wait hours for a retry): never to a
// suspended account but the one telling it so, nor one that has since turned off emails of its
// group (MailsFor, as at the notice), and a notice about something only
// while u may still see it, as their notifications list shows it
// (MaySeeNotice): the email of a notice about an idea hidden since, or a
// project whose idea was hidden, is not sent.
func MayBeMailed(u *User, kind NoticeKind, item NoticeItem, now time.Time) bool {
	// A suspended account gets the one email that tells it so, and that
	// one only while it is (a retry after the reinstatement is not sent).
	// A deleted account gets none: its address is no address.
	return !u.Deleted && u.Suspended == (kind == NoticeSuspended) && MailsFor(kind, u.EmailNotices, u.EmailMuted) && MaySeeNotice(u, item, now)
}

// SuspensionNotices tell a person their account was suspended, with the
// reason, or that it works again: once, when the decision changes it
// (was, the account's standing before).
func SuspensionNotices(userID int64, was, suspended bool, reason string) []Outgoing {
	switch {
	case was == suspended:
		return nil
	case suspended:
		return []Outgoing{{To: userID, Kind: NoticeSuspended, URL: "/", Args: []string{reason}}}
	}
	return []Outgoing{{To: userID, Kind: NoticeReinstated, URL: "/"}}
}
