package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/mail"
)

// limits31Exhaust spends the address's limit (PerAddress) with failed
// API sign-ins from addr, until one is refused 429.
func limits31Exhaust(t *testing.T, h *harness, addr string) {
	t.Helper()
	for range 40 {
		if h.failSignIn(addr) == http.StatusTooManyRequests {
			return
		}
	}
	t.Fatalf("40 sign-ins from %s never met the address's limit", addr)
}

// postFrom submits a form from the address addr (X-Forwarded-For, through
// a trusted proxy), the CSRF token taken from the page from ("" for a
// form without one).
func (b *browser) postFrom(addr, from, path string, form url.Values) res {
	b.h.t.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	if from != "" {
		f.Set("_csrf", b.csrf(from))
	}
	req, _ := http.NewRequest("POST", b.h.srv.URL+path, strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", addr)
	return b.h.do(b.client, req)
}

// limits31Form is a page's form behind the address's limit: where it is,
// what it posts, and what its page shows once the limit refuses it.
type limits31Form struct {
	name string
	b    *browser
	page string // the form's page, where its CSRF token is read
	path string // where it posts
	form url.Values
	// back is where the refusal goes: the form's page.
	back string
	// at matches the reason where it is shown (%s: the reason, quoted).
	at string
	// kept are marks of what was typed, shown again.
	kept []string
	// secret is what was typed that is never shown again.
	secret []string
	// csrf is false for the form that has no CSRF token (unsubscribe).
	noCSRF bool
}

// limits31Check exhausts addr's limit, then posts f's form in each
// language: a 303 to the form's page with Retry-After, where the reason
// shows at the form in that language with what was typed but its secrets,
// and once only.
func limits31Check(t *testing.T, h *harness, addr string, f limits31Form) {
	t.Helper()
	limits31Exhaust(t, h, addr)
	for _, lang := range []string{"zh", "en"} {
		f.b.post("/password/forgot", "/lang", url.Values{"lang": {lang}, "next": {"/"}}).must(t, http.StatusSeeOther)
		from := f.page
		if f.noCSRF {
			from = ""
		}
		r := f.b.postFrom(addr, from, f.path, f.form)
		loc := r.Header.Get("Location")
		if r.Status != http.StatusSeeOther || loc != f.back {
			t.Errorf("%s (%s): the address's limit answers %d to %q, want 303 to %q: %.300s", f.name, lang, r.Status, loc, f.back, r.Body)
			continue
		}
		if r.Header.Get("Retry-After") == "" {
			t.Errorf("%s (%s): the redirect lost the limit's Retry-After", f.name, lang)
		}
		page := f.b.get(loc).must(t, http.StatusOK).Body
		reason := regexp.QuoteMeta(template.HTMLEscapeString(jT(lang, "error.rate_limited")))
		if !regexp.MustCompile(fmt.Sprintf(f.at, reason)).MatchString(page) {
			t.Errorf("%s (%s): the form's page does not show the reason at the form (%s):\n%.4000s", f.name, lang, f.at, page)
		}
		for _, mark := range f.kept {
			if !strings.Contains(page, mark) {
				t.Errorf("%s (%s): what was typed is not kept: no %q", f.name, lang, mark)
			}
		}
		for _, s := range f.secret {
			if strings.Contains(page, s) || strings.Contains(loc, s) {
				t.Errorf("%s (%s): the secret typed %q is shown again", f.name, lang, s)
			}
		}
		if again := f.b.get(loc).must(t, http.StatusOK).Body; strings.Contains(again, template.HTMLEscapeString(jT(lang, "error.rate_limited"))) {
			t.Errorf("%s (%s): the reason shows again on the page read again", f.name, lang)
		}
	}
}

// alertBefore is a form's own refusal at the top of the form posting to
// action: the reason, then (after at most a line of the page) the form.
func alertBefore(action string) string {
	return `<p class="alert" role="alert">%s</p>\s*(?:<p>[^<]*</p>\s*)?<form method="post" action="` + regexp.QuoteMeta(action) + `"`
}

// The address's limit refuses each page form behind it where the person
// looks, as the sign-in form's (TestSmallfix30AddressLimitRefusesSignInOnTheForm):
// Post/Redirect/Get back to the form's page with Retry-After, the reason
// at the top of the form in the person's language, an email or a name
// kept, a password never. The API still answers 429.
func TestLimits31AddressLimitRefusesFormsOnTheForm(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withRateLimits, withTrustedProxies("127.0.0.1/32"))
	h.setup()
	fan := h.fan("fan31@x.cn")
	id := int64(num(h.api("GET", "/api/v1/me", fan, nil).JSON, "id"))
	h.api("POST", "/api/v1/password/forgot", "", map[string]string{"email": "fan31@x.cn"}).must(t, http.StatusAccepted)
	resets := h.resetLinks()["fan31@x.cn"]
	if len(resets) == 0 {
		t.Fatal("no reset link was sent")
	}
	reset := resets[0]
	resetToken, _ := url.ParseQuery(strings.TrimPrefix(reset, "/password/reset?"))
	verifyToken := domain.VerificationToken(h.svc.MailSecret, id, "fan31@x.cn", h.clock().Add(time.Hour))
	unsubToken := mail.UnsubscribeToken(h.svc.MailSecret, id)

	visitor := h.browser()
	signedIn := h.browser()
	signedIn.signIn("fan31@x.cn", "fan-password")
	const secret = "secret-pw-31"
	forms := []limits31Form{{
		name: "sign-up", b: visitor, page: "/signup?next=%2Fchallenges", path: "/signup",
		form: url.Values{"email": {"typed31@x.cn"}, "name": {"typed-name-31"}, "password": {secret}, "next": {"/challenges"}},
		back: "/signup?next=%2Fchallenges", at: alertBefore("/signup"),
		kept: []string{`value="typed31@x.cn"`, `value="typed-name-31"`, `name="next" value="/challenges"`}, secret: []string{secret},
	}, {
		name: "forgot password", b: visitor, page: "/password/forgot", path: "/password/forgot",
		form: url.Values{"email": {"forgot31@x.cn"}},
		back: "/password/forgot", at: alertBefore("/password/forgot"),
		kept: []string{`value="forgot31@x.cn"`},
	}, {
		name: "reset password", b: visitor, page: reset, path: "/password/reset",
		form: url.Values{"token": {resetToken.Get("token")}, "password": {secret}},
		back: reset, at: alertBefore("/password/reset"),
		kept: []string{`name="token" value="` + resetToken.Get("token") + `"`}, secret: []string{secret},
	}, {
		name: "new token", b: signedIn, page: "/settings", path: "/settings/tokens",
		form: url.Values{"name": {"token-name-31"}, "current_password": {secret}},
		back: "/settings#developer",
		at:   `<form method="post" action="/settings/tokens#developer" class="form" id="token-form">\s*<input type="hidden" name="_csrf" value="[^"]*">\s*<p class="alert" role="alert" id="token-error">%s</p>`,
		kept: []string{`value="token-name-31"`, `id="developer" open`}, secret: []string{secret},
	}, {
		name: "change password", b: signedIn, page: "/settings", path: "/settings/password",
		form: url.Values{"current_password": {secret}, "password": {"secret-new-31"}},
		back: "/settings#password-form", at: alertBefore("/settings/password"),
		secret: []string{secret, "secret-new-31"},
	}, {
		name: "unsubscribe", b: visitor, page: fmt.Sprintf("/unsubscribe?u=%d&t=%s", id, unsubToken), path: "/unsubscribe",
		form: url.Values{"u": {itoa(id)}, "t": {unsubToken}}, noCSRF: true,
		back: "/unsubscribe?" + url.Values{"u": {itoa(id)}, "t": {unsubToken}}.Encode(), at: alertBefore("/unsubscribe"),
	}, {
		name: "confirm email", b: signedIn, page: "/verify?token=" + url.QueryEscape(verifyToken), path: "/verify",
		form: url.Values{"token": {verifyToken}},
		back: "/verify?token=" + url.QueryEscape(verifyToken), at: alertBefore("/verify"),
	}}
	for i, f := range forms {
		limits31Check(t, h, "203.0.113."+itoa(int64(131+i)), f)
	}

	// A mail program's one-click unsubscribe (RFC 8058) has no page to go
	// back to: 429 with Retry-After, to ask again.
	req, _ := http.NewRequest("POST", h.srv.URL+fmt.Sprintf("/unsubscribe?u=%d&t=%s", id, unsubToken), strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", "203.0.113.136")
	if r := h.do(http.DefaultClient, req); r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Errorf("the one-click unsubscribe past the address's limit: %d %q, want 429 with Retry-After", r.Status, r.Header.Get("Retry-After"))
	}
	// The API answers as it did.
	for _, call := range []struct{ path, body string }{
		{"/api/v1/users", `{"email":"typed31@x.cn","name":"typed","password":"secret-pw-31"}`},
		{"/api/v1/password/forgot", `{"email":"forgot31@x.cn"}`},
		{"/api/v1/password/reset", `{"token":"x","password":"secret-pw-31"}`},
		{"/api/v1/verify", `{"token":"x"}`},
	} {
		req, _ := http.NewRequest("POST", h.srv.URL+call.path, strings.NewReader(call.body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", "203.0.113.131")
		if r := h.do(http.DefaultClient, req); r.Status != http.StatusTooManyRequests || r.errCode() != "rate_limited" || r.Header.Get("Retry-After") == "" {
			t.Errorf("POST %s past the address's limit: %d %s %q, want 429 rate_limited", call.path, r.Status, r.errCode(), r.Header.Get("Retry-After"))
		}
	}
}

// The first-admin form (before setup) is refused on the form too: the
// email and name kept, the demo box as it was, the password never.
func TestLimits31AddressLimitRefusesSetupOnTheForm(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withRateLimits, withTrustedProxies("127.0.0.1/32"))
	const secret = "secret-pw-31"
	limits31Check(t, h, "203.0.113.140", limits31Form{
		name: "setup", b: h.browser(), page: "/setup", path: "/setup",
		form: url.Values{"email": {"first31@x.cn"}, "name": {"first-admin-31"}, "password": {secret}, "demo": {"1"}, "setup_code": {h.setupCode()}},
		back: "/setup", at: alertBefore("/setup") + `[\s\S]*name="demo" value="1" checked`,
		kept: []string{`value="first31@x.cn"`, `value="first-admin-31"`}, secret: []string{secret},
	})
	if r := h.api("GET", "/api/v1/me", "", nil); r.Status == http.StatusOK {
		t.Error("the refused setup made an account")
	}
}
