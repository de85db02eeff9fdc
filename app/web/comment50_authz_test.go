package web

import "fmt"

// The rows of the permission table for editing and deleting a comment
// (session 50): only its author, never a moderator or an admin (they hide
// it instead); a comment moderators hid stays as it is (409 for its
// author, 404 for those who cannot see it); one marked helpful is no
// longer edited, only deleted; a deleted one is gone.
func init() {
	azTable = append(azTable,
		azRow{"POST /comments/:id", "", azWant{toSignIn, 403, 303, 403, 403, 403, 403, 403}},
		azRow{"POST /comments/:id", "hidden", azWant{toSignIn, 404, 409, 404, 404, 404, 403, 403}},
		azRow{"POST /comments/:id/delete", "", azWant{toSignIn, 403, 303, 403, 403, 403, 403, 403}},
		azRow{"POST /comments/:id/delete", "deleted", azWant{toSignIn, 404, 404, 404, 404, 404, 404, 404}},
		azRow{"PATCH /api/v1/comments/:id", "", azWant{401, 403, 200, 403, 403, 403, 403, 403}},
		azRow{"PATCH /api/v1/comments/:id", "hidden", azWant{401, 404, 409, 404, 404, 404, 403, 403}},
		azRow{"PATCH /api/v1/comments/:id", "helpful", azWant{401, 403, 409, 403, 403, 403, 403, 403}},
		azRow{"PATCH /api/v1/comments/:id", "missing", azWant{401, 404, 404, 404, 404, 404, 404, 404}},
		azRow{"DELETE /api/v1/comments/:id", "", azWant{401, 403, 204, 403, 403, 403, 403, 403}},
		azRow{"DELETE /api/v1/comments/:id", "hidden", azWant{401, 404, 409, 404, 404, 404, 403, 403}},
		azRow{"DELETE /api/v1/comments/:id", "helpful", azWant{401, 403, 204, 403, 403, 403, 403, 403}},
		azRow{"DELETE /api/v1/comments/:id", "deleted", azWant{401, 404, 404, 404, 404, 404, 404, 404}},
	)
	hide := func(s *azScene) int {
		id := s.comment()
		s.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", id), map[string]string{"action": "hide", "reason": "abuse"}, 200)
		return id
	}
	helpful := func(s *azScene) int {
		id := s.comment()
		s.api("PUT", fmt.Sprintf("/api/v1/comments/%d/helpful", id), nil, 200)
		return id
	}
	deleted := func(s *azScene) int {
		id := s.comment()
		s.w.h.api("DELETE", fmt.Sprintf("/api/v1/comments/%d", id), s.w.users[azAuthor].token, nil).must(s.w.t, 204)
		return id
	}
	edit := map[string]string{"body": "first! (typo fixed)"}
	for k, f := range map[string]azFixture{
		"POST /comments/:id": func(s *azScene, u *azUser) azReq {
			return azForm(fmt.Sprintf("/comments/%d", s.comment()), "body", edit["body"])
		},
		"POST /comments/:id#hidden": func(s *azScene, u *azUser) azReq {
			return azForm(fmt.Sprintf("/comments/%d", hide(s)), "body", edit["body"])
		},
		"POST /comments/:id/delete": func(s *azScene, u *azUser) azReq {
			return azForm(fmt.Sprintf("/comments/%d/delete", s.comment()))
		},
		"POST /comments/:id/delete#deleted": func(s *azScene, u *azUser) azReq {
			return azForm(fmt.Sprintf("/comments/%d/delete", deleted(s)))
		},
		"PATCH /api/v1/comments/:id": func(s *azScene, u *azUser) azReq {
			return azAPI(fmt.Sprintf("/api/v1/comments/%d", s.comment()), edit)
		},
		"PATCH /api/v1/comments/:id#hidden": func(s *azScene, u *azUser) azReq {
			return azAPI(fmt.Sprintf("/api/v1/comments/%d", hide(s)), edit)
		},
		"PATCH /api/v1/comments/:id#helpful": func(s *azScene, u *azUser) azReq {
			return azAPI(fmt.Sprintf("/api/v1/comments/%d", helpful(s)), edit)
		},
		"PATCH /api/v1/comments/:id#missing": func(s *azScene, u *azUser) azReq {
			return azAPI("/api/v1/comments/999999", edit)
		},
		"DELETE /api/v1/comments/:id": func(s *azScene, u *azUser) azReq {
			return azAPI(fmt.Sprintf("/api/v1/comments/%d", s.comment()), nil)
		},
		"DELETE /api/v1/comments/:id#hidden": func(s *azScene, u *azUser) azReq {
			return azAPI(fmt.Sprintf("/api/v1/comments/%d", hide(s)), nil)
		},
		"DELETE /api/v1/comments/:id#helpful": func(s *azScene, u *azUser) azReq {
			return azAPI(fmt.Sprintf("/api/v1/comments/%d", helpful(s)), nil)
		},
		"DELETE /api/v1/comments/:id#deleted": func(s *azScene, u *azUser) azReq {
			return azAPI(fmt.Sprintf("/api/v1/comments/%d", deleted(s)), nil)
		},
	} {
		azFixtures[k] = f
	}
}
