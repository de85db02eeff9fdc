package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The settings page lets a person choose their language (the pages' and
// their email's), and it stays with the account; a confirmed address is
// said to be confirmed once, not twice.
func TestSettings29LanguageIsASetting(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	h.confirmedFan("fan@x.cn")
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	page := b.get("/settings").must(t, 200).Body
	if !strings.Contains(page, `id="settings-lang"`) || !strings.Contains(page, `<option value="zh">中文</option>`) {
		t.Fatalf("no language choice on the settings page")
	}
	r := b.post("/settings", "/lang", url.Values{"lang": {"zh"}, "next": {"/settings#language"}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/settings#language" {
		t.Fatalf("choosing Chinese: %d %s", r.Status, r.Header.Get("Location"))
	}
	page = b.get("/settings").must(t, 200).Body
	if !strings.Contains(page, `<option value="zh" selected>中文</option>`) || !strings.Contains(page, "网页和我们发给你的邮件所用的语言") {
		t.Errorf("the settings page after choosing Chinese is not in Chinese with 中文 chosen")
	}
	// Another browser, signed in as the same person, speaks Chinese too.
	other := h.browser()
	other.signIn("fan@x.cn", "fan-password")
	if p := other.get("/settings").must(t, 200).Body; !strings.Contains(p, `<option value="zh" selected>`) {
		t.Errorf("the choice did not stay with the account")
	}
	// Confirmed: said once.
	p := other.get("/settings").must(t, 200).Body
	i := strings.Index(p, `class="verified-status"`)
	if i < 0 {
		t.Fatal("no confirmation status")
	}
	line := p[i:]
	line = line[:strings.Index(line, "</p>")]
	if n := strings.Count(line, "已验证"); n != 1 {
		t.Errorf("the confirmation says 已验证 %d times: %s", n, line)
	}
}
