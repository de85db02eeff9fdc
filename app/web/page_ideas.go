package web

import (
	"cmp"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"cocreate/app/domain"
	"cocreate/app/i18n"
	"cocreate/app/service"

	"github.com/labstack/echo/v4"
)

func (s *Server) ideaShow(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var after int64
	if v := c.QueryParam("comments_after"); v != "" {
		if after, err = strconv.ParseInt(v, 10, 64); err != nil || after < 0 {
			return domain.NotFound("page")
		}
	}
	// ?comment=M is a comment's own address (domain.CommentLink): the
	// comments page that holds it; the first page when the reader may not
	// see it.
	if v := c.QueryParam("comment"); v != "" {
		cm, err := strconv.ParseInt(v, 10, 64)
		if err != nil || cm < 0 {
			return domain.NotFound("page")
		}
		if after, err = s.svc.CommentsPageOf(c.Request().Context(), currentUser(c), id, cm, service.IdeaPageComments); err != nil {
			return err
		}
	}
	return s.renderIdea(c, http.StatusOK, id, after, commentForm{})
}

// commentForm is a refused comment, shown again at its field.
type commentForm struct {
	Body, Error string
}

func (s *Server) renderIdea(c echo.Context, status int, id, after int64, cf commentForm) error {
	return s.renderIdeaWith(c, status, id, after, cf, formRefusal{})
}

// renderIdeaRefused shows the idea page again, at the comments page after
// (the one the form was on), with a refused restore (a moderator's
// decision on a hidden item of the page) beside its form.
func (s *Server) renderIdeaRefused(c echo.Context, status int, id, after int64, refused formRefusal) error {
	return s.renderIdeaWith(c, status, id, after, commentForm{}, refused)
}

func (s *Server) renderIdeaWith(c echo.Context, status int, id, after int64, cf commentForm, restore formRefusal) error {
	p, err := s.svc.IdeaPageFrom(c.Request().Context(), currentUser(c), id, after)
	if err != nil {
		return err
	}
	return s.renderIdeaView(c, status, ideaView{IdeaPage: p, Now: s.svc.Now(), viewer: currentUser(c), printer: s.printer(c), Comment: cf, RestoreRefused: restore, commentsAfter: after})
}

// renderIdeaView shows the idea page of v, at the comments page after
// v.commentsAfter.
func (s *Server) renderIdeaView(c echo.Context, status int, v ideaView) error {
	p, after := v.IdeaPage, v.commentsAfter
	if c.Request().Method != http.MethodGet {
		v.path = domain.IdeaLink(p.Idea.ID)
		if after > 0 {
			v.path += "?comments_after=" + strconv.FormatInt(after, 10)
		}
	}
	return s.renderStatus(c, status, "idea", withTitle{p.Idea.Title, v})
}

// ideaView adds to the idea's data what the page decides to show.
type ideaView struct {
	service.IdeaPage
	Now     time.Time
	viewer  *domain.User
	printer i18n.Printer
	// Intent is the "I'd buy it" form sent back with IntentError at
	// IntentField (nil: the form shows the saved intent).
	Intent                   *domain.IntentInput
	IntentError, IntentField string
	Comment                  commentForm
	// Edit is a refused edit of one of the page's comments, shown again
	// in its open form (page_comment_change.go).
	Edit commentEdit
	// RestoreRefused is a refused restore of a hidden item of the page.
	RestoreRefused formRefusal
	// commentsAfter is the page's comments cursor (comments_after), 0 on
	// the first comments page.
	commentsAfter int64
	path          string // set when shown in answer to a post
	// StatusForm is the board status form shown again after a refusal.
	StatusForm statusForm
}

// CommentsClosed is why the reader gets no comment form, as a message
// key: the refusal of domain.CanComment, or for a visitor of
// domain.TakesComments (signing in is offered only where it would help);
// "" when there is none. The only other refusal a reader of the page can
// meet is a hidden idea's.
func (v ideaView) CommentsClosed() string {
	err := domain.TakesComments(v.Idea)
	if v.viewer != nil {
		err = domain.CanComment(v.viewer, v.Idea)
	}
	switch e := domain.AsError(err); {
	case e == nil:
		return ""
	case e.Code == "idea_closed":
		return "error.idea_closed"
	}
	return "modfix31.comments_closed_hidden"
}

// CanSetStatus says whether u may answer this post with a status: staff,
// on a board (domain.CanSetStatus).
func (v ideaView) CanSetStatus(u *domain.User) bool {
	_, err := domain.CanSetStatus(u, v.Challenge, v.Idea, domain.StatusChange{Status: domain.StatusOpen})
	return err == nil
}

// Statuses are the statuses the form offers.
func (v ideaView) Statuses() []domain.Status { return domain.Statuses }

// FormStatus is the status the form starts on: the one refused, else the post's.
func (v ideaView) FormStatus() domain.Status { return cmp.Or(v.StatusForm.Status, v.Idea.Status) }

// FormResponse is the response the form starts with.
func (v ideaView) FormResponse() string {
	if v.StatusForm.Error != "" {
		return v.StatusForm.Response
	}
	return v.Idea.Response
}

func (v ideaView) PagePath() string { return v.path }

// CanEdit and the others ask the domain's rules, so a button shows exactly
// when the request behind it would be allowed.
func (v ideaView) CanEdit(u *domain.User) bool {
	return domain.CanEdit(u, v.Idea, v.Challenge, v.Now) == nil
}

func (v ideaView) CanVote() bool {
	// -1: whether the budget allows one more is for the vote itself to say.
	// A visitor is asked about as the fan they would be once signed in.
	return domain.CanVote(asPerson(v.viewer), v.Idea, v.Challenge, v.Now, -1) == nil
}

// VoteWhy says why the vote button, or the stars, are off, "" when they
// are on. A pairwise challenge's idea page offers no act to explain (its
// challenge page says why comparing is closed).
func (v ideaView) VoteWhy() string {
	var err error
	switch v.Challenge.Method() {
	case domain.MethodSupport:
		err = domain.CanVote(asPerson(v.viewer), v.Idea, v.Challenge, v.Now, -1)
	case domain.MethodStars:
		err = domain.CanRate(asPerson(v.viewer), v.Idea, v.Challenge, v.Now)
	default:
		return ""
	}
	return whyNot(v.printer, err, v.Challenge, v.Now)
}

// Card is the idea with the viewer's vote or stars, for the act its
// challenge's voting method offers.
func (v ideaView) Card() cardView {
	open := v.CanVote()
	if v.Challenge.Method() == domain.MethodStars {
		open = allowedOrSignIn(domain.CanRate(v.viewer, v.Idea, v.Challenge, v.Now))
	}
	return cardView{Idea: v.Idea, Voted: v.Voted, Open: open, Method: v.Challenge.Method(), Mine: v.MyStars}
}

func (v ideaView) CanHide(u *domain.User) bool {
	return domain.CanSetState(u, v.Idea, v.Challenge, domain.StateHidden, v.Now) == nil
}

// VotesLeft is the voter's remaining budget, or -1 when there is none.
func (v ideaView) VotesLeft() int {
	if v.Challenge.VoteBudget == 0 {
		return -1
	}
	return max(v.Challenge.VoteBudget-v.VotesUsed, 0)
}

// ideaForm is the submit/edit form.
type ideaForm struct {
	Challenge domain.Challenge
	Idea      domain.Idea
	TagsText  string
	New       bool
	Error     string
	Field     string
	Refused   string // why this person cannot submit here: no form then
	// Confirm is a refusal until the person's email is confirmed: the
	// alert links to where that is done, and the form stays.
	Confirm bool
	// Closed: the idea came to be closed to edits while its author wrote
	// (submissions closed, hidden): the text stays to copy, with no save
	// button that could only be refused again, and a way back to the idea.
	Closed bool
	// FieldName is the refused field in the person's words; PhotosLost
	// counts the photos of a refused form, which a browser cannot be made
	// to keep in its file field: the person is told to choose them again.
	FieldName  string
	PhotosLost int
	// Removing are the photos a refused edit was taking off (their boxes
	// stay ticked).
	Removing []string
}

// Removes says whether the form was taking photo file off.
func (f ideaForm) Removes(file string) bool { return slices.Contains(f.Removing, file) }

// ideaFields names the idea form's fields in words, for its alert.
var ideaFields = map[string]string{"title": "field.title", "summary": "field.summary", "body": "field.body", "tags": "field.tags", "images": "field.images", "remove_images": "field.images"}

// fieldName is a refused field (images[2] is images) in the person's words.
func fieldName(p interface{ T(string, ...any) string }, names map[string]string, field string) string {
	base, _, _ := strings.Cut(field, "[")
	base, _, _ = strings.Cut(base, ".")
	if key, ok := names[base]; ok {
		return p.T(key)
	}
	return ""
}

func (s *Server) ideaNew(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ch, refused, err := s.svc.MaySubmit(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	// Say no at once, before anyone fills the form in.
	if e := domain.AsError(refused); e != nil {
		return s.renderStatus(c, statusOf[e.Kind], "idea_form", withTitle{s.printer(c).T(submitKey(ch)),
			ideaForm{Challenge: ch, New: true, Refused: whyNot(s.printer(c), refused, ch, s.svc.Now())}})
	}
	return s.render(c, "idea_form", s.printer(c).T(submitKey(ch)), ideaForm{Challenge: ch, New: true})
}

// submitKey names the form that adds to challenge ch: a design poll's
// organiser adds a candidate, anyone else's call takes an idea.
func submitKey(ch domain.Challenge) string {
	if ch.Kind == domain.DesignPoll {
		return "idea.add_candidate"
	}
	return "idea.submit"
}

// ideaInput reads the form into the same input the API takes.
func ideaInput(c echo.Context) (domain.IdeaInput, string) {
	title, summary, body, tagsText := c.FormValue("title"), c.FormValue("summary"), c.FormValue("body"), c.FormValue("tags")
	tags := domain.SplitTags(tagsText)
	return domain.IdeaInput{Title: &title, Summary: &summary, Body: &body, Tags: &tags}, tagsText
}

// uploadMemory is how much of a form's files is held in memory; the rest
// waits on disk until its turn to be decoded, so that many large uploads at
// once do not fill the server's memory.
const uploadMemory = 1 << 20

// uploads opens the chosen image files, without reading them: the image
// check reads each when its turn comes, and refuses an oversized one by
// name. done closes them.
func uploads(c echo.Context) (out []service.Upload, done func(), err error) {
	var files []io.Closer
	done = func() {
		for _, f := range files {
			f.Close()
		}
	}
	_ = c.Request().ParseMultipartForm(uploadMemory) // MultipartForm reports the failure
	form, ferr := c.MultipartForm()
	if ferr != nil {
		return nil, done, nil // a form without files
	}
	for _, fh := range form.File["images"] {
		if fh.Size == 0 {
			continue
		}
		f, err := fh.Open()
		if err != nil {
			done()
			return nil, func() {}, err
		}
		files = append(files, f)
		out = append(out, service.Upload{Name: fh.Filename, File: f, Size: fh.Size})
	}
	return out, done, nil
}

func (s *Server) ideaCreate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	u := currentUser(c)
	_ = c.Request().ParseMultipartForm(uploadMemory) // before any FormValue; a bad form shows as missing fields
	in, tagsText := ideaInput(c)
	files, done, err := uploads(c)
	if err != nil {
		return err
	}
	idea, err := s.svc.SubmitIdea(ctx, u, id, in, files)
	done()
	if err != nil {
		msg, field, ok := s.formError(c, err)
		// A challenge that came to take confirmed accounts only while the
		// fan wrote keeps what they wrote: they confirm their email (the
		// link beside the reason) and send the same form again.
		confirm := domain.AwaitsConfirmation(err)
		if !ok {
			return err
		}
		ch, cerr := s.svc.Challenge(ctx, u, id)
		if cerr != nil {
			return cerr
		}
		draft := domain.Idea{}
		in.Apply(&draft)
		return s.renderStatus(c, statusOf[domain.AsError(err).Kind], "idea_form", withTitle{s.printer(c).T(submitKey(ch)),
			ideaForm{Challenge: ch, Idea: draft, TagsText: tagsText, New: true, Error: msg, Field: field, Confirm: confirm,
				FieldName: fieldName(s.printer(c), ideaFields, field), PhotosLost: len(files)}})
	}
	if ch, err := s.svc.Challenge(ctx, u, id); err == nil {
		s.flash(c, domain.ActKey("idea.submitted", ch)) // "share so friends can rate it", by its method
	} else {
		s.flash(c, "idea.submitted")
	}
	return c.Redirect(http.StatusSeeOther, ideaURL(idea))
}

func (s *Server) ideaEdit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	p, err := s.svc.IdeaPage(ctx, currentUser(c), id)
	if err != nil {
		return err
	}
	if err := domain.CanEdit(currentUser(c), p.Idea, p.Challenge, s.svc.Now()); err != nil {
		return err
	}
	return s.render(c, "idea_form", p.Idea.Title, ideaForm{Challenge: p.Challenge, Idea: p.Idea, TagsText: joinTags(p.Idea.Tags)})
}

func joinTags(tags []string) string { return strings.Join(tags, ", ") }

func (s *Server) ideaUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	u := currentUser(c)
	_ = c.Request().ParseMultipartForm(uploadMemory) // before any FormValue; a bad form shows as missing fields
	in, tagsText := ideaInput(c)
	files, done, err := uploads(c)
	if err != nil {
		return err
	}
	remove := c.Request().PostForm["remove_images"]
	idea, err := s.svc.EditIdea(ctx, u, id, service.IdeaPatch{IdeaInput: in, RemoveImages: remove, Images: files})
	done()
	if err != nil {
		// Bad input, or the idea came to be closed to edits while its
		// author wrote (submissions closed, a moderator hid it): the form
		// again, with what they wrote and why, so nothing typed is lost.
		msg, field, ok := s.formError(c, err)
		if !ok {
			return err
		}
		p, perr := s.svc.IdeaPage(ctx, u, id)
		if perr != nil {
			return perr
		}
		// Closed is the edit rule's own answer, as the edit form's is: a
		// photo refused (too large, the photo queue busy) leaves the idea
		// open to edits and the form to send again.
		closed := domain.CanEdit(u, p.Idea, p.Challenge, s.svc.Now()) != nil
		in.Apply(&p.Idea)
		f := ideaForm{Challenge: p.Challenge, Idea: p.Idea, TagsText: tagsText, Error: msg, Field: field, Removing: remove,
			FieldName: fieldName(s.printer(c), ideaFields, field), PhotosLost: len(files)}
		if closed {
			f.Closed, f.PhotosLost = true, 0
		}
		return s.renderStatus(c, statusOf[domain.AsError(err).Kind], "idea_form", withTitle{p.Idea.Title, f})
	}
	s.flash(c, "idea.saved")
	return c.Redirect(http.StatusSeeOther, ideaURL(idea))
}

func (s *Server) ideaState(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	st := domain.State(c.FormValue("state"))
	idea, err := s.svc.EditIdea(c.Request().Context(), currentUser(c), id, service.IdeaPatch{State: &st, Reason: c.FormValue("reason")})
	if err != nil {
		return err
	}
	if idea.State == domain.StateWithdrawn {
		s.flash(c, "walk34.withdrawn") // says where it went
	} else {
		s.flash(c, "idea.state_changed")
	}
	return c.Redirect(http.StatusSeeOther, ideaURL(idea))
}

// ideaVote is the no-JavaScript path: a plain form post, then back to the
// page it came from. With JavaScript, app.js calls the API instead.
func (s *Server) ideaVote(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	next := safeNext(c.FormValue("next"))
	if _, err := s.setVote(c, id, c.FormValue("vote") != "0"); err != nil {
		// Over the budget, voting closed: back to the page, said at the button.
		return s.backWithError(c, err, next, "vote-"+itoa(id))
	}
	return c.Redirect(http.StatusSeeOther, next)
}

func (s *Server) commentCreate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	body := c.FormValue("body")
	cm, err := s.svc.Comment(c.Request().Context(), currentUser(c), id, body)
	if err != nil {
		// A comment of only spaces, or too long, or on an idea closed to
		// comments while the fan wrote (withdrawn, merged): the idea's page
		// again, with the text and the message at the comment box.
		if msg, _, ok := s.formError(c, err); ok {
			return s.renderIdea(c, statusOf[domain.AsError(err).Kind], id, 0, commentForm{Body: body, Error: msg})
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, domain.CommentLink(id, cm.ID))
}

// ideaFollow is the follow button's form post.
func (s *Server) ideaFollow(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.svc.Follow(c.Request().Context(), currentUser(c), id, c.FormValue("follow") != "0"); err != nil {
		return err
	}
	if next := c.FormValue("next"); next != "" { // the project page's button
		return c.Redirect(http.StatusSeeOther, safeNext(next))
	}
	return c.Redirect(http.StatusSeeOther, "/ideas/"+itoa(id))
}
