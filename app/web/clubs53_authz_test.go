package web

import "fmt"

// The rows of the permission table for naming a club's organisers with a
// reason (session 53): admins and moderators, page and API alike.
func init() {
	azTable = append(azTable,
		azRow{"POST /clubs/:id/organisers/:uid", "reason", azWant{toSignIn, 403, 403, 403, 403, 403, 303, 303}},
		azRow{"PUT /api/v1/clubs/:id/organisers/:user_id", "reason", azWant{401, 403, 403, 403, 403, 403, 200, 200}},
		azRow{"DELETE /api/v1/clubs/:id/organisers/:user_id", "reason", azWant{401, 403, 403, 403, 403, 403, 200, 200}},
	)
	for k, f := range map[string]azFixture{
		"POST /clubs/:id/organisers/:uid#reason": func(s *azScene, u *azUser) azReq {
			s.join(s.w.users[azAuthor])
			return azForm(fmt.Sprintf("/clubs/%d/organisers/%d", s.club(), s.w.users[azAuthor].id), "organiser", "1", "reason", "原组织者注销了")
		},
		"PUT /api/v1/clubs/:id/organisers/:user_id#reason": func(s *azScene, u *azUser) azReq {
			s.join(s.w.users[azAuthor])
			return azAPI(fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", s.club(), s.w.users[azAuthor].id), map[string]string{"reason": "原组织者注销了"})
		},
		"DELETE /api/v1/clubs/:id/organisers/:user_id#reason": func(s *azScene, u *azUser) azReq {
			s.organise(s.w.users[azAuthor])
			return azAPI(fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", s.club(), s.w.users[azAuthor].id), map[string]string{"reason": "长期不活跃"})
		},
	} {
		azFixtures[k] = f
	}
}
