package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"cocreate/app/domain"
	"cocreate/app/markdown"
	"cocreate/app/service"

	"github.com/labstack/echo/v4"
)

func (s *Server) apiIdeaCreate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in domain.IdeaInput
	var files []service.Upload
	if isMultipart(c) {
		// An app's idea with its photos: the page form's fields (title,
		// summary, body, tags separated by commas) and its files, images.
		var done func()
		if files, done, err = apiUploads(c); err != nil {
			return err
		}
		defer done()
		in, _ = ideaInput(c)
	} else {
		capJSON(c)
		if err := decodeJSON(c, &in); err != nil {
			return err
		}
	}
	if in.Title == nil {
		return domain.Invalid("title", "required", "title is required")
	}
	idea, err := s.svc.SubmitIdea(c.Request().Context(), currentUser(c), id, in, files)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toIdeaJSON(s.md, idea))
}

// apiUploads reads an app's multipart form and opens its images, as the
// page form's are (uploads): a form that cannot be read is a 400, one past
// the route's body limit a 413.
func apiUploads(c echo.Context) ([]service.Upload, func(), error) {
	if err := c.Request().ParseMultipartForm(uploadMemory); err != nil {
		var he *echo.HTTPError
		if errors.As(err, &he) {
			return nil, func() {}, he // the body limit's 413
		}
		return nil, func() {}, domain.Invalid("", "invalid_form", "the multipart form could not be read")
	}
	return uploads(c)
}

// apiIdeaPhotos adds photos to an idea (its author's edit, as the page's
// edit form adds them): a multipart form of images → the Idea.
func (s *Server) apiIdeaPhotos(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if !isMultipart(c) {
		return domain.Invalid("images", "required", "send the photos as a multipart form, its files named images")
	}
	files, done, err := apiUploads(c)
	if err != nil {
		return err
	}
	defer done()
	if len(files) == 0 {
		return domain.Invalid("images", "required", "send at least one photo")
	}
	idea, err := s.svc.EditIdea(c.Request().Context(), currentUser(c), id, service.IdeaPatch{Images: files})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toIdeaJSON(s.md, idea))
}

// ideaListRoute is the API's idea list, whose pages are cached (pageCache).
const ideaListRoute = "/api/v1/challenges/:id/ideas"

func (s *Server) apiIdeas(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	sort, err := domain.ParseSort(c.QueryParam("sort"))
	if err != nil {
		return err
	}
	limit, err := domain.PageLimit(c.QueryParam("limit"))
	if err != nil {
		return err
	}
	after, err := domain.ParseCursor(c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	status, err := domain.ParseStatusFilter(c.QueryParam("status"))
	if err != nil {
		return err
	}
	ctx, actor := c.Request().Context(), currentUser(c)
	if status != "" {
		// A board's posts of one status: read and encoded in one go.
		list, err := s.svc.BoardIdeas(ctx, actor, id, status, sort, after, limit)
		if err != nil {
			return err
		}
		page, err := encodeIdeaList(s.md, list)
		if err != nil {
			return err
		}
		return page.write(c)
	}
	// Who may see the challenge, and what of its ideas, is decided now,
	// not when a page was cached; a page with something hidden from this
	// person is theirs alone. The order and counters are read now too; the
	// rest may come from the cache (listcache.go).
	rp, err := s.svc.RankedIdeas(ctx, actor, id, sort, after, limit)
	if err != nil {
		return err
	}
	// Keyed by the order listed (a blind judge's is the newest first
	// whatever they asked: service.RankedPage.Sort).
	key := fmt.Sprintf("%d|%s|%d|", id, rp.Sort, limit)
	if after != nil {
		key += after.Encode()
	}
	if rp.Mask != (domain.IdeaMask{}) {
		var uid int64
		if actor != nil {
			uid = actor.ID
		}
		key += fmt.Sprintf("|%s|%d", rp.Mask, uid)
	}
	if page := s.lists.get(rp.Content, key); page != nil && page.sameRanks(rp) {
		return page.write(c)
	}
	texts, err := s.pageTexts(ctx, rp)
	if err != nil {
		return err
	}
	if texts == nil {
		// An idea of the page changed since its order was read: the page
		// is made the plain way, as one read, and not kept.
		page, err := s.plainIdeaPage(c, id, sort, after, limit)
		if err != nil {
			return err
		}
		return page.write(c)
	}
	page, err := rankedPage(rp, texts, actor)
	if err != nil {
		return err
	}
	page.ranks, page.next = rp.Ranks, cursorText(rp.Next)
	s.lists.put(rp.Content, key, page)
	return page.write(c)
}

// plainIdeaPage reads and encodes a page of the idea list in one go.
func (s *Server) plainIdeaPage(c echo.Context, id int64, sort domain.Sort, after *domain.Cursor, limit int) (*cachedPage, error) {
	list, err := s.svc.Ideas(c.Request().Context(), currentUser(c), id, sort, after, limit)
	if err != nil {
		return nil, err
	}
	return encodeIdeaList(s.md, list)
}

// encodeIdeaList is the API's answer for a page of the idea list.
func encodeIdeaList(md *markdown.Renderer, list service.IdeaList) (*cachedPage, error) {
	out := make([]ideaJSON, 0, len(list.Ideas))
	for _, idea := range list.Ideas {
		out = append(out, toIdeaJSON(md, idea))
	}
	return encodePage(map[string]any{"ideas": out, "next_cursor": nextCursorJSON(cursorText(list.Next))})
}

func (s *Server) apiIdea(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	d, err := s.svc.IdeaDetail(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toIdeaDetailJSON(s.md, d))
}

// myVotesJSON is what the caller did among an app's ideas of one
// challenge (service.MyVotes).
type myVotesJSON struct {
	ChallengeID int64         `json:"challenge_id"`
	Voted       []int64       `json:"voted"`
	Stars       map[int64]int `json:"stars"`
	VotesLeft   *int          `json:"votes_left"`
	VoteBudget  int           `json:"vote_budget"`
	Method      domain.Method `json:"voting_method"`
	// HeldVotes: ideas reports hid, waiting for a moderator, that the
	// caller supports (id and title), while the vote is open: DELETE
	// /api/v1/ideas/{id}/vote takes one back.
	HeldVotes []heldVoteJSON `json:"held_votes"`
}

type heldVoteJSON struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

// apiMyVotes answers GET /api/v1/challenges/{id}/my-votes?ids=3,5,8: which
// of those ideas the caller supports and how many stars they gave, as the
// page marks them, and what is left of their budget.
func (s *Server) apiMyVotes(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ids, err := domain.ParseIDs(c.QueryParam("ids"))
	if err != nil {
		return err
	}
	p, err := s.svc.MyVotes(c.Request().Context(), currentUser(c), id, ids)
	if err != nil {
		return err
	}
	out := myVotesJSON{ChallengeID: p.Challenge.ID, Voted: []int64{}, Stars: map[int64]int{}, VoteBudget: p.Challenge.VoteBudget, Method: p.Challenge.Method()}
	for _, idea := range ids { // in the order asked
		if p.Voted[idea] {
			out.Voted = append(out.Voted, idea)
		}
		if n := p.Mine[idea]; n > 0 {
			out.Stars[idea] = n
		}
	}
	if p.VotesLeft >= 0 {
		out.VotesLeft = &p.VotesLeft
	}
	out.HeldVotes = make([]heldVoteJSON, len(p.Held))
	for i, idea := range p.Held {
		out.HeldVotes[i] = heldVoteJSON{idea.ID, idea.Title}
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) apiIdeaUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var p service.IdeaPatch
	if err := decodeJSON(c, &p); err != nil {
		return err
	}
	idea, err := s.svc.EditIdea(c.Request().Context(), currentUser(c), id, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toIdeaJSON(s.md, idea))
}

func (s *Server) apiVote(c echo.Context) error   { return s.apiSetVote(c, true) }
func (s *Server) apiUnvote(c echo.Context) error { return s.apiSetVote(c, false) }

func (s *Server) apiSetVote(c echo.Context, vote bool) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	n, err := s.setVote(c, id, vote)
	if err != nil {
		return err
	}
	if n < 0 { // a blind judge's: no tally (Service.VoteFrom)
		return c.JSON(http.StatusOK, map[string]any{"voted": vote})
	}
	if c.Request().URL.RawQuery != "" { // ?pretty, say: as every answer
		return c.JSON(http.StatusOK, map[string]any{"votes": n, "voted": vote})
	}
	// The hottest answer there is, written as encoding/json writes that map
	// (keys in order, a newline) without reflecting over it: a sixth of the
	// handler's CPU went to encoding it.
	b := make([]byte, 0, 40)
	b = strconv.AppendBool(append(b, `{"voted":`...), vote)
	b = strconv.AppendInt(append(b, `,"votes":`...), int64(n), 10)
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, append(b, "}\n"...))
}

// setVote is the one path from a request to a vote, for page and API alike.
func (s *Server) setVote(c echo.Context, ideaID int64, vote bool) (int, error) {
	if vote {
		return s.svc.VoteFrom(c.Request().Context(), currentUser(c), ideaID,
			service.Client{Addr: c.RealIP(), UserAgent: c.Request().UserAgent()})
	}
	return s.svc.Unvote(c.Request().Context(), currentUser(c), ideaID)
}

func (s *Server) apiCommentCreate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Body     *string `json:"body"`
		UpdateID int64   `json:"update_id"` // the project update it answers (0: none)
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Body == nil {
		return domain.Invalid("body", "required", "body is required")
	}
	cm, err := s.svc.CommentOn(c.Request().Context(), currentUser(c), id, in.UpdateID, *in.Body)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toCommentJSON(s.md, cm))
}

func (s *Server) apiComments(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	limit := service.MaxCommentsPage
	after, err := idCursor(c)
	if err != nil {
		return err
	}
	if v := c.QueryParam("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil {
			return domain.Invalid("limit", "out_of_range", "limit must be between 1 and 1000")
		}
	}
	// comment: the page (of limit comments, counted from the first) that
	// holds that comment, as the idea page's ?comment= does.
	if v := c.QueryParam("comment"); v != "" {
		cm, err := strconv.ParseInt(v, 10, 64)
		if err != nil || cm <= 0 {
			return domain.Invalid("comment", "invalid_id", "comment must be a comment's id")
		}
		if c.QueryParam("cursor") != "" {
			return domain.Invalid("comment", "invalid_id", "give comment or cursor, not both")
		}
		if limit >= 1 && limit <= service.MaxCommentsPage {
			if after, err = s.svc.CommentsPageOf(c.Request().Context(), currentUser(c), id, cm, limit); err != nil {
				return err
			}
		}
	}
	list, next, err := s.svc.Comments(c.Request().Context(), currentUser(c), id, after, limit)
	if err != nil {
		return err
	}
	out := make([]commentJSON, 0, len(list))
	for _, cm := range list {
		out = append(out, toCommentJSON(s.md, cm))
	}
	return c.JSON(http.StatusOK, map[string]any{"comments": out, "next_cursor": nextCursor(next)})
}

func (s *Server) apiFollow(c echo.Context) error   { return s.apiSetFollow(c, true) }
func (s *Server) apiUnfollow(c echo.Context) error { return s.apiSetFollow(c, false) }

func (s *Server) apiSetFollow(c echo.Context, follow bool) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.svc.Follow(c.Request().Context(), currentUser(c), id, follow); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"following": follow})
}
