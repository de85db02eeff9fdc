package web

import "fmt"

// The rows of the permission table for deleting a milestone (session 51):
// as marking it done, the project's engineer and admins only.
func init() {
	azTable = append(azTable,
		azRow{"POST /projects/:id/milestones/:mid/delete", "", azWant{toSignIn, 403, 403, 403, 403, 303, 403, 303}},
		azRow{"DELETE /api/v1/projects/:id/milestones/:mid", "", azWant{401, 403, 403, 403, 403, 204, 403, 204}},
	)
	for k, f := range map[string]azFixture{
		"POST /projects/:id/milestones/:mid/delete": func(s *azScene, u *azUser) azReq {
			mid := s.milestone()
			return azForm(fmt.Sprintf("/projects/%d/milestones/%d/delete", s.pid, mid))
		},
		"DELETE /api/v1/projects/:id/milestones/:mid": func(s *azScene, u *azUser) azReq {
			mid := s.milestone()
			return azAPI(fmt.Sprintf("/api/v1/projects/%d/milestones/%d", s.pid, mid), nil)
		},
	} {
		azFixtures[k] = f
	}
}
