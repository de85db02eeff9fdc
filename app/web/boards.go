package web

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"

	"cocreate/app/domain"
	"cocreate/app/service"

	"github.com/labstack/echo/v4"
)

// Boards and the roadmap (issue 17): a board is a challenge that is always
// open; its posts carry a public status and an official response, and the
// roadmap gathers what is planned, in progress and done on every board.

// apiSetStatus is PUT /api/v1/ideas/{id}/status {"status", "response"}.
func (s *Server) apiSetStatus(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Status   *string `json:"status"`
		Response *string `json:"response"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Status == nil {
		return domain.Invalid("status", "required", "status is required")
	}
	idea, err := s.svc.SetStatus(c.Request().Context(), currentUser(c), id,
		domain.StatusChange{Status: domain.Status(*in.Status), Response: in.Response})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toIdeaJSON(s.md, idea))
}

// roadmapCursors reads where each roadmap column's page starts: the
// query's <status>_cursor (planned_cursor, in_progress_cursor,
// done_cursor), as the roadmap's next_cursors gave it; none is a column's
// newest page. A cursor this server did not give is refused naming it.
func roadmapCursors(c echo.Context) (map[domain.Status]*domain.Cursor, error) {
	out := map[domain.Status]*domain.Cursor{}
	for _, st := range domain.RoadmapStatuses {
		field := string(st) + "_cursor"
		cur, err := domain.ParseCursor(c.QueryParam(field))
		// A cursor is a time in milliseconds and a post.
		if err != nil || cur != nil && (cur.Key != math.Trunc(cur.Key) || cur.Key < 0 || cur.Key > 1<<53 || cur.ID <= 0) {
			return nil, domain.Invalid(field, "invalid_cursor", field+" is not a cursor this server gave")
		}
		out[st] = cur
	}
	return out, nil
}

// apiRoadmap is GET /api/v1/roadmap: a page of each column, with where
// each column's next page starts (next_cursors, a column's null at its
// end), asked for by <status>_cursor, and how many posts each whole
// column holds for this reader (totals).
func (s *Server) apiRoadmap(c echo.Context) error {
	from, err := roadmapCursors(c)
	if err != nil {
		return err
	}
	r, err := s.svc.Roadmap(c.Request().Context(), currentUser(c), from)
	if err != nil {
		return err
	}
	if err := s.roadmapTotals(c.Request().Context(), currentUser(c), &r); err != nil {
		return err
	}
	out := map[string]any{}
	next := map[string]*string{}
	totals := map[string]int{}
	for _, st := range domain.RoadmapStatuses {
		totals[string(st)] = r.Totals[st]
		col := make([]ideaJSON, 0, len(r.Columns[st]))
		for _, idea := range r.Columns[st] {
			col = append(col, toIdeaJSON(s.md, idea))
		}
		out[string(st)] = col
		next[string(st)] = nil
		if cur := r.Next[st]; cur != nil {
			v := cur.Encode()
			next[string(st)] = &v
		}
	}
	out["next_cursors"] = next
	out["totals"] = totals
	return c.JSON(http.StatusOK, out)
}

// boardView is a board's page.
type boardView struct {
	service.BoardPage
	Sort      domain.Sort
	Next      string
	CanSubmit bool
	Submit    submitState // what the page says by the post button
	CanVote   bool
	Statuses  []domain.Status
}

// Query is the page's address with a filter and an order (each a
// domain.Status or domain.Sort, or a string from the template), for links.
func (v boardView) Query(status, sort any) string {
	q := "?sort=" + url.QueryEscape(fmt.Sprint(sort))
	if st := fmt.Sprint(status); st != "" {
		q += "&status=" + url.QueryEscape(st)
	}
	return q
}

// boardShow is a board's page: its posts by status, sorted as a
// challenge's ideas are.
func (s *Server) boardShow(c echo.Context, id int64, sort domain.Sort, after *domain.Cursor) error {
	status, err := domain.ParseStatusFilter(c.QueryParam("status"))
	if err != nil {
		return err
	}
	u := currentUser(c)
	bp, err := s.svc.BoardPage(c.Request().Context(), u, id, status, sort, after, 20)
	if err != nil {
		return err
	}
	now := s.svc.Now()
	submit := domain.CanSubmit(asPerson(u), bp.Challenge, now, 0)
	v := boardView{BoardPage: bp, Sort: sort, Statuses: domain.Statuses, CanSubmit: submit == nil,
		Submit: submitButton(s.printer(c), submit, bp.Challenge, now), CanVote: bp.Challenge.VotingOpen(now)}
	if bp.Ideas.Next != nil {
		v.Next = bp.Ideas.Next.Encode()
	}
	return s.render(c, "board", bp.Challenge.Title, v)
}

// ideaStatus is the status form on a board post's page.
func (s *Server) ideaStatus(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, u := c.Request().Context(), currentUser(c)
	response := c.FormValue("response")
	idea, err := s.svc.SetStatus(ctx, u, id, domain.StatusChange{Status: domain.Status(c.FormValue("status")), Response: &response})
	if err != nil {
		msg, field, ok := s.formError(c, err)
		if !ok {
			return err
		}
		p, perr := s.svc.IdeaPage(ctx, u, id)
		if perr != nil {
			return perr
		}
		v := ideaView{IdeaPage: p, Now: s.svc.Now(), viewer: u, printer: s.printer(c), path: domain.IdeaLink(id),
			StatusForm: statusForm{Status: domain.Status(c.FormValue("status")), Response: response, Error: msg, Field: cmp.Or(field, "status")}}
		return s.renderStatus(c, statusOf[domain.AsError(err).Kind], "idea", withTitle{p.Idea.Title, v})
	}
	return s.backTo(c, ideaURL(idea), "post-status", "board.status_saved")
}

// statusForm is what the status form shows again after a refusal.
type statusForm struct {
	Status   domain.Status
	Response string
	Error    string
	Field    string
}

// roadmapView is the public roadmap page.
type roadmapView struct {
	service.Roadmap
	Order []domain.Status
	Items map[int64]template.HTML // each post's item (roadmapHTML)
}

// Board names the board a post is on.
func (v roadmapView) Board(idea domain.Idea) domain.Challenge { return v.Boards[idea.ChallengeID] }

// query is the roadmap's address with each column where this page has it,
// but column st from cur (nil: its newest), at st's column.
func (v roadmapView) query(st domain.Status, cur *domain.Cursor) string {
	q := url.Values{}
	for _, o := range domain.RoadmapStatuses {
		from := v.From[o]
		if o == st {
			from = cur
		}
		if from != nil {
			q.Set(string(o)+"_cursor", from.Encode())
		}
	}
	out := "/roadmap"
	if len(q) > 0 {
		out += "?" + q.Encode()
	}
	return out + "#col-" + string(st)
}

// More is the link to column st's next page ("" at its end), the other
// columns staying where they are.
func (v roadmapView) More(st domain.Status) string {
	if v.Next[st] == nil {
		return ""
	}
	return v.query(st, v.Next[st])
}

// Newest is the link back to column st's newest page ("" on it).
func (v roadmapView) Newest(st domain.Status) string {
	if v.From[st] == nil {
		return ""
	}
	return v.query(st, nil)
}

func (s *Server) roadmapShow(c echo.Context) error {
	from, err := roadmapCursors(c)
	if err != nil {
		return err
	}
	r, err := s.svc.Roadmap(c.Request().Context(), currentUser(c), from)
	if err != nil {
		return err
	}
	if err := s.roadmapTotals(c.Request().Context(), currentUser(c), &r); err != nil {
		return err
	}
	v := roadmapView{Roadmap: r, Order: domain.RoadmapStatuses}
	if v.Items, err = s.roadmapHTML(s.lang(c), v); err != nil {
		return err
	}
	return s.render(c, "roadmap", s.printer(c).T("roadmap.title"), v)
}

// roadmapFeed is the roadmap as an Atom feed: every post on it, most
// recently moved first, titled with its status, with the official response.
func (s *Server) roadmapFeed(c echo.Context) error {
	r, err := s.svc.Roadmap(c.Request().Context(), currentUser(c), nil) // each column's newest page
	if err != nil {
		return err
	}
	b, p := s.base(c), s.feedPrinter(c)
	f := atomFeed{ID: b + "/roadmap", Title: p.T("roadmap.title"), Updated: atomTime(s.svc.Now()),
		Link: []atomLink{{Href: b + "/roadmap"}, s.feedSelf(c, b, "/roadmap/feed.atom")}}
	var items []domain.Idea
	for _, st := range domain.RoadmapStatuses {
		items = append(items, r.Columns[st]...)
	}
	for _, idea := range items {
		at := idea.UpdatedAt
		if idea.StatusAt != nil {
			at = *idea.StatusAt
		}
		body := "<p>" + p.N("roadmap.votes", max(idea.Votes, 0)) + "</p>" + string(s.md.Render(idea.Response))
		f.Entries = append(f.Entries, atomEntry{
			ID: b + "/ideas/" + itoa(idea.ID) + "#status-" + string(idea.Status), Title: p.T(domain.StatusKey(idea.Status)) + ": " + idea.Title,
			Updated: atomTime(at), Author: atomAuthor{cmp.Or(r.Boards[idea.ChallengeID].Title, "—")},
			Link: atomLink{Href: b + ideaURL(idea)}, Content: atomContent{Type: "html", Body: body},
		})
	}
	f.finish()
	return writeFeed(c, f)
}

// Share is the board's card, as a challenge's.
func (v boardView) Share() Share { return challengePage{Challenge: v.Challenge}.Share() }
