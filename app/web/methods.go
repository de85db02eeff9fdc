package web

import (
	"math"
	"net/http"
	"strconv"

	"cocreate/app/domain"
	"cocreate/app/service"

	"github.com/labstack/echo/v4"
)

// Stars and pairwise (#16): the API and page handlers of the two voting
// methods beside support votes.

func clientOf(c echo.Context) service.Client {
	return service.Client{Addr: c.RealIP(), UserAgent: c.Request().UserAgent()}
}

// ratingJSON is a rating's answer: the fan's own stars, and the crowd's
// unless hidden from them (a blind judge).
func ratingJSON(r service.Rating) map[string]any {
	if r.Hidden {
		return map[string]any{"mine": r.Mine}
	}
	return map[string]any{"rating": math.Round(r.Average*100) / 100, "ratings": r.Ratings, "mine": r.Mine}
}

// apiRate is PUT /api/v1/ideas/{id}/rating {"stars": 1-5}.
func (s *Server) apiRate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Stars *int `json:"stars"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Stars == nil {
		return domain.Invalid("stars", "required", "stars is required (1 to 5)")
	}
	r, err := s.svc.Rate(c.Request().Context(), currentUser(c), id, *in.Stars, clientOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ratingJSON(r))
}

// apiUnrate is DELETE /api/v1/ideas/{id}/rating.
func (s *Server) apiUnrate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, err := s.svc.Unrate(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ratingJSON(r))
}

// ideaRate is the stars form: stars=1..5 rates, stars=0 withdraws.
func (s *Server) ideaRate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	stars, err := strconv.Atoi(c.FormValue("stars"))
	if err != nil {
		return domain.Invalid("stars", "invalid_stars", "stars must be a whole number from 1 to 5")
	}
	ctx := c.Request().Context()
	if stars == 0 {
		_, err = s.svc.Unrate(ctx, currentUser(c), id)
	} else {
		_, err = s.svc.Rate(ctx, currentUser(c), id, stars, clientOf(c))
	}
	if err != nil {
		// Rating closed, or an account to confirm first: back at the stars.
		return s.backWithError(c, err, safeNext(c.FormValue("next")), "stars-"+itoa(id))
	}
	return c.Redirect(http.StatusSeeOther, safeNext(c.FormValue("next"))+"#idea-"+itoa(id))
}

// methodFields adds a stars or pairwise idea's measures to its JSON.
func methodFields(j *ideaJSON, i domain.Idea) {
	switch i.Method {
	case domain.MethodStars:
		avg := math.Round(domain.AverageStars(i.RatingSum, i.Ratings)*100) / 100
		n := i.Ratings
		j.Rating, j.Ratings = &avg, &n
	case domain.MethodPairwise:
		score, sd := math.Round(i.Score*10)/10, math.Round(i.ScoreSD*10)/10
		n := i.Comparisons
		j.Score, j.ScoreSD, j.Comparisons = &score, &sd, &n
	}
}

// apiPair is GET /api/v1/challenges/{id}/pair: the next pair for the fan,
// or 204 when nothing is left to compare.
func (s *Server) apiPair(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	q, ok, err := s.svc.NextPair(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	if !ok {
		return c.NoContent(http.StatusNoContent)
	}
	return c.JSON(http.StatusOK, map[string]any{"pair_token": q.Token, "left": toIdeaJSON(s.md, q.Left), "right": toIdeaJSON(s.md, q.Right), "answered": q.Answered})
}

// apiAnswerPair is POST /api/v1/challenges/{id}/pair {"pair_token", "choice"}.
func (s *Server) apiAnswerPair(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Token  *string `json:"pair_token"`
		Choice *string `json:"choice"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Token == nil {
		return domain.Invalid("pair_token", "required", "pair_token is required")
	}
	if in.Choice == nil {
		return domain.Invalid("choice", "required", "choice is required: left, right or skip")
	}
	if err := s.svc.AnswerPair(c.Request().Context(), currentUser(c), id, *in.Token, *in.Choice, clientOf(c)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"recorded": true, "choice": *in.Choice})
}

// pairPage is the phone-first "which of these two?" page.
type pairPage struct {
	Challenge domain.Challenge
	Q         service.PairQuestion
	Done      bool // the fan has compared every pair
}

// pairShow is GET /challenges/{id}/pair.
func (s *Server) pairShow(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	q, ok, err := s.svc.NextPair(c.Request().Context(), currentUser(c), id)
	if err != nil {
		// Comparing not open (or over), or an account to confirm first:
		// the challenge's page, saying why.
		return s.backWithError(c, err, "/challenges/"+itoa(id), "")
	}
	return s.render(c, "pair", q.Challenge.Title, pairPage{Challenge: q.Challenge, Q: q, Done: !ok})
}

// pairSubmit is the page's answer: one tap, then straight to the next pair.
// A pair that expired or was answered (another tab) returns to a fresh
// pair with the reason shown; malformed input stays a 400.
func (s *Server) pairSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	err = s.svc.AnswerPair(c.Request().Context(), currentUser(c), id, c.FormValue("pair_token"), c.FormValue("choice"), clientOf(c))
	if e := domain.AsError(err); e != nil && (e.Code == "pair_token_expired" || e.Code == "pair_answered" || e.Code == "idea_not_votable" || e.Code == "pairs_enough") {
		s.flashText(c, message(s.printer(c), e))
	} else if err != nil {
		// Comparing closed while the fan answered, or an account to
		// confirm first: the challenge's page, saying why.
		return s.backWithError(c, err, "/challenges/"+itoa(id), "")
	}
	return c.Redirect(http.StatusSeeOther, "/challenges/"+itoa(id)+"/pair")
}
