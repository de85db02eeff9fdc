package web

import (
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
)

// A project's engineer hands it over to a colleague from the project page
// (on a phone, in Chinese), or an admin assigns it through the API: the new
// engineer is told and runs it from then on; the one who gave it up no
// longer can. Refusals name the field and change nothing.
func TestHand43AProjectIsHandedOver(t *testing.T) {
	t.Parallel()
	e, b, page := engineerOnProject(t)
	h := e.h
	owner := func() int {
		return num(h.api("GET", fmt.Sprintf("/api/v1/projects/%d", e.pid), "", nil).must(t, 200).JSON["owner"].(map[string]any), "id")
	}
	_, judgeID := h.staffer(e.admin, "judge@x.cn", "judge")
	_, goneID := h.staffer(e.admin, "gone@x.cn", "engineer")
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", goneID), e.admin, map[string]any{"suspended": true, "reason": "离职"}).must(t, 200)

	// The page offers its engineers, the project's own chosen; not the
	// suspended one.
	body := b.zhPage(page)
	if !strings.Contains(body, `action="`+page+`/owner"`) || !strings.Contains(body, html.EscapeString(jT("zh", "hand43.submit"))) {
		t.Fatalf("the engineer's page has no hand-over form")
	}
	if !strings.Contains(body, fmt.Sprintf(`<option value="%d" selected>`, e.engID)) || !strings.Contains(body, fmt.Sprintf(`<option value="%d">eng2</option>`, e.eng2ID)) {
		t.Errorf("the choices do not offer eng2 with the owner chosen")
	}
	if strings.Contains(body, fmt.Sprintf(`<option value="%d"`, goneID)) {
		t.Errorf("a suspended engineer is offered")
	}
	if strings.Contains(h.browser().zhPage(page), `/owner"`) {
		t.Errorf("a visitor sees the hand-over form")
	}

	// Refused, changing nothing.
	api := fmt.Sprintf("/api/v1/projects/%d/owner", e.pid)
	for _, c := range []struct {
		who         string
		body        any
		status      int
		field, code string
	}{
		{e.fan, map[string]any{"owner_id": e.fanID}, 403, "", "forbidden"},
		{e.eng2, map[string]any{"owner_id": e.eng2ID}, 403, "", "forbidden"},
		{e.eng2, map[string]any{"owner_id": 999999}, 403, "", "forbidden"}, // learns nothing of the account asked for
		{e.eng2, map[string]any{"owner_id": goneID}, 403, "", "forbidden"},
		{"", map[string]any{"owner_id": e.eng2ID}, 401, "", "unauthorized"},
		{e.eng, map[string]any{"owner_id": e.fanID}, 400, "owner_id", "not_an_engineer"},
		{e.admin, map[string]any{"owner_id": judgeID}, 400, "owner_id", "not_an_engineer"},
		{e.admin, map[string]any{"owner_id": goneID}, 400, "owner_id", "owner_suspended"},
		{e.eng, map[string]any{"owner_id": 999999}, 400, "owner_id", "unknown_user"},
		{e.eng, map[string]any{}, 400, "owner_id", "required"},
		{e.eng, map[string]any{"owner_id": "eng2"}, 400, "owner_id", ""},
	} {
		r := h.api("PUT", api, c.who, c.body).must(t, c.status)
		if r.errField() != c.field || c.code != "" && r.errCode() != c.code {
			t.Errorf("%v: %s", c.body, r.Body)
		}
	}
	if owner() != e.engID || noticeOf(e.notices(t, e.eng2), "project_handed") != nil {
		t.Fatalf("a refused hand-over changed something")
	}
	// On the page, refused in its form, in Chinese, with the select in focus.
	zhPost := func(id int) res {
		form := url.Values{"owner_id": {itoa(int64(id))}, "_csrf": {b.csrf(page)}}
		return b.postLang(page+"/owner", strings.NewReader(form.Encode()), "zh-CN")
	}
	r := zhPost(goneID)
	if r.Status != 400 || !strings.Contains(r.Body, html.EscapeString(jT("zh", "error.owner_suspended"))) || !strings.Contains(r.Body, `name="owner_id" aria-describedby="owner-hint" autofocus`) {
		t.Errorf("refused on the page: %d %.300s", r.Status, r.Body)
	}

	// No engineer chosen (not a number): the service's "required", in place.
	form := url.Values{"owner_id": {"王工"}, "_csrf": {b.csrf(page)}}
	if r := b.postLang(page+"/owner", strings.NewReader(form.Encode()), "zh-CN"); r.Status != 400 || !strings.Contains(r.Body, html.EscapeString(jT("zh", "error.required"))) || owner() != e.engID {
		t.Errorf("no engineer chosen: %d", r.Status)
	}

	// Handed to its own engineer (the form's first choice): nothing
	// changes, nobody is told, and the page says so.
	h.api("PUT", api, e.eng, map[string]any{"owner_id": e.engID}).must(t, 200)
	r = zhPost(e.engID).must(t, 303)
	if after := b.zhPage(r.Header.Get("Location")); !strings.Contains(after, html.EscapeString(jT("zh", "hand43.unchanged"))) || owner() != e.engID || noticeOf(e.notices(t, e.eng), "project_handed") != nil {
		t.Errorf("handed to its own engineer: the page does not say nothing changed, or something changed")
	}
	// The engineer hands it on from the page.
	r = zhPost(e.eng2ID)
	if r.Status != 303 || owner() != e.eng2ID {
		t.Fatalf("handed on: %d, owner %d", r.Status, owner())
	}
	if after := b.zhPage(r.Header.Get("Location")); !strings.Contains(after, html.EscapeString(jT("zh", "hand43.handed"))) || strings.Contains(after, `/owner"`) {
		t.Errorf("after handing it on, the page does not say so, or still offers the form")
	}
	n := noticeOf(e.notices(t, e.eng2), "project_handed")
	if n == nil || str(n, "url") != fmt.Sprintf("/projects/%d", e.pid) {
		t.Fatalf("the new engineer was not told: %v", e.notices(t, e.eng2))
	}
	if noticeOf(e.notices(t, e.eng), "project_handed") != nil {
		t.Errorf("the engineer who handed it on was told of their own act")
	}
	eng2 := h.browser()
	eng2.signIn("eng2@x.cn", "fan-password")
	if !strings.Contains(eng2.zhPage("/notifications"), html.EscapeString(jT("zh", "notice.project_handed", "免清洗内筒"))) {
		t.Errorf("the notice does not read in Chinese on the new engineer's page")
	}
	// The new engineer runs it; the old one no longer can.
	e.move(e.eng, "accepted", "").must(t, 403)
	e.move(e.eng2, "accepted", "").must(t, 200)
	// An admin gives it back through the API.
	r = h.api("PUT", api, e.admin, map[string]any{"owner_id": e.engID}).must(t, 200)
	if num(r.JSON["owner"].(map[string]any), "id") != e.engID || noticeOf(e.notices(t, e.eng), "project_handed") == nil {
		t.Errorf("the admin's hand-over: %s", r.Body)
	}
	// The engineer it was taken from hears whom it went to.
	if noticeOf(e.notices(t, e.eng2), "project_handed_away") == nil ||
		!strings.Contains(eng2.zhPage("/notifications"), html.EscapeString(jT("zh", "notice.project_handed_away", "免清洗内筒", "eng"))) {
		t.Errorf("the engineer it was taken from was not told, in Chinese")
	}
}
