package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"cocreate/app/people"
	"cocreate/app/service"
)

// More clubs without an organiser than the moderation page lists: it says
// how many there are in all (the heading) and that the first are listed,
// by city, and lists service.OrphanedShown of them; the page reads only
// those clubs (store.ClubsWithoutOrganiser). Once they are fewer, the
// line goes.
func TestClubs54ModerationPageSaysHowManyClubsWantAnOrganiser(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	adminID := int64(h.userID(admin))
	ctx := context.Background()
	n := service.OrphanedShown + 2
	for i := 0; i < n; i++ {
		city := fmt.Sprintf("城%03d", i)
		if _, err := h.store.CreateClub(ctx, people.ClubInput{City: city, Name: city + "同城会"}, adminID, nil); err != nil {
			t.Fatal(err)
		}
	}
	b := h.browser()
	b.signIn("mod@x.cn", "fan-password")
	b.post("/", "/lang", map[string][]string{"lang": {"zh"}})
	body := b.get("/moderation").must(t, 200).Body
	if !strings.Contains(body, fmt.Sprintf("%d 个同城会没有组织者", n)) {
		t.Errorf("the heading does not say %d clubs in all", n)
	}
	if !strings.Contains(body, `id="orphaned-first"`) || !strings.Contains(body, fmt.Sprintf("这里按城市列出前 %d 个", service.OrphanedShown)) {
		t.Error("the page does not say only the first are listed")
	}
	if got := strings.Count(body, `#members"`); got != service.OrphanedShown {
		t.Errorf("%d clubs listed; want %d", got, service.OrphanedShown)
	}
	if strings.Contains(body, "城101同城会") || !strings.Contains(body, "城099同城会") {
		t.Error("the clubs listed are not the first by city")
	}
	// Two given an organiser: all are listed, and the line goes.
	for _, city := range []string{"城000", "城001"} {
		var id int64
		clubs, _, err := h.store.ClubsWithoutOrganiser(ctx, 1)
		if err != nil || len(clubs) != 1 || clubs[0].City != city {
			t.Fatalf("first club without an organiser: %v %v; want %s", clubs, err, city)
		}
		id = clubs[0].ID
		h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/members/me", id), mod, nil).must(t, 200)
		h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", id, h.userID(mod)), admin, nil).must(t, 200)
	}
	body = b.get("/moderation").must(t, 200).Body
	if strings.Contains(body, `id="orphaned-first"`) || !strings.Contains(body, fmt.Sprintf("%d 个同城会没有组织者", service.OrphanedShown)) ||
		strings.Count(body, `#members"`) != service.OrphanedShown {
		t.Error("with as many clubs as are listed, the page still says only the first are")
	}
}
