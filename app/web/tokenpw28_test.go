package web

import (
	"net/url"
	"strings"
	"testing"
)

// A token outlives the session that makes it, so the settings page asks
// for the current password before making one: a stolen cookie alone makes
// none. Refused, the form says why beside itself, in the person's language,
// and keeps the name typed.
func TestATokenFromSettingsNeedsThePassword(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	h.fan("fan@x.cn")
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	for _, tc := range []struct {
		password, want string
	}{
		{"", "此项必填"},
		{"guessed-wrong", "当前密码不正确"},
	} {
		form := url.Values{"name": {"我的脚本"}, "current_password": {tc.password}, "_csrf": {b.csrf("/settings")}}
		r := b.postLang("/settings/tokens", strings.NewReader(form.Encode()), "zh-CN")
		if r.Status != 400 || regexpToken.MatchString(r.Body) {
			t.Fatalf("a token without the password %q: %d, token shown %v", tc.password, r.Status, regexpToken.MatchString(r.Body))
		}
		if !strings.Contains(r.Body, `id="token-error">`+tc.want) || !strings.Contains(r.Body, `value="我的脚本"`) {
			t.Errorf("password %q: the refusal is not beside the token form, or the name was lost:\n%.3000s", tc.password, r.Body)
		}
	}
	r := b.post("/settings", "/settings/tokens", url.Values{"name": {"我的脚本"}, "current_password": {"fan-password"}}).must(t, 200)
	tok := regexpToken.FindString(r.Body)
	if tok == "" {
		t.Fatal("no token shown after the right password")
	}
	h.api("GET", "/api/v1/me", tok, nil).must(t, 200)
}
