package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
)

// Confirming the email from the link's page shows the person as confirmed:
// no banner asking them to confirm above the thanks, and a way on (their
// profile, home).
func TestForms26VerifiedPageHasNoBannerAndAWayOn(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	fan := h.fan("fan@x.cn")
	id := num(h.api("GET", "/api/v1/me", fan, nil).JSON, "id")
	tok := domain.VerificationToken(h.svc.MailSecret, int64(id), "fan@x.cn", h.clock().Add(time.Hour))
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	link := "/verify?token=" + url.QueryEscape(tok)
	if page := b.get(link, "Accept-Language", "zh-CN").must(t, 200).Body; !strings.Contains(page, `class="verify-banner"`) {
		t.Fatal("before confirming, no banner: the test proves nothing")
	}
	form := url.Values{"token": {tok}, "_csrf": {b.csrf(link)}}
	r := b.postLang("/verify", strings.NewReader(form.Encode()), "zh-CN").must(t, 200)
	if !strings.Contains(r.Body, "谢谢：fan@x.cn 已验证。") {
		t.Errorf("no thanks: %.300s", r.Body)
	}
	if strings.Contains(r.Body, `class="verify-banner"`) || strings.Contains(r.Body, "请验证你的邮箱") {
		t.Error("the confirmed page still asks to confirm the email")
	}
	if !strings.Contains(r.Body, fmt.Sprintf(`<a class="button primary" href="/users/%d">我的公开主页</a>`, id)) || !strings.Contains(r.Body, `<a class="button" href="/">返回首页</a>`) {
		t.Error("the confirmed page offers no way on to the profile and home")
	}
	// And the next page agrees.
	if strings.Contains(b.get("/").Body, `class="verify-banner"`) {
		t.Error("the banner is back on the next page")
	}
}
