package web

import (
	"strings"
	"testing"
)

// The rows of the permission table for the site's name and logo (session
// 51): anyone reads them, only admins change them, on the page and
// through the API.
func init() {
	azTable = append(azTable,
		azRow{"GET /admin/site", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 200}},
		azRow{"POST /admin/site", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
		azRow{"GET /api/v1/site", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
		azRow{"PUT /api/v1/site", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
		azRow{"PUT /api/v1/site", "too long", azWant{401, 403, 403, 403, 403, 403, 403, 400}},
	)
	for k, f := range map[string]azFixture{
		"GET /admin/site": func(s *azScene, u *azUser) azReq { return azGet("/admin/site") },
		"POST /admin/site": func(s *azScene, u *azUser) azReq {
			return azForm("/admin/site", "name_zh", "海尔创客", "name_en", "Haier Makers")
		},
		"GET /api/v1/site": func(s *azScene, u *azUser) azReq { return azGet("/api/v1/site") },
		"PUT /api/v1/site": func(s *azScene, u *azUser) azReq {
			return azAPI("/api/v1/site", map[string]string{"name_zh": "海尔创客"})
		},
		"PUT /api/v1/site#too long": func(s *azScene, u *azUser) azReq {
			return azAPI("/api/v1/site", map[string]string{"name_zh": "海尔创客海尔创客海尔创客海尔创客海尔创客海尔创客海尔创客海尔创客"})
		},
	} {
		azFixtures[k] = f
	}
	gbActsWithoutInput["PUT /api/v1/site"] = "every field is optional: a body without one saves the site as it is"
	gbActsWithoutInput["POST /admin/site"] = "every field is optional: a form without one saves the site as it is"
	gbFileFields["POST /admin/site"] = "logo"
}

// The site's rows alone, as TestAuthorizationMatrix walks them all: a
// quick check while working on them.
func TestSite51Authorization(t *testing.T) {
	t.Parallel()
	w := newAZWorld(t)
	for _, row := range azTable {
		if !strings.HasSuffix(row.route, "/site") {
			continue
		}
		fix := azFixtures[azKey(row)]
		if fix == nil {
			t.Fatalf("%s: no fixture", azKey(row))
		}
		method, _, _ := strings.Cut(row.route, " ")
		for role := azVisitor; role < azRoles; role++ {
			u := w.users[role]
			req := fix(w.scene(), u)
			if got, body := w.send(u, method, req); got != row.want[role] {
				t.Errorf("%-40s as %-8s: got %s, want %s; body: %.200s", azKey(row), azRoleNames[role], azStatus(got), azStatus(row.want[role]), body)
			}
		}
	}
	if n, _, _, _, _ := siteNames(t, w.h); n != "海尔创客" {
		t.Errorf("the admin's rows did not change the name: %q", n)
	}
}
