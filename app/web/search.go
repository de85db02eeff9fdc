package web

import (
	"html/template"
	"net/http"
	"strconv"

	"cocreate/app/domain"
	"cocreate/app/search"
	"cocreate/app/service"

	"github.com/labstack/echo/v4"
)

// searchQuery reads a search from the query string, for page and API
// alike. Without a type it finds what kinds (a search.Type) the caller
// asks for by default; type=all finds every kind.
func searchQuery(c echo.Context, kinds string) (service.SearchQuery, error) {
	q := service.SearchQuery{Text: c.QueryParam("q"), Type: c.QueryParam("type"), State: c.QueryParam("state"), Tag: c.QueryParam("tag")}
	switch q.Type {
	case "":
		q.Type = kinds
	case "all":
		q.Type = ""
	}
	if raw := c.QueryParam("limit"); raw != "" {
		// As every list: an explicit limit is 1 to 100 (limit=0 is not
		// "the default").
		n, err := domain.PageLimit(raw)
		if err != nil {
			return q, err
		}
		q.Limit = n
	}
	if raw := c.QueryParam("offset"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil {
			return q, domain.Invalid("offset", "invalid_number", "offset must be a whole number")
		}
		q.Offset = n
	}
	if raw := c.QueryParam("challenge"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id < 0 {
			return q, domain.Invalid("challenge", "invalid_number", "challenge must be an id")
		}
		q.ChallengeID = id
	}
	return q, nil
}

type hitJSON struct {
	Type        string        `json:"type"`
	ID          int64         `json:"id"`
	ChallengeID int64         `json:"challenge_id"`
	IdeaID      int64         `json:"idea_id,omitempty"`
	Title       string        `json:"title"`
	Highlight   template.HTML `json:"highlight"`
	TitleHTML   template.HTML `json:"title_highlight"`
	URL         string        `json:"url"`
	State       string        `json:"state,omitempty"` // search.Hit.Unlisted
}

// hitURL is where a hit leads.
func hitURL(h search.Hit) string {
	switch h.Type {
	case search.TypeChallenge:
		return "/challenges/" + itoa(h.ID)
	case search.TypeComment:
		return domain.CommentLink(h.IdeaID, h.ID)
	case search.TypeUpdate:
		return "/projects/" + itoa(h.ProjectID)
	}
	return "/ideas/" + itoa(h.ID)
}

func (s *Server) apiSearch(c echo.Context) error {
	// API.md's hits are ideas: an app given a comment's id for an idea's
	// would open the wrong idea. Other kinds are asked for by name.
	q, err := searchQuery(c, search.TypeIdea)
	if err != nil {
		return err
	}
	res, err := s.svc.Search(c.Request().Context(), currentUser(c), q)
	if err != nil {
		return err
	}
	// The answer is made from the result alone: the same result (index
	// version and query, the asker's exclusions included) is the same
	// answer, kept encoded and compressed (the compressing middleware skips this route).
	_, pretty := c.QueryParams()["pretty"]
	if page := s.searches.get(res.Version, res.Key); page != nil && !pretty {
		return page.write(c)
	}
	hits := make([]hitJSON, 0, len(res.Hits))
	for _, h := range res.Hits {
		hits = append(hits, hitJSON{Type: h.Type, ID: h.ID, ChallengeID: h.ChallengeID, IdeaID: h.IdeaID, Title: h.Title,
			Highlight: h.Highlight, TitleHTML: h.TitleHighlight, URL: hitURL(h), State: h.Unlisted})
	}
	answer := map[string]any{"total": res.Total, "hits": hits}
	if pretty {
		return c.JSON(http.StatusOK, answer)
	}
	page, err := encodePage(answer)
	if err != nil {
		return err
	}
	if res.Key != "" {
		s.searches.put(res.Version, res.Key, page)
	}
	return page.write(c)
}

// searchRoute is the API's search, whose answers are cached (apiSearch).
const searchRoute = "/api/v1/search"

func (s *Server) apiSimilar(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	limit := 5
	if raw := c.QueryParam("limit"); raw != "" {
		if limit, err = domain.PageLimit(raw); err != nil {
			return err
		}
	}
	ideas, err := s.svc.SimilarIdeas(c.Request().Context(), currentUser(c), id, c.QueryParam("text"), limit)
	if err != nil {
		return err
	}
	out := make([]ideaJSON, 0, len(ideas))
	for _, idea := range ideas {
		out = append(out, toIdeaJSON(s.md, idea))
	}
	return c.JSON(http.StatusOK, map[string]any{"ideas": out})
}

// searchPage is the search page's data.
type searchPage struct {
	Query      service.SearchQuery
	Result     search.Result
	Challenges []domain.Challenge
	States     []domain.State
	Error      string
	Prev, Next string // links to the neighbouring pages
}

func (s *Server) searchShow(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	p := searchPage{States: domain.ListedStates()}
	var err error
	if p.Challenges, err = s.svc.Challenges(ctx, u); err != nil {
		return err
	}
	if domain.SeesUnlisted(u) {
		p.States = append(p.States, domain.UnlistedStates()...)
	}
	if p.Query, err = searchQuery(c, ""); err == nil {
		if p.Query.Limit == 0 {
			p.Query.Limit = 20
		}
		if p.Query.Text != "" || p.Query.Tag != "" || p.Query.ChallengeID != 0 || p.Query.State != "" {
			p.Result, err = s.svc.Search(ctx, u, p.Query)
		}
	}
	if err != nil {
		msg, _, ok := s.formError(c, err)
		if !ok {
			return err
		}
		p.Error = msg
	}
	page := func(offset int) string {
		v := c.QueryParams()
		v.Set("offset", strconv.Itoa(offset))
		return "/search?" + v.Encode()
	}
	if p.Query.Offset > 0 {
		p.Prev = page(max(p.Query.Offset-p.Query.Limit, 0))
	}
	if next := p.Query.Offset + p.Query.Limit; uint64(next) < p.Result.Total && next <= search.MaxOffset {
		p.Next = page(next)
	}
	return s.render(c, "search", s.printer(c).T("search.title"), p)
}
