package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"cocreate/app/domain"
	"cocreate/app/service"
	"cocreate/app/store"

	"github.com/labstack/echo/v4"
)

// reportInput reads a report from JSON (the API) or a form (the pages).
func reportInput(c echo.Context) (domain.ReportInput, error) {
	var in domain.ReportInput
	if isAPI(c) {
		err := decodeJSON(c, &in)
		return in, err
	}
	return domain.ReportInput{Reason: c.FormValue("reason"), Note: c.FormValue("note")}, nil
}

func (s *Server) report(c echo.Context, typ domain.ItemType) (int64, service.ReportDone, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return 0, service.ReportDone{}, err
	}
	in, err := reportInput(c)
	if err != nil {
		return 0, service.ReportDone{}, err
	}
	done, err := s.svc.Report(c.Request().Context(), currentUser(c), typ, id, in)
	return id, done, err
}

// reportFlashed is a report form's report, said on the page it returns
// to: received, received and hidden at once (the item is gone from the
// page), already made (the form is offered again, since the page does
// not read who reported what; the report stands as it was), or refused
// for the day's reports spent.
func (s *Server) reportFlashed(c echo.Context, typ domain.ItemType) (int64, service.ReportDone, error) {
	id, done, err := s.report(c, typ)
	at := "" // an idea's page is returned to at its top
	if typ == domain.ItemComment {
		at = "comment-" + itoa(id) // and a comment's, at the comment
	}
	if e := domain.AsError(err); e != nil && (e.Code == "already_reported" || e.Code == "too_many_reports") {
		// Said where the report was made, the page as it was: a day's
		// reports spent (domain.ReportsPerDay) is no page of its own.
		key := "walk34.already_reported"
		if e.Code == "too_many_reports" {
			key = "error.too_many_reports"
		}
		s.flashThere(c, key, at)
		return id, done, nil
	}
	if err != nil {
		return 0, done, err
	}
	switch {
	case done.Hidden && typ == domain.ItemIdea:
		s.flash(c, "walk39.report_hid_idea")
	case done.Hidden:
		s.flashThere(c, "walk39.report_hid_comment", at)
	default:
		s.flashThere(c, "report.received", at)
	}
	return id, done, nil
}

func (s *Server) apiReport(typ domain.ItemType) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, done, err := s.report(c, typ)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, map[string]any{"type": typ, "id": id, "received": true, "auto_hidden": done.Hidden})
	}
}

// ideaReport and commentReport are the report forms on an idea's page,
// which they return to: an idea the report hid at once is no longer there
// for its reporter, who goes back to its challenge.
func (s *Server) ideaReport(c echo.Context) error {
	id, done, err := s.reportFlashed(c, domain.ItemIdea)
	if err != nil {
		return err
	}
	if done.Hidden {
		return c.Redirect(http.StatusSeeOther, domain.ChallengeLink(done.ChallengeID))
	}
	return c.Redirect(http.StatusSeeOther, "/ideas/"+itoa(id))
}

func (s *Server) commentReport(c echo.Context) error {
	id, _, err := s.reportFlashed(c, domain.ItemComment)
	if err != nil {
		return err
	}
	ideaID, err := s.svc.CommentIdea(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, domain.CommentLink(ideaID, id))
}

// queueItemJSON is one item of GET /api/v1/moderation/queue (its schema
// in openapi.json).
type queueItemJSON struct {
	Type            domain.ItemType `json:"type"`
	ID              int64           `json:"id"`
	State           string          `json:"state"` // "hidden" or "visible"
	Reports         int             `json:"reports"`
	Reasons         map[string]int  `json:"reasons"`
	Excerpt         string          `json:"excerpt"`
	AutoHidden      bool            `json:"auto_hidden"`
	ReviewRequested bool            `json:"review_requested"`
	Finalist        bool            `json:"finalist"` // an idea on, or hidden from, the shortlist of a challenge not yet published
	IdeaID          int64           `json:"idea_id"`
	ChallengeID     int64           `json:"challenge_id"`
	Author          *domain.Author  `json:"author,omitempty"`        // left out when anonymous until results, or the reader judges it blind
	AuthorHidden    string          `json:"author_hidden,omitempty"` // why it is left out (domain.AuthorHiddenBy)
	Notes           []string        `json:"notes"`
	// Reporters are who reported it since its last decision (the first
	// store.QueueReporters): moderators see them, no one else.
	Reporters []reporterJSON `json:"reporters"`
	Decisions []decisionJSON `json:"decisions"`
	// Own: the reader wrote it; they may hide it, not restore it or
	// dismiss its reports (409 own_item_decision).
	Own bool `json:"own"`
	// GivesBack: how many votes hiding it now gives back, or for an idea
	// the reports hid, keeping it hidden (domain.HideGivesBack).
	GivesBack int `json:"gives_back"`
}

type reporterJSON struct {
	ID       int64     `json:"id"`
	Name     string    `json:"name"`
	Verified bool      `json:"verified"`
	JoinedAt time.Time `json:"joined_at"`
}

type decisionJSON struct {
	Type   domain.ItemType `json:"type"`
	ID     int64           `json:"id"`
	Action string          `json:"action"`
	Reason string          `json:"reason"`
	// By is who decided; absent when the report threshold hid the item,
	// and where it is an author the reader may not see (anonymous until
	// results: their own request for a review).
	By *domain.Author `json:"by,omitempty"`
	// ByHidden says why By is left out where it is an author hidden from
	// the reader (domain.AuthorHiddenBy).
	ByHidden string    `json:"by_hidden,omitempty"`
	At       time.Time `json:"at"`
}

func toDecisionsJSON(list []store.ModerationDecision) []decisionJSON {
	out := make([]decisionJSON, 0, len(list))
	for _, d := range list {
		j := decisionJSON{Type: d.Type, ID: d.ItemID, Action: d.Action, Reason: d.Reason, ByHidden: d.ActorHidden, At: d.CreatedAt}
		if d.Actor.ID != 0 {
			a := d.Actor
			j.By = &a
		}
		out = append(out, j)
	}
	return out
}

func itemState(hidden bool) string {
	if hidden {
		return "hidden"
	}
	return "visible"
}

func (s *Server) apiModerationQueue(c echo.Context) error {
	// The API's part is a flag (review=1: the reviews asked for; else the
	// whole queue), 400 invalid_flag naming review, as openapi.json says;
	// the page's is a part's name (queuePart).
	reviews, err := domain.ParseFlag("review", c.QueryParam("review"))
	if err != nil {
		return err
	}
	part := store.QueueAll
	if reviews {
		part = store.QueueReviews
	}
	page, err := s.svc.ModerationQueuePage(c.Request().Context(), currentUser(c), part, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	out := make([]queueItemJSON, 0, len(page.Items))
	for _, m := range page.Items {
		j := queueItemJSON{Type: m.Type, ID: m.ID, State: itemState(m.Hidden), Reports: m.Reports,
			Reasons: m.Reasons, Excerpt: m.Excerpt, AutoHidden: m.AutoHidden, ReviewRequested: m.ReviewRequested, Finalist: m.Finalist,
			IdeaID: m.IdeaID, ChallengeID: m.ChallengeID, AuthorHidden: m.AuthorHidden, Notes: nonNil(m.Notes),
			Decisions: toDecisionsJSON(m.History), Own: m.Own, GivesBack: m.GivesBack, Reporters: make([]reporterJSON, 0, len(m.Reporters))}
		for _, r := range m.Reporters {
			j.Reporters = append(j.Reporters, reporterJSON(r))
		}
		if m.Author.ID != 0 {
			a := m.Author
			j.Author = &a
		}
		out = append(out, j)
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "next_cursor": nextCursorJSON(page.Next), "waiting": page.Waiting, "waiting_more": page.More})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (s *Server) apiModerationLog(c echo.Context) error {
	list, err := s.svc.ModerationLog(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"decisions": toDecisionsJSON(list)})
}

func (s *Server) apiModerate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Action string `json:"action"`
		Reason string `json:"reason"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.svc.Moderate(c.Request().Context(), currentUser(c), c.Param("type"), id, in.Action, in.Reason); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"type": c.Param("type"), "id": id, "action": in.Action,
		"state": itemState(in.Action == string(domain.ActionHide))})
}

func (s *Server) apiReview(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Note string `json:"note"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.svc.RequestReview(c.Request().Context(), currentUser(c), c.Param("type"), id, in.Note); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"type": c.Param("type"), "id": id, "review_requested": true})
}

// formRefusal is a refused form of one row of a list page (a queue item,
// a user): the page is shown again with the message beside that row's
// input, whose id is At, and what was typed in it kept. At is "" when the
// row is no longer on the page: the message shows at the top then.
type formRefusal struct {
	At, Error, Typed string
}

// ErrorFor is the message for the input with id at, "" when it is not the
// refused one.
func (r formRefusal) ErrorFor(at string) string {
	if r.At != "" && r.At == at {
		return r.Error
	}
	return ""
}

// TypedFor is what was typed in the refused input with id at.
func (r formRefusal) TypedFor(at string) string {
	if r.At != "" && r.At == at {
		return r.Typed
	}
	return ""
}

// Lost is the message of a refusal whose row is gone from the page.
func (r formRefusal) Lost() string {
	if r.At == "" {
		return r.Error
	}
	return ""
}

// refusal turns a refused row form into its formRefusal and status; ok is
// false for what is not the person's mistake (the error page answers).
func (s *Server) refusal(c echo.Context, err error, at, typed string) (formRefusal, int, bool) {
	msg, _, ok := s.formError(c, err)
	if !ok {
		return formRefusal{}, 0, false
	}
	return formRefusal{At: at, Error: msg, Typed: typed}, statusOf[domain.AsError(err).Kind], true
}

// queueAt is where in the moderation queue a page is: the query's part
// ("reviews" or "reported": that part alone; "": the first page of each),
// read as kind (queuePart), and cursor (a later page of that part, as the
// page before's Next link gave it). The page's forms post to an address
// carrying it, and come back to it.
type queueAt struct {
	Part, Cursor string
	kind         store.QueuePart
}

// queueParts are the page's parts by their name in its query; "" is the
// first page, both parts (store.QueueAll).
var queueParts = map[string]store.QueuePart{"": store.QueueAll, "reviews": store.QueueReviews, "reported": store.QueueReported}

// queuePart reads the part of the moderation queue a page's query names
// (queueParts), refusing any other as 400 invalid_part naming part.
func queuePart(text string) (store.QueuePart, error) {
	part, ok := queueParts[text]
	if !ok {
		return store.QueueAll, domain.Invalid("part", "invalid_part", "part must be reviews or reported")
	}
	return part, nil
}

// queueAtOf reads the page's place from the request's query, refusing a
// part it does not know and a cursor this server did not give (a page's
// GET of one goes to the first page, firstPage), or one without its part.
func queueAtOf(c echo.Context) (queueAt, error) {
	at := queueAt{Part: c.QueryParam("part"), Cursor: c.QueryParam("cursor")}
	var err error
	if at.kind, err = queuePart(at.Part); err != nil {
		return queueAt{}, err
	}
	if _, err := service.ParseQueuePlace(at.kind, at.Cursor); err != nil {
		return queueAt{}, err
	}
	return at, nil
}

// query is the page's query ("" for the first page of both parts).
func (a queueAt) query() string {
	v := url.Values{}
	if a.Part != "" {
		v.Set("part", a.Part)
	}
	if a.Cursor != "" {
		v.Set("cursor", a.Cursor)
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// moderationPage is the queue and the log, for moderators on a phone.
type moderationPage struct {
	// ModerationPage is what the service gave (one call, session 56): the
	// queue (Queue: a page of each part, service.ModerationQueueSize, both
	// on the first page, one on a part's later page, and how many wait in
	// all, service.ModerationCountMost at most), the newest decisions
	// (Log) and the clubs without an organiser who can act (Orphaned,
	// session 53: a moderator names one from the club's members; the
	// first service.OrphanedShown, and how many in all).
	service.ModerationPage
	// At is the page's place in the queue.
	At      queueAt
	Reasons []domain.ReportReason
	Refused formRefusal
}

// Reviews are the items whose author asked for a review, the longest
// waiting first; Items the rest of the queue, the most reported first.
func (p moderationPage) Reviews() []store.ModerationItem { return p.Queue.Reviews.Items }
func (p moderationPage) Items() []store.ModerationItem   { return p.Queue.Reported.Items }

// ReviewsPage and ItemsPage are the parts' pages read: where the next
// starts, how many wait.
func (p moderationPage) ReviewsPage() service.QueuePage { return p.Queue.Reviews }
func (p moderationPage) ItemsPage() service.QueuePage   { return p.Queue.Reported }

// RestoreAt is where the log's decision i offers the item's restore, ""
// when it does not: on the newest decision of an item still hidden, a link
// to the restore form on the idea's page (a hidden item leaves the queue).
func (p moderationPage) RestoreAt(i int) string {
	d := p.Log[i]
	if !d.StillHidden || d.IdeaID == 0 {
		return ""
	}
	for _, e := range p.Log[:i] {
		if e.Type == d.Type && e.ItemID == d.ItemID {
			return ""
		}
	}
	page := "/ideas/" + itoa(d.IdeaID)
	if d.Type == domain.ItemComment {
		page += "?comment=" + itoa(d.ItemID) // the comments page that holds it
	}
	return page + "#restore-" + string(d.Type) + "-" + itoa(d.ItemID)
}

// ModWaiting is the menu's badge of the queue, read off the page's total
// (service.ModerationQueues.Badge): render counts the queue no more.
func (p moderationPage) ModWaiting() int { return p.Queue.Badge() }

// The moderation page gives render its badge: a build fails if it stops.
var _ modWaiter = moderationPage{}

// Query is the page's query, carried by its forms' addresses so that a
// decision comes back to this page.
func (p moderationPage) Query() string { return p.At.query() }

// Paged says the page is a part's alone (a later page, or the part's
// first): it links back to the queue's first page.
func (p moderationPage) Paged() bool { return p.At.Part != "" }

// ReviewsNext and ItemsNext are the links to their part's next page (""
// on its last).
func (p moderationPage) ReviewsNext() string { return queueNext("reviews", p.Queue.Reviews.Next) }
func (p moderationPage) ItemsNext() string   { return queueNext("reported", p.Queue.Reported.Next) }

func queueNext(part, next string) string {
	if next == "" {
		return ""
	}
	return "/moderation" + queueAt{Part: part, Cursor: next}.query()
}

// WaitingText is how many items wait in all, as the page says it: "1000+"
// past the count's cap.
func (p moderationPage) WaitingText() string { return waitingText(p.Queue.Waiting, p.Queue.More) }

// ItemsWaiting is how many reported items wait, as their heading says it.
func (p moderationPage) ItemsWaiting() string {
	return waitingText(p.Queue.Reported.Waiting, p.Queue.Reported.More)
}

func waitingText(n int, more bool) string {
	if more {
		return itoa(int64(n)) + "+"
	}
	return itoa(int64(n))
}

func (s *Server) moderationShow(c echo.Context) error {
	return s.renderModeration(c, formRefusal{}, http.StatusOK)
}

// renderModeration shows the queue, with a refused decision in place.
func (s *Server) renderModeration(c echo.Context, refused formRefusal, status int) error {
	ctx, u := c.Request().Context(), currentUser(c)
	at, err := queueAtOf(c)
	if err != nil {
		return err
	}
	mp, err := s.svc.ModerationPage(ctx, u, at.kind, at.Cursor)
	if err != nil {
		return err
	}
	page := moderationPage{ModerationPage: mp, At: at, Reasons: domain.ReportReasons, Refused: refused}
	queued := func(m store.ModerationItem) bool { return modReasonID(m.Type, m.ID) == refused.At }
	if refused.At != "" && !slices.ContainsFunc(page.Items(), queued) && !slices.ContainsFunc(page.Reviews(), queued) {
		page.Refused.At = "" // decided meanwhile: the message goes to the top
	}
	return s.renderStatus(c, status, "moderation", withTitle{s.printer(c).T("moderation.title"), page})
}

// modReasonID is the id of a queue item's reason input.
func modReasonID(typ domain.ItemType, id int64) string {
	return "reason-" + string(typ) + "-" + itoa(id)
}

func (s *Server) moderationSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	reason := c.FormValue("reason")
	fromIdea := c.FormValue("from") == "idea"
	// The queue's page the form was on, which it comes back to: read
	// before the decision, so that a place this server did not give
	// changes nothing.
	at := queueAt{}
	if !fromIdea {
		if at, err = queueAtOf(c); err != nil {
			return err
		}
	}
	if err := s.svc.Moderate(c.Request().Context(), currentUser(c), c.Param("type"), id, c.FormValue("action"), reason); err != nil {
		// Refused (a blank reason): the queue again, the message beside
		// the reason and the reason as typed, not a page with no way back.
		refused, status, ok := s.refusal(c, err, modReasonID(domain.ItemType(c.Param("type")), id), reason)
		if !ok {
			return err
		}
		if fromIdea {
			if ideaID, ierr := s.itemIdea(c, id); ierr == nil {
				if domain.AsError(err).Field == "" {
					// Not the reason's fault (restored meanwhile, 409
					// not_hidden): the form is gone from the page, the
					// message goes to its top.
					s.flashRefusalTop(c, refused.Error)
					return c.Redirect(http.StatusSeeOther, s.itemPath(c, ideaID, id))
				}
				return s.renderIdeaRefused(c, status, ideaID, s.restoreAfter(c, id), refused)
			}
		}
		return s.renderModeration(c, refused, status)
	}
	if fromIdea {
		// Decided on the idea's page (a hidden idea's or comment's
		// restore): back to it, the words at the comment.
		if ideaID, err := s.itemIdea(c, id); err == nil {
			at := "" // an idea's restore: at the page's top
			if c.Param("type") == string(domain.ItemComment) {
				at = "comment-" + itoa(id) // itemPath's anchor
			}
			s.flashThere(c, "moderation.done", at)
			return c.Redirect(http.StatusSeeOther, s.itemPath(c, ideaID, id))
		}
	}
	s.flash(c, "moderation.done")
	return c.Redirect(http.StatusSeeOther, "/moderation"+at.query())
}

// itemPath is the place of the item decided on, on its idea's page: a
// comment on the comments page its restore was posted from.
func (s *Server) itemPath(c echo.Context, ideaID, id int64) string {
	if c.Param("type") == string(domain.ItemComment) {
		page := "/ideas/" + itoa(ideaID)
		if after := s.restoreAfter(c, id); after > 0 {
			page += "?comments_after=" + itoa(after)
		}
		return page + "#comment-" + itoa(id)
	}
	return "/ideas/" + itoa(ideaID)
}

// restoreAfter is the comments page (its comments_after cursor) a
// restore on the idea page was posted from, so that the answer shows the
// same page, the comment on it; 0 for an idea's restore (and the first
// comments page).
func (s *Server) restoreAfter(c echo.Context, id int64) int64 {
	if c.Param("type") != string(domain.ItemComment) {
		return 0
	}
	return commentsPageOf(c.FormValue("comments_after"), id)
}

// commentsPageOf is the comments cursor posted with a form about comment
// id (untrusted): itself when the comment can be on that page (a cursor
// before it), else the page that starts at the comment.
func commentsPageOf(posted string, id int64) int64 {
	after, err := strconv.ParseInt(posted, 10, 64)
	if err != nil || after < 0 || after >= id {
		return max(id-1, 0)
	}
	return after
}

// itemIdea is the idea of the item decided on: the idea itself, or the
// comment's.
func (s *Server) itemIdea(c echo.Context, id int64) (int64, error) {
	if c.Param("type") == string(domain.ItemComment) {
		return s.svc.CommentIdea(c.Request().Context(), id)
	}
	return id, nil
}

func (s *Server) reviewSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	typ := c.Param("type")
	next, at := "/notifications", ""
	if typ == string(domain.ItemIdea) {
		next = "/ideas/" + itoa(id)
	} else if ideaID, err := s.svc.CommentIdea(c.Request().Context(), id); err == nil {
		next = domain.CommentLink(ideaID, id)
	}
	if err := s.svc.RequestReview(c.Request().Context(), currentUser(c), typ, id, c.FormValue("note")); err != nil {
		// Asked already (another tab), or no longer hidden: back to it,
		// saying so, at the comment's note for a comment.
		if typ == string(domain.ItemComment) {
			next, _, _ = strings.Cut(next, "#")
			at = "comment-" + itoa(id)
		}
		return s.backWithError(c, err, next, at)
	}
	s.flash(c, "moderation.review_sent")
	return c.Redirect(http.StatusSeeOther, next)
}

// hiddenNote is what the page says about a hidden idea or comment.
type hiddenNote struct {
	Type string
	ID   int64
	Why  string // the moderator's reason; "" when reports hid it
	Mine bool   // the viewer wrote it: they may ask for a review
	// Asked: its author's request for a review waits for the moderators
	// (said instead of the form, which would be refused).
	Asked bool
	// Spent: its author has had their one review, and it was kept hidden
	// (said instead of the form, which would be refused).
	Spent bool
}

// Hidden builds the note on a hidden item of the page.
func (v ideaView) Hidden(typ string, id, authorID int64) hiddenNote {
	key := typ
	if typ == string(domain.ItemComment) {
		key = "comment-" + itoa(id)
	}
	return hiddenNote{Type: typ, ID: id, Why: v.HiddenWhy[key], Mine: v.viewer != nil && v.viewer.ID == authorID, Asked: v.ReviewAsked[key], Spent: v.ReviewSpent[key]}
}

// modRestore is the restore form on a hidden idea or comment of the idea
// page, for moderators and admins: the queue's decision (POST
// /moderation/:type/:id, action restore, a reason), answered back on the
// page. Refused is the refused decision, if it was this one.
type modRestore struct {
	Type, RID string
	ID        int64
	Refused   formRefusal
	// After is the comments page the form is on (comments_after), sent
	// with a comment's restore so the answer comes back to it.
	After int64
}

// Restore is the restore form of a hidden item of the page.
func (v ideaView) Restore(typ string, id int64) modRestore {
	return modRestore{Type: typ, ID: id, RID: modReasonID(domain.ItemType(typ), id), Refused: v.RestoreRefused, After: v.commentsAfter}
}

// HideForm is the hide form of a shown item of the page.
func (v ideaView) HideForm(typ string, id int64) modRestore {
	return v.Restore(typ, id)
}

// MayHide says whether the reader may hide an item of the page at once,
// with a reason, as from the queue: moderators and admins, on a shown
// item (their own too: domain.DecidesOwn lets them hide it). They are
// offered this in place of the fans' report, which would only queue it.
func (v ideaView) MayHide(hidden bool) bool {
	return !hidden && v.viewer.CanModerate()
}

// MayRestore says whether the reader decides on a hidden item by authorID
// (moderators and admins, not on their own: domain.DecidesOwn): the
// restore form shows on a hidden idea and comment.
func (v ideaView) MayRestore(authorID int64) bool {
	return v.viewer.CanModerate() && !domain.DecidesOwn(v.viewer, authorID)
}

// CanReport says whether the report button shows on an item by authorID:
// for signed-in people other than its author, while it is shown.
func (v ideaView) CanReport(authorID int64, hidden bool) bool {
	return !hidden && domain.CanReport(v.viewer, authorID) == nil
}
