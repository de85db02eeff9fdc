package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// club51 is a club whose only organiser, 小林, deleted their account,
// with another member, 小王, left in it.
func club51(t *testing.T) (h *harness, admin, member string, club int, memberID int64) {
	t.Helper()
	h = newHarness(t)
	admin = h.setup()
	club = num(h.api("POST", "/api/v1/clubs", admin, map[string]any{"city": "青岛", "name": "青岛同城会"}).must(t, 201).JSON, "id")
	organiser, member := h.fan("lin@x.cn"), h.fan("wang@x.cn")
	h.api("PATCH", "/api/v1/me", member, map[string]string{"name": "小王"}).must(t, 200)
	for _, tok := range []string{organiser, member} {
		h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/members/me", club), tok, nil).must(t, 200)
	}
	h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", club, h.userID(organiser)), admin, nil).must(t, 200)
	if n := clubOrganisers(t, h, club, ""); n != 1 {
		t.Fatalf("organisers before = %d, want 1", n)
	}
	h.api("DELETE", "/api/v1/me", organiser, map[string]string{"current_password": "fan-password"}).must(t, 204)
	return h, admin, member, club, h.userID(member)
}

// A club whose only organiser deleted their account says it needs one:
// the API's organisers is 0, the clubs list marks it, the club page tells
// a member what happens and an admin where to name one; the admin names
// the member, and the club has an organiser again.
func TestClub51AClubWithoutOrganiserSaysSoAndAnAdminNamesOne(t *testing.T) {
	h, _, member, club, memberID := club51(t)
	if n := clubOrganisers(t, h, club, ""); n != 0 {
		t.Errorf("organisers after the deletion = %d, want 0", n)
	}
	b := h.browser()
	b.signIn("wang@x.cn", "fan-password")
	b.post("/", "/lang", url.Values{"lang": {"zh"}})
	page := b.get(fmt.Sprintf("/clubs/%d", club)).must(t, 200).Body
	if !strings.Contains(page, `id="needs-organiser"`) || !strings.Contains(page, "管理员或版主会从成员中任命新的组织者") {
		t.Errorf("the member's club page does not say it needs an organiser")
	}
	if !strings.Contains(b.get("/clubs").must(t, 200).Body, "暂无组织者") {
		t.Error("the clubs list does not mark the club")
	}
	a := h.adminBrowser()
	a.post("/", "/lang", url.Values{"lang": {"zh"}})
	clubPage := fmt.Sprintf("/clubs/%d", club)
	if body := a.get(clubPage).must(t, 200).Body; !strings.Contains(body, "请从成员中任命一位") {
		t.Error("the admin's club page does not say where to name an organiser")
	}
	a.post(clubPage, fmt.Sprintf("/clubs/%d/organisers/%d", club, memberID), url.Values{"organiser": {"1"}}).must(t, 303)
	if n := clubOrganisers(t, h, club, member); n != 1 {
		t.Errorf("organisers after the admin named one = %d, want 1", n)
	}
	if strings.Contains(b.get(clubPage).must(t, 200).Body, `id="needs-organiser"`) {
		t.Error("the club still says it needs an organiser")
	}
}

// The same on a 375 px phone in Chinese: the member reads the notice at
// the top of the club page, and nothing scrolls sideways; the admin's
// deleted row on the users page shows 已注销 and no form.
func TestClub51PhoneAClubWithoutOrganiser(t *testing.T) {
	t.Parallel()
	h, _, _, club, _ := club51(t)
	ctx := newBrowser(t, 375, 667)
	run(t, ctx, chromedp.Navigate(h.srv.URL+"/signin"),
		chromedp.SendKeys("#email", "wang@x.cn", chromedp.ByQuery),
		chromedp.SendKeys("#password", "fan-password", chromedp.ByQuery),
		chromedp.Submit("#password", chromedp.ByQuery),
		chromedp.WaitVisible(".user-name", chromedp.ByQuery))
	setLanguage(t, ctx, h, "zh")
	jVisit(t, ctx, fmt.Sprintf("%s/clubs/%d", h.srv.URL, club))
	jWantContains(t, "the notice", jText(t, ctx, "#needs-organiser"), "这个俱乐部暂时没有组织者")
	jInView(t, ctx, "the notice", "#needs-organiser")
	jFits(t, ctx, "the club page")
	shot(t, ctx, "/tmp/club51-phone-needs-organiser.png", true)

	actx := newBrowser(t, 375, 667)
	run(t, actx, chromedp.Navigate(h.srv.URL+"/signin"),
		chromedp.SendKeys("#email", "admin@brand.cn", chromedp.ByQuery),
		chromedp.SendKeys("#password", "admin-password", chromedp.ByQuery),
		chromedp.Submit("#password", chromedp.ByQuery),
		chromedp.WaitVisible(".user-name", chromedp.ByQuery))
	setLanguage(t, actx, h, "zh")
	jVisit(t, actx, h.srv.URL+"/admin/users")
	jWantContains(t, "the deleted row", jText(t, actx, ".user-row.deleted"), "已注销")
	if n := jTexts(t, actx, ".user-row.deleted form"); len(n) != 0 {
		t.Errorf("the deleted row has %d forms", len(n))
	}
	jFits(t, actx, "the users page")
	shot(t, actx, "/tmp/deletion51-phone-users.png", true)
}

// clubOrganisers is the API's count of a club's organisers.
func clubOrganisers(t *testing.T, h *harness, club int, who string) int {
	t.Helper()
	c, _ := h.api("GET", fmt.Sprintf("/api/v1/clubs/%d", club), who, nil).must(t, 200).JSON["club"].(map[string]any)
	return num(c, "organisers")
}
