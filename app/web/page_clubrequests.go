package web

import (
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"cocreate/app/domain"
	"cocreate/app/people"
	"cocreate/app/service"
	"cocreate/app/store"
)

// clubRequestsView is the part of /clubs about asking for a club: the
// requests the person sees (service.ClubRequests), and the ask form as
// typed, with its refusal (AskClub: the city's club, when the refusal is
// that it has one).
type clubRequestsView struct {
	Requests service.ClubRequests
	AskCity  string
	AskError string
	AskField string
	AskClub  store.Club
}

// clubPrefill is the new-club form filled from /clubs?city=… (an admin's
// tap on a requested city): the city, and a name made of it.
func (s *Server) clubPrefill(c echo.Context) people.ClubInput {
	city := strings.TrimSpace(c.QueryParam("city"))
	if city == "" || utf8.RuneCountInString(city) > people.MaxCity || strings.ContainsAny(city, "\r\n") {
		return people.ClubInput{}
	}
	return people.ClubInput{City: city, Name: city + s.printer(c).T("club32.name_suffix")}
}

// clubRequestSubmit asks for a club in the city typed (or the profile's).
func (s *Server) clubRequestSubmit(c echo.Context) error {
	city := c.FormValue("city")
	a, err := s.svc.AskForClub(c.Request().Context(), currentUser(c), people.ClubRequestInput{City: city})
	if err != nil {
		return s.clubRequestFail(c, err, city, a.Club)
	}
	if a.Already {
		return s.backTo(c, "/clubs", "club-requests", "club32.already_asked")
	}
	return s.backTo(c, "/clubs", "club-requests", "club32.asked")
}

// clubRequestWithdraw takes the fan's request for a city back.
func (s *Server) clubRequestWithdraw(c echo.Context) error {
	city := c.FormValue("city")
	_, withdrawn, err := s.svc.WithdrawClubRequest(c.Request().Context(), currentUser(c), people.ClubRequestInput{City: city})
	if err != nil {
		return s.clubRequestFail(c, err, city, store.Club{})
	}
	if withdrawn {
		return s.backTo(c, "/clubs", "club-requests", "club32.withdrawn")
	}
	return s.backTo(c, "/clubs", "club-requests", "club32.not_asked")
}

// clubRequestFail shows /clubs again with the refusal at the ask form:
// bad input, a city with its club (and a link to it), too many cities, an
// account not confirmed. Signing in and what is not the person's to fix
// go the usual way.
func (s *Server) clubRequestFail(c echo.Context, err error, city string, club store.Club) error {
	e := domain.AsError(err)
	if e == nil || e.Kind == domain.KindUnauthorized || e.Kind == domain.KindNotFound {
		return err
	}
	setRetryAfter(c, e)
	v := clubsView{clubRequestsView: clubRequestsView{AskCity: city, AskError: message(s.printer(c), e), AskField: e.Field, AskClub: club}}
	return s.renderClubs(c, statusOf[e.Kind], v)
}
