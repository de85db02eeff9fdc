package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The per-address limit's refusal of the sign-in form comes back to the
// form (Post/Redirect/Get), as its other refusals do: a 303 to the sign-in
// page keeping Retry-After and the return address, where the reason shows
// in the person's language above the form with the email as typed (kept
// in the session, not in the address) and never the password; read again,
// the reason is gone and the email stays. The API's sign-in from the same
// address still answers 429 rate_limited.
func TestSmallfix30AddressLimitRefusesSignInOnTheForm(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withRateLimits, withTrustedProxies("127.0.0.1/32"))
	h.setup()
	const addr = "203.0.113.30"
	b := h.browser()
	token := b.csrf("/signin")
	post := func(email string) res {
		form := url.Values{"email": {email}, "password": {"secret-guess-30"}, "_csrf": {token}, "next": {"/challenges/1?sort=new"}}
		req, _ := http.NewRequest("POST", h.srv.URL+"/signin", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept-Language", "zh-CN")
		req.Header.Set("X-Forwarded-For", addr)
		return h.do(b.client, req)
	}
	// Wrong guesses at accounts that do not exist (no account's own limit
	// meets them) until the address's limit does.
	var r res
	for i := range 30 {
		r = post("nobody" + itoa(int64(i)) + "@x.cn")
		if r.Header.Get("Retry-After") != "" {
			break
		}
		loc := r.Header.Get("Location")
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
			t.Fatalf("wrong guess %d: %d to %q", i, r.Status, loc)
		}
		b.get(loc).must(t, 200) // as a browser follows it
	}
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("30 sign-ins from one address never met its limit")
	}
	b.get(r.Header.Get("Location"))
	r = post("typed+30@x.cn")
	loc := r.Header.Get("Location")
	if r.Status != http.StatusSeeOther || loc != "/signin?next=%2Fchallenges%2F1%3Fsort%3Dnew" {
		t.Fatalf("the address's limit refuses the sign-in form with %d to %q (%.300s), want 303 back to the form", r.Status, loc, r.Body)
	}
	if r.Header.Get("Retry-After") == "" {
		t.Error("the redirect lost the limit's Retry-After")
	}
	page := b.get(loc, "Accept-Language", "zh-CN").must(t, 200).Body
	for _, mark := range []string{
		`<p class="alert" role="alert">` + jT("zh", "error.rate_limited") + `</p>`,
		`value="typed&#43;30@x.cn"`,
		`name="next" value="/challenges/1?sort=new"`,
	} {
		if !strings.Contains(page, mark) {
			t.Errorf("the sign-in page after the address's limit lacks %q:\n%.3000s", mark, page)
		}
	}
	if strings.Contains(page, "secret-guess-30") || strings.Contains(loc, "typed") {
		t.Error("the password is on the page, or the email in the address")
	}
	if again := b.get(loc).must(t, 200).Body; strings.Contains(again, `class="alert"`) || !strings.Contains(again, `value="typed&#43;30@x.cn"`) {
		t.Errorf("the sign-in page read again: the reason once, the email kept:\n%.3000s", again)
	}
	// The API answers as it did.
	if a := h.signInFrom(addr, "typed+30@x.cn", "secret-guess-30"); a.Status != http.StatusTooManyRequests || a.errCode() != "rate_limited" || a.Header.Get("Retry-After") == "" {
		t.Errorf("the API's sign-in past the address's limit: %d %s %q", a.Status, a.errCode(), a.Header.Get("Retry-After"))
	}
}
