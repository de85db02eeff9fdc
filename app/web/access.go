package web

import (
	"net/url"
	"strings"

	"cocreate/app/domain"

	"github.com/labstack/echo/v4"
)

// Admits says whether u (nil: a visitor) gets past a route guarded by a.
// It is the one rule of who a row of the route table lets in: the
// middleware refuses by it (requireAccess) and the menu offers a place
// by it (page.reaches), so the two cannot disagree.
func (a Access) Admits(u *domain.User) bool {
	switch a {
	case Anyone:
		return true
	case SignedIn:
		return u != nil
	case Admin:
		return u.Has(domain.RoleAdmin)
	case Judge:
		return u.Has(domain.RoleJudge)
	case Staff:
		return u.IsStaff()
	case Moderator:
		return u.CanModerate()
	}
	return false
}

// refusal is what a signed-in person a refuses is told.
func (a Access) refusal() string {
	switch a {
	case Staff:
		return "this needs the engineer or admin role"
	case Moderator:
		return "this needs the moderator or admin role"
	}
	return "this needs the " + string(a) + " role"
}

// requireAccess refuses, before the handler runs, whoever a does not
// admit: a visitor as requireUser does, a signed-in person with 403. The
// service checks again; this keeps the route table honest as a
// permission map.
func (s *Server) requireAccess(a Access) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return s.requireUser(func(c echo.Context) error {
			if !a.Admits(currentUser(c)) {
				return domain.Forbidden(a.refusal())
			}
			return next(c)
		})
	}
}

// pageAccess is the route table's Access of each page a GET reaches,
// by its path, for the menu (page.reaches).
func pageAccess(routes []Route) map[string]Access {
	m := map[string]Access{}
	for _, r := range routes {
		if r.Method == "GET" {
			m[r.Path] = r.Access
		}
	}
	return m
}

// reaches says whether the person reading the page gets into the page at
// path, as the route table says; a path it lacks is reached by nobody.
func (p *page) reaches(path string) bool {
	a, ok := p.access[path]
	return ok && a.Admits(p.User)
}

// places are the route table's pages, split into segments once, and the
// addresses that only a form's POST has (/clubs/requests): what
// nearestPage walks.
type places struct {
	pages [][]string
	forms map[string]bool
}

// placesOf reads the page patterns (a GET outside /api, from gets, the
// route table's pageAccess) and the parameter-free addresses no GET
// shares from the route table.
func placesOf(routes []Route, gets map[string]Access) places {
	p := places{forms: map[string]bool{}}
	for path := range gets {
		if !strings.HasPrefix(path, "/api/") {
			p.pages = append(p.pages, strings.Split(strings.Trim(path, "/"), "/"))
		}
	}
	for _, r := range routes {
		if _, get := gets[r.Path]; r.Method != "GET" && !strings.Contains(r.Path, ":") && !get {
			p.forms[r.Path] = true
		}
	}
	return p
}

// nearestPage is the closest page above the request's path that a GET
// reaches, by the route table's patterns (":id" stands for any one
// segment): where a reload, a shared link or a Back to a form's POST
// address (/ideas/7/comments, a refusal shown at it) leads, not to a 405.
// A form's own address is no page, even where a pattern would take it
// (/clubs/requests is not the club "requests"). Home when none is
// nearer. The segments are the path as sent, escaped: what the Location
// says is only ever a shorter path of this site.
func (s *Server) nearestPage(u *url.URL) string {
	segs := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	for n := len(segs) - 1; n > 0; n-- {
		at := "/" + strings.Join(segs[:n], "/")
		if s.places.forms[at] {
			continue
		}
		for _, pattern := range s.places.pages {
			if routeMatches(pattern, segs[:n]) {
				return safeNext(at)
			}
		}
	}
	return "/"
}

// routeMatches says whether the route pattern's segments ([ideas :id])
// match the path's (escaped) segments.
func routeMatches(pattern, segs []string) bool {
	if len(pattern) != len(segs) {
		return false
	}
	for i, p := range pattern {
		if !strings.HasPrefix(p, ":") && p != segs[i] {
			return false
		}
	}
	return true
}
