package web

import (
	"net/url"
	"strings"
	"testing"
)

// A sign-in with a field left empty names that field, beside it, in the
// person's language, on the page and in the API; and it is no guess at the
// account: a dozen of them leave the owner's right password working.
func TestASignInWithAnEmptyFieldNamesIt(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	for _, c := range []struct{ email, password, field string }{
		{"", "admin-password", "email"},
		{"  ", "admin-password", "email"},
		{"admin@brand.cn", "", "password"},
		{"", "", "email"},
	} {
		r := h.api("POST", "/api/v1/tokens", "", map[string]string{"email": c.email, "password": c.password}).must(t, 400)
		if r.errCode() != "required" || r.errField() != c.field {
			t.Errorf("a token asked with email %q and password %q: %s on %q, want required on %q", c.email, c.password, r.errCode(), r.errField(), c.field)
		}
	}
	b := h.browser()
	b.post("/signin", "/lang", url.Values{"lang": {"zh"}, "next": {"/signin"}}).must(t, 303)
	for range 12 {
		b.post("/signin", "/signin", url.Values{"email": {"admin@brand.cn"}, "password": {""}}).must(t, 303)
	}
	page := b.get("/signin").must(t, 200).Body
	field := page[strings.Index(page, `id="password"`):]
	if !strings.Contains(field[:strings.Index(field, ">")], `aria-describedby="password-error"`) ||
		!strings.Contains(page, `<span class="field-error" id="password-error">此项必填。</span>`) {
		t.Errorf("the sign-in page does not say beside the password that it is needed:\n%s", page[strings.Index(page, "<form"):])
	}
	if !strings.Contains(page, `value="admin@brand.cn"`) {
		t.Error("the email as typed is gone")
	}
	b.post("/signin", "/signin", url.Values{"email": {"admin@brand.cn"}, "password": {"admin-password"}}).must(t, 303)
	if r := b.get("/settings").must(t, 200); !strings.Contains(r.Body, "admin@brand.cn") {
		t.Error("the right password after a dozen empty ones did not sign in")
	}
}
