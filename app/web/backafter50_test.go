package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A fan whose session ended while they wrote a comment (signed out
// everywhere from another phone) is sent to sign in and then back to the
// idea they were on, not to the home page; a Referer from elsewhere is
// not followed.
func TestASignInAfterAnEndedSessionLeadsBackToTheForm(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	id := h.idea(admin, cid, "滚筒自清洁")
	page := fmt.Sprintf("/ideas/%d", id)
	post := func(referer string) string {
		form := url.Values{"body": {"写到一半的评论"}}
		req, _ := http.NewRequest("POST", h.srv.URL+page+"/comments", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		if referer != "" {
			req.Header.Set("Referer", referer)
		}
		r := h.do(h.browser().client, req).must(t, 303)
		return r.Header.Get("Location")
	}
	if got, want := post(h.srv.URL+page+"?sort=new"), "/signin?next="+url.QueryEscape(page+"?sort=new"); got != want {
		t.Errorf("from the idea's page: to %q, want %q", got, want)
	}
	for _, ref := range []string{"", "https://evil.example" + page, h.srv.URL + "//evil.example/x"} {
		if got := post(ref); got != "/signin?next=%2F" {
			t.Errorf("Referer %q: to %q, want home", ref, got)
		}
	}
}
