package people

import (
	"cmp"
	"slices"
	"time"

	"cocreate/app/domain"
)

// Kind is why a fan earned points: something the brand values that another
// person (a judge, an engineer, a moderator, an organiser) decided. Nothing a
// fan does alone, however often, is a Kind: a thousand comments earn nothing
// by themselves, only the one an engineer marks helpful.
type Kind string

const (
	IdeaShortlisted  Kind = "idea_shortlisted"  // judges shortlisted the fan's idea
	IdeaWon          Kind = "idea_won"          // the idea won its challenge
	ProjectLaunched  Kind = "project_launched"  // a product launched from the fan's idea
	FeedbackAccepted Kind = "feedback_accepted" // an engineer addressed the fan's test report
	CommentHelpful   Kind = "comment_helpful"   // an engineer marked the fan's comment helpful
	ReportUpheld     Kind = "report_upheld"     // moderators hid what the fan reported
	MeetupAttended   Kind = "meetup_attended"   // an organiser checked the fan in at a meetup
)

// Kinds are every reason, in the order a profile lists them.
var Kinds = []Kind{IdeaShortlisted, IdeaWon, ProjectLaunched, FeedbackAccepted, CommentHelpful, ReportUpheld, MeetupAttended}

// BoardLeavesOut is the kind of reason a leaderboard does not count, ""
// for none: one narrowed to a challenge or a season leaves out upheld
// reports, for in so small a window a reporter's points say who reported
// what, and reports are private. A person's total (their profile, the
// all-time board) counts them.
func BoardLeavesOut(narrowed bool) Kind {
	if narrowed {
		return ReportUpheld
	}
	return ""
}

// Points is the rule table: what each reason is worth. A launch is worth
// most, as it is what the brand is for; attending a meetup least.
func Points(k Kind) int {
	switch k {
	case IdeaShortlisted:
		return 10
	case IdeaWon:
		return 30
	case ProjectLaunched:
		return 50
	case FeedbackAccepted:
		return 5
	case CommentHelpful:
		return 3
	case ReportUpheld:
		return 2
	case MeetupAttended:
		return 4
	}
	return 0
}

// MeetupGap is how long after a check-in that earned meetup points another
// check-in in the same club earns none: at most one meetup a day counts
// toward reputation per club. An organiser can post as many meetups as they
// like and check in whom they like (MinMeetupLead only slows them to one an
// hour); without a cap, a sock puppet would climb a level a day on meetups
// nobody attended. A day, rolling rather than a calendar day, so no time zone
// decides it; other clubs still count, as a fan who travels meets other fans.
const MeetupGap = 24 * time.Hour

// MeetupPoints is what a check-in at time at is worth: nothing for an
// account that has not confirmed its email (a throwaway costs nothing to
// make, so it earns nothing: this is how the organiser's sock puppet gains
// no level), nothing when the person earned meetup points in the same club
// less than MeetupGap before (lastEarned; zero: never), else
// Points(MeetupAttended). The check-in is recorded either way: they came.
func MeetupPoints(verified bool, lastEarned, at time.Time) int {
	if !verified {
		return 0
	}
	if !lastEarned.IsZero() && at.Sub(lastEarned) < MeetupGap {
		return 0
	}
	return Points(MeetupAttended)
}

// Event is one recorded reason: who, why, about what (Ref: the idea,
// project, feedback, comment, report or meetup), in which challenge (0:
// none), when, and the points it was worth when it was recorded. A fan
// earns each (Kind, Ref) once.
type Event struct {
	UserID      int64
	Kind        Kind
	Ref         int64
	ChallengeID int64
	At          time.Time
	Points      int
}

// Priced sets each event's points from the rule table.
func Priced(events []Event) []Event {
	out := make([]Event, len(events))
	for i, e := range events {
		e.Points = Points(e.Kind)
		out[i] = e
	}
	return out
}

// Total adds events' points.
func Total(events []Event) int {
	n := 0
	for _, e := range events {
		n += e.Points
	}
	return n
}

// Thresholds are the points each level starts at: level 1 at 0, level 2 at
// 10 (one shortlisted idea, or two accepted test reports), and so on.
var Thresholds = []int{0, 10, 40, 100, 250, 600}

// Level is the level a fan with points stands at, from 1.
func Level(points int) int {
	level := 1
	for i, t := range Thresholds {
		if points >= t {
			level = i + 1
		}
	}
	return level
}

// ToNext is how many more points reach the next level; 0 at the top.
func ToNext(points int) int {
	l := Level(points)
	if l >= len(Thresholds) {
		return 0
	}
	return Thresholds[l] - points
}

// TesterLevel is the level from which a fan may apply to test prototypes:
// testers hold unreleased products, so the brand asks for someone whose
// judgement others have already valued.
const TesterLevel = 2

// CanApplyToTest refuses a fan below TesterLevel, saying why.
func CanApplyToTest(points int) error {
	if Level(points) < TesterLevel {
		return &domain.Error{Kind: domain.KindForbidden, Code: "level_too_low",
			Message: "applying to test prototypes opens at level 2: earn reputation first (a shortlisted idea, an accepted test report, a helpful comment)"}
	}
	return nil
}

// Standing is one line of a leaderboard.
type Standing struct {
	UserID int64
	Name   string
	Points int
}

// Rank orders a leaderboard: most points first, then the earlier account
// (the smaller id), so ties are stable.
func Rank(rows []Standing) []Standing {
	out := append([]Standing(nil), rows...)
	slices.SortStableFunc(out, func(a, b Standing) int {
		return cmp.Or(cmp.Compare(b.Points, a.Points), cmp.Compare(a.UserID, b.UserID))
	})
	return out
}

// Season is the calendar year [from, to) that season=YYYY names, in loc;
// a year outside 2000–2999 is refused, naming the field.
func Season(year int, loc *time.Location) (from, to time.Time, err error) {
	if year < 2000 || year > 2999 {
		return from, to, domain.Invalid("season", "invalid_season", "season must be a year such as 2026")
	}
	from = time.Date(year, 1, 1, 0, 0, 0, 0, loc)
	return from, from.AddDate(1, 0, 0), nil
}

// FeedbackCap is how many of one tester's reports on one project earn
// points when an engineer addresses them: the first FeedbackCap, worth
// Points(FeedbackAccepted) each (25 points a project, half a launch), and
// nothing after. Without it a tester filing trivial reports, or an
// engineer friendly with one, would climb a level with each handful of
// ticks. Per project, not per day: a cap a day still lets a slow farm
// grow without end, while a project has a bounded number of rounds of
// testing, and a tester who helps on another project earns there again.
// Reports past the cap are still recorded, worth nothing (they were
// addressed; the profile says so at +0).
const FeedbackCap = 5

// FeedbackPoints is what an addressed report is worth when earned of the
// same tester's reports on the same project have earned points already.
func FeedbackPoints(earned int) int {
	if earned >= FeedbackCap {
		return 0
	}
	return Points(FeedbackAccepted)
}

// Addressed is a report an engineer addressed whose points are not yet
// recorded: its event (Kind FeedbackAccepted, Ref the report), its
// project, and how many of the tester's reports on that project had
// earned points (Earned) when it was read.
type Addressed struct {
	Event     Event
	ProjectID int64
	Earned    int
}

// PricedFeedback prices addressed reports by FeedbackPoints, oldest report
// first (At, then Ref): a report counts the points earned before it by the
// same tester on the same project, recorded (Earned) or earlier in facts.
func PricedFeedback(facts []Addressed) []Event {
	sorted := append([]Addressed(nil), facts...)
	slices.SortStableFunc(sorted, func(a, b Addressed) int {
		return cmp.Or(a.Event.At.Compare(b.Event.At), cmp.Compare(a.Event.Ref, b.Event.Ref))
	})
	type key struct{ user, project int64 }
	more := map[key]int{} // earned earlier in facts
	out := make([]Event, 0, len(sorted))
	for _, f := range sorted {
		k := key{f.Event.UserID, f.ProjectID}
		e := f.Event
		e.Kind = FeedbackAccepted
		e.Points = FeedbackPoints(f.Earned + more[k])
		if e.Points > 0 {
			more[k]++
		}
		out = append(out, e)
	}
	return out
}

// Earning are the events that earned points, in the order given: the
// badges count these (RuleBadges), so that a report
// past FeedbackCap, or a check-in worth nothing (MeetupPoints), is no
// more honour as a badge than it is as points.
func Earning(events []Event) []Event {
	out := make([]Event, 0, len(events))
	for _, e := range events {
		if e.Points > 0 {
			out = append(out, e)
		}
	}
	return out
}
