package service

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
	"cocreate/app/store"
	"cocreate/app/workflow"
)

// OpenProject turns an idea into a project owned by an engineer: engineers
// and admins, for a winning idea (or any listed idea, for an admin).
func (s *Service) OpenProject(ctx context.Context, actor *domain.User, ideaID, ownerID int64) (workflow.Project, error) {
	return s.openProject(ctx, actor, ideaID, ownerID, s.store.CreateProject)
}

// AcceptIdea is the triage page's 立项 (accept): the idea becomes a project
// and is accepted at once, in one write, so that its stage reads 已立项,
// not 评估中. The API's POST /api/v1/ideas/{id}/project keeps its
// documented answer, a project in triage. The accepting move posts its
// public update but tells nobody again: opening the project already told
// the idea's audience (domain.ProjectOpenedNotices).
func (s *Service) AcceptIdea(ctx context.Context, actor *domain.User, ideaID, ownerID int64) (workflow.Project, error) {
	return s.openProject(ctx, actor, ideaID, ownerID, s.store.AcceptProject)
}

// openProject is OpenProject through create (the store's CreateProject or
// AcceptProject).
func (s *Service) openProject(ctx context.Context, actor *domain.User, ideaID, ownerID int64,
	create func(ctx context.Context, ideaID, ownerID, actorID int64, check store.OpenCheck, tellOpened store.OpenTell) (workflow.Project, error)) (workflow.Project, error) {
	if actor == nil {
		return workflow.Project{}, domain.Unauthorized("sign in first")
	}
	if ownerID == 0 {
		ownerID = actor.ID
	}
	return create(ctx, ideaID, ownerID, actor.ID, func(idea domain.Idea, owner domain.User, picked, declined bool) error {
		if err := workflow.CanOpen(actor, idea, picked, declined); err != nil {
			return err
		}
		return workflow.CanOwn(owner)
	}, func(projectID int64, idea domain.Idea, a domain.Audience) []domain.Outgoing {
		return domain.ProjectOpenedNotices(projectID, actor.ID, ownerID, idea, a)
	})
}

// seeProject refuses (404) a project actor may not see
// (domain.MaySeeProject), before anything is done to it.
func (s *Service) seeProject(ctx context.Context, actor *domain.User, id int64) error {
	p, err := s.store.Project(ctx, id)
	if err != nil {
		return err
	}
	c, err := s.store.Challenge(ctx, p.ChallengeID)
	if err != nil {
		return err
	}
	if !domain.MaySeeProject(actor, c, domain.Idea{ID: p.IdeaID, ChallengeID: p.ChallengeID, State: p.IdeaState}, s.now()) {
		return domain.NotFound("project")
	}
	return nil
}

// manage is the check for every owner-only change.
func manage(actor *domain.User) store.ProjectCheck {
	return func(p workflow.Project) error { return workflow.CanManage(actor, p) }
}

// MoveProject moves a project through the workflow.
func (s *Service) MoveProject(ctx context.Context, actor *domain.User, id int64, to, note string) (workflow.Project, error) {
	if err := s.seeProject(ctx, actor, id); err != nil {
		return workflow.Project{}, err
	}
	stage, err := workflow.ParseStage(to, "to")
	if err != nil {
		return workflow.Project{}, err
	}
	defer s.reputationAfter(ctx)
	note = strings.TrimSpace(note)
	return s.store.MoveProject(ctx, id, actorID(actor), stage, note, manage(actor), func(p workflow.Project, a domain.Audience) []domain.Outgoing {
		if p.Stage == workflow.Shelved {
			return domain.ShelvedNotices(p.ID, actorID(actor), p.Title, note, a)
		}
		return domain.StageNotices(p.ID, actorID(actor), p.Title, "stage."+string(p.Stage), a)
	})
}

func actorID(u *domain.User) int64 {
	if u == nil {
		return 0
	}
	return u.ID
}

// HandOverProject makes ownerID the engineer of project id: its own
// engineer hands it on, or an admin assigns it (workflow.CanHandOver). The
// new engineer is told, and the one it was taken from
// (workflow.HandOverNotices). handed is false when
// ownerID owned it already: nothing changed.
func (s *Service) HandOverProject(ctx context.Context, actor *domain.User, id, ownerID int64) (p workflow.Project, handed bool, err error) {
	if err := s.seeProject(ctx, actor, id); err != nil {
		return workflow.Project{}, false, err
	}
	if ownerID <= 0 {
		return workflow.Project{}, false, domain.Invalid("owner_id", "required", "choose the engineer to hand the project to")
	}
	return s.store.HandOverProject(ctx, id, ownerID, manage(actor), func(p workflow.Project, owner domain.User) error {
		return workflow.CanHandOver(actor, p, owner)
	}, func(p workflow.Project, from domain.Author) []domain.Outgoing {
		return workflow.HandOverNotices(p, from, actorID(actor))
	})
}

// AddMilestone adds a dated step to a project, in the stage asked
// (workflow.MilestoneStage: "" for the project's current one), and says
// the project's stage as it was written to (which decides
// Milestone.Overdue).
func (s *Service) AddMilestone(ctx context.Context, actor *domain.User, projectID int64, title, stage string, due time.Time) (workflow.Milestone, workflow.Stage, error) {
	if err := s.seeProject(ctx, actor, projectID); err != nil {
		return workflow.Milestone{}, "", err
	}
	title = strings.TrimSpace(title)
	if err := workflow.ValidMilestone(title, due, s.now()); err != nil {
		return workflow.Milestone{}, "", err
	}
	var current workflow.Stage
	m, err := s.store.AddMilestone(ctx, projectID, title, due, func(p workflow.Project) (workflow.Stage, error) {
		current = p.Stage
		if err := workflow.CanManage(actor, p); err != nil {
			return "", err
		}
		return workflow.MilestoneStage(strings.TrimSpace(stage), p.Stage)
	})
	return m, current, err
}

// CompleteMilestone marks a milestone done or open again, and says it as
// it is now with the project's stage (as AddMilestone does).
func (s *Service) CompleteMilestone(ctx context.Context, actor *domain.User, projectID, milestoneID int64, done bool) (workflow.Milestone, workflow.Stage, error) {
	if err := s.seeProject(ctx, actor, projectID); err != nil {
		return workflow.Milestone{}, "", err
	}
	return s.store.CompleteMilestone(ctx, projectID, milestoneID, done, manage(actor))
}

// DeleteMilestone takes a milestone off a project, as those who may mark
// it done may (one set by mistake: a wrong step, a wrong day).
func (s *Service) DeleteMilestone(ctx context.Context, actor *domain.User, projectID, milestoneID int64) error {
	if err := s.seeProject(ctx, actor, projectID); err != nil {
		return err
	}
	return s.store.DeleteMilestone(ctx, projectID, milestoneID, manage(actor))
}

// PostUpdate posts progress on a project's public timeline and tells the
// idea's audience (domain.UpdateNotices), as a stage move does.
func (s *Service) PostUpdate(ctx context.Context, actor *domain.User, projectID int64, body string) error {
	if err := s.seeProject(ctx, actor, projectID); err != nil {
		return err
	}
	if err := domain.TextField("body", strings.TrimSpace(body), 1, workflow.MaxUpdateLen); err != nil {
		return err
	}
	return s.store.PostUpdate(ctx, projectID, actorID(actor), body, manage(actor), func(p workflow.Project, a domain.Audience, updateID int64) []domain.Outgoing {
		return domain.UpdateNotices(p.ID, updateID, actorID(actor), p.Title, body, a)
	})
}

// CommentOnUpdate is CommentOn from the project page: actor answers
// update updateID of project projectID, which must be one of that
// project's (404 update otherwise, as an address that names no update).
func (s *Service) CommentOnUpdate(ctx context.Context, actor *domain.User, projectID, updateID int64, body string) (domain.Comment, error) {
	if err := s.seeProject(ctx, actor, projectID); err != nil {
		return domain.Comment{}, err
	}
	ideaID, of, err := s.store.UpdateOf(ctx, updateID)
	if err != nil {
		return domain.Comment{}, err
	}
	if of != projectID {
		return domain.Comment{}, domain.NotFound("update")
	}
	return s.comment(ctx, actor, ideaID, updateID, ideaID, body)
}

// ApplyToTest lets a fan apply to test a prototype in fan test, and tells
// the project's engineer (workflow.ApplicationNotices).
func (s *Service) ApplyToTest(ctx context.Context, actor *domain.User, projectID int64, motivation string) error {
	if err := s.seeProject(ctx, actor, projectID); err != nil {
		return err
	}
	if actor == nil {
		return domain.Unauthorized("sign in to apply")
	}
	points, err := s.store.ReputationTotals(ctx, []int64{actor.ID})
	if err != nil {
		return err
	}
	return s.store.ApplyToTest(ctx, projectID, actor.ID, strings.TrimSpace(motivation), func(p workflow.Project) error {
		return workflow.CanApply(actor, p, motivation, points[actor.ID])
	}, func(p workflow.Project) []domain.Outgoing {
		return workflow.ApplicationNotices(p, domain.Author{ID: actor.ID, Name: actor.Name})
	})
}

// DecideTester lets the owner accept an applicant, or decline them, while
// the project's testing goes on (workflow.CanDecideTester), and tells the
// applicant (workflow.TesterDecisionNotices).
func (s *Service) DecideTester(ctx context.Context, actor *domain.User, projectID, userID int64, accepted bool) error {
	if err := s.seeProject(ctx, actor, projectID); err != nil {
		return err
	}
	check := func(p workflow.Project) error {
		if err := workflow.CanManage(actor, p); err != nil {
			return err
		}
		return workflow.CanDecideTester(p.Stage)
	}
	return s.store.DecideTester(ctx, projectID, userID, accepted, check, func(p workflow.Project, was, decided bool) []domain.Outgoing {
		return workflow.TesterDecisionNotices(p, workflow.TesterDecision{Applicant: userID, Actor: actorID(actor), Was: was, Decided: decided, Accepted: accepted})
	})
}

// GiveFeedback lets an accepted tester report while the project's testing
// goes on (workflow.CanGiveFeedback), with at most one photo (nil: none),
// checked and stored as an idea's are (saveImages; a refusal names the
// field photo), and tells the project's engineer
// (workflow.FeedbackNotices). A refused report leaves no photo behind.
func (s *Service) GiveFeedback(ctx context.Context, actor *domain.User, projectID int64, rating int, body string, photo *Upload) (workflow.Feedback, error) {
	if err := s.seeProject(ctx, actor, projectID); err != nil {
		return workflow.Feedback{}, err
	}
	if actor == nil {
		return workflow.Feedback{}, domain.Unauthorized("sign in first")
	}
	if err := workflow.ValidFeedback(rating, body); err != nil {
		return workflow.Feedback{}, err
	}
	var pic *domain.Image
	if photo != nil {
		// Who may report, before the photo costs its decoding; the
		// transaction checks again (and counts the waiting reports).
		if err := s.mayReport(ctx, actor, projectID); err != nil {
			return workflow.Feedback{}, err
		}
		imgs, err := s.saveImages(ctx, actor, "photo", []Upload{*photo})
		if err != nil {
			return workflow.Feedback{}, err
		}
		pic = &imgs[0]
	}
	var taken lastRun // the report
	fb, err := s.store.AddFeedback(uploadsSaved(ctx), projectID, actor.ID, rating, strings.TrimSpace(body), pic, func(p workflow.Project, accepted bool, waiting int) error {
		return taken.judge(workflow.CanGiveFeedback(p.Stage, accepted, waiting))
	}, func(p workflow.Project, fb workflow.Feedback) []domain.Outgoing {
		fb.Tester.Name = actor.Name
		return workflow.FeedbackNotices(p, fb)
	})
	err = s.seams.uploadsWritten(err)
	return s.settleReport(pic, bool(taken), fb, err)
}

// settleReport finishes the photo (nil: none) of a tester's report whose
// write answered err (settleUploads). A report found written all the
// same (its commit's answer lost: the report names the photo) is answered
// as sent, as its write built it (no read of one report exists; the run
// that committed is the write's last, whose answer fb is, and its id is
// checked against the one the database names): a tester told it failed
// would send it again, twice in the engineers' list and counted twice
// against the reports that may wait.
func (s *Service) settleReport(pic *domain.Image, accepted bool, fb workflow.Feedback, err error) (workflow.Feedback, error) {
	if err == nil || pic == nil {
		return fb, err
	}
	if named := s.settleUploads("a tester's report", []domain.Image{*pic}, accepted, err); named.Report != 0 && named.Report == fb.ID {
		return fb, nil
	}
	return fb, err
}

// mayReport is workflow.CanGiveFeedback's stage and tester check for
// actor on the project, without the count of waiting reports.
func (s *Service) mayReport(ctx context.Context, actor *domain.User, projectID int64) error {
	p, accepted, err := s.acceptedTester(ctx, actor, projectID)
	if err != nil {
		return err
	}
	return workflow.CanGiveFeedback(p.Stage, accepted, 0)
}

// acceptedTester reads the project and whether actor (signed in) is one
// of its accepted testers.
func (s *Service) acceptedTester(ctx context.Context, actor *domain.User, projectID int64) (workflow.Project, bool, error) {
	p, err := s.store.Project(ctx, projectID)
	if err != nil {
		return workflow.Project{}, false, err
	}
	apps, err := s.store.Applications(ctx, projectID)
	if err != nil {
		return workflow.Project{}, false, err
	}
	return p, slices.ContainsFunc(apps, func(a workflow.Application) bool { return a.User.ID == actor.ID && a.Accepted }), nil
}

// FeedbackPage is how many tester reports a page of a project's feedback
// holds, newest first; older ones are a link (a cursor) away.
const FeedbackPage = 50

// feedbackPage reads the page of a project's feedback before the report
// before (0: the newest), and the cursor of the next page (0: none).
func (s *Service) feedbackPage(ctx context.Context, projectID, before int64) ([]workflow.Feedback, int64, error) {
	if before < 0 {
		return nil, 0, domain.Invalid("cursor", "invalid_cursor", "the cursor is not one this server gave")
	}
	list, err := s.store.Feedback(ctx, projectID, before, FeedbackPage+1)
	if err != nil {
		return nil, 0, err
	}
	list, next := onePage(list, FeedbackPage, func(f workflow.Feedback) int64 { return f.ID })
	return list, next, nil
}

// FeedbackAt chooses the page of a project's feedback: the one that
// holds the report Report (Report > 0: a report's own address, as notices
// link to it), else the reports older than Before (0: the newest).
type FeedbackAt struct {
	Before, Report int64
}

// feedbackCursor is the cursor of the page that holds report fid: the
// same page the older-feedback links reach (the newest is 0), so the
// report is on it with the reports around it, wherever it is in the list.
// A report that is not the project's is not found.
func (s *Service) feedbackCursor(ctx context.Context, projectID, fid int64) (int64, error) {
	newer, err := s.store.FeedbackNewer(ctx, projectID, fid)
	if err != nil {
		return 0, err
	}
	rank := feedbackCursorRank(newer)
	if rank < 0 {
		return 0, nil
	}
	return s.store.FeedbackIDAt(ctx, projectID, rank)
}

// feedbackCursorRank is, for a report with newer reports newer than it,
// the rank (newest first, from 0) of the report whose id is the cursor of
// its page: the last one of the page before (onePage), or -1 when the
// report is on the newest page.
func feedbackCursorRank(newer int) int {
	page := newer / FeedbackPage
	if page == 0 {
		return -1
	}
	return page*FeedbackPage - 1
}

// feedbackAt reads the page at (FeedbackAt) and its cursor (Before).
func (s *Service) feedbackAt(ctx context.Context, projectID int64, at FeedbackAt) ([]workflow.Feedback, FeedbackAt, int64, error) {
	if at.Report < 0 || (at.Report > 0 && at.Before != 0) {
		return nil, at, 0, domain.Invalid("report", "invalid_cursor", "give cursor or report, not both")
	}
	if at.Report > 0 {
		var err error
		if at.Before, err = s.feedbackCursor(ctx, projectID, at.Report); err != nil {
			return nil, at, 0, err
		}
	}
	list, next, err := s.feedbackPage(ctx, projectID, at.Before)
	return list, at, next, err
}

// Feedback lists a page of a project's tester reports, newest first:
// the one at chooses (FeedbackAt), with the cursor of the next page (0:
// none), for those workflow.CanReadFeedback allows.
func (s *Service) Feedback(ctx context.Context, actor *domain.User, projectID int64, at FeedbackAt) ([]workflow.Feedback, int64, error) {
	if err := s.mayReadFeedback(ctx, actor, projectID); err != nil {
		return nil, 0, err
	}
	list, _, next, err := s.feedbackAt(ctx, projectID, at)
	return list, next, err
}

// FeedbackAnswers is how quickly the engineers first answered a
// project's tester reports (workflow.SummariseAnswers), for those who may
// read the reports, as the project page says it.
func (s *Service) FeedbackAnswers(ctx context.Context, actor *domain.User, projectID int64) (workflow.Answers, error) {
	if err := s.mayReadFeedback(ctx, actor, projectID); err != nil {
		return workflow.Answers{}, err
	}
	timings, err := s.store.ReportTimings(ctx, 0, projectID)
	if err != nil {
		return workflow.Answers{}, err
	}
	return workflow.SummariseAnswers(timings, s.now()), nil
}

// mayReadFeedback refuses anyone but the project's owner side and its
// accepted testers (workflow.CanReadFeedback) the project's reports.
func (s *Service) mayReadFeedback(ctx context.Context, actor *domain.User, projectID int64) error {
	if err := s.seeProject(ctx, actor, projectID); err != nil {
		return err
	}
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	p, tester, err := s.acceptedTester(ctx, actor, projectID)
	if err != nil {
		return err
	}
	return workflow.CanReadFeedback(actor, p, tester)
}

// TriageFeedback lets engineers mark feedback addressed, with a reply
// (either nil: it stays as it was). A report's first reply follows the
// project's idea for whoever wrote it (domain.FeedbackAnswerFollows), so
// the tester's answer on the project reaches them. It answers both as
// they now are.
func (s *Service) TriageFeedback(ctx context.Context, actor *domain.User, projectID, feedbackID int64, addressed *bool, reply *string) (bool, string, error) {
	if err := s.seeProject(ctx, actor, projectID); err != nil {
		return false, "", err
	}
	if reply != nil {
		if err := domain.TextField("reply", *reply, 0, workflow.MaxFeedbackLen); err != nil {
			return false, "", err
		}
		trimmed := strings.TrimSpace(*reply)
		reply = &trimmed
	}
	defer s.reputationAfter(ctx)
	return s.store.TriageFeedback(ctx, projectID, feedbackID, addressed, reply, manage(actor),
		func(p workflow.Project, testerID int64, before, after string) []domain.Outgoing {
			return domain.FeedbackReplyNotice(workflow.FeedbackLink(p.ID, feedbackID), p.Title, testerID, before, after)
		}, actorID(actor), domain.FeedbackAnswerFollows)
}

// SetCredits names the co-creators a launched product credits, at most
// workflow.MaxCredits of them, and answers the credits as kept. Each
// person newly credited is told, once per project (domain.CreditNotices).
func (s *Service) SetCredits(ctx context.Context, actor *domain.User, projectID int64, credits []workflow.Credit) ([]workflow.Credit, error) {
	if err := s.seeProject(ctx, actor, projectID); err != nil {
		return nil, err
	}
	if len(credits) > workflow.MaxCredits {
		return nil, domain.Invalid("credits", "too_many_credits", fmt.Sprintf("credit %d people at most", workflow.MaxCredits))
	}
	for i, c := range credits {
		if err := domain.TextField("credits.role", c.Role, 0, workflow.MaxCreditRoleLen); err != nil {
			return nil, err
		}
		credits[i].Role = strings.TrimSpace(c.Role)
	}
	after := make([]int64, 0, len(credits))
	for _, c := range credits {
		after = append(after, c.User.ID)
	}
	tellCredits := func(p workflow.Project, before []int64, told map[int64]bool) []domain.Outgoing {
		return domain.CreditNotices(p.ID, actor.ID, p.Title, before, after, told)
	}
	if err := s.store.SetCredits(ctx, projectID, credits, manage(actor), workflow.CanCredit, tellCredits); err != nil {
		return nil, err
	}
	return s.store.Credits(ctx, projectID)
}

// ProjectPage is everything a project's public page shows.
type ProjectPage struct {
	Project      workflow.Project
	Idea         domain.Idea
	Timeline     []workflow.Update
	Applications []workflow.Application
	// Feedback is a page of the tester reports (FeedbackPage), newest
	// first, from FeedbackBefore (0: the newest); FeedbackNext continues
	// with older ones (0: none).
	Feedback       []workflow.Feedback
	FeedbackBefore int64
	FeedbackNext   int64
	Credits        []workflow.Credit
	CanManage      bool
	Applied        bool // the viewer has applied to test
	Tester         bool // the viewer is an accepted tester
	// Declined: the viewer applied and the engineer chose others (or
	// no longer them); the page says so rather than "waiting".
	Declined bool
	// LevelTooLow: the viewer is below the level that may apply to test
	// (people.TesterLevel); the page says why instead of offering the form.
	LevelTooLow bool
	// Waiting is how many of the project's tester reports wait for the
	// engineers' reply (neither addressed nor replied to), for those who
	// manage it: the page counts them above the reports. LongestWaiting is
	// the one that has waited longest (workflow.LongestWaiting; 0: none),
	// where the count leads, whichever page of the feedback holds it.
	Waiting        int
	LongestWaiting int64
	// Answers is how quickly the engineers first answered the project's
	// tester reports (workflow.SummariseAnswers), for those who read them.
	Answers workflow.Answers
	// Following: the viewer follows the project's idea, which brings the
	// project's stage notices (whoever may see the project may follow it:
	// MaySeeProject is MaySeeIdea).
	Following bool
	// UpdateComments are the comments answering each timeline update, by
	// the update's id: the newest UpdateCommentsShown of each, oldest
	// first, none hidden (the idea's page holds the whole thread, hidden
	// ones for those who may see them); ProjectPageWithComments only.
	// UpdateCommentCounts is how many each update has in all.
	UpdateComments      map[int64][]domain.Comment
	UpdateCommentCounts map[int64]int
	// AnswersOpen: the idea takes comments (domain.TakesComments), so its
	// updates do; MayAnswer: the viewer may comment (domain.CanComment).
	AnswersOpen, MayAnswer bool
}

// UpdateCommentsShown bounds the comments the project page shows under
// each update; the rest are in the idea's thread.
const UpdateCommentsShown = 20

// ProjectPage loads a project for anyone; applications and feedback are the
// owner's and the testers' business, so others see only their counts.
// Feedback comes a page at a time: the one at chooses (FeedbackAt), the
// page holding a report, or the reports older than a cursor.
func (s *Service) ProjectPage(ctx context.Context, actor *domain.User, id int64, at FeedbackAt) (ProjectPage, error) {
	return s.projectPage(ctx, actor, id, at, false)
}

// ProjectPageWithComments is ProjectPage with the newest comments under
// each update (UpdateComments), as the project's own page shows them; the
// API and the feed count them only.
func (s *Service) ProjectPageWithComments(ctx context.Context, actor *domain.User, id int64, at FeedbackAt) (ProjectPage, error) {
	return s.projectPage(ctx, actor, id, at, true)
}

func (s *Service) projectPage(ctx context.Context, actor *domain.User, id int64, at FeedbackAt, withComments bool) (ProjectPage, error) {
	pp := ProjectPage{FeedbackBefore: at.Before}
	var err error
	if pp.Project, err = s.store.Project(ctx, id); err != nil {
		return pp, err
	}
	if pp.Idea, err = s.store.Idea(ctx, pp.Project.IdeaID); err != nil {
		return pp, err
	}
	c, err := s.store.Challenge(ctx, pp.Idea.ChallengeID)
	if err != nil {
		return pp, err
	}
	if !domain.MaySeeProject(actor, c, pp.Idea, s.now()) {
		return ProjectPage{}, domain.NotFound("project")
	}
	if actor != nil {
		if pp.Following, err = s.store.Following(ctx, actor.ID, pp.Idea.ID); err != nil {
			return pp, err
		}
	}
	one := []domain.Idea{pp.Idea}
	if err := s.masked(ctx, actor, c, one); err != nil {
		return pp, err
	}
	idea := pp.Idea
	pp.Idea = one[0]
	if pp.Timeline, err = s.store.Timeline(ctx, id); err != nil {
		return pp, err
	}
	if pp.UpdateCommentCounts, err = s.store.UpdateCommentCounts(ctx, id); err != nil {
		return pp, err
	}
	if withComments {
		var answered []int64
		for _, u := range pp.Timeline {
			if pp.UpdateCommentCounts[u.ID] > 0 {
				answered = append(answered, u.ID)
			}
		}
		if pp.UpdateComments, err = s.store.UpdateComments(ctx, answered, UpdateCommentsShown); err != nil {
			return pp, err
		}
		for _, list := range pp.UpdateComments {
			hideAuthor(pp.Idea, idea, list, nil)
		}
	}
	pp.AnswersOpen = domain.TakesComments(idea) == nil
	pp.MayAnswer = domain.CanComment(actor, idea) == nil
	if pp.Credits, err = s.store.Credits(ctx, id); err != nil {
		return pp, err
	}
	apps, err := s.store.Applications(ctx, id)
	if err != nil {
		return pp, err
	}
	pp.CanManage = workflow.CanManage(actor, pp.Project) == nil
	if actor != nil && pp.Project.Stage == workflow.FanTest {
		points, err := s.store.ReputationTotals(ctx, []int64{actor.ID})
		if err != nil {
			return pp, err
		}
		pp.LevelTooLow = people.CanApplyToTest(points[actor.ID]) != nil
	}
	for _, a := range apps {
		if actor != nil && a.User.ID == actor.ID {
			pp.Applied, pp.Tester, pp.Declined = true, a.Accepted, a.Decided && !a.Accepted
		}
	}
	if workflow.CanReadFeedback(actor, pp.Project, pp.Tester) == nil {
		if pp.Feedback, at, pp.FeedbackNext, err = s.feedbackAt(ctx, id, at); err != nil {
			return pp, err
		}
		pp.FeedbackBefore = at.Before
		timings, err := s.store.ReportTimings(ctx, 0, id)
		if err != nil {
			return pp, err
		}
		pp.Answers = workflow.SummariseAnswers(timings, s.now())
		if pp.CanManage {
			pp.LongestWaiting = workflow.LongestWaiting(timings)
		}
	}
	if pp.CanManage {
		pp.Applications = apps
		pp.Waiting = pp.Answers.Waiting
	}
	return pp, nil
}

// TriageQueue lists ideas waiting for an engineer: engineers and admins.
// Each is one actor may see (domain.MaySeeIdea: not a draft challenge's),
// under actor's mask in its challenge (IdeaMask: no author of a challenge
// anonymous until its results, to anyone but admins).
func (s *Service) TriageQueue(ctx context.Context, actor *domain.User) ([]store.TriageItem, error) {
	if actor == nil {
		return nil, domain.Unauthorized("sign in first")
	}
	if !actor.Has(domain.RoleEngineer) && !actor.Has(domain.RoleAdmin) {
		return nil, domain.Forbidden("the triage queue is for engineers")
	}
	items, err := s.store.TriageQueue(ctx)
	if err != nil {
		return nil, err
	}
	seen := newSight(s, actor, s.now())
	out := items[:0]
	for _, it := range items {
		if ok, err := seen.idea(ctx, it.Idea); err != nil {
			return nil, err
		} else if !ok {
			continue
		}
		m, err := seen.mask(ctx, it.Idea)
		if err != nil {
			return nil, err
		}
		it.Idea = m.Apply(actor, it.Idea)
		out = append(out, it)
	}
	return out, nil
}

// PickForTriage lets an admin send any listed idea to the engineers.
func (s *Service) PickForTriage(ctx context.Context, actor *domain.User, ideaID int64) error {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return err
	}
	return s.store.PickForTriage(ctx, ideaID, actor.ID, workflow.Pickable)
}

// DeclineIdea lets an engineer decline an idea in triage, with a public
// reason, told to its author and those who back or follow it.
func (s *Service) DeclineIdea(ctx context.Context, actor *domain.User, ideaID int64, reason string) error {
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	if !actor.Has(domain.RoleEngineer) && !actor.Has(domain.RoleAdmin) {
		return domain.Forbidden("only engineers and admins decline ideas")
	}
	if err := domain.TextField("reason", strings.TrimSpace(reason), 1, 500); err != nil {
		return err
	}
	return s.store.DeclineIdea(ctx, ideaID, actor.ID, strings.TrimSpace(reason), func(idea domain.Idea, picked, project bool) error {
		if !visible(actor, idea) {
			return domain.NotFound("idea")
		}
		return domain.CanDecline(idea.State, picked, project)
	}, func(idea domain.Idea, a domain.Audience) []domain.Outgoing {
		return domain.NotBuiltNotices(actor.ID, idea, a, strings.TrimSpace(reason))
	})
}

// replyTimesChallenge reads a challenge for its reply times, once: the
// challenge a reader may see (else not found, before anything else is
// said of it), for the engineers and admins only.
func (s *Service) replyTimesChallenge(ctx context.Context, actor *domain.User, challengeID int64) (domain.Challenge, error) {
	c, err := s.Challenge(ctx, actor, challengeID)
	if err != nil {
		return c, err
	}
	if err := mayReadReplies(actor); err != nil {
		return domain.Challenge{}, err
	}
	return c, nil
}

// mayReadReplies: engineers write the official replies, so they (and
// admins) see how fast they are.
func mayReadReplies(actor *domain.User) error {
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	if !actor.Has(domain.RoleEngineer) && !actor.Has(domain.RoleAdmin) {
		return domain.Forbidden("reply times are for engineers and admins")
	}
	return nil
}

// ChannelReplies is one challenge's or board's reply times.
type ChannelReplies struct {
	Challenge domain.Challenge
	Stats     domain.ReplyStats
}

// RepliesOverview is how quickly fans were answered in every challenge
// and board at once, for engineers and admins: each channel with a fan
// post (those with the most still waiting first), all of them together,
// and every post still waiting (Waits, each with its ChallengeID).
type RepliesOverview struct {
	Channels []ChannelReplies
	All      domain.ReplyStats
	Waits    []domain.ReplyWait
	// Reports are the projects, of every channel, with tester reports
	// waiting for their engineer's first answer, the longest waiting
	// first, each naming its engineer.
	Reports []workflow.ProjectAnswers
}

// RepliesOverview measures every challenge and board actor may see, as
// ReplyTimes and ReportAnswers measure one: three reads a channel, for the
// few who may ask.
func (s *Service) RepliesOverview(ctx context.Context, actor *domain.User) (RepliesOverview, error) {
	var o RepliesOverview
	if err := mayReadReplies(actor); err != nil {
		return o, err
	}
	list, err := s.Challenges(ctx, actor)
	if err != nil {
		return o, err
	}
	for _, c := range list {
		_, projects, err := s.reportAnswers(ctx, actor, c.ID)
		if err != nil {
			return o, err
		}
		for _, p := range projects {
			if p.Waiting > 0 {
				o.Reports = append(o.Reports, p)
			}
		}
		stats, waits, err := s.replyTimes(ctx, c.ID)
		if err != nil {
			return o, err
		}
		if len(waits) == 0 {
			continue
		}
		o.Channels = append(o.Channels, ChannelReplies{Challenge: c, Stats: stats})
		o.Waits = append(o.Waits, waits...)
	}
	slices.SortStableFunc(o.Channels, func(a, b ChannelReplies) int {
		return cmp.Or(cmp.Compare(b.Stats.Unanswered, a.Stats.Unanswered), cmp.Compare(b.Stats.Oldest, a.Stats.Oldest))
	})
	slices.SortStableFunc(o.Reports, func(a, b workflow.ProjectAnswers) int { return cmp.Compare(b.Oldest, a.Oldest) })
	o.All = domain.SummariseReplies(o.Waits, s.now())
	return o, nil
}

// ReplyTimes measures how quickly a challenge's fans were answered:
// engineers and admins.
func (s *Service) ReplyTimes(ctx context.Context, actor *domain.User, challengeID int64) (domain.ReplyStats, []domain.ReplyWait, error) {
	if _, err := s.replyTimesChallenge(ctx, actor, challengeID); err != nil {
		return domain.ReplyStats{}, nil, err
	}
	return s.replyTimes(ctx, challengeID)
}

func (s *Service) replyTimes(ctx context.Context, challengeID int64) (domain.ReplyStats, []domain.ReplyWait, error) {
	waits, err := s.store.ReplyWaits(ctx, challengeID)
	if err != nil {
		return domain.ReplyStats{}, nil, err
	}
	replies, err := s.store.StatusReplies(ctx, challengeID)
	if err != nil {
		return domain.ReplyStats{}, nil, err
	}
	waits = domain.WithStatusReplies(waits, replies)
	return domain.SummariseReplies(waits, s.now()), waits, nil
}

// ReportAnswers measures how quickly the engineers first answered the
// tester reports of a challenge's projects, in all and per project (those
// with reports, oldest project first): whoever may read ReplyTimes. One
// read for every report, not one per project.
func (s *Service) ReportAnswers(ctx context.Context, actor *domain.User, challengeID int64) (workflow.Answers, []workflow.ProjectAnswers, error) {
	if _, err := s.replyTimesChallenge(ctx, actor, challengeID); err != nil {
		return workflow.Answers{}, nil, err
	}
	return s.reportAnswers(ctx, actor, challengeID)
}

func (s *Service) reportAnswers(ctx context.Context, actor *domain.User, challengeID int64) (workflow.Answers, []workflow.ProjectAnswers, error) {
	timings, err := s.store.ReportTimings(ctx, challengeID, 0)
	if err != nil {
		return workflow.Answers{}, nil, err
	}
	// A project the reader may not see (its idea hidden) is left out.
	timings = slices.DeleteFunc(timings, func(r workflow.ReportTiming) bool {
		return !domain.IdeaOpenTo(actor, domain.Idea{State: r.IdeaState, Author: domain.Author{ID: r.IdeaAuthor}})
	})
	now := s.now()
	return workflow.SummariseAnswers(timings, now), workflow.AnswersByProject(timings, now), nil
}

// ReplyTimesPage is everything a challenge's reply-time page shows.
type ReplyTimesPage struct {
	Challenge domain.Challenge
	// Stats and Waits are how quickly its fans were answered (ReplyTimes).
	Stats domain.ReplyStats
	Waits []domain.ReplyWait
	// Reports and Projects are how quickly the engineers first answered
	// the tester reports of its projects (ReportAnswers).
	Reports  workflow.Answers
	Projects []workflow.ProjectAnswers
}

// ReplyTimesPage reads a challenge's reply-time page for its engineers
// and admins, the challenge read once for the page (and the refusals in
// the order the page always gave them: a challenge the reader may not see
// is not found, then sign in, then engineers and admins only).
func (s *Service) ReplyTimesPage(ctx context.Context, actor *domain.User, challengeID int64) (ReplyTimesPage, error) {
	var p ReplyTimesPage
	var err error
	if p.Challenge, err = s.replyTimesChallenge(ctx, actor, challengeID); err != nil {
		return ReplyTimesPage{}, err
	}
	if p.Stats, p.Waits, err = s.replyTimes(ctx, challengeID); err != nil {
		return ReplyTimesPage{}, err
	}
	if p.Reports, p.Projects, err = s.reportAnswers(ctx, actor, challengeID); err != nil {
		return ReplyTimesPage{}, err
	}
	return p, nil
}

// ProjectsPage is how many projects a page of the projects board lists;
// ProjectsMax the most a page of the API's list may ask for (and its
// default: what the list held before it was paged).
const (
	ProjectsPage = 50
	ProjectsMax  = 1000
)

// ProjectList is a page of the projects an actor may see, newest first,
// with where the pages beside it start: Older, the cursor of the page of
// older projects (0: none), and Newer, the after of the page of newer ones
// (0: none, this page starts at the newest the actor may see). Both are
// exact: each is given only when the actor may see a project on that
// side, and each is the id of a project shown on this page.
type ProjectList struct {
	Projects     []workflow.Project
	Older, Newer int64
}

// Projects lists a page of the projects actor may see
// (domain.MaySeeProject), on one stage or all (""), newest first: the
// newest limit, those older than before (before > 0), or the limit just
// newer than after (after > 0; fewer than limit newer ones are the newest
// page). Projects the actor may not see are read past, so a page is full
// while the list goes on, and every cursor is the id of a project shown:
// none names a project its reader may not see.
func (s *Service) Projects(ctx context.Context, actor *domain.User, stage workflow.Stage, before, after int64, limit int) (ProjectList, error) {
	if before > 0 {
		after = 0
	}
	seen := s.projectSight(actor)
	var l ProjectList
	// The challenges the actor may not see are left out in the query:
	// reading past a draft's projects a batch at a time would read them
	// all on every request. seen still decides.
	unseen, err := s.unseenChallenges(ctx, actor)
	if err != nil {
		return l, err
	}
	if after > 0 {
		up, err := s.seenProjects(ctx, seen, unseen, stage, 0, after, limit+1)
		if err != nil {
			return l, err
		}
		if len(up) > limit { // newer ones go on past this page
			up = up[:limit]
			slices.Reverse(up)
			l.Projects, l.Newer = up, up[0].ID
			older, err := s.seenProjects(ctx, seen, unseen, stage, up[len(up)-1].ID, 0, 1)
			if err != nil {
				return l, err
			}
			if len(older) > 0 {
				l.Older = up[len(up)-1].ID
			}
			return l, nil
		}
		before = 0 // the newest page: as full as the list allows
	}
	down, err := s.seenProjects(ctx, seen, unseen, stage, before, 0, limit+1)
	if err != nil {
		return l, err
	}
	if len(down) > limit {
		down = down[:limit]
		l.Older = down[limit-1].ID
	}
	l.Projects = down
	if before > 0 { // a newer page exists if the actor may see a newer project
		from := before - 1
		if len(down) > 0 {
			from = down[0].ID
		}
		newer, err := s.seenProjects(ctx, seen, unseen, stage, 0, from, 1)
		if err != nil {
			return l, err
		}
		if len(newer) > 0 {
			l.Newer = from // the hand-typed cursor itself when nothing is shown
		}
	}
	return l, nil
}

// projectSight is whether actor may see a project (domain.MaySeeProject),
// each challenge read once.
func (s *Service) projectSight(actor *domain.User) func(context.Context, workflow.Project) (bool, error) {
	now := s.now()
	challenges := map[int64]domain.Challenge{}
	return func(ctx context.Context, p workflow.Project) (bool, error) {
		c, ok := challenges[p.ChallengeID]
		if !ok {
			var err error
			if c, err = s.store.Challenge(ctx, p.ChallengeID); err != nil {
				return false, err
			}
			challenges[p.ChallengeID] = c
		}
		return domain.MaySeeProject(actor, c, domain.Idea{ID: p.IdeaID, ChallengeID: p.ChallengeID, State: p.IdeaState}, now), nil
	}
}

// seenProjects reads up to want projects seen says may be seen, in the
// order of reading: downward (newest first) from before (0: the newest),
// or upward (oldest first) from after (after > 0), reading past those that
// may not be seen, a batch at a time, to the list's end.
func (s *Service) seenProjects(ctx context.Context, seen func(context.Context, workflow.Project) (bool, error), unseen []int64, stage workflow.Stage, before, after int64, want int) ([]workflow.Project, error) {
	return readSeen(ctx, seen, want, func(batch int) ([]workflow.Project, bool, error) {
		all, more, err := s.store.Projects(ctx, stage, before, after, batch, unseen)
		if err != nil || len(all) == 0 {
			return all, more, err
		}
		if after > 0 {
			slices.Reverse(all) // the store gives newest first; read upward
		}
		if last := all[len(all)-1].ID; after > 0 {
			after = last
		} else {
			before = last
		}
		return all, more, nil
	})
}

// readSeen keeps up to want of the projects read says seen may see, a
// batch at a time (each read goes on where the last ended), to the list's
// end.
func readSeen(ctx context.Context, seen func(context.Context, workflow.Project) (bool, error), want int, read func(batch int) ([]workflow.Project, bool, error)) ([]workflow.Project, error) {
	batch := max(want, 50)
	out := []workflow.Project{}
	for {
		all, more, err := read(batch)
		if err != nil {
			return nil, err
		}
		for _, p := range all {
			ok, err := seen(ctx, p)
			if err != nil {
				return nil, err
			}
			if ok {
				if out = append(out, p); len(out) == want {
					return out, nil
				}
			}
		}
		if !more || len(all) == 0 {
			return out, nil
		}
	}
}

// ProjectsRunBy lists the projects engineer owner runs (0: actor), those
// actor may see, newest first, at most ProjectsMax: "my projects" on the
// projects board, for an engineer or admin (anyone else runs none); an
// admin may ask for anyone's, to hand them over before that person's
// roles change (workflow.KeepsOwner).
func (s *Service) ProjectsRunBy(ctx context.Context, actor *domain.User, owner int64) ([]workflow.Project, error) {
	if actor == nil {
		return nil, domain.Unauthorized("sign in first")
	}
	if owner != 0 && owner != actor.ID && !actor.Has(domain.RoleAdmin) {
		return nil, domain.Forbidden("only admins see whose projects another person runs")
	}
	if owner == 0 {
		owner = actor.ID
	}
	if owner == actor.ID && !actor.IsStaff() {
		return []workflow.Project{}, nil
	}
	unseen, err := s.unseenChallenges(ctx, actor)
	if err != nil {
		return nil, err
	}
	// One read of at most ProjectsMax, as the page lists no more.
	return readSeen(ctx, s.projectSight(actor), ProjectsMax, func(int) ([]workflow.Project, bool, error) {
		all, err := s.store.ProjectsOwnedBy(ctx, owner, ProjectsMax, unseen)
		return all, false, err
	})
}

// MovedProjects lists up to limit projects actor may see, the most
// recently moved (a stage, or a new engineer) first, so the projects
// board's feed carries an old project's launch as well as a new one.
func (s *Service) MovedProjects(ctx context.Context, actor *domain.User, limit int) ([]workflow.Project, error) {
	unseen, err := s.unseenChallenges(ctx, actor)
	if err != nil {
		return nil, err
	}
	var last workflow.Project
	return readSeen(ctx, s.projectSight(actor), limit, func(batch int) ([]workflow.Project, bool, error) {
		all, more, err := s.store.MovedProjects(ctx, last, batch, unseen)
		if len(all) > 0 {
			last = all[len(all)-1]
		}
		return all, more, err
	})
}
