package web

import (
	"net/http"
	"strconv"
	"time"

	"cocreate/app/domain"
	"cocreate/app/service"
	"cocreate/app/workflow"

	"github.com/labstack/echo/v4"
)

type milestoneJSON struct {
	ID      int64      `json:"id"`
	Title   string     `json:"title"`
	DueAt   time.Time  `json:"due_at"`
	DoneAt  *time.Time `json:"done_at"`
	Overdue bool       `json:"overdue"`
	// Stage is the stage the milestone belongs to (left out for one set
	// before milestones had stages).
	Stage workflow.Stage `json:"stage,omitempty"`
}

// toMilestoneJSON is m on a project at stage (which decides Overdue).
func toMilestoneJSON(m workflow.Milestone, now time.Time, stage workflow.Stage) milestoneJSON {
	return milestoneJSON{m.ID, m.Title, m.DueAt, m.DoneAt, m.Overdue(now, stage), m.Stage}
}

type updateJSON struct {
	ID        int64          `json:"id"`
	Kind      string         `json:"kind"`
	From      workflow.Stage `json:"from,omitempty"`
	To        workflow.Stage `json:"to,omitempty"`
	Body      string         `json:"body"`
	Author    domain.Author  `json:"author"`
	CreatedAt time.Time      `json:"created_at"`
	// Comments is how many comments answer the update (none hidden).
	Comments int `json:"comments"`
}

type projectJSON struct {
	ID         int64           `json:"id"`
	IdeaID     int64           `json:"idea_id"`
	Title      string          `json:"title"`
	Stage      workflow.Stage  `json:"stage"`
	Owner      domain.Author   `json:"owner"`
	Milestones []milestoneJSON `json:"milestones"`
	Progress   [2]int          `json:"progress"`
	CreatedAt  time.Time       `json:"created_at"`
	Timeline   []updateJSON    `json:"timeline,omitempty"`
	// The one project's answer (GET /api/v1/projects/{id}) also carries
	// its credits, the viewer's standing (applied, tester, can_manage)
	// and, for those who manage it, the applications to test, as the page
	// shows them; the lists' pointers keep an empty list ([]) apart from
	// one not given.
	Credits      *[]creditJSON      `json:"credits,omitempty"`
	Viewer       *projectViewer     `json:"viewer,omitempty"`
	Applications *[]applicationJSON `json:"applications,omitempty"`
}

type creditJSON struct {
	User domain.Author `json:"user"`
	Role string        `json:"role"`
}

func toCreditsJSON(credits []workflow.Credit) []creditJSON {
	out := []creditJSON{}
	for _, cr := range credits {
		out = append(out, creditJSON{cr.User, cr.Role})
	}
	return out
}

type projectViewer struct {
	Applied   bool `json:"applied"`
	Tester    bool `json:"tester"`
	Declined  bool `json:"declined"`
	CanManage bool `json:"can_manage"`
}

// applicationJSON is an application to test; Decided and not Accepted is
// declined.
type applicationJSON struct {
	User       domain.Author `json:"user"`
	Motivation string        `json:"motivation"`
	Accepted   bool          `json:"accepted"`
	Decided    bool          `json:"decided"`
	CreatedAt  time.Time     `json:"created_at"`
}

func toProjectJSON(p workflow.Project, now time.Time) projectJSON {
	step, total := workflow.Progress(p.Stage)
	j := projectJSON{ID: p.ID, IdeaID: p.IdeaID, Title: p.Title, Stage: p.Stage, Owner: p.Owner, Milestones: []milestoneJSON{},
		Progress: [2]int{step, total}, CreatedAt: p.CreatedAt}
	for _, m := range p.Milestones {
		j.Milestones = append(j.Milestones, toMilestoneJSON(m, now, p.Stage))
	}
	return j
}

func (s *Server) apiProjectOpen(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		OwnerID int64 `json:"owner_id"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	p, err := s.svc.OpenProject(c.Request().Context(), currentUser(c), id, in.OwnerID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toProjectJSON(p, s.svc.Now()))
}

func (s *Server) apiProjects(c echo.Context) error {
	var stage workflow.Stage
	if raw := c.QueryParam("stage"); raw != "" {
		st, err := workflow.ParseStage(raw, "stage")
		if err != nil {
			return err
		}
		stage = st
	}
	before, err := idCursor(c)
	if err != nil {
		return err
	}
	limit := service.ProjectsMax // what the list held before it was paged
	if v := c.QueryParam("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > service.ProjectsMax {
			return domain.InvalidLimit(service.ProjectsMax)
		}
	}
	list, err := s.svc.Projects(c.Request().Context(), currentUser(c), stage, before, 0, limit)
	if err != nil {
		return err
	}
	now := s.svc.Now()
	out := make([]projectJSON, 0, len(list.Projects))
	for _, p := range list.Projects {
		out = append(out, toProjectJSON(p, now))
	}
	return c.JSON(http.StatusOK, map[string]any{"projects": out, "next_cursor": nextCursor(list.Older)})
}

func (s *Server) apiProject(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	pp, err := s.svc.ProjectPage(c.Request().Context(), currentUser(c), id, service.FeedbackAt{})
	if err != nil {
		return err
	}
	j := toProjectJSON(pp.Project, s.svc.Now())
	j.Timeline = []updateJSON{}
	for _, u := range pp.Timeline {
		j.Timeline = append(j.Timeline, updateJSON{u.ID, u.Kind, u.From, u.To, u.Body, u.Author, u.CreatedAt, pp.UpdateCommentCounts[u.ID]})
	}
	credits := toCreditsJSON(pp.Credits)
	j.Credits = &credits
	j.Viewer = &projectViewer{Applied: pp.Applied, Tester: pp.Tester, Declined: pp.Declined, CanManage: pp.CanManage}
	if pp.CanManage { // ProjectPage fills them for those who manage it only
		apps := []applicationJSON{}
		for _, a := range pp.Applications {
			apps = append(apps, applicationJSON{a.User, a.Motivation, a.Accepted, a.Decided, a.CreatedAt})
		}
		j.Applications = &apps
	}
	return c.JSON(http.StatusOK, j)
}

func (s *Server) apiTransition(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		To   string `json:"to"`
		Note string `json:"note"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	p, err := s.svc.MoveProject(c.Request().Context(), currentUser(c), id, in.To, in.Note)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toProjectJSON(p, s.svc.Now()))
}

// apiProjectOwner hands a project over to another engineer
// (PUT /api/v1/projects/{id}/owner): its engineer or an admin.
func (s *Server) apiProjectOwner(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		OwnerID int64 `json:"owner_id"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	p, _, err := s.svc.HandOverProject(c.Request().Context(), currentUser(c), id, in.OwnerID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toProjectJSON(p, s.svc.Now()))
}

func (s *Server) apiMilestone(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Title string    `json:"title"`
		DueAt time.Time `json:"due_at"`
		Stage string    `json:"stage"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	m, stage, err := s.svc.AddMilestone(c.Request().Context(), currentUser(c), id, in.Title, in.Stage, in.DueAt)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toMilestoneJSON(m, s.svc.Now(), stage))
}

// apiMilestoneDone marks a milestone done or open again
// (PUT /api/v1/projects/{id}/milestones/{mid} {"done"}), as the page's
// tick does.
func (s *Server) apiMilestoneDone(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	mid, err := idParam(c, "mid")
	if err != nil {
		return err
	}
	var in struct {
		Done *bool `json:"done"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Done == nil {
		return domain.Invalid("done", "required", "done is required (true or false)")
	}
	m, stage, err := s.svc.CompleteMilestone(c.Request().Context(), currentUser(c), id, mid, *in.Done)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toMilestoneJSON(m, s.svc.Now(), stage))
}

// apiMilestoneDelete is DELETE /api/v1/projects/{id}/milestones/{mid}: 204.
func (s *Server) apiMilestoneDelete(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	mid, err := idParam(c, "mid")
	if err != nil {
		return err
	}
	if err := s.svc.DeleteMilestone(c.Request().Context(), currentUser(c), id, mid); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Body string `json:"body"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.svc.PostUpdate(c.Request().Context(), currentUser(c), id, in.Body); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"project_id": id, "body": in.Body})
}

func (s *Server) apiApply(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Motivation string `json:"motivation"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	u := currentUser(c)
	if err := s.svc.ApplyToTest(c.Request().Context(), u, id, in.Motivation); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"project_id": id, "user_id": u.ID, "motivation": in.Motivation, "accepted": false})
}

// apiCredits sets a project's credits, as the page's credits form does:
// {"credits": [{"user_id", "role"}]} → {"credits": [...]}, every one named.
func (s *Server) apiCredits(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Credits []struct {
			UserID int64  `json:"user_id"`
			Role   string `json:"role"`
		} `json:"credits"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	// The list replaces every credit: a body without it (a misspelt key,
	// {}) would take them all away. [] is a list, and clears them.
	if in.Credits == nil {
		return domain.Invalid("credits", "required", "credits is required: the whole list of credits, [] to take them all away")
	}
	credits := make([]workflow.Credit, 0, len(in.Credits))
	for _, cr := range in.Credits {
		credits = append(credits, workflow.Credit{User: domain.Author{ID: cr.UserID}, Role: cr.Role})
	}
	kept, err := s.svc.SetCredits(c.Request().Context(), currentUser(c), id, credits)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"credits": toCreditsJSON(kept)})
}

// triageItemJSON is one idea waiting for the engineers (service.TriageQueue):
// the idea, masked as the viewer sees it, and whether an admin picked it
// (else it won).
type triageItemJSON struct {
	Idea   ideaJSON `json:"idea"`
	Picked bool     `json:"picked"`
}

// apiTriage answers GET /api/v1/triage: the engineers' queue, as the
// triage page lists it, oldest first.
func (s *Server) apiTriage(c echo.Context) error {
	items, err := s.svc.TriageQueue(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	out := make([]triageItemJSON, len(items))
	for i, it := range items {
		out[i] = triageItemJSON{toIdeaJSON(s.md, it.Idea), it.Picked}
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out})
}

// apiTriagePick answers POST /api/v1/ideas/{id}/pick: an admin sends a
// listed idea to the engineers' queue (as the idea page's button).
func (s *Server) apiTriagePick(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.svc.PickForTriage(c.Request().Context(), currentUser(c), id); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"idea_id": id, "picked": true})
}

// apiTriageDecline answers POST /api/v1/ideas/{id}/decline {"reason"}: an
// engineer declines an idea in the queue, with the public reason its
// author and backers are told (as the triage page's form).
func (s *Server) apiTriageDecline(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Reason *string `json:"reason"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Reason == nil {
		return domain.Invalid("reason", "required", "reason is required")
	}
	if err := s.svc.DeclineIdea(c.Request().Context(), currentUser(c), id, *in.Reason); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"idea_id": id, "declined": true})
}

func (s *Server) apiDecideTester(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	userID, err := idParam(c, "user_id")
	if err != nil {
		return err
	}
	var in struct {
		Accepted *bool `json:"accepted"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Accepted == nil { // left out, it must not decline the tester
		return domain.Invalid("accepted", "required", "accepted is required (true or false)")
	}
	if err := s.svc.DecideTester(c.Request().Context(), currentUser(c), id, userID, *in.Accepted); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"project_id": id, "user_id": userID, "accepted": *in.Accepted})
}

func (s *Server) apiFeedback(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Rating int    `json:"rating"`
		Body   string `json:"body"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	fb, err := s.svc.GiveFeedback(c.Request().Context(), currentUser(c), id, in.Rating, in.Body, nil)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"id": fb.ID, "project_id": id, "rating": fb.Rating, "body": fb.Body, "addressed": false})
}

func (s *Server) apiFeedbackTriage(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	fid, err := idParam(c, "feedback_id")
	if err != nil {
		return err
	}
	var in struct {
		Addressed *bool   `json:"addressed"`
		Reply     *string `json:"reply"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	// Either left out stays as it was (the page's form sends both).
	addressed, reply, err := s.svc.TriageFeedback(c.Request().Context(), currentUser(c), id, fid, in.Addressed, in.Reply)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"id": fid, "addressed": addressed, "reply": reply})
}

type feedbackJSON struct {
	ID        int64         `json:"id"`
	Tester    domain.Author `json:"tester"`
	Rating    int           `json:"rating"`
	Body      string        `json:"body"`
	Addressed bool          `json:"addressed"`
	Reply     string        `json:"reply"`
	CreatedAt time.Time     `json:"created_at"`
	// Photo is the report's one photo (null: none), served only to those
	// who may read the reports.
	Photo *imageJSON `json:"photo"`
}

// apiFeedbackList is a project's tester feedback, newest first, a page at
// a time (next_cursor), for its owner side and its testers.
func (s *Server) apiFeedbackList(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	at, err := feedbackAtParams(c) // a page, or the page holding a report
	if err != nil {
		return err
	}
	list, next, err := s.svc.Feedback(c.Request().Context(), currentUser(c), id, at)
	if err != nil {
		return err
	}
	answers, err := s.svc.FeedbackAnswers(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	out := make([]feedbackJSON, 0, len(list))
	for _, f := range list {
		fj := feedbackJSON{f.ID, f.Tester, f.Rating, f.Body, f.Addressed, f.Reply, f.CreatedAt, nil}
		if f.Photo != nil {
			fj.Photo = &imageJSON{URL: "/uploads/" + f.Photo.File, Width: f.Photo.Width, Height: f.Photo.Height}
		}
		out = append(out, fj)
	}
	return c.JSON(http.StatusOK, map[string]any{"feedback": out, "next_cursor": nextCursor(next), "answers": toAnswersJSON(answers)})
}

// answersJSON is how quickly the engineers first answered the project's
// tester reports, as the project page says it: times in whole seconds;
// median and p90 are null while no answer is timed, on_target null while
// there is nothing to judge.
type answersJSON struct {
	Answered      int    `json:"answered"`
	Waiting       int    `json:"waiting"`
	Timed         int    `json:"timed"`
	MedianSeconds *int64 `json:"median_seconds"`
	P90Seconds    *int64 `json:"p90_seconds"`
	OldestWaiting int64  `json:"oldest_waiting_seconds"`
	Late          int    `json:"late"`
	TargetSeconds int64  `json:"target_seconds"`
	OnTarget      *bool  `json:"on_target"`
}

func toAnswersJSON(a workflow.Answers) answersJSON {
	out := answersJSON{Answered: a.Answered, Waiting: a.Waiting, Timed: a.Timed, OldestWaiting: int64(a.Oldest.Seconds()),
		Late: a.Late, TargetSeconds: int64(workflow.AnswerTarget.Seconds())}
	if a.Timed > 0 {
		median, p90 := int64(a.Median.Seconds()), int64(a.P90.Seconds())
		out.MedianSeconds, out.P90Seconds = &median, &p90
	}
	if a.Judged() {
		kept := a.Kept()
		out.OnTarget = &kept
	}
	return out
}
