package web

import (
	"net/http"

	"cocreate/app/domain"

	"github.com/labstack/echo/v4"
)

func (s *Server) apiChallengeCreate(c echo.Context) error {
	var in domain.ChallengeInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ch, err := s.svc.CreateChallenge(c.Request().Context(), currentUser(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toChallengeJSON(s.md, ch, s.svc.Now()))
}

func (s *Server) apiChallenges(c echo.Context) error {
	list, err := s.svc.Challenges(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	now := s.svc.Now()
	out := make([]challengeJSON, 0, len(list))
	for _, ch := range list {
		out = append(out, toChallengeJSON(s.md, ch, now))
	}
	return c.JSON(http.StatusOK, map[string]any{"challenges": out})
}

func (s *Server) apiChallenge(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ch, err := s.svc.Challenge(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toChallengeJSON(s.md, ch, s.svc.Now()))
}

// apiChallengePhase moves a challenge's phase by hand, as the page's phase
// form does (service.MovePhase): {"move": "close_voting"}.
func (s *Server) apiChallengePhase(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Move string `json:"move"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ch, err := s.svc.MovePhase(c.Request().Context(), currentUser(c), id, in.Move)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toChallengeJSON(s.md, ch, s.svc.Now()))
}

func (s *Server) apiChallengeUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in domain.ChallengeInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ch, err := s.svc.UpdateChallenge(c.Request().Context(), currentUser(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toChallengeJSON(s.md, ch, s.svc.Now()))
}
