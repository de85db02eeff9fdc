package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// signInFrom asks for a token with email and pw "from" the client address
// in X-Forwarded-For (the harness trusts its own proxy).
func (h *harness) signInFrom(addr, email, pw string) res {
	h.t.Helper()
	body := fmt.Sprintf(`{"email":%q,"password":%q}`, email, pw)
	req, _ := http.NewRequest("POST", h.srv.URL+"/api/v1/tokens", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", addr)
	return h.do(http.DefaultClient, req)
}

// slash64 is the n-th /64 of one /48: a client of its own to the
// per-address limit.
func slash64(n int) string { return fmt.Sprintf("2001:db8:1:%x::1", n) }

// throttled fails the test unless r is the account limit's 429 with its
// Retry-After.
func throttled(t *testing.T, what string, r res, retryAfter string) {
	t.Helper()
	if r.Status != http.StatusTooManyRequests || r.errCode() != "too_many_password_attempts" {
		t.Fatalf("%s: %d %s; want 429 too_many_password_attempts", what, r.Status, r.errCode())
	}
	if got := r.Header.Get("Retry-After"); got != retryAfter {
		t.Errorf("%s: Retry-After %q, want %q", what, got, retryAfter)
	}
}

// Guessing one account's password from 40 /64s of one /48 (40 clients
// to the per-address limit, none of them limited) meets the account's
// limit after 5: the rest, the right password among them, are refused
// without a check, saying when to ask again. Another account signs in
// meanwhile. The right password 30 s after the last check signs in, and
// the success gives the free checks back. The sign-in page says it in the
// person's language.
func TestGuessesFromManyAddressesMeetTheAccountLimit(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withRateLimits, withTrustedProxies("127.0.0.1/32"))
	h.setup()
	h.fan("fan@brand.cn")
	const admin = "admin@brand.cn"
	for i := 1; i <= 5; i++ {
		if r := h.signInFrom(slash64(i), admin, "wrong-password"); r.Status != http.StatusUnauthorized {
			t.Fatalf("wrong guess %d: %d %s; want 401", i, r.Status, r.errCode())
		}
	}
	throttled(t, "wrong guess 6", h.signInFrom(slash64(6), admin, "wrong-password"), "30")
	for i := 7; i <= 40; i++ {
		if r := h.signInFrom(slash64(i), admin, "wrong-password"); r.Status != http.StatusTooManyRequests {
			t.Fatalf("wrong guess %d, from another /64: %d; want 429", i, r.Status)
		}
	}
	throttled(t, "the right password, at once", h.signInFrom(slash64(41), admin, "admin-password"), "30")

	// Another account is not touched.
	if r := h.signInFrom(slash64(42), "fan@brand.cn", "wrong-password"); r.Status != http.StatusUnauthorized {
		t.Errorf("another account's wrong password: %d; want 401", r.Status)
	}
	h.signInFrom(slash64(42), "fan@brand.cn", "fan-password").must(t, http.StatusCreated)
	// Nor an address with no account: answered as before.
	if r := h.signInFrom(slash64(43), "nobody@brand.cn", "wrong-password"); r.Status != http.StatusUnauthorized || r.errCode() != "bad_credentials" {
		t.Errorf("an unknown email: %d %s; want 401 bad_credentials", r.Status, r.errCode())
	}

	h.advance(10 * time.Second)
	throttled(t, "the right password 10 s on", h.signInFrom(slash64(44), admin, "admin-password"), "20")
	h.advance(20 * time.Second)
	if r := h.signInFrom(slash64(45), admin, "admin-password"); r.Status != http.StatusCreated || !regexpToken.MatchString(r.Body) {
		t.Fatalf("the right password 30 s after the last check: %d %.200s; want 201 and a token", r.Status, r.Body)
	}

	// The success gave the 5 free checks back; the sixth is refused, on
	// the page too, in Chinese.
	for i := 1; i <= 5; i++ {
		if r := h.signInFrom(slash64(100+i), admin, "wrong-password"); r.Status != http.StatusUnauthorized {
			t.Fatalf("after the success, wrong guess %d: %d; want 401", i, r.Status)
		}
	}
	b := h.browser()
	form := url.Values{"email": {admin}, "password": {"wrong-password"}, "_csrf": {b.csrf("/signin")}}
	req, _ := http.NewRequest("POST", h.srv.URL+"/signin", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "zh-CN")
	req.Header.Set("X-Forwarded-For", slash64(200))
	r := h.do(b.client, req)
	// The refusal redirects to the sign-in page (phonefix29), which says so.
	if got := r.Header.Get("Retry-After"); got != "30" {
		t.Errorf("the sign-in page past the limit: Retry-After %q, want 30", got)
	}
	_, page := refusedSignIn(t, b, r, "zh-CN")
	if !strings.Contains(page, "此账号的密码错误次数过多") || !strings.Contains(page, "30 秒") {
		t.Errorf("the sign-in page past the limit does not say so in Chinese: %.3000s", page)
	}
	if !strings.Contains(page, `value="`+admin+`"`) {
		t.Errorf("the form shown again lost its email: %.3000s", page)
	}
}

// Checking the current password before changing it counts against the
// account's limit with sign-ins: a stolen session cannot guess the
// password it would change, and neither way around it is free.
func TestChangingThePasswordMeetsTheAccountLimit(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withRateLimits, withTrustedProxies("127.0.0.1/32"))
	h.setup()
	fan := h.fan("fan@brand.cn")
	change := func(current string) res {
		return h.api("PATCH", "/api/v1/me", fan, map[string]string{"current_password": current, "password": "new-fan-password"})
	}
	for i := 1; i <= 5; i++ {
		if r := change("wrong-password"); r.Status != http.StatusBadRequest || r.errCode() != "wrong_password" {
			t.Fatalf("wrong current password %d: %d %s; want 400 wrong_password", i, r.Status, r.errCode())
		}
	}
	throttled(t, "the sixth wrong current password", change("wrong-password"), "30")
	throttled(t, "a sign-in after them", h.signInFrom(slash64(1), "fan@brand.cn", "fan-password"), "30")
	h.advance(30 * time.Second)
	change("fan-password").must(t, http.StatusOK)
	h.signInFrom(slash64(2), "fan@brand.cn", "new-fan-password").must(t, http.StatusCreated)
}

// A reset link used is a success too: someone who keeps guessing cannot
// keep the account's owner out, who signs in with the new password at
// once.
func TestAResetLinkLiftsTheAccountLimit(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withRateLimits, withTrustedProxies("127.0.0.1/32"))
	h.setup()
	h.fan("fan@x.cn")
	for i := 1; i <= 6; i++ {
		h.signInFrom(slash64(i), "fan@x.cn", "wrong-password")
	}
	throttled(t, "the owner's old password", h.signInFrom(slash64(7), "fan@x.cn", "fan-password"), "30")
	h.api("POST", "/api/v1/password/forgot", "", map[string]string{"email": "fan@x.cn"}).must(t, 202)
	links := h.resetLinks()["fan@x.cn"]
	if len(links) != 1 {
		t.Fatalf("reset links: %v", links)
	}
	token := strings.TrimPrefix(links[0], "/password/reset?token=")
	h.api("POST", "/api/v1/password/reset", "", map[string]string{"token": token, "password": "新的密码 new"}).must(t, 200)
	h.signInFrom(slash64(8), "fan@x.cn", "新的密码 new").must(t, http.StatusCreated)
}
