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
// Referer, when it is this site's), not only home: an unconfirmed fan who
// pressed "RSVP" returns to the meetup. Another site's page, or none, gives
// only the way home.
func TestAnErrorPageLeadsBackToTheFormsPage(t *testing.T) {
	c := newPeople27Club(t, "青岛")
	h := c.h
	ev := num(c.post(h.clock().Add(2*time.Hour), 5).must(t, 201).JSON, "id")
	c.member(t, "new@x.cn", false) // not confirmed: may not answer meetups
	b := h.browser()
	b.signIn("new@x.cn", "fan-password")
	event := fmt.Sprintf("/events/%d", ev)
	rsvp := func(referer string) string {
		t.Helper()
		form := url.Values{"_csrf": {b.csrf(event)}}
		req, _ := http.NewRequest("POST", h.srv.URL+event+"/rsvp", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept-Language", "zh-CN")
		if referer != "" {
			req.Header.Set("Referer", referer)
		}
		return h.do(b.client, req).must(t, 403).Body
	}
	back := `<a class="button primary" href="` + event + `">返回上一页</a>`
	if page := rsvp(h.srv.URL + event); !strings.Contains(page, back) {
		t.Errorf("the refused RSVP does not lead back to the meetup:\n%.2000s", page)
	}
	for _, ref := range []string{"", "https://evil.example" + event, h.srv.URL + "//evil.example/x", h.srv.URL + event + "/rsvp"} {
		if page := rsvp(ref); strings.Contains(page, "返回上一页") {
			t.Errorf("referer %q: a way back is offered", ref)
		}
	}
}
