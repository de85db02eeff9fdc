package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A refused form's error page leads back to the page the form was on (its
// Referer, when it is this site's), not only home: a fan who pressed a
// button meant for the meetup's organiser returns to the meetup. Another
// site's page, or none, gives only the way home. (An unconfirmed fan's
// RSVP is not such a page: the meetup itself says why, session 45.)
func TestAnErrorPageLeadsBackToTheFormsPage(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	ev := num(c.post(h.clock().Add(2*time.Hour), 5).must(t, 201).JSON, "id")
	c.member(t, "new@x.cn", false) // not confirmed: may not answer meetups
	b := h.browser()
	b.signIn("new@x.cn", "fan-password")
	event := fmt.Sprintf("/events/%d", ev)
	post := func(path, referer string, status int) string {
		t.Helper()
		form := url.Values{"_csrf": {b.csrf(event)}, "user_id": {"1"}}
		req, _ := http.NewRequest("POST", h.srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept-Language", "zh-CN")
		if referer != "" {
			req.Header.Set("Referer", referer)
		}
		return h.do(b.client, req).must(t, status).Body
	}
	checkIn := func(referer string) string { return post(event+"/checkins", referer, 403) }
	back := `<a class="button primary" href="` + event + `">返回上一页</a>`
	if page := checkIn(h.srv.URL + event); !strings.Contains(page, back) {
		t.Errorf("the refused check-in does not lead back to the meetup:\n%.2000s", page)
	}
	for _, ref := range []string{"", "https://evil.example" + event, h.srv.URL + "//evil.example/x", h.srv.URL + event + "/checkins"} {
		if page := checkIn(ref); strings.Contains(page, "返回上一页") {
			t.Errorf("referer %q: a way back is offered", ref)
		}
	}
	// The unconfirmed fan's RSVP: the meetup's page, saying why.
	if page := post(event+"/rsvp", h.srv.URL+event, 403); !strings.Contains(page, "只有已验证邮箱的账号才能报名活动") || !strings.Contains(page, `<h2 id="rsvp-title">`) {
		t.Errorf("the refused RSVP is not the meetup's page with why:\n%.3000s", page)
	}
}

// An unconfirmed member is told on the meetup's page, before pressing
// anything, that confirming their email lets them answer; a confirmed one
// gets the button.
func TestAnUnconfirmedMemberIsToldBeforeRSVP(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	ev := num(c.post(h.clock().Add(2*time.Hour), 5).must(t, 201).JSON, "id")
	c.member(t, "new@x.cn", false)
	c.member(t, "sure@x.cn", true)
	event := fmt.Sprintf("/events/%d", ev)
	for email, told := range map[string]bool{"new@x.cn": true, "sure@x.cn": false} {
		b := h.browser()
		b.signIn(email, "fan-password")
		page := b.get(event, "Accept-Language", "zh-CN").must(t, 200).Body
		if strings.Contains(page, "验证邮箱后即可报名活动") != told || strings.Contains(page, `id="rsvp-go"`) == told {
			t.Errorf("%s: the page should tell them to confirm (%v) and offer no RSVP button (%v)", email, told, told)
		}
	}
}

// Feedback from someone who is not an accepted tester is refused saying
// so, not with the generic "not allowed".
func TestFeedbackFromANonTesterSaysWhy(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	r := e.h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 5, "body": "好"})
	if r.Status != 403 || r.errCode() != "not_a_tester" {
		t.Errorf("feedback from a non-tester: %d %s", r.Status, r.Body)
	}
}
