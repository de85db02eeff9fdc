package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A stranger who signs up before the site's first admin does not close
// setup for ever: until setup, sign-ups are refused, by the API and by
// the sign-up page, and setup then works.
func TestNoSignUpBeforeSetup(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	body := map[string]string{"email": "early@x.cn", "name": "early", "password": "fan-password"}
	if r := h.api("POST", "/api/v1/users", "", body); r.Status != 409 || r.errCode() != "setup_required" {
		t.Fatalf("a sign-up before setup: %d %s", r.Status, r.Body)
	}
	if r := h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "early@x.cn", "password": "fan-password"}); r.Status != 401 {
		t.Fatalf("the refused sign-up made an account: %d %s", r.Status, r.Body)
	}
	// The sign-up page leads to setup, and its form is refused the same
	// way, in Chinese for a Chinese page.
	b := h.browser()
	if r := b.get("/signup"); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/setup" {
		t.Errorf("the sign-up page before setup: %d %s", r.Status, r.Header.Get("Location"))
	}
	b.post("/setup", "/lang", url.Values{"lang": {"zh"}, "next": {"/"}}).must(t, http.StatusSeeOther)
	form := url.Values{"email": {"early2@x.cn"}, "name": {"early"}, "password": {"fan-password"}}
	if r := b.post("/setup", "/signup", form); r.Status != http.StatusConflict || !strings.Contains(r.Body, "尚未完成设置") {
		t.Fatalf("the sign-up form before setup: %d %.400s", r.Status, r.Body)
	}
	admin := h.setup() // still possible
	if r := h.api("GET", "/api/v1/me", admin, nil).must(t, 200).JSON; !strings.Contains(fmt.Sprint(r["roles"]), "admin") {
		t.Fatalf("setup's user: %v", r)
	}
	h.fan("after@x.cn") // and sign-ups open once it is done
}

// The bearer scheme is case-insensitive, as in HTTP (RFC 9110 §11.1).
func TestBearerSchemeInAnyCase(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	for _, scheme := range []string{"Bearer", "bearer", "BEARER"} {
		req, _ := http.NewRequest("GET", h.srv.URL+"/api/v1/me", nil)
		req.Header.Set("Authorization", scheme+" "+admin)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("%q: %d", scheme, res.StatusCode)
		}
	}
	for _, bad := range []string{"Basic " + admin, "Bearer" + admin, admin} {
		req, _ := http.NewRequest("GET", h.srv.URL+"/api/v1/me", nil)
		req.Header.Set("Authorization", bad)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 401 {
			t.Errorf("%q: %d, want 401", bad[:6], res.StatusCode)
		}
	}
}

// Making an account that does not exist a club's organiser is a 404 (no
// such object), not the 409 for an account that is not a member.
func TestOrganiserOfNoSuchAccount(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	club := num(h.api("POST", "/api/v1/clubs", admin, map[string]any{"city": "青岛", "name": "青岛同城会"}).must(t, 201).JSON, "id")
	if r := h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/organisers/999999", club), admin, nil); r.Status != 404 || r.errCode() != "not_found" {
		t.Errorf("no such account: %d %s", r.Status, r.Body)
	}
	fan := h.fan("fan@x.cn")
	fanID := num(h.api("GET", "/api/v1/me", fan, nil).JSON, "id")
	if r := h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", club, fanID), admin, nil); r.Status != 409 || r.errCode() != "not_a_member" {
		t.Errorf("not a member: %d %s", r.Status, r.Body)
	}
}
