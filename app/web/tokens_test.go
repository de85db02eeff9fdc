package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A leaked or retired token can be revoked, and it stops working at once:
// by id from the API, as "the token I am signed with" when an app signs
// out, and from the settings page. Nobody can revoke, or even see, someone
// else's tokens.
func TestTokensCanBeRevoked(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	phone := h.fan("fan@x.cn")
	laptop := str(h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan@x.cn", "password": "fan-password", "name": "笔记本 laptop"}).must(t, 201).JSON, "token")
	other := h.fan("other@x.cn")

	list := h.api("GET", "/api/v1/me/tokens", phone, nil).must(t, 200).JSON["tokens"].([]any)
	if len(list) != 2 {
		t.Fatalf("the fan has %d tokens listed, want 2: %v", len(list), list)
	}
	newest := list[0].(map[string]any)
	if newest["name"] != "笔记本 laptop" || newest["created_at"] == "" {
		t.Errorf("newest token listed as %v", newest)
	}
	if raw := h.api("GET", "/api/v1/me/tokens", phone, nil).Body; strings.Contains(raw, "cct_") {
		t.Error("the token list shows a secret")
	}
	laptopID := num(newest, "id")

	// Someone else cannot revoke it: not found, and it still works.
	h.api("DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", laptopID), other, nil).must(t, 404)
	h.api("GET", "/api/v1/me", laptop, nil).must(t, 200)

	// Its owner can, and it is refused from the very next request (the
	// token was looked up, and so cached, just before).
	h.api("DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", laptopID), phone, nil).must(t, 204)
	h.api("GET", "/api/v1/me", laptop, nil).must(t, 401)
	h.api("DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", laptopID), phone, nil).must(t, 404)
	h.api("GET", "/api/v1/me", phone, nil).must(t, 200) // the other token is untouched

	// An app signs out with the token it holds.
	h.api("DELETE", "/api/v1/tokens/current", phone, nil).must(t, 204)
	h.api("GET", "/api/v1/me", phone, nil).must(t, 401)
	h.api("GET", "/api/v1/me", other, nil).must(t, 200)

	// In the browser: the settings page lists the tokens and revokes one.
	b := h.browser()
	b.signIn("other@x.cn", "fan-password")
	page := b.get("/settings").must(t, 200).Body
	m := strings.Index(page, "/settings/tokens/")
	if m < 0 {
		t.Fatalf("the settings page lists no token to revoke:\n%s", page)
	}
	action := page[m : m+strings.Index(page[m:], `"`)]
	b.post("/settings", action, url.Values{}).must(t, 303)
	h.api("GET", "/api/v1/me", other, nil).must(t, 401)
	if got := b.get("/settings").Body; !strings.Contains(got, "no longer works") && !strings.Contains(got, "不能再使用") {
		t.Errorf("no word that the token was revoked:\n%s", got)
	}

	// A browser session has no token to revoke as "current".
	req, _ := http.NewRequest("DELETE", h.srv.URL+"/api/v1/tokens/current", nil)
	req.Header.Set("X-CSRF-Token", b.csrf("/settings"))
	if r := h.do(b.client, req); r.Status != 400 || r.errField() != "Authorization" {
		t.Errorf("revoking the current token from a browser: %d %s", r.Status, r.Body)
	}
}
