package web

import (
	"context"
	"fmt"

	"cocreate/app/domain"
	"cocreate/app/workflow"
)

// Opening one notice (the notifications page's form, the API's read):
// only the reader's own; another's is not found.
func init() {
	azTable = append(azTable,
		azRow{"POST /notifications/:id/open", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
		azRow{"POST /notifications/:id/open", "other", azWant{toSignIn, 404, 404, 404, 404, 404, 404, 404}},
		azRow{"POST /api/v1/me/notifications/:id/read", "", azWant{401, 204, 204, 204, 204, 204, 204, 204}},
		azRow{"POST /api/v1/me/notifications/:id/read", "other", azWant{401, 404, 404, 404, 404, 404, 404, 404}},
	)
	azFixtures["POST /notifications/:id/open"] = func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/notifications/%d/open", s.noticeFor(u.id)))
	}
	azFixtures["POST /notifications/:id/open#other"] = func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/notifications/%d/open", s.noticeFor(s.w.target)))
	}
	azFixtures["POST /api/v1/me/notifications/:id/read"] = func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/me/notifications/%d/read", s.noticeFor(u.id)), nil)
	}
	azFixtures["POST /api/v1/me/notifications/:id/read#other"] = func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/me/notifications/%d/read", s.noticeFor(s.w.target)), nil)
	}
}

// noticeFor writes one notice for a person (the throwaway account's for a
// visitor, who has none): an update posted on the scene's project, told to
// them alone. It returns the notice's id.
func (s *azScene) noticeFor(userID int) int64 {
	if userID == 0 {
		userID = s.w.target
	}
	pid := s.project()
	h := s.w.h
	ctx := context.Background()
	allow := func(workflow.Project) error { return nil }
	if err := h.store.PostUpdate(ctx, int64(pid), int64(s.w.users[azAdmin].id), "进展", allow, func(p workflow.Project, _ domain.Audience, _ int64) []domain.Outgoing {
		return []domain.Outgoing{{To: int64(userID), Kind: domain.NoticeProjectUpdate, URL: domain.ProjectLink(p.ID), Args: []string{p.Title, "进展"}}}
	}); err != nil {
		s.w.t.Fatal(err)
	}
	rows, err := h.store.Notifications(ctx, int64(userID), 0, 1)
	if err != nil || len(rows) != 1 {
		s.w.t.Fatalf("the notice for %d: %v %v", userID, rows, err)
	}
	return rows[0].ID
}
