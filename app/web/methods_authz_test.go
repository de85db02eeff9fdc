package web

import (
	"fmt"
	"time"
)

// The voting methods' rows of the permission table and their fixtures,
// kept beside the feature.
func init() {
	azTable = append(azTable,
		azRow{"POST /ideas/:id/rating", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
		azRow{"PUT /api/v1/ideas/:id/rating", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
		azRow{"PUT /api/v1/ideas/:id/rating", "support", azWant{401, 409, 409, 409, 409, 409, 409, 409}},
		azRow{"PUT /api/v1/ideas/:id/rating", "hidden", azWant{401, 404, 409, 404, 404, 404, 409, 409}}, // its author sees it, and is refused the rating
		azRow{"DELETE /api/v1/ideas/:id/rating", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
		azRow{"GET /challenges/:id/pair", "", azWant{toSignIn, 200, 200, 200, 200, 200, 200, 200}},
		azRow{"POST /challenges/:id/pair", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
		azRow{"GET /api/v1/challenges/:id/pair", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
		azRow{"GET /api/v1/challenges/:id/pair", "stars", azWant{401, 409, 409, 409, 409, 409, 409, 409}},
		azRow{"GET /api/v1/challenges/:id/pair", "draft", azWant{401, 404, 404, 404, 404, 404, 404, 409}},
		azRow{"POST /api/v1/challenges/:id/pair", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
	)
	stars := func(body any) map[string]any { return map[string]any{"stars": body} }
	azFixtures["POST /ideas/:id/rating"] = func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/ideas/%d/rating", s.starsIdea()), "stars", "4", "next", "/")
	}
	azFixtures["PUT /api/v1/ideas/:id/rating"] = func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/rating", s.starsIdea()), stars(4))
	}
	azFixtures["PUT /api/v1/ideas/:id/rating#support"] = func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/rating", s.idea()), stars(4))
	}
	azFixtures["PUT /api/v1/ideas/:id/rating#hidden"] = func(s *azScene, u *azUser) azReq {
		id := s.starsIdea()
		s.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", id), map[string]any{"state": "hidden", "reason": "spam"}, 200)
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/rating", id), stars(4))
	}
	azFixtures["DELETE /api/v1/ideas/:id/rating"] = func(s *azScene, u *azUser) azReq {
		// Everyone has rated first, so the request really withdraws one.
		id := s.starsIdea()
		if u.token != "" {
			s.w.h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/rating", id), u.token, stars(5)).must(s.w.t, 200)
		}
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/rating", id), nil)
	}
	gbActsWithoutInput["DELETE /api/v1/ideas/:id/rating"] = "takes no body"

	azFixtures["GET /challenges/:id/pair"] = func(s *azScene, u *azUser) azReq { return azGet("/challenges/%d/pair", s.pairwise()) }
	azFixtures["GET /api/v1/challenges/:id/pair"] = func(s *azScene, u *azUser) azReq {
		return azGet("/api/v1/challenges/%d/pair", s.pairwise())
	}
	azFixtures["GET /api/v1/challenges/:id/pair#stars"] = func(s *azScene, u *azUser) azReq {
		s.starsIdea()
		return azGet("/api/v1/challenges/%d/pair", s.starsChallenge)
	}
	azFixtures["GET /api/v1/challenges/:id/pair#draft"] = func(s *azScene, u *azUser) azReq {
		cid := s.pairwise()
		now := s.w.h.clock()
		s.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", cid), map[string]any{
			"submissions_open_at": now.Add(time.Hour), "voting_open_at": now.Add(time.Hour)}, 200)
		return azGet("/api/v1/challenges/%d/pair", cid)
	}
	// An answer needs the asker's own token: each person is asked a pair first.
	token := func(s *azScene, u *azUser, cid int) string {
		if u.token == "" {
			return "no-token"
		}
		r := s.w.h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/pair", cid), u.token, nil).must(s.w.t, 200)
		return str(r.JSON, "pair_token")
	}
	azFixtures["POST /challenges/:id/pair"] = func(s *azScene, u *azUser) azReq {
		cid := s.pairwise()
		return azForm(fmt.Sprintf("/challenges/%d/pair", cid), "pair_token", token(s, u, cid), "choice", "left")
	}
	azFixtures["POST /api/v1/challenges/:id/pair"] = func(s *azScene, u *azUser) azReq {
		cid := s.pairwise()
		return azAPI(fmt.Sprintf("/api/v1/challenges/%d/pair", cid), map[string]any{"pair_token": token(s, u, cid), "choice": "left"})
	}
}

// pairwise is a pairwise challenge open for voting with two ideas.
func (s *azScene) pairwise() int {
	cid := num(s.api("POST", "/api/v1/challenges", s.w.challengeBody(map[string]any{"voting_method": "pairwise"}), 201).JSON, "id")
	s.w.h.idea(s.admin(), cid, "Red dress")
	s.w.h.idea(s.admin(), cid, "Black dress")
	return cid
}

// starsIdea is the author's idea in a stars challenge open for voting.
func (s *azScene) starsIdea() int {
	cid := num(s.api("POST", "/api/v1/challenges", s.w.challengeBody(map[string]any{"voting_method": "stars"}), 201).JSON, "id")
	s.starsChallenge = cid
	return s.w.h.idea(s.w.users[azAuthor].token, cid, "Self-cleaning drum")
}
