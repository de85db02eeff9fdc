package web

import "fmt"

// The rows of the permission table for an admin's deletion of another
// person's account (session 52): admins only, on a newcomer made for the
// request (the table's shared people live on).
func init() {
	azTable = append(azTable,
		azRow{"DELETE /api/v1/users/:id", "", azWant{401, 403, 403, 403, 403, 403, 403, 204}},
		azRow{"POST /admin/users/:id/deletion", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
	)
	for k, f := range map[string]azFixture{
		"DELETE /api/v1/users/:id": func(s *azScene, u *azUser) azReq {
			email := s.w.newcomer()
			return azAPI(fmt.Sprintf("/api/v1/users/%d", s.idOf(email)), map[string]string{"email": email, "reason": "本人来信要求注销"})
		},
		"POST /admin/users/:id/deletion": func(s *azScene, u *azUser) azReq {
			email := s.w.newcomer()
			return azForm(fmt.Sprintf("/admin/users/%d/deletion", s.idOf(email)), "email", email, "reason", "本人来信要求注销")
		},
	} {
		azFixtures[k] = f
	}
	// A refusal goes back to the row's form (Post/Redirect/Get).
	gbRefusedBackTo["POST /admin/users/:id/deletion"] = "/admin/users"
}

// idOf is the id of the account with email.
func (s *azScene) idOf(email string) int64 {
	s.w.t.Helper()
	u, _, err := s.w.h.store.UserByEmail(s.w.t.Context(), email)
	if err != nil {
		s.w.t.Fatal(err)
	}
	return u.ID
}
