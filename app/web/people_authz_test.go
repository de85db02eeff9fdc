package web

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"cocreate/app/people"
	"cocreate/app/store"
)

// The permission table's rows for profiles, reputation and clubs (#17),
// kept beside their fixtures and joined to azTable at start. Situations:
//
//	""            a club founded by the admin, with a meetup in an hour
//	              (capacity 5); rows that need it make the asker a member
//	"organiser"   the asker is made an organiser of the club first
//	"started"     the meetup began a minute ago (written by the store
//	              directly: the service refuses meetups in the past)
//	"no rsvp"     the meetup started, the asker organises it, and the
//	              person checked in never answered
//	"early"       the asker organises it, the person is going, but the
//	              meetup starts in an hour
//	"not member"  the asker is not in the club
//	"missing"     no such object
func init() {
	azTable = append(azTable, []azRow{
		{"GET /users/:id", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
		{"GET /users/:id", "missing", azWant{404, 404, 404, 404, 404, 404, 404, 404}},
		{"POST /settings/profile", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
		{"POST /settings/profile", "bad city", azWant{toSignIn, 400, 400, 400, 400, 400, 400, 400}},
		{"POST /users/:id/badges", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
		{"GET /leaderboard", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
		{"GET /leaderboard", "draft", azWant{404, 404, 404, 404, 404, 404, 404, 200}},
		{"POST /comments/:id/helpful", "", azWant{toSignIn, 403, 403, 403, 303, 303, 403, 303}},
		{"POST /comments/:id/helpful", "hidden", azWant{toSignIn, 403, 403, 403, 404, 404, 403, 303}},
		{"GET /clubs", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
		{"POST /clubs", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
		{"GET /clubs/:id", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
		{"GET /clubs/:id", "missing", azWant{404, 404, 404, 404, 404, 404, 404, 404}},
		{"POST /clubs/:id/members", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
		{"POST /clubs/:id/organisers/:uid", "", azWant{toSignIn, 403, 403, 403, 403, 403, 400, 303}}, // a moderator gives a reason (clubs53)
		{"POST /clubs/:id/events", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
		{"POST /clubs/:id/events", "organiser", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
		{"GET /events/:id", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
		{"GET /events/:id", "organiser", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
		{"GET /events/:id/calendar.ics", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
		{"GET /events/:id/calendar.ics", "missing", azWant{404, 404, 404, 404, 404, 404, 404, 404}},
		{"POST /events/:id/rsvp", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
		{"POST /events/:id/rsvp", "not member", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 403}},
		{"POST /events/:id/checkins", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
		{"POST /events/:id/checkins", "organiser", azWant{toSignIn, 303, 403, 303, 303, 303, 303, 303}}, // the author checks themselves in: own_check_in
		{"POST /events/:id/checkins", "early", azWant{toSignIn, 409, 403, 409, 409, 409, 409, 409}},

		{"GET /api/v1/users/:id", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
		{"GET /api/v1/users/:id", "missing", azWant{404, 404, 404, 404, 404, 404, 404, 404}},
		{"PUT /api/v1/me/profile", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
		{"PUT /api/v1/me/profile", "bad city", azWant{401, 400, 400, 400, 400, 400, 400, 400}},
		{"POST /api/v1/users/:id/badges", "", azWant{401, 403, 403, 403, 403, 403, 403, 201}},
		{"POST /api/v1/users/:id/badges", "bad key", azWant{401, 403, 403, 403, 403, 403, 403, 400}},
		{"POST /api/v1/users/:id/badges", "missing", azWant{401, 403, 403, 403, 403, 403, 403, 404}},
		{"GET /api/v1/leaderboard", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
		{"GET /api/v1/leaderboard", "draft", azWant{404, 404, 404, 404, 404, 404, 404, 200}},
		{"GET /api/v1/leaderboard", "bad season", azWant{400, 400, 400, 400, 400, 400, 400, 400}},
		{"PUT /api/v1/comments/:id/helpful", "", azWant{401, 403, 403, 403, 200, 200, 403, 200}},
		{"PUT /api/v1/comments/:id/helpful", "hidden", azWant{401, 403, 403, 403, 404, 404, 403, 200}},
		{"PUT /api/v1/comments/:id/helpful", "missing", azWant{401, 403, 403, 403, 404, 404, 403, 404}},
		{"DELETE /api/v1/comments/:id/helpful", "", azWant{401, 403, 403, 403, 200, 200, 403, 200}},
		{"GET /api/v1/clubs", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
		{"POST /api/v1/clubs", "", azWant{401, 403, 403, 403, 403, 403, 403, 201}},
		{"POST /api/v1/clubs", "bad city", azWant{401, 403, 403, 403, 403, 403, 403, 400}},
		{"GET /api/v1/clubs/:id", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
		{"GET /api/v1/clubs/:id", "missing", azWant{404, 404, 404, 404, 404, 404, 404, 404}},
		{"PUT /api/v1/clubs/:id/members/me", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
		{"PUT /api/v1/clubs/:id/members/me", "missing", azWant{401, 404, 404, 404, 404, 404, 404, 404}},
		{"DELETE /api/v1/clubs/:id/members/me", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
		{"PUT /api/v1/clubs/:id/organisers/:user_id", "", azWant{401, 403, 403, 403, 403, 403, 400, 200}},
		{"PUT /api/v1/clubs/:id/organisers/:user_id", "not member", azWant{401, 403, 403, 403, 403, 403, 400, 409}},
		{"DELETE /api/v1/clubs/:id/organisers/:user_id", "", azWant{401, 403, 403, 403, 403, 403, 400, 200}},
		{"POST /api/v1/clubs/:id/events", "", azWant{401, 403, 403, 403, 403, 403, 403, 201}},
		{"POST /api/v1/clubs/:id/events", "organiser", azWant{401, 201, 201, 201, 201, 201, 201, 201}},
		{"POST /api/v1/clubs/:id/events", "missing", azWant{401, 404, 404, 404, 404, 404, 404, 404}},
		{"GET /api/v1/events/:id", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
		{"GET /api/v1/events/:id", "missing", azWant{404, 404, 404, 404, 404, 404, 404, 404}},
		{"PUT /api/v1/events/:id/rsvp", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
		{"PUT /api/v1/events/:id/rsvp", "not member", azWant{401, 403, 403, 403, 403, 403, 403, 403}},
		{"PUT /api/v1/events/:id/rsvp", "started", azWant{401, 409, 409, 409, 409, 409, 409, 409}},
		{"PUT /api/v1/events/:id/rsvp", "missing", azWant{401, 404, 404, 404, 404, 404, 404, 404}},
		{"DELETE /api/v1/events/:id/rsvp", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
		{"DELETE /api/v1/events/:id/rsvp", "started", azWant{401, 409, 409, 409, 409, 409, 409, 409}},
		{"POST /api/v1/events/:id/checkins", "", azWant{401, 403, 403, 403, 403, 403, 403, 201}},
		{"POST /api/v1/events/:id/checkins", "organiser", azWant{401, 201, 403, 201, 201, 201, 201, 201}}, // the author checks themselves in: own_check_in
		{"POST /api/v1/events/:id/checkins", "no rsvp", azWant{401, 403, 400, 400, 400, 400, 400, 400}},   // the fan checks themselves in
		{"POST /api/v1/events/:id/checkins", "early", azWant{401, 409, 403, 409, 409, 409, 409, 409}},
	}...)
	for k, f := range ppFixtures {
		azFixtures[k] = f
	}
	for k, why := range map[string]string{
		"PUT /api/v1/comments/:id/helpful":             "takes no body",
		"DELETE /api/v1/comments/:id/helpful":          "takes no body",
		"PUT /api/v1/clubs/:id/members/me":             "takes no body",
		"DELETE /api/v1/clubs/:id/members/me":          "takes no body",
		"PUT /api/v1/clubs/:id/organisers/:user_id":    "its body (a reason) is optional for an admin",
		"DELETE /api/v1/clubs/:id/organisers/:user_id": "its body (a reason) is optional for an admin",
		"PUT /api/v1/events/:id/rsvp":                  "takes no body",
		"DELETE /api/v1/events/:id/rsvp":               "takes no body",
		"POST /clubs/:id/members":                      "a missing join field joins",
		"POST /clubs/:id/organisers/:uid":              "a missing organiser field makes an organiser",
		"POST /comments/:id/helpful":                   "a missing helpful field marks the comment helpful",
		"POST /events/:id/rsvp":                        "a missing going field answers going",
	} {
		gbActsWithoutInput[k] = why
	}
}

// ppScene is what a scene holds for these rows.
type ppScene struct{ club, event int64 }

// ppCities numbers the clubs' cities, which are unique, across the tests
// running at once.
var ppCities atomic.Int64

func (s *azScene) pp() *ppScene {
	if s.people == nil {
		s.people = &ppScene{}
	}
	return s.people
}

// club is a club the admin founded, in a city of its own.
func (s *azScene) club() int64 {
	p := s.pp()
	if p.club == 0 {
		r := s.api("POST", "/api/v1/clubs", map[string]string{"city": fmt.Sprintf("青岛%d", ppCities.Add(1)), "name": "青岛同城会"}, 201)
		p.club = int64(num(r.JSON, "id"))
	}
	return p.club
}

// event is a meetup of the club in an hour, for five.
func (s *azScene) event() int64 {
	p := s.pp()
	if p.event == 0 {
		r := s.api("POST", fmt.Sprintf("/api/v1/clubs/%d/events", s.club()), map[string]any{
			"title": "工厂开放日", "place": "海尔工业园", "starts_at": s.w.h.clock().Add(time.Hour), "capacity": 5}, 201)
		p.event = int64(num(r.JSON, "id"))
	}
	return p.event
}

// startedEvent is a meetup of the club that began a minute ago, with the
// author going (both written by the store, past the service's rules).
func (s *azScene) startedEvent(authorGoing bool) int64 {
	p := s.pp()
	ctx := context.Background()
	st := s.w.h.store
	admin := int64(s.w.users[azAdmin].id)
	e, err := st.CreateEvent(ctx, s.club(), admin, people.EventInput{Title: "开放日", Place: "工业园", StartsAt: s.w.h.clock().Add(-time.Minute), Capacity: 5},
		time.Time{}, func(bool, int) error { return nil })
	if err != nil {
		s.w.t.Fatal(err)
	}
	if authorGoing {
		s.join(s.w.users[azAuthor])
		if _, err := st.RSVP(ctx, e.ID, int64(s.w.users[azAuthor].id), func(store.ClubEvent, bool) error { return nil }, people.Waitlisted); err != nil {
			s.w.t.Fatal(err)
		}
	}
	p.event = e.ID
	return e.ID
}

// join makes u a member of the club (a visitor stays out), with a
// confirmed account, as only those answer meetups.
func (s *azScene) join(u *azUser) {
	if u.token != "" {
		s.w.h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/members/me", s.club()), u.token, nil).must(s.w.t, 200)
		if err := s.w.h.store.SetVerified(context.Background(), int64(u.id), true); err != nil {
			s.w.t.Fatal(err)
		}
	}
}

// organise makes u an organiser of the club.
func (s *azScene) organise(u *azUser) {
	if u.token != "" {
		s.join(u)
		s.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", s.club(), u.id), nil, 200)
	}
}

// goingTo answers the scene's meetup for the author.
func (s *azScene) authorGoing() {
	s.join(s.w.users[azAuthor])
	s.w.h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", s.event()), s.w.users[azAuthor].token, nil).must(s.w.t, 200)
}

var ppFixtures = map[string]azFixture{
	"GET /users/:id":         func(s *azScene, u *azUser) azReq { s.idea(); return azGet("/users/%d", s.w.users[azAuthor].id) },
	"GET /users/:id#missing": func(s *azScene, u *azUser) azReq { return azGet("/users/999999") },
	"POST /settings/profile": func(s *azScene, u *azUser) azReq {
		return azForm("/settings/profile", "name", "小林", "city", "青岛", "bio", "爱洗衣机")
	},
	"POST /settings/profile#bad city": func(s *azScene, u *azUser) azReq {
		return azForm("/settings/profile", "name", "小林", "city", "青\n岛")
	},
	"POST /users/:id/badges": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/users/%d/badges", s.w.users[azAuthor].id), "key", "honour_fan")
	},
	"GET /leaderboard":       func(s *azScene, u *azUser) azReq { return azGet("/leaderboard") },
	"GET /leaderboard#draft": func(s *azScene, u *azUser) azReq { return azGet("/leaderboard?challenge=%d", s.draft()) },
	"POST /comments/:id/helpful": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/comments/%d/helpful", s.comment()), "helpful", "1")
	},
	"POST /comments/:id/helpful#hidden": func(s *azScene, u *azUser) azReq {
		id := s.comment()
		s.hidden()
		return azForm(fmt.Sprintf("/comments/%d/helpful", id), "helpful", "1")
	},
	"GET /clubs": func(s *azScene, u *azUser) azReq { s.club(); return azGet("/clubs") },
	"POST /clubs": func(s *azScene, u *azUser) azReq {
		return azForm("/clubs", "city", fmt.Sprintf("烟台%d", ppCities.Add(1)), "name", "烟台同城会")
	},
	"GET /clubs/:id":         func(s *azScene, u *azUser) azReq { s.event(); s.authorGoing(); return azGet("/clubs/%d", s.club()) },
	"GET /clubs/:id#missing": func(s *azScene, u *azUser) azReq { return azGet("/clubs/999999") },
	"POST /clubs/:id/members": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/clubs/%d/members", s.club()), "join", "1")
	},
	"POST /clubs/:id/organisers/:uid": func(s *azScene, u *azUser) azReq {
		s.join(s.w.users[azAuthor])
		return azForm(fmt.Sprintf("/clubs/%d/organisers/%d", s.club(), s.w.users[azAuthor].id), "organiser", "1")
	},
	"POST /clubs/:id/events": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/clubs/%d/events", s.club()), "title", "开放日", "place", "工业园",
			"starts_at", s.w.h.clock().Add(48*time.Hour).Format("2006-01-02T15:04"), "capacity", "10")
	},
	"POST /clubs/:id/events#organiser": func(s *azScene, u *azUser) azReq {
		s.organise(u)
		return azForm(fmt.Sprintf("/clubs/%d/events", s.club()), "title", "开放日", "place", "工业园",
			"starts_at", s.w.h.clock().Add(48*time.Hour).Format("2006-01-02T15:04"), "capacity", "10")
	},
	"GET /events/:id": func(s *azScene, u *azUser) azReq { s.authorGoing(); return azGet("/events/%d", s.event()) },
	"GET /events/:id#organiser": func(s *azScene, u *azUser) azReq {
		s.organise(u)
		s.startedEvent(true)
		return azGet("/events/%d", s.pp().event)
	},
	"GET /events/:id/calendar.ics":         func(s *azScene, u *azUser) azReq { return azGet("/events/%d/calendar.ics", s.event()) },
	"GET /events/:id/calendar.ics#missing": func(s *azScene, u *azUser) azReq { return azGet("/events/999999/calendar.ics") },
	"POST /events/:id/rsvp": func(s *azScene, u *azUser) azReq {
		s.join(u)
		return azForm(fmt.Sprintf("/events/%d/rsvp", s.event()), "going", "1")
	},
	"POST /events/:id/rsvp#not member": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/events/%d/rsvp", s.event()), "going", "1")
	},
	"POST /events/:id/checkins": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/events/%d/checkins", s.startedEvent(true)), "user_id", fmt.Sprint(s.w.users[azAuthor].id))
	},
	"POST /events/:id/checkins#organiser": func(s *azScene, u *azUser) azReq {
		s.organise(u)
		return azForm(fmt.Sprintf("/events/%d/checkins", s.startedEvent(true)), "user_id", fmt.Sprint(s.w.users[azAuthor].id))
	},
	"POST /events/:id/checkins#early": func(s *azScene, u *azUser) azReq {
		s.organise(u)
		s.authorGoing()
		return azForm(fmt.Sprintf("/events/%d/checkins", s.event()), "user_id", fmt.Sprint(s.w.users[azAuthor].id))
	},

	"GET /api/v1/users/:id": func(s *azScene, u *azUser) azReq {
		s.idea()
		return azGet("/api/v1/users/%d", s.w.users[azAuthor].id)
	},
	"GET /api/v1/users/:id#missing": func(s *azScene, u *azUser) azReq { return azGet("/api/v1/users/999999") },
	"PUT /api/v1/me/profile": func(s *azScene, u *azUser) azReq {
		return azAPI("/api/v1/me/profile", map[string]string{"name": "小林", "city": "青岛", "bio": "爱洗衣机"})
	},
	"PUT /api/v1/me/profile#bad city": func(s *azScene, u *azUser) azReq {
		return azAPI("/api/v1/me/profile", map[string]string{"name": "小林", "city": "青\n岛"})
	},
	"POST /api/v1/users/:id/badges": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/users/%d/badges", s.newcomer()), map[string]string{"key": "founding_fan"})
	},
	"POST /api/v1/users/:id/badges#bad key": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/users/%d/badges", s.w.users[azAuthor].id), map[string]string{"key": "first_win"})
	},
	"POST /api/v1/users/:id/badges#missing": func(s *azScene, u *azUser) azReq {
		return azAPI("/api/v1/users/999999/badges", map[string]string{"key": "honour_fan"})
	},
	"GET /api/v1/leaderboard": func(s *azScene, u *azUser) azReq {
		return azGet("/api/v1/leaderboard?challenge=%d&season=2026", s.challenge())
	},
	"GET /api/v1/leaderboard#draft":      func(s *azScene, u *azUser) azReq { return azGet("/api/v1/leaderboard?challenge=%d", s.draft()) },
	"GET /api/v1/leaderboard#bad season": func(s *azScene, u *azUser) azReq { return azGet("/api/v1/leaderboard?season=26") },
	"PUT /api/v1/comments/:id/helpful": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/comments/%d/helpful", s.comment()), nil)
	},
	"PUT /api/v1/comments/:id/helpful#hidden": func(s *azScene, u *azUser) azReq {
		id := s.comment()
		s.hidden()
		return azAPI(fmt.Sprintf("/api/v1/comments/%d/helpful", id), nil)
	},
	"PUT /api/v1/comments/:id/helpful#missing": func(s *azScene, u *azUser) azReq {
		return azAPI("/api/v1/comments/999999/helpful", nil)
	},
	"DELETE /api/v1/comments/:id/helpful": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/comments/%d/helpful", s.comment()), nil)
	},
	"GET /api/v1/clubs": func(s *azScene, u *azUser) azReq { s.club(); return azGet("/api/v1/clubs") },
	"POST /api/v1/clubs": func(s *azScene, u *azUser) azReq {
		return azAPI("/api/v1/clubs", map[string]string{"city": fmt.Sprintf("济南%d", ppCities.Add(1)), "name": "济南同城会"})
	},
	"POST /api/v1/clubs#bad city": func(s *azScene, u *azUser) azReq {
		return azAPI("/api/v1/clubs", map[string]string{"city": "", "name": "同城会"})
	},
	"GET /api/v1/clubs/:id":         func(s *azScene, u *azUser) azReq { s.event(); return azGet("/api/v1/clubs/%d", s.club()) },
	"GET /api/v1/clubs/:id#missing": func(s *azScene, u *azUser) azReq { return azGet("/api/v1/clubs/999999") },
	"PUT /api/v1/clubs/:id/members/me": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/clubs/%d/members/me", s.club()), nil)
	},
	"PUT /api/v1/clubs/:id/members/me#missing": func(s *azScene, u *azUser) azReq {
		return azAPI("/api/v1/clubs/999999/members/me", nil)
	},
	"DELETE /api/v1/clubs/:id/members/me": func(s *azScene, u *azUser) azReq {
		s.join(u)
		return azAPI(fmt.Sprintf("/api/v1/clubs/%d/members/me", s.club()), nil)
	},
	"PUT /api/v1/clubs/:id/organisers/:user_id": func(s *azScene, u *azUser) azReq {
		s.join(s.w.users[azAuthor])
		return azAPI(fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", s.club(), s.w.users[azAuthor].id), nil)
	},
	"PUT /api/v1/clubs/:id/organisers/:user_id#not member": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", s.club(), s.w.users[azFan].id), nil)
	},
	"DELETE /api/v1/clubs/:id/organisers/:user_id": func(s *azScene, u *azUser) azReq {
		s.organise(s.w.users[azAuthor])
		return azAPI(fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", s.club(), s.w.users[azAuthor].id), nil)
	},
	"POST /api/v1/clubs/:id/events": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/clubs/%d/events", s.club()), map[string]any{"title": "开放日", "place": "工业园", "starts_at": s.w.h.clock().Add(48 * time.Hour), "capacity": 10})
	},
	"POST /api/v1/clubs/:id/events#organiser": func(s *azScene, u *azUser) azReq {
		s.organise(u)
		return azAPI(fmt.Sprintf("/api/v1/clubs/%d/events", s.club()), map[string]any{"title": "开放日", "place": "工业园", "starts_at": s.w.h.clock().Add(48 * time.Hour), "capacity": 10})
	},
	"POST /api/v1/clubs/:id/events#missing": func(s *azScene, u *azUser) azReq {
		return azAPI("/api/v1/clubs/999999/events", map[string]any{"title": "开放日", "place": "工业园", "starts_at": s.w.h.clock().Add(48 * time.Hour), "capacity": 10})
	},
	"GET /api/v1/events/:id":         func(s *azScene, u *azUser) azReq { return azGet("/api/v1/events/%d", s.event()) },
	"GET /api/v1/events/:id#missing": func(s *azScene, u *azUser) azReq { return azGet("/api/v1/events/999999") },
	"PUT /api/v1/events/:id/rsvp": func(s *azScene, u *azUser) azReq {
		s.join(u)
		return azAPI(fmt.Sprintf("/api/v1/events/%d/rsvp", s.event()), nil)
	},
	"PUT /api/v1/events/:id/rsvp#not member": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/events/%d/rsvp", s.event()), nil)
	},
	"PUT /api/v1/events/:id/rsvp#started": func(s *azScene, u *azUser) azReq {
		s.join(u)
		return azAPI(fmt.Sprintf("/api/v1/events/%d/rsvp", s.startedEvent(false)), nil)
	},
	"PUT /api/v1/events/:id/rsvp#missing": func(s *azScene, u *azUser) azReq {
		return azAPI("/api/v1/events/999999/rsvp", nil)
	},
	"DELETE /api/v1/events/:id/rsvp": func(s *azScene, u *azUser) azReq {
		s.join(u)
		if u.token != "" {
			s.w.h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", s.event()), u.token, nil).must(s.w.t, 200)
		}
		return azAPI(fmt.Sprintf("/api/v1/events/%d/rsvp", s.event()), nil)
	},
	"DELETE /api/v1/events/:id/rsvp#started": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/events/%d/rsvp", s.startedEvent(true)), nil)
	},
	"POST /api/v1/events/:id/checkins": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/events/%d/checkins", s.startedEvent(true)), map[string]any{"user_id": s.w.users[azAuthor].id})
	},
	"POST /api/v1/events/:id/checkins#organiser": func(s *azScene, u *azUser) azReq {
		s.organise(u)
		return azAPI(fmt.Sprintf("/api/v1/events/%d/checkins", s.startedEvent(true)), map[string]any{"user_id": s.w.users[azAuthor].id})
	},
	"POST /api/v1/events/:id/checkins#no rsvp": func(s *azScene, u *azUser) azReq {
		s.organise(u)
		return azAPI(fmt.Sprintf("/api/v1/events/%d/checkins", s.startedEvent(false)), map[string]any{"user_id": s.w.users[azFan].id})
	},
	"POST /api/v1/events/:id/checkins#early": func(s *azScene, u *azUser) azReq {
		s.organise(u)
		s.authorGoing()
		return azAPI(fmt.Sprintf("/api/v1/events/%d/checkins", s.event()), map[string]any{"user_id": s.w.users[azAuthor].id})
	},
}
