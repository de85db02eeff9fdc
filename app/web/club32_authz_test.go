package web

// The rows of the permission table for asking for a club in a city, and
// their fixtures, kept beside the feature (appended, as the voting
// methods' are).
func init() {
	azTable = append(azTable,
		// Only confirmed accounts ask (the table's fan and author are not;
		// its staff are, as a staff role needs since session 51).
		azRow{"POST /clubs/requests", "", azWant{toSignIn, 403, 403, 303, 303, 303, 303, 303}},
		azRow{"POST /clubs/requests/withdraw", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
		azRow{"GET /api/v1/clubs/requests", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
		azRow{"POST /api/v1/clubs/requests", "", azWant{401, 403, 403, 201, 201, 201, 201, 201}},
		azRow{"DELETE /api/v1/clubs/requests", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
	)
	azFixtures["POST /clubs/requests"] = func(s *azScene, u *azUser) azReq {
		return azForm("/clubs/requests", "city", "潍坊")
	}
	azFixtures["POST /clubs/requests/withdraw"] = func(s *azScene, u *azUser) azReq {
		return azForm("/clubs/requests/withdraw", "city", "潍坊")
	}
	azFixtures["GET /api/v1/clubs/requests"] = func(s *azScene, u *azUser) azReq { return azGet("/api/v1/clubs/requests") }
	azFixtures["POST /api/v1/clubs/requests"] = func(s *azScene, u *azUser) azReq {
		return azAPI("/api/v1/clubs/requests", map[string]any{"city": "日照"})
	}
	azFixtures["DELETE /api/v1/clubs/requests"] = func(s *azScene, u *azUser) azReq {
		return azAPI("/api/v1/clubs/requests?city=%E6%97%A5%E7%85%A7", nil)
	}
	gbActsWithoutInput["DELETE /api/v1/clubs/requests"] = "the city is in the query: takes no body"
}
