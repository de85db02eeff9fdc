package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// What the phone walk of session 27 found: a refused field says why beside
// itself and takes the focus (the vote budget on the challenge form, a
// meetup's start on the club page), an admin sees that a profile's account
// is suspended, and an older page of notifications links back to the
// newest.
func TestWalk27RefusedFieldsSayWhyBesideThemselves(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"vote_budget": 3})
	b := h.adminBrowser()
	edit := fmt.Sprintf("/challenges/%d/edit", cid)
	form := challengeFormValues(h.clock(), "洗衣机二次污染")
	form.Set("vote_budget", "2")
	body := b.post(edit, fmt.Sprintf("/challenges/%d", cid), form).must(t, 409).Body
	if !strings.Contains(body, `id="vote_budget-error"`) || !strings.Contains(body, `name="vote_budget" type="number" min="0" value="2" autofocus`) {
		t.Errorf("the refused vote budget does not say why beside itself, focused")
	}
}

func TestWalk27AMeetupsRefusedStartIsFocused(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	b := c.h.browser()
	b.signIn("org@x.cn", "fan-password")
	club := fmt.Sprintf("/clubs/%d", c.club)
	soon := c.h.clock().Add(10 * time.Minute).UTC().Format("2006-01-02T15:04") // the harness reads times in UTC
	body := b.post(club, club+"/events", url.Values{"title": {"工厂开放日"}, "place": {"青岛"}, "starts_at": {soon}, "capacity": {"10"}}).must(t, 400).Body
	if !strings.Contains(body, `aria-describedby="err-starts_at" autofocus`) || !strings.Contains(body, `id="err-starts_at"`) {
		t.Errorf("the refused start is not focused beside its reason")
	}
}

func TestWalk27AdminSeesASuspendedProfile(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("spam@x.cn")
	id := num(h.api("GET", "/api/v1/me", fan, nil).JSON, "id")
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", id), admin, map[string]any{"suspended": true, "reason": "spam"}).must(t, 200)
	b := h.adminBrowser()
	if page := b.get(fmt.Sprintf("/users/%d", id), "Accept-Language", "zh-CN").must(t, 200).Body; !strings.Contains(page, "此账号已被停用") {
		t.Error("the admin is not told the account is suspended")
	}
	other := h.fan("fan@x.cn")
	oid := num(h.api("GET", "/api/v1/me", other, nil).JSON, "id")
	if page := b.get(fmt.Sprintf("/users/%d", oid), "Accept-Language", "zh-CN").must(t, 200).Body; strings.Contains(page, "此账号已被停用") {
		t.Error("an account in good standing is said to be suspended")
	}
}
