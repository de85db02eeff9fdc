package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cocreate/app/people"
	"cocreate/app/store"
)

// clubRequestJSON is a city fans asked a club for (openapi.json's
// ClubRequest): for a fan their own request (asked_at), for admins the
// city's first (first_asked_at).
type clubRequestJSON struct {
	City         string     `json:"city"`
	Count        int        `json:"count"`
	AskedAt      *time.Time `json:"asked_at,omitempty"`
	FirstAskedAt *time.Time `json:"first_asked_at,omitempty"`
}

func toClubRequestJSON(r store.CityRequests) clubRequestJSON {
	out := clubRequestJSON{City: r.City, Count: r.Count}
	if r.Mine {
		out.AskedAt = &r.AskedAt
	} else {
		out.FirstAskedAt = &r.FirstAt
	}
	return out
}

// apiClubRequests: a fan's own requests; admins also get the cities asked
// for, most asked first (the service's ClubRequests, as /clubs).
func (s *Server) apiClubRequests(c echo.Context) error {
	r, err := s.svc.ClubRequests(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	mine := []clubRequestJSON{}
	for _, m := range r.Mine {
		mine = append(mine, toClubRequestJSON(m))
	}
	out := map[string]any{"requests": mine, "max_requests": r.Max}
	if r.Admin {
		cities := []clubRequestJSON{}
		for _, m := range r.Cities {
			cities = append(cities, toClubRequestJSON(m))
		}
		out["cities"] = cities
	}
	return c.JSON(http.StatusOK, out)
}

// apiClubRequestCreate asks for a club in a city: 201 when recorded, 200
// when the fan had asked already (already true).
func (s *Server) apiClubRequestCreate(c echo.Context) error {
	var in people.ClubRequestInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	a, err := s.svc.AskForClub(c.Request().Context(), currentUser(c), in)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if a.Already {
		status = http.StatusOK
	}
	return c.JSON(status, map[string]any{"city": a.City, "count": a.Count, "already": a.Already})
}

// apiClubRequestDelete takes the fan's request for ?city= back.
func (s *Server) apiClubRequestDelete(c echo.Context) error {
	city, withdrawn, err := s.svc.WithdrawClubRequest(c.Request().Context(), currentUser(c), people.ClubRequestInput{City: c.QueryParam("city")})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"city": city, "withdrawn": withdrawn})
}
