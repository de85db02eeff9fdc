package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A sibling subdomain (same site, another origin) can set a cookie for the
// whole site, so the double-submit pair (_csrf cookie, _csrf field) proves
// nothing when the browser says the request is same-site: such writes are
// refused, whatever token they carry, while the site's own pages still work.
func TestSameSiteForgeryIsRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	id := h.idea(admin, cid, "target")
	path := "/ideas/" + itoa(int64(id)) + "/vote"
	fan := h.browser()
	h.fan("fan@x.cn")
	fan.signIn("fan@x.cn", "fan-password")

	// The page at evil.example.cn (a sibling of the site) tossed a cookie
	// of its own choosing and posts the same value in the form.
	forge := func(b *browser, secFetch string) res {
		u, _ := url.Parse(h.srv.URL)
		b.client.Jar.SetCookies(u, []*http.Cookie{{Name: "_csrf", Value: "tossed-by-a-sibling", Path: "/"}})
		f := url.Values{"_csrf": {"tossed-by-a-sibling"}}
		req, _ := http.NewRequest("POST", h.srv.URL+path, strings.NewReader(f.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", secFetch)
		req.Header.Set("Origin", "https://evil.example.cn")
		return h.do(b.client, req)
	}
	votes := func() int {
		return num(h.api("GET", "/api/v1/ideas/"+itoa(int64(id)), "", nil).must(t, 200).JSON, "votes")
	}
	if r := forge(fan, "same-site"); r.Status != http.StatusForbidden {
		t.Errorf("same-site vote with a tossed cookie and token: %d, want 403", r.Status)
	}
	if n := votes(); n != 0 {
		t.Fatalf("the forged vote counted: %d votes", n)
	}
	// Nor may a sibling sign a visitor in as the attacker (login forgery).
	visitor := h.browser()
	u, _ := url.Parse(h.srv.URL)
	visitor.client.Jar.SetCookies(u, []*http.Cookie{{Name: "_csrf", Value: "tossed", Path: "/"}})
	req, _ := http.NewRequest("POST", h.srv.URL+"/signin", strings.NewReader(url.Values{"_csrf": {"tossed"}, "email": {"fan@x.cn"}, "password": {"fan-password"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-site")
	if r := h.do(visitor.client, req); r.Status != http.StatusForbidden {
		t.Errorf("same-site sign-in: %d, want 403", r.Status)
	}

	// The site's own form: with the page's token (an older browser), and
	// from a modern browser that says same-origin, accepted.
	own := fan.post("/ideas/"+itoa(int64(id)), path, nil)
	if own.Status != http.StatusSeeOther {
		t.Fatalf("the page's own vote form: %d %.300s", own.Status, own.Body)
	}
	req, _ = http.NewRequest("POST", h.srv.URL+path, strings.NewReader("vote=0"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if r := h.do(fan.client, req); r.Status != http.StatusSeeOther {
		t.Errorf("same-origin write without a token: %d, want 303", r.Status)
	}
}
