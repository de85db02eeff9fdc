package web

import "fmt"

// The rows of the permission table for the engineers' queue through the
// API (session 49), as the triage pages': engineers and admins read the
// queue and decline, only admins pick.
func init() {
	azTable = append(azTable,
		azRow{"GET /api/v1/triage", "", azWant{401, 403, 403, 403, 200, 200, 403, 200}},
		azRow{"POST /api/v1/ideas/:id/pick", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
		azRow{"POST /api/v1/ideas/:id/decline", "", azWant{401, 403, 403, 403, 200, 200, 403, 200}},
		azRow{"POST /api/v1/ideas/:id/decline", "no reason", azWant{401, 403, 403, 403, 400, 400, 403, 400}},
	)
	for k, f := range map[string]azFixture{
		"GET /api/v1/triage": func(s *azScene, u *azUser) azReq { s.picked(); return azGet("/api/v1/triage") },
		"POST /api/v1/ideas/:id/pick": func(s *azScene, u *azUser) azReq {
			return azAPI(fmt.Sprintf("/api/v1/ideas/%d/pick", s.idea()), map[string]any{})
		},
		"POST /api/v1/ideas/:id/decline": func(s *azScene, u *azUser) azReq {
			return azAPI(fmt.Sprintf("/api/v1/ideas/%d/decline", s.picked()), map[string]string{"reason": "Too costly for now."})
		},
		"POST /api/v1/ideas/:id/decline#no reason": func(s *azScene, u *azUser) azReq {
			return azAPI(fmt.Sprintf("/api/v1/ideas/%d/decline", s.picked()), map[string]string{"reason": " "})
		},
	} {
		azFixtures[k] = f
	}
}
