package workflow

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// Project is an idea being carried to launch, in the open.
type Project struct {
	ID     int64
	IdeaID int64
	Title  string // the idea's title
	// ChallengeID and IdeaState are the idea's, which decide who may see
	// the project (domain.MaySeeProject).
	ChallengeID int64
	IdeaState   domain.State
	Owner       domain.Author
	Stage       Stage
	Milestones  []Milestone
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Milestone is a dated step of a project, in one of its stages (DESIGN:
// "each stage has milestones with due dates"); Stage is "" for one set
// before milestones had stages (migration 088).
type Milestone struct {
	ID     int64
	Title  string
	DueAt  time.Time
	DoneAt *time.Time
	Stage  Stage
}

// PlansMilestones says whether a project at stage takes new milestones:
// every stage but shelved.
func PlansMilestones(stage Stage) bool { return stage != Shelved }

// MilestoneStage is the stage a new milestone belongs to, raw as asked
// (the form's or the API's stage), on a project at current: the current
// stage when none is asked; any stage of the pipeline, launch included
// (an engineer plans the stages ahead), but not shelved; a shelved
// project plans nothing.
func MilestoneStage(raw string, current Stage) (Stage, error) {
	if !PlansMilestones(current) {
		return "", domain.Conflict("project_shelved", "a shelved project plans no milestones")
	}
	if raw == "" {
		return current, nil
	}
	st, err := ParseStage(raw, "stage")
	if err != nil {
		return "", err
	}
	if st == Shelved {
		return "", domain.Invalid("stage", "invalid_stage", "a milestone belongs to a stage of the pipeline, not to shelved")
	}
	return st, nil
}

// Overdue reports whether m is past due and not done at now, on a project
// at stage: once the project is launched or shelved no open milestone is
// late any more (the work it dated is over, or will not be done), else the
// board and the page would call it overdue for ever.
func (m Milestone) Overdue(now time.Time, stage Stage) bool {
	if stage == Launched || stage == Shelved {
		return false
	}
	return m.DoneAt == nil && now.After(m.DueAt)
}

// Update is one entry of a project's public timeline: a stage move (with
// its note) or a progress post.
type Update struct {
	ID        int64
	Author    domain.Author
	Kind      string // "stage" or "update"
	From, To  Stage
	Body      string
	CreatedAt time.Time
}

// Application is a fan's request to test a prototype.
type Application struct {
	User       domain.Author
	Motivation string
	Accepted   bool
	// Decided: the engineer has decided on it, either way (an application
	// neither accepted nor decided still waits; one decided and not
	// accepted was declined).
	Decided   bool
	CreatedAt time.Time
}

// Feedback is a tester's structured report, triaged by engineers.
type Feedback struct {
	ID        int64
	Tester    domain.Author
	Rating    int
	Body      string
	Addressed bool
	Reply     string
	CreatedAt time.Time
	// Photo is the one photo the tester attached (nil: none), read only
	// by those who may read the report (service.Upload).
	Photo *domain.Image
}

// Credit names a co-creator of a launched product.
type Credit struct {
	User domain.Author
	Role string
}

// Text limits, in characters. The page's inputs read them (maxlength), so a
// form never lets one type what the rule then refuses.
const (
	MaxUpdateLen     = 10000
	MaxMilestoneLen  = 200
	MaxMotivationLen = 1000
	MaxFeedbackLen   = 5000
	MaxCreditRoleLen = 60
	// MaxCredits is how many people a project credits at most.
	MaxCredits = 50
)

// CreditLink is how one person stands to a project, for crediting them.
type CreditLink struct {
	Exists    bool // the account exists
	Author    bool // wrote the project's idea
	Applicant bool // applied to test the prototype (accepted or not)
	Staff     bool // an engineer or an admin: the brand's side of the work
	Credited  bool // credited already (kept when the list is saved again)
}

// CanCredit decides whether a project may credit the i-th person of its
// credits: only someone who took part in it (its idea's author, a tester
// or applicant, an engineer or admin), as a product's credits are a public
// record of who made it, shown on profiles; an account number typed by
// mistake must not put a stranger's name on a launch.
func CanCredit(i int, l CreditLink) error {
	field := fmt.Sprintf("credits[%d].user_id", i)
	if !l.Exists {
		return domain.Invalid(field, "unknown_user", "no such user")
	}
	if l.Author || l.Applicant || l.Staff || l.Credited {
		return nil
	}
	return domain.Invalid(field, "not_linked", "credit only people who worked on this project: the idea's author, its testers and applicants, or engineers")
}

// CanManage decides whether u may run project p: its owner engineer, or
// any admin.
func CanManage(u *domain.User, p Project) error {
	if u == nil {
		return domain.Unauthorized("sign in first")
	}
	if u.Has(domain.RoleAdmin) || u.Has(domain.RoleEngineer) && u.ID == p.Owner.ID {
		return nil
	}
	return domain.Forbidden("only the project's owner engineer or an admin can do that")
}

// CanOwn decides whether owner may own a project (be its engineer): an
// engineer or an admin whose account is not suspended, when a project is
// opened and when it is handed over (CanHandOver).
func CanOwn(owner domain.User) error {
	if !owner.Has(domain.RoleEngineer) && !owner.Has(domain.RoleAdmin) {
		return domain.Invalid("owner_id", "not_an_engineer", "the owner must be an engineer")
	}
	if owner.Suspended {
		return domain.Invalid("owner_id", "owner_suspended", "this account is suspended: it cannot own a project")
	}
	return nil
}

// KeepsOwner refuses roles for a person who runs projects (projects:
// how many) that would no longer let them own one (CanOwn: engineer or
// admin): their projects would go on naming them, and fans' questions
// keep reaching them, while they could no longer answer or move them.
// Their projects are handed to another engineer first.
func KeepsOwner(roles []domain.Role, projects int) error {
	if projects == 0 || slices.Contains(roles, domain.RoleEngineer) || slices.Contains(roles, domain.RoleAdmin) {
		return nil
	}
	e := domain.Conflict("owns_projects", fmt.Sprintf("this person runs %d projects: hand them to another engineer first", projects))
	e.Field, e.Args = "roles", []any{projects}
	return e
}

// CanHandOver decides whether u may hand project p over to another
// engineer, to: the project's own engineer (who is leaving it) or any
// admin (who assigns engineers, DESIGN §2), to someone who may own it
// (CanOwn). Handing it to its owner changes nothing and is not refused.
func CanHandOver(u *domain.User, p Project, to domain.User) error {
	if err := CanManage(u, p); err != nil {
		return err
	}
	return CanOwn(to)
}

// CanOpen decides whether u may turn an idea into a project: engineers and
// admins, for an idea that won or that an admin picked for triage; an admin
// may also open any listed idea directly. Not one the engineers declined
// (declined): its fans were told it will not be built, with the reason,
// and the idea's page says so; as Pickable refuses to queue it again.
func CanOpen(u *domain.User, idea domain.Idea, picked, declined bool) error {
	if u == nil {
		return domain.Unauthorized("sign in first")
	}
	if !u.Has(domain.RoleEngineer) && !u.Has(domain.RoleAdmin) {
		return domain.Forbidden("only engineers and admins open projects")
	}
	if declined {
		return domain.Conflict("already_declined", "the engineers declined this idea already")
	}
	if idea.State == domain.StateWinner || (picked || u.Has(domain.RoleAdmin)) && idea.State.Listed() {
		return nil
	}
	return domain.Conflict("idea_not_eligible", "only a winning idea (or one an admin picks) becomes a project")
}

// CanApply decides whether u, with reputation points, may apply to test
// p: a signed-in fan from level 2 (people.CanApplyToTest) while the
// project is in fan test.
func CanApply(u *domain.User, p Project, motivation string, points int) error {
	if u == nil {
		return domain.Unauthorized("sign in to apply")
	}
	if p.Stage != FanTest {
		return domain.Conflict("not_in_fan_test", "testers are chosen only while the project is in fan test")
	}
	if u.ID == p.Owner.ID {
		return domain.Conflict("own_project", "you run this project: its testers are fans")
	}
	if err := people.CanApplyToTest(points); err != nil {
		return err
	}
	return domain.TextField("motivation", strings.TrimSpace(motivation), 1, MaxMotivationLen)
}

// Pickable refuses to send an idea to the engineers' triage queue unless
// it is listed (not hidden, withdrawn, merged or expired) and the
// engineers have not declined it already (declined): the queue leaves
// declined ideas out, so a pick would change nothing while it said it
// had; their reason is on the idea's page.
func Pickable(idea domain.Idea, declined bool) error {
	if !idea.State.Listed() {
		return domain.Conflict("idea_not_eligible", "only a listed idea can go to triage")
	}
	if declined {
		return domain.Conflict("already_declined", "the engineers declined this idea already")
	}
	return nil
}

// CanReadFeedback decides whether u may read project p's tester reports:
// its owner engineer, an admin, or one of its accepted testers (tester);
// to anyone else they are private.
func CanReadFeedback(u *domain.User, p Project, tester bool) error {
	if u == nil {
		return domain.Unauthorized("sign in first")
	}
	if tester || CanManage(u, p) == nil {
		return nil
	}
	return domain.Forbidden("only the project's owner engineer, an admin or its testers read its feedback")
}

// MaxWaitingFeedback is how many of one tester's reports on a project may
// wait for the engineers at once (neither addressed nor replied to). One
// tester could otherwise file reports without end, each read by every
// engineer and tester on the project's page; a tester with more to say
// says it once the engineers have answered, which is also when their
// reports can earn points (people.FeedbackAccepted).
const MaxWaitingFeedback = 10

// TestingOver reports whether a project at stage is past its testing:
// launched (the product is out) or shelved (the work stopped). Testers are
// then neither chosen (CanDecideTester) nor send reports (CanGiveFeedback),
// and the page draws neither form; the engineers may still answer the
// reports already sent.
func TestingOver(stage Stage) bool {
	return stage == Launched || stage == Shelved
}

// testingOver is the refusal of a tester's act on a project whose testing
// is over, naming the field that decides it: the project's stage.
func testingOver(stage Stage) *domain.Error {
	e := domain.Conflict("testing_over", "testing is over: the project is "+string(stage))
	e.Field = "stage"
	return e
}

// CanDecideTester refuses choosing (or un-choosing) a tester once the
// project's testing is over (TestingOver).
func CanDecideTester(stage Stage) error {
	if TestingOver(stage) {
		return testingOver(stage)
	}
	return nil
}

// CanGiveFeedback refuses a report on a project at stage whose testing is
// over (TestingOver), from anyone but an accepted tester of the project
// (accepted: their application was accepted), and from a tester with
// MaxWaitingFeedback reports already waiting for an answer (waiting).
func CanGiveFeedback(stage Stage, accepted bool, waiting int) error {
	if !accepted {
		return &domain.Error{Kind: domain.KindForbidden, Code: "not_a_tester", Message: "only accepted testers can give feedback"}
	}
	if TestingOver(stage) {
		return testingOver(stage)
	}
	if waiting >= MaxWaitingFeedback {
		e := domain.Conflict("too_many_waiting_reports", fmt.Sprintf("you have %d reports the engineers have not answered yet (at most %d may wait at once): send more once they have", waiting, MaxWaitingFeedback))
		e.Args = []any{MaxWaitingFeedback} // the translations' %d
		return e
	}
	return nil
}

// ValidFeedback checks a tester's report.
func ValidFeedback(rating int, body string) error {
	if rating == 0 {
		return domain.Invalid("rating", "stars_required", "choose 1 to 5 stars")
	}
	if rating < 1 || rating > 5 {
		return domain.Invalid("rating", "out_of_range", "rating must be between 1 and 5")
	}
	return domain.TextField("body", strings.TrimSpace(body), 1, MaxFeedbackLen)
}

// ValidMilestone checks a milestone due at due, written at now: a title,
// and a due day not before today. Days are compared, not instants, in the
// zone due was written in (the page reads its date in the site's zone, the
// API takes the zone its time names): a step due today is fine at any hour
// of today, one due yesterday is refused.
func ValidMilestone(title string, due, now time.Time) error {
	if err := domain.TextField("title", strings.TrimSpace(title), 1, MaxMilestoneLen); err != nil {
		return err
	}
	if due.IsZero() {
		return domain.Invalid("due_at", "required", "due_at is required")
	}
	if DueBeforeToday(due, now) {
		return domain.Invalid("due_at", "due_before_today", "the due date cannot be before today")
	}
	return domain.InstantInRange("due_at", due)
}

// DueBeforeToday reports whether due's calendar day, in due's own zone, is
// before now's day in that zone.
func DueBeforeToday(due, now time.Time) bool {
	y, m, d := due.Date()
	ty, tm, td := now.In(due.Location()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Before(time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC))
}
