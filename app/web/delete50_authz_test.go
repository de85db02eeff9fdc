package web

// The rows of the permission table for deleting one's own account
// (session 50). Every signed-in role reaches the service and is refused
// for the missing password (the shared people of the table must live on:
// the deletion itself is walked in delete50_test.go); a visitor is sent
// to sign in, or answered 401.
func init() {
	azTable = append(azTable,
		azRow{"POST /settings/delete", "", azWant{toSignIn, 400, 400, 400, 400, 400, 400, 400}},
		azRow{"DELETE /api/v1/me", "", azWant{401, 400, 400, 400, 400, 400, 400, 400}},
		azRow{"GET /api/v1/me/export", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
	)
	for k, f := range map[string]azFixture{
		"POST /settings/delete": func(s *azScene, u *azUser) azReq {
			return azForm("/settings/delete", "confirm", "yes", "current_password", "")
		},
		"DELETE /api/v1/me": func(s *azScene, u *azUser) azReq {
			return azAPI("/api/v1/me", map[string]string{"current_password": ""})
		},
		"GET /api/v1/me/export": func(s *azScene, u *azUser) azReq { return azGet("/api/v1/me/export") },
	} {
		azFixtures[k] = f
	}
}
