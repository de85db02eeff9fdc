package web

import (
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"cocreate/app/domain"
	"cocreate/app/service"
	"cocreate/app/store"
	"cocreate/app/workflow"

	"github.com/labstack/echo/v4"
)

// boardPage shows a page of projects (service.ProjectsPage, newest
// first) in columns by stage, with links to the older and newer pages.
type boardPage struct {
	Columns      []boardColumn
	Now          time.Time
	Older, Newer int64 // the pages beside this one (service.ProjectList)
	Paged        bool  // newer projects than this page's exist (a "newest" link)
	// Mine: the board holds only the projects the viewer runs (?mine=1);
	// MineTab: the viewer may ask for it (an engineer or admin).
	Mine, MineTab bool
	Owner         int64 // the board holds the projects this other person runs (?owner=, for an admin)
	Count         int   // the projects on the board
}

type boardColumn struct {
	Stage    workflow.Stage
	Projects []workflow.Project
}

// pageCursors reads a list's cursor (older than, "cursor") or after (newer
// than, "after"), each a positive id this server gave; not both.
func pageCursors(c echo.Context) (before, after int64, err error) {
	if before, err = idCursor(c); err != nil {
		return 0, 0, err
	}
	if v := c.QueryParam("after"); v != "" {
		if after, err = strconv.ParseInt(v, 10, 64); err != nil || after <= 0 {
			return 0, 0, domain.Invalid("after", "invalid_cursor", "after is not a cursor this server gave")
		}
		if before > 0 {
			return 0, 0, domain.Invalid("after", "invalid_cursor", "give cursor or after, not both")
		}
	}
	return before, after, nil
}

func (s *Server) projectsBoard(c echo.Context) error {
	before, after, err := pageCursors(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	var list service.ProjectList
	mine := c.QueryParam("mine") == "1" && u.IsStaff() // engineers and admins run projects
	var owner int64                                    // ?owner=N: the projects N runs, for an admin (the users page links it)
	if v := c.QueryParam("owner"); v != "" {
		if owner, err = strconv.ParseInt(v, 10, 64); err != nil || owner < 1 {
			return domain.Invalid("owner", "invalid_number", "owner must be a user's id")
		}
	}
	if u != nil && owner == u.ID {
		mine, owner = true, 0
	}
	if mine || owner != 0 {
		list.Projects, err = s.svc.ProjectsRunBy(c.Request().Context(), u, owner)
	} else {
		list, err = s.svc.Projects(c.Request().Context(), u, "", before, after, service.ProjectsPage)
	}
	if err != nil {
		return err
	}
	p := boardPage{Now: s.svc.Now(), Older: list.Older, Newer: list.Newer, Paged: list.Newer > 0,
		Mine: mine, MineTab: u.IsStaff(), Owner: owner, Count: len(list.Projects)}
	for _, st := range workflow.Stages {
		col := boardColumn{Stage: st}
		for _, pr := range list.Projects {
			if pr.Stage == st {
				col.Projects = append(col.Projects, pr)
			}
		}
		p.Columns = append(p.Columns, col)
	}
	return s.render(c, "projects", s.printer(c).T("project.board"), p)
}

// projectView adds what the page computes from the project's data.
type projectView struct {
	service.ProjectPage
	Now    time.Time
	Moves  []workflow.Stage
	Stages []workflow.Stage // the pipeline, for the progress bar
	Step   int
	Total  int
	Error  string
	// Owners are whom the project may be handed to (its engineer first
	// when no longer offered, as the choice that changes nothing), for
	// those who run it.
	Owners []domain.Author
	// sentTo and sent: the form refused (its address's last part: move,
	// updates, milestones, testers, feedback, credits) and what it sent,
	// shown in it again (Kept, CreditCandidates).
	sentTo string
	sent   url.Values
	// sentField is the field the refusal names ("" for none), which takes
	// the focus where the form has it (DueRefused).
	sentField string
	// sentUpdate is the update a refused comment answered (its form's
	// address), whose form shows it again (Answer).
	sentUpdate string
	// Today is the site's date (its zone), the earliest a milestone may be
	// due (workflow.ValidMilestone): the date input's min.
	Today string
	// viewer is who sees the page (nil for a visitor), for Drawn.
	viewer *domain.User
}

// Kept is what the refused form named form sent in field, for the form to
// show again; "" for every other form, and when none was refused.
func (v projectView) Kept(form, field string) string {
	if v.sentTo != form {
		return ""
	}
	return v.sent.Get(field)
}

// keptForms are the page's forms that keep what was sent (Kept) and say
// why it was refused inside themselves (FormError): on a phone the form
// can be screens below the top of the page.
var keptForms = map[string]bool{"move": true, "updates": true, "milestones": true, "testers": true, "feedback": true, "credits": true, "comments": true, "owner": true}

// Drawn says whether the page draws the form named form for this viewer:
// the one place for the rule, which templates/pages/project.html asks
// for each kept form's own {{if}}. A refused form that is not drawn has its
// reason at the top of the page (PageError), else no one would see it.
func (v projectView) Drawn(form string) bool {
	switch form {
	case "move":
		return v.CanManage && len(v.Moves) > 0
	case "updates", "credits", "owner":
		return v.CanManage
	case "milestones":
		return v.CanManage && workflow.PlansMilestones(v.Project.Stage)
	case "testers":
		return v.Project.Stage == workflow.FanTest && v.viewer != nil && v.viewer.ID != v.Project.Owner.ID &&
			!v.Applied && !v.LevelTooLow
	case "feedback":
		return v.Tester && !v.TestingOver()
	case "comments":
		return v.MayAnswer
	}
	return false
}

// AnswerKept is what the refused comment on update uid sent, for that
// update's form to show again (each update has its own form): "" for the
// others, and when none was refused.
func (v projectView) AnswerKept(uid int64) string {
	if v.sentUpdate != itoa(uid) {
		return ""
	}
	return v.Kept("comments", "body")
}

// AnswerError is why the comment on update uid was refused, said in that
// update's form; "" for the others.
func (v projectView) AnswerError(uid int64) string {
	if v.sentUpdate != itoa(uid) {
		return ""
	}
	return v.FormError("comments")
}

// TestingOver says the project's testing is over (workflow.TestingOver):
// the page draws no form to send a report or to choose testers, and says
// why instead.
func (v projectView) TestingOver() bool { return workflow.TestingOver(v.Project.Stage) }

// FormError is why the form named form was refused, shown in it (its first
// field takes the focus, which brings it into view); "" for the others, and
// when the refused form is not drawn (PageError says why then).
func (v projectView) FormError(form string) string {
	if v.sentTo != form || !keptForms[form] || !v.Drawn(form) {
		return ""
	}
	return v.Error
}

// PhotoRefused says the report form was refused for its photo: the
// message names the field, and the file input takes the focus (a browser
// cannot be made to keep the chosen file: the tester chooses it again).
func (v projectView) PhotoRefused() bool {
	return v.FormError("feedback") != "" && v.sentField == "photo"
}

// DueRefused says the milestone form was refused for its due date: the
// date input takes the focus, not the title.
func (v projectView) DueRefused() bool {
	return v.FormError("milestones") != "" && v.sentField == "due_at"
}

// PageError is why a form without a place of its own for it was refused,
// or a kept form the page does not draw for this viewer, shown at the top
// of the page.
func (v projectView) PageError() string {
	if keptForms[v.sentTo] && v.Drawn(v.sentTo) {
		return ""
	}
	return v.Error
}

// Unsent is what a refused form that the page no longer draws held (its
// text: a report, an update, a motivation, a note), for its writer to copy;
// "" when the form is drawn again, keeping it itself.
func (v projectView) Unsent() string {
	if v.PageError() == "" || v.Drawn(v.sentTo) {
		return ""
	}
	for _, field := range []string{"body", "motivation", "note", "title"} {
		if text := strings.TrimSpace(v.sent.Get(field)); text != "" {
			return text
		}
	}
	return ""
}

func (s *Server) projectShow(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	at, err := feedbackAtParams(c)
	if err != nil {
		return err
	}
	return s.renderProject(c, id, at, nil)
}

// feedbackAtParams reads which page of a project's feedback to show: the
// one holding the report "report" (a report's own address,
// workflow.FeedbackLink), or the one older than "cursor".
func feedbackAtParams(c echo.Context) (service.FeedbackAt, error) {
	before, err := idCursor(c)
	if err != nil {
		return service.FeedbackAt{}, err
	}
	at := service.FeedbackAt{Before: before}
	if v := c.QueryParam("report"); v != "" {
		if at.Report, err = strconv.ParseInt(v, 10, 64); err != nil || at.Report <= 0 {
			return at, domain.Invalid("report", "invalid_id", "report is not a report's number")
		}
	}
	return at, nil
}

// renderProject shows a project's page, the page of its feedback at
// chooses, with a refused form's reason (failure) in place.
func (s *Server) renderProject(c echo.Context, id int64, at service.FeedbackAt, failure error) error {
	pp, err := s.svc.ProjectPageWithComments(c.Request().Context(), currentUser(c), id, at)
	if err != nil {
		return err
	}
	v := projectView{ProjectPage: pp, Now: s.svc.Now(), Stages: workflow.Stages[:len(workflow.Stages)-1], viewer: currentUser(c)}
	v.Today = v.Now.In(s.cfg.Location).Format("2006-01-02")
	v.Step, v.Total = workflow.Progress(pp.Project.Stage)
	if pp.CanManage {
		v.Moves = workflow.AllowedMoves(pp.Project.Stage)
		engineers, err := s.svc.Engineers(c.Request().Context(), currentUser(c))
		if err != nil {
			return err
		}
		v.Owners = ownerChoices(pp.Project.Owner, engineers)
	}
	status := http.StatusOK
	if failure != nil {
		msg, field, ok := s.formError(c, failure)
		if e := domain.AsError(failure); !ok && e != nil && e.Kind == domain.KindForbidden && currentUser(c) != nil {
			// Someone who may see the page lost a form while writing in it
			// (un-chosen as a tester, their project handed on): the page
			// says why, at the top, with what they wrote (Unsent). A
			// refusal of who may run the project names who runs it now.
			msg, ok = message(s.printer(c), e), true
			if e.Code == "forbidden" && !pp.CanManage {
				msg = s.printer(c).T("eng47.not_yours", pp.Project.Owner.Name)
			}
		}
		if !ok {
			return failure
		}
		v.Error, v.sentField, status = msg, field, statusOf[domain.AsError(failure).Kind]
		v.sentTo, v.sent, v.sentUpdate = path.Base(c.Request().URL.Path), c.Request().PostForm, c.Param("upd")
	}
	return s.renderStatus(c, status, "project", withTitle{pp.Project.Title, v})
}

// projectAction runs one form of the project page, then shows the page
// again: refused with the reason in place, or after a redirect.
func (s *Server) projectAction(c echo.Context, do func(id int64, u *domain.User) error, done string) error {
	return s.projectPartAction(c, "", do, done)
}

// projectPartAction is projectAction for a form of one part of the page
// (its anchor at: application-, milestone-, fb- and a number, or
// credits-form; "" for the top): the engineer, often on a phone, returns
// to that part, not to the top, and reads there what was done (the
// message key done), ready for the next application or report.
func (s *Server) projectPartAction(c echo.Context, at string, do func(id int64, u *domain.User) error, done string) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := do(id, currentUser(c)); err != nil {
		return s.renderProject(c, id, service.FeedbackAt{}, err)
	}
	return s.backTo(c, "/projects/"+itoa(id), at, done)
}

// milestoneGroup is one stage's milestones on the project page.
type milestoneGroup struct {
	Stage      workflow.Stage // "" for those set before milestones had stages
	Current    bool           // the project's stage now
	Milestones []workflow.Milestone
}

// MilestoneGroups are the project's milestones by stage, in the
// pipeline's order (those without a stage last), each in due order.
func (v projectView) MilestoneGroups() []milestoneGroup {
	var out []milestoneGroup
	for _, st := range append(slices.Clone(workflow.Stages), "") {
		g := milestoneGroup{Stage: st, Current: st != "" && st == v.Project.Stage}
		for _, m := range v.Project.Milestones {
			if m.Stage == st {
				g.Milestones = append(g.Milestones, m)
			}
		}
		if len(g.Milestones) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// OwnerChosen says whether the hand-over form's list has the engineer id
// chosen: the one a refused form sent, else the project's own.
func (v projectView) OwnerChosen(id int64) bool {
	if sent := v.Kept("owner", "owner_id"); sent != "" {
		return itoa(id) == sent
	}
	return id == v.Project.Owner.ID
}

// MilestoneStageChosen says whether the milestone form's stage list has
// st chosen: the one a refused form sent, else the project's stage.
func (v projectView) MilestoneStageChosen(st workflow.Stage) bool {
	if sent := v.Kept("milestones", "stage"); sent != "" {
		return string(st) == sent
	}
	return st == v.Project.Stage
}

// ownerChoices are the engineers a project may be handed to, its own
// first when it is not one of them (an admin who opened it, an engineer
// since suspended): the choice that leaves it as it is.
func ownerChoices(owner domain.Author, engineers []domain.User) []domain.Author {
	out := make([]domain.Author, 0, len(engineers)+1)
	for _, e := range engineers {
		out = append(out, domain.Author{ID: e.ID, Name: e.Name})
	}
	if !slices.ContainsFunc(out, func(a domain.Author) bool { return a.ID == owner.ID }) {
		out = append([]domain.Author{owner}, out...)
	}
	return out
}

// projectOwner hands the project over to the engineer chosen, and says
// so, or that nothing changed (its engineer chosen, as the form offers
// first).
func (s *Server) projectOwner(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	// An owner_id that is not a number is none: the service says it is required.
	owner, _ := strconv.ParseInt(c.FormValue("owner_id"), 10, 64)
	_, handed, err := s.svc.HandOverProject(c.Request().Context(), currentUser(c), id, owner)
	if err != nil {
		return s.renderProject(c, id, service.FeedbackAt{}, err)
	}
	says := "hand43.unchanged"
	if handed {
		says = "hand43.handed"
	}
	return s.backTo(c, "/projects/"+itoa(id), "", says)
}

func (s *Server) projectMove(c echo.Context) error {
	return s.projectAction(c, func(id int64, u *domain.User) error {
		_, err := s.svc.MoveProject(c.Request().Context(), u, id, c.FormValue("to"), c.FormValue("note"))
		return err
	}, "project.moved_flash")
}

func (s *Server) projectMilestone(c echo.Context) error {
	return s.projectAction(c, func(id int64, u *domain.User) error {
		// An empty date is left to the service, which names the title
		// first and then the date (workflow.ValidMilestone), as the API's
		// milestone without due_at is.
		var due time.Time
		if day := c.FormValue("due_at"); day != "" {
			d, err := time.ParseInLocation("2006-01-02", day, s.cfg.Location)
			if err != nil {
				return domain.Invalid("due_at", "invalid_time", "due_at must be a date")
			}
			due = d.Add(18 * time.Hour)
		}
		_, _, err := s.svc.AddMilestone(c.Request().Context(), u, id, c.FormValue("title"), c.FormValue("stage"), due)
		return err
	}, "project.milestone_added")
}

func (s *Server) projectMilestoneDone(c echo.Context) error {
	mid, err := idParam(c, "mid")
	if err != nil {
		return err
	}
	done, says := onOff(c, "done", "walk40.milestone_done", "walk40.milestone_reopened")
	return s.projectPartAction(c, "milestone-"+itoa(mid), func(id int64, u *domain.User) error {
		_, _, err := s.svc.CompleteMilestone(c.Request().Context(), u, id, mid, done)
		return err
	}, says)
}

// projectMilestoneDelete is the milestone's 删除 button: back to the
// project's milestones, saying it is gone.
func (s *Server) projectMilestoneDelete(c echo.Context) error {
	mid, err := idParam(c, "mid")
	if err != nil {
		return err
	}
	return s.projectPartAction(c, "milestones", func(id int64, u *domain.User) error {
		return s.svc.DeleteMilestone(c.Request().Context(), u, id, mid)
	}, "ms51.deleted")
}

func (s *Server) projectUpdate(c echo.Context) error {
	return s.projectAction(c, func(id int64, u *domain.User) error {
		return s.svc.PostUpdate(c.Request().Context(), u, id, c.FormValue("body"))
	}, "project.update_posted")
}

// projectUpdateComment is an update's comment form: the comment is
// shown under the update (and in the idea's thread); the page returns to
// it, where the words saying so are. A refusal shows the page again with
// the text and the reason in that update's form.
func (s *Server) projectUpdateComment(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	uid, err := idParam(c, "upd")
	if err != nil {
		return err
	}
	cm, err := s.svc.CommentOnUpdate(c.Request().Context(), currentUser(c), id, uid, c.FormValue("body"))
	if err != nil {
		return s.renderProject(c, id, service.FeedbackAt{}, err)
	}
	return s.backTo(c, "/projects/"+itoa(id), "comment-"+itoa(cm.ID), "upd42.posted")
}

func (s *Server) projectApply(c echo.Context) error {
	return s.projectAction(c, func(id int64, u *domain.User) error {
		return s.svc.ApplyToTest(c.Request().Context(), u, id, c.FormValue("motivation"))
	}, "project.applied")
}

func (s *Server) projectDecide(c echo.Context) error {
	uid, err := idParam(c, "uid")
	if err != nil {
		return err
	}
	accepted, says := onOff(c, "accepted", "walk40.tester_chosen", "walk40.tester_not_chosen")
	return s.projectPartAction(c, "application-"+itoa(uid), func(id int64, u *domain.User) error {
		return s.svc.DecideTester(c.Request().Context(), u, id, uid, accepted)
	}, says)
}

func (s *Server) projectFeedback(c echo.Context) error {
	_ = c.Request().ParseMultipartForm(uploadMemory) // before any FormValue; a bad form shows as missing fields
	return s.projectAction(c, func(id int64, u *domain.User) error {
		rating := 0 // no stars chosen: the rule says so (stars_required)
		if raw := c.FormValue("rating"); raw != "" {
			var err error
			if rating, err = strconv.Atoi(raw); err != nil {
				return domain.Invalid("rating", "out_of_range", "rating must be between 1 and 5")
			}
		}
		photo, done, err := reportPhoto(c)
		if err != nil {
			return err
		}
		defer done()
		_, err = s.svc.GiveFeedback(c.Request().Context(), u, id, rating, c.FormValue("body"), photo)
		return err
	}, "project.feedback_sent")
}

// reportPhoto opens the one photo of a tester's report (field photo; nil
// for none), without reading it, as uploads opens an idea's; done closes it.
func reportPhoto(c echo.Context) (*service.Upload, func(), error) {
	form, err := c.MultipartForm()
	if err != nil {
		return nil, func() {}, nil // a form without files
	}
	var fhs []*multipart.FileHeader
	for _, fh := range form.File["photo"] {
		if fh.Size > 0 {
			fhs = append(fhs, fh)
		}
	}
	if len(fhs) == 0 {
		return nil, func() {}, nil
	}
	if len(fhs) > 1 {
		return nil, func() {}, domain.Invalid("photo", "one_photo", "a report takes at most one photo")
	}
	f, err := fhs[0].Open()
	if err != nil {
		return nil, func() {}, err
	}
	return &service.Upload{Name: fhs[0].Filename, File: f, Size: fhs[0].Size}, func() { f.Close() }, nil
}

// projectFeedbackTriage saves an engineer's reply to a report (addressed
// or not), from whichever page of the feedback the report was on: the form's
// address carries that page's cursor, and the engineer comes back to the
// same page and the same report (its anchor), not to the newest page; a
// refused reply shows that page again.
func (s *Server) projectFeedbackTriage(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	fid, err := idParam(c, "fid")
	if err != nil {
		return err
	}
	before, err := idCursor(c) // the page the report was on
	if err != nil {
		return err
	}
	addressed, reply := c.FormValue("addressed") != "", c.FormValue("reply")
	if _, _, err := s.svc.TriageFeedback(c.Request().Context(), currentUser(c), id, fid, &addressed, &reply); err != nil {
		return s.renderProject(c, id, service.FeedbackAt{Before: before}, err)
	}
	says := "walk40.report_waiting"
	if addressed {
		says = "walk40.report_addressed"
	} else if strings.TrimSpace(reply) != "" {
		says = "walk40.report_replied"
	}
	back := "/projects/" + itoa(id)
	if before != 0 {
		back += "?cursor=" + itoa(before)
	}
	return s.backTo(c, back, "fb-"+itoa(fid), says)
}

func (s *Server) projectCredits(c echo.Context) error {
	return s.projectPartAction(c, "credits-form", func(id int64, u *domain.User) error {
		var credits []workflow.Credit
		// People ticked in the list, each with the role typed beside them.
		form, _ := c.FormParams()
		for _, raw := range form["credit"] {
			uid, err := strconv.ParseInt(raw, 10, 64)
			if err != nil {
				return domain.Invalid("credits", "invalid_number", "choose people from the list")
			}
			credits = append(credits, workflow.Credit{User: domain.Author{ID: uid}, Role: strings.TrimSpace(c.FormValue("role_" + raw))})
		}
		// The API's older plain form: "user-number role" a line.
		for _, line := range strings.Split(c.FormValue("credits"), "\n") {
			idPart, role, _ := strings.Cut(strings.TrimSpace(line), " ")
			if idPart == "" {
				continue
			}
			uid, err := strconv.ParseInt(strings.TrimPrefix(idPart, "#"), 10, 64)
			if err != nil {
				return domain.Invalid("credits", "invalid_number", "each line starts with a user number")
			}
			credits = append(credits, workflow.Credit{User: domain.Author{ID: uid}, Role: role})
		}
		_, err := s.svc.SetCredits(c.Request().Context(), u, id, credits)
		return err
	}, "walk40.credits_saved")
}

// creditRow is one person the credits form offers: ticked or not, with
// the role beside them.
type creditRow struct {
	User    domain.Author
	Role    string
	Checked bool
}

// CreditCandidates are the people the owner may credit, chosen from a
// list: whoever is credited already, the idea's author, the project's
// owner engineer and everyone who applied to test, once each, with their
// current role (workflow.CanCredit: only people linked to the project).
// After a refused save, each row is as it was sent, so nothing typed is
// lost.
func (v projectView) CreditCandidates() []creditRow {
	var out []creditRow
	seen := map[int64]bool{}
	refused := v.sentTo == "credits"
	add := func(a domain.Author, role string, credited bool) {
		if a.ID == 0 || seen[a.ID] {
			return
		}
		seen[a.ID] = true
		row := creditRow{User: a, Role: role, Checked: credited}
		if refused {
			row.Role = v.sent.Get("role_" + itoa(a.ID))
			row.Checked = slices.Contains(v.sent["credit"], itoa(a.ID))
		}
		out = append(out, row)
	}
	for _, cr := range v.Credits {
		add(cr.User, cr.Role, true)
	}
	add(v.Idea.Author, "", false)
	add(v.Project.Owner, "", false)
	for _, a := range v.Applications {
		add(a.User, "", false)
	}
	return out
}

// MaxCreditRole is the longest role a credit may name, for the form's
// inputs: the rule's own limit.
func (projectView) MaxCreditRole() int { return workflow.MaxCreditRoleLen }

// triagePage is the engineers' queue.
type triagePage struct {
	Items     []store.TriageItem
	Engineers []domain.User
	Refused   formRefusal // a refused decline, at its reason
}

func (s *Server) triageShow(c echo.Context) error {
	return s.renderTriage(c, formRefusal{}, http.StatusOK)
}

// renderTriage shows the queue, with a refused decline in place.
func (s *Server) renderTriage(c echo.Context, refused formRefusal, status int) error {
	ctx := c.Request().Context()
	items, err := s.svc.TriageQueue(ctx, currentUser(c))
	if err != nil {
		return err
	}
	engineers, err := s.svc.Engineers(ctx, currentUser(c))
	if err != nil {
		return err
	}
	if refused.At != "" && !slices.ContainsFunc(items, func(it store.TriageItem) bool { return "reason-"+itoa(it.Idea.ID) == refused.At }) {
		refused.At = "" // out of the queue meanwhile: the message goes to the top
	}
	p := triagePage{Items: items, Engineers: engineers, Refused: refused}
	return s.renderStatus(c, status, "triage", withTitle{s.printer(c).T("triage.title"), p})
}

func (s *Server) triageOpen(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	owner, _ := strconv.ParseInt(c.FormValue("owner_id"), 10, 64)
	p, err := s.svc.AcceptIdea(c.Request().Context(), currentUser(c), id, owner)
	if err != nil {
		// Refused (opened by a colleague meanwhile, an engineer suspended
		// since the page was drawn): the queue again, saying why at its top.
		refused, status, ok := s.refusal(c, err, "", "")
		if !ok {
			return err
		}
		return s.renderTriage(c, refused, status)
	}
	s.flash(c, "triage.opened")
	return c.Redirect(http.StatusSeeOther, "/projects/"+itoa(p.ID))
}

func (s *Server) triageDecline(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	reason := c.FormValue("reason")
	if err := s.svc.DeclineIdea(c.Request().Context(), currentUser(c), id, reason); err != nil {
		// Refused (a blank reason): the queue again, the message beside
		// the reason and the reason as typed.
		refused, status, ok := s.refusal(c, err, "reason-"+itoa(id), reason)
		if !ok {
			return err
		}
		return s.renderTriage(c, refused, status)
	}
	s.flash(c, "triage.declined")
	return c.Redirect(http.StatusSeeOther, "/triage")
}

func (s *Server) triagePick(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.svc.PickForTriage(c.Request().Context(), currentUser(c), id); err != nil {
		return s.backWithError(c, err, "/ideas/"+itoa(id), "") // withdrawn or hidden meanwhile: said on its page
	}
	s.flash(c, "triage.picked")
	return c.Redirect(http.StatusSeeOther, "/ideas/"+itoa(id))
}

// repliesPage is the reply-time dashboard of one challenge.
type repliesPage struct {
	Challenge domain.Challenge
	Stats     domain.ReplyStats
	// Waiting are the oldest of those still waiting (domain.WaitingShown),
	// WaitingTotal how many wait in all.
	Waiting      []domain.ReplyWait
	WaitingTotal int
	Now          time.Time
	// Reports is how quickly the engineers first answered the tester
	// reports of the challenge's projects, Projects the same per project
	// (those with reports).
	Reports  workflow.Answers
	Projects []workflow.ProjectAnswers
}

// repliesAllPage is the reply times of every channel at once
// (service.RepliesOverview).
type repliesAllPage struct {
	service.RepliesOverview
	Waiting      []domain.ReplyWait
	WaitingTotal int
	Titles       map[int64]string // each channel's title, by id
	Now          time.Time
}

// waitLine is one waiting post for the reply_wait partial, with the
// channel it was posted in ("" on a channel's own page).
type waitLine struct {
	Wait    domain.ReplyWait
	Channel string
}

func (s *Server) repliesAll(c echo.Context) error {
	o, err := s.svc.RepliesOverview(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	p := repliesAllPage{RepliesOverview: o, Titles: map[int64]string{}, Now: s.svc.Now()}
	for _, ch := range o.Channels {
		p.Titles[ch.Challenge.ID] = ch.Challenge.Title
	}
	p.Waiting, p.WaitingTotal = domain.OldestWaiting(o.Waits, domain.WaitingShown)
	return s.render(c, "replies_all", s.printer(c).T("replies44.title"), p)
}

func (s *Server) repliesShow(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	page, err := s.svc.ReplyTimesPage(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	p := repliesPage{Challenge: page.Challenge, Stats: page.Stats, Now: s.svc.Now(), Reports: page.Reports, Projects: page.Projects}
	p.Waiting, p.WaitingTotal = domain.OldestWaiting(page.Waits, domain.WaitingShown)
	return s.render(c, "replies", s.printer(c).T("replies.title"), p)
}
