package web

import (
	"fmt"
	"time"
)

// The rows of the permission table for changing and cancelling a meetup
// and listing who answered it (session 49), with their fixtures, kept
// beside the feature. Situations as people_authz_test.go's: ""  the
// scene's meetup in an hour, the asker not its organiser (an admin may);
// "organiser" the asker organises the club; "started" the asker organises
// it and the meetup began a minute ago.
func init() {
	azTable = append(azTable,
		azRow{"POST /events/:id/edit", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
		azRow{"POST /events/:id/edit", "organiser", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
		azRow{"POST /events/:id/cancel", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
		azRow{"POST /events/:id/cancel", "organiser", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
		azRow{"POST /events/:id/cancel", "started", azWant{toSignIn, 409, 409, 409, 409, 409, 409, 409}},
		azRow{"PATCH /api/v1/events/:id", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
		azRow{"PATCH /api/v1/events/:id", "organiser", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
		azRow{"PATCH /api/v1/events/:id", "started", azWant{401, 409, 409, 409, 409, 409, 409, 409}},
		azRow{"PATCH /api/v1/events/:id", "missing", azWant{401, 404, 404, 404, 404, 404, 404, 404}},
		azRow{"POST /api/v1/events/:id/cancel", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
		azRow{"POST /api/v1/events/:id/cancel", "organiser", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
		azRow{"POST /api/v1/events/:id/cancel", "no reason", azWant{401, 400, 400, 400, 400, 400, 400, 400}},
		azRow{"POST /api/v1/events/:id/cancel", "missing", azWant{401, 404, 404, 404, 404, 404, 404, 404}},
		azRow{"GET /api/v1/events/:id/attendees", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
		azRow{"GET /api/v1/events/:id/attendees", "organiser", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
		azRow{"GET /api/v1/events/:id/attendees", "missing", azWant{401, 404, 404, 404, 404, 404, 404, 404}},
	)
	editForm := func(s *azScene, event int64) azReq {
		starts := s.w.h.clock().Add(time.Hour).Format("2006-01-02T15:04")
		return azForm(fmt.Sprintf("/events/%d/edit", event), "title", "工厂开放日（改）", "place", "海尔工业园",
			"starts_at", starts, "starts_at_was", starts, "capacity", "5", "body", "")
	}
	patch := map[string]any{"title": "工厂开放日（改）", "capacity": 8}
	for k, f := range map[string]azFixture{
		"POST /events/:id/edit": func(s *azScene, u *azUser) azReq { return editForm(s, s.event()) },
		"POST /events/:id/edit#organiser": func(s *azScene, u *azUser) azReq {
			s.organise(u)
			return editForm(s, s.event())
		},
		"POST /events/:id/cancel": func(s *azScene, u *azUser) azReq {
			return azForm(fmt.Sprintf("/events/%d/cancel", s.event()), "reason", "场地临时关闭")
		},
		"POST /events/:id/cancel#organiser": func(s *azScene, u *azUser) azReq {
			s.organise(u)
			return azForm(fmt.Sprintf("/events/%d/cancel", s.event()), "reason", "场地临时关闭")
		},
		"POST /events/:id/cancel#started": func(s *azScene, u *azUser) azReq {
			s.organise(u)
			return azForm(fmt.Sprintf("/events/%d/cancel", s.startedEvent(false)), "reason", "场地临时关闭")
		},
		"PATCH /api/v1/events/:id": func(s *azScene, u *azUser) azReq {
			return azAPI(fmt.Sprintf("/api/v1/events/%d", s.event()), patch)
		},
		"PATCH /api/v1/events/:id#organiser": func(s *azScene, u *azUser) azReq {
			s.organise(u)
			return azAPI(fmt.Sprintf("/api/v1/events/%d", s.event()), patch)
		},
		"PATCH /api/v1/events/:id#started": func(s *azScene, u *azUser) azReq {
			s.organise(u)
			return azAPI(fmt.Sprintf("/api/v1/events/%d", s.startedEvent(false)), patch)
		},
		"PATCH /api/v1/events/:id#missing": func(s *azScene, u *azUser) azReq {
			return azAPI("/api/v1/events/999999", patch)
		},
		"POST /api/v1/events/:id/cancel": func(s *azScene, u *azUser) azReq {
			return azAPI(fmt.Sprintf("/api/v1/events/%d/cancel", s.event()), map[string]string{"reason": "场地临时关闭"})
		},
		"POST /api/v1/events/:id/cancel#organiser": func(s *azScene, u *azUser) azReq {
			s.organise(u)
			return azAPI(fmt.Sprintf("/api/v1/events/%d/cancel", s.event()), map[string]string{"reason": "场地临时关闭"})
		},
		"POST /api/v1/events/:id/cancel#no reason": func(s *azScene, u *azUser) azReq {
			s.organise(u)
			return azAPI(fmt.Sprintf("/api/v1/events/%d/cancel", s.event()), map[string]string{"reason": " "})
		},
		"POST /api/v1/events/:id/cancel#missing": func(s *azScene, u *azUser) azReq {
			return azAPI("/api/v1/events/999999/cancel", map[string]string{"reason": "场地临时关闭"})
		},
		"GET /api/v1/events/:id/attendees": func(s *azScene, u *azUser) azReq {
			s.authorGoing()
			return azGet("/api/v1/events/%d/attendees", s.event())
		},
		"GET /api/v1/events/:id/attendees#organiser": func(s *azScene, u *azUser) azReq {
			s.organise(u)
			return azGet("/api/v1/events/%d/attendees", s.event())
		},
		"GET /api/v1/events/:id/attendees#missing": func(s *azScene, u *azUser) azReq {
			return azGet("/api/v1/events/999999/attendees")
		},
	} {
		azFixtures[k] = f
	}
}
