package web

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

// The banner's "send it again" pressed right after signing up (the first
// email went a moment ago), or on a page from before the address was
// confirmed, returns to the page it was on saying why, in the person's
// language: not an error page.
func TestResendTooSoonReturnsToThePageSayingWhy(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	tok := h.fan("new@x.cn") // its sign-up sent the first confirmation email
	b := h.browser()
	b.signIn("new@x.cn", "fan-password")
	cid := h.openChallenge(admin, nil)
	page := "/challenges/" + itoa(int64(cid))
	form := url.Values{"next": {page}, "_csrf": {b.csrf(page)}}
	r := b.postLang("/settings/verification", strings.NewReader(form.Encode()), "zh-CN")
	if r.Status != 303 || r.Header.Get("Location") != page {
		t.Fatalf("resent too soon: %d to %q, want 303 back to %s: %.300s", r.Status, r.Header.Get("Location"), page, r.Body)
	}
	if body := b.get(page, "Accept-Language", "zh-CN").must(t, 200).Body; !strings.Contains(body, "验证邮件刚刚已发送") {
		t.Errorf("the page does not say the email was sent a moment ago:\n%.2000s", body)
	}
	// Confirmed since (a page from before): back, told so.
	id := int64(num(h.api("GET", "/api/v1/me", tok, nil).JSON, "id"))
	if err := h.store.SetVerified(context.Background(), id, true); err != nil {
		t.Fatal(err)
	}
	r = b.postLang("/settings/verification", strings.NewReader(form.Encode()), "en")
	if r.Status != 303 || r.Header.Get("Location") != page {
		t.Fatalf("resent when confirmed: %d to %q", r.Status, r.Header.Get("Location"))
	}
	if body := b.get(page).must(t, 200).Body; !strings.Contains(body, "already confirmed") {
		t.Errorf("the page does not say the address is confirmed already:\n%.2000s", body)
	}
}
