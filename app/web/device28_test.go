package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Others guessing at an account's address hold back only the guessing: the
// browser its owner signed in on before keeps signing in (its own tries
// meet the per-address limit alone), and a browser where the owner used a
// reset link from their mailbox signs in with the new password at once,
// however many guess meanwhile. A browser the account never signed in on
// waits.
func TestTheOwnersBrowserSignsInWhileOthersGuess(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withRateLimits, withTrustedProxies("127.0.0.1/32"))
	h.setup()
	h.fan("fan@x.cn")
	known := h.browser()
	known.signIn("fan@x.cn", "fan-password")
	known.post("/", "/signout", nil).must(t, http.StatusSeeOther)
	for i := 1; i <= 6; i++ {
		h.signInFrom(slash64(i), "fan@x.cn", "wrong-password")
	}
	signIn := func(b *browser, pw string) res {
		return b.post("/signin", "/signin", url.Values{"email": {"fan@x.cn"}, "password": {pw}})
	}
	// A refused sign-in returns to the sign-in page, which says why.
	stranger := h.browser()
	if _, page := refusedSignIn(t, stranger, signIn(stranger, "fan-password"), "en"); !strings.Contains(page, "Too many wrong passwords") {
		t.Fatalf("a new browser with the right password while others guess: not held back:\n%.2000s", page)
	}
	if _, page := refusedSignIn(t, known, signIn(known, "typo-password"), "en"); !strings.Contains(page, "The email or password is wrong.") {
		t.Errorf("the owner's browser, a typo: not told the password is wrong (held back with the guessers?):\n%.2000s", page)
	}
	if r := signIn(known, "fan-password"); r.Status != http.StatusSeeOther || strings.HasPrefix(r.Header.Get("Location"), "/signin") {
		t.Fatalf("the owner's browser, the right password: %d to %q, want 303 signed in", r.Status, r.Header.Get("Location"))
	}

	// A reset link used in a new browser makes it known.
	fresh := h.browser()
	h.api("POST", "/api/v1/password/forgot", "", map[string]string{"email": "fan@x.cn"}).must(t, 202)
	links := h.resetLinks()["fan@x.cn"]
	if len(links) != 1 {
		t.Fatalf("reset links: %v", links)
	}
	token := strings.TrimPrefix(links[0], "/password/reset?token=")
	fresh.post(links[0], "/password/reset", url.Values{"token": {token}, "password": {"新的密码 new"}}).must(t, http.StatusSeeOther)
	for i := 7; i <= 13; i++ {
		h.signInFrom(slash64(i), "fan@x.cn", "wrong-password")
	}
	if r := signIn(fresh, "新的密码 new"); r.Status != http.StatusSeeOther || strings.HasPrefix(r.Header.Get("Location"), "/signin") {
		t.Errorf("the browser that used the reset link: %d to %q, want 303 signed in", r.Status, r.Header.Get("Location"))
	}
	// (The route's per-address limit answers this one, before any
	// password check: this machine's browsers have met it by now. It
	// refuses back on the sign-in form, Retry-After kept.)
	other := h.browser()
	r := signIn(other, "新的密码 new")
	if r.Header.Get("Retry-After") == "" {
		t.Errorf("another new browser with the new password while others guess: %d without Retry-After, want the address's limit", r.Status)
	}
	if _, page := refusedSignIn(t, other, r, "en"); !strings.Contains(page, jT("en", "error.rate_limited")) {
		t.Errorf("another new browser with the new password while others guess: the sign-in page does not say the address's limit:\n%.2000s", page)
	}
}
