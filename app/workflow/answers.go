package workflow

import (
	"slices"
	"time"

	"cocreate/app/domain"
)

// AnswerTarget is how soon the engineers give a tester's report its first
// answer (a reply, or marking it addressed). DESIGN asks that engineers
// answer fans "on time" (Xiaomi's rule) without a figure: two days covers
// a report sent at night or on a weekend day, and is soon enough that the
// tester still remembers what they tried.
const AnswerTarget = 48 * time.Hour

// ReportTiming is one tester report as the answer times see it: when it
// was sent, whether the engineers have answered it (replied or marked it
// addressed) and when they first did. AnsweredAt is nil while the report
// waits, and for a report answered before first answers were timed.
type ReportTiming struct {
	ID        int64 // the report's
	ProjectID int64
	Title     string // the project's
	// IdeaState and IdeaAuthor are the project's idea's, which decide who
	// may see the project (domain.MaySeeProject).
	IdeaState  domain.State
	IdeaAuthor int64
	// Engineer runs the project now: who owes the answer.
	Engineer   domain.Author
	CreatedAt  time.Time
	Answered   bool
	AnsweredAt *time.Time
}

// Answers is how quickly a project's tester reports were first answered.
type Answers struct {
	Answered int // reports answered, timed or not
	Waiting  int // reports neither replied to nor addressed
	// Timed is how many answered reports have a known first answer:
	// Median and P90 are theirs (nearest rank, so each is a real wait,
	// as domain.SummariseReplies measures fans' ideas and comments).
	Timed       int
	Median, P90 time.Duration
	// Oldest is the longest wait so far among the waiting, at now.
	Oldest time.Duration
	// Late is how many were first answered after AnswerTarget, or have
	// waited longer than it already.
	Late int
}

// SummariseAnswers measures reports at now.
func SummariseAnswers(reports []ReportTiming, now time.Time) Answers {
	var a Answers
	waits := make([]domain.ReplyWait, 0, len(reports))
	for _, r := range reports {
		switch {
		case !r.Answered:
			a.Waiting++
			waits = append(waits, domain.ReplyWait{PostedAt: r.CreatedAt})
			if now.Sub(r.CreatedAt) > AnswerTarget {
				a.Late++
			}
		case r.AnsweredAt != nil:
			at := *r.AnsweredAt
			if at.Before(r.CreatedAt) { // a clock set back: answered at once
				at = r.CreatedAt
			}
			waits = append(waits, domain.ReplyWait{PostedAt: r.CreatedAt, RepliedAt: &at})
			if at.Sub(r.CreatedAt) > AnswerTarget {
				a.Late++
			}
			a.Answered++
		default:
			a.Answered++
		}
	}
	st := domain.SummariseReplies(waits, now)
	a.Timed, a.Median, a.P90, a.Oldest = st.Answered, st.Median, st.P90, max(st.Oldest, 0)
	return a
}

// Judged says whether there is anything to hold to AnswerTarget: a
// report answered at a known time, or one waiting.
func (a Answers) Judged() bool { return a.Timed+a.Waiting > 0 }

// Kept says whether the engineers keep AnswerTarget: nine in ten of the
// timed answers came within it (P90), and no report has waited longer.
// A single slow answer long ago does not mark a project late for good;
// a report left waiting does, at once.
func (a Answers) Kept() bool {
	return a.Judged() && a.P90 <= AnswerTarget && a.Oldest <= AnswerTarget
}

// ProjectAnswers is one project's Answers.
type ProjectAnswers struct {
	ProjectID int64
	Title     string
	Engineer  domain.Author // who runs the project now
	// LongestWaiting is its report that has waited longest (0: none
	// waits), where a link to what waits leads.
	LongestWaiting int64
	Answers
}

// AnswersByProject measures each project's reports apart, in the order
// their projects first appear in reports.
func AnswersByProject(reports []ReportTiming, now time.Time) []ProjectAnswers {
	var out []ProjectAnswers
	groups := map[int64][]ReportTiming{}
	for _, r := range reports {
		if _, ok := groups[r.ProjectID]; !ok {
			out = append(out, ProjectAnswers{ProjectID: r.ProjectID, Title: r.Title, Engineer: r.Engineer})
		}
		groups[r.ProjectID] = append(groups[r.ProjectID], r)
	}
	for i := range out {
		out[i].Answers = SummariseAnswers(groups[out[i].ProjectID], now)
		out[i].LongestWaiting = LongestWaiting(groups[out[i].ProjectID])
	}
	return slices.Clip(out)
}

// TargetHours is AnswerTarget in hours, as the pages state it.
func (Answers) TargetHours() int { return int(AnswerTarget / time.Hour) }

// LongestWaiting is the report of reports that has waited longest for
// its first answer (the earliest sent of those waiting; 0: none waits),
// where the waiting marks lead.
func LongestWaiting(reports []ReportTiming) int64 {
	var id int64
	var since time.Time
	for _, r := range reports {
		if !r.Answered && (id == 0 || r.CreatedAt.Before(since)) {
			id, since = r.ID, r.CreatedAt
		}
	}
	return id
}
