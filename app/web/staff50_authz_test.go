package web

// The rows of the permission table for inviting staff (session 50): only
// admins invite, from the users page or the API; a moderator, who sees
// the users page, is refused like any fan.
func init() {
	azTable = append(azTable,
		azRow{"POST /admin/users/invite", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
		azRow{"POST /api/v1/users/invite", "", azWant{401, 403, 403, 403, 403, 403, 403, 201}},
		azRow{"POST /api/v1/users/invite", "taken", azWant{401, 403, 403, 403, 403, 403, 403, 409}},
	)
	for k, f := range map[string]azFixture{
		"POST /admin/users/invite": func(s *azScene, u *azUser) azReq {
			return azForm("/admin/users/invite", "email", s.w.newEmail(), "name", "新评委", "roles", "judge")
		},
		"POST /api/v1/users/invite": func(s *azScene, u *azUser) azReq {
			return azAPI("/api/v1/users/invite", map[string]any{"email": s.w.newEmail(), "name": "新评委", "roles": []string{"judge"}})
		},
		"POST /api/v1/users/invite#taken": func(s *azScene, u *azUser) azReq {
			return azAPI("/api/v1/users/invite", map[string]any{"email": s.w.users[azFan].email, "name": "新评委", "roles": []string{"judge"}})
		},
	} {
		azFixtures[k] = f
	}
	// A refused invitation returns to the form, open, with its reason.
	gbRefusedBackTo["POST /admin/users/invite"] = "/admin/users#invite"
}
