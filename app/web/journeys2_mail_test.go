package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cocreate/app/mail"
)

// mailOut sends the owed mail as a worker with default language lang
// would write it, and returns the messages by recipient.
func (h *harness) mailOut(lang string) map[string][]mail.Message {
	h.t.Helper()
	jobs, err := h.store.ClaimMail(context.Background(), 1000)
	if err != nil {
		h.t.Fatal(err)
	}
	w := mail.NewWorker(h.store, nil, mail.Config{BaseURL: h.srv.URL, Secret: h.svc.MailSecret, Lang: lang, SiteName: h.svc.SiteName})
	out := map[string][]mail.Message{}
	for _, j := range jobs {
		m, err := w.Compose(j)
		if err != nil {
			h.t.Fatal(err)
		}
		if err := h.store.MarkMailSent(context.Background(), j.ID); err != nil {
			h.t.Fatal(err)
		}
		out[m.To] = append(out[m.To], m)
	}
	return out
}

// mailLang checks that the one email owed to a person is in lang, and
// returns it.
func mailLang(t *testing.T, out map[string][]mail.Message, to, lang string) mail.Message {
	t.Helper()
	ms := out[to]
	if len(ms) != 1 {
		t.Fatalf("%s got %d emails, want 1", to, len(ms))
	}
	m := ms[0]
	prefix := map[string]string{"en": "cocreate: ", "zh": "共创："}[lang]
	if m.Lang != lang || !strings.HasPrefix(m.Subject, prefix) {
		t.Errorf("%s's email is in %q (%q), want %s", to, m.Lang, m.Subject, lang)
	}
	return m
}

// A fan who signs up on the Chinese pages gets Chinese email; one on the
// English pages English; through the API, the language the request asks
// for, else the installation's default (#20 item 3).
func TestSignUpRecordsThePagesLanguage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	h.mailOut("en") // the admin's

	zh := h.browser()
	zh.post("/", "/lang", url.Values{"lang": {"zh"}, "next": {"/"}}).must(t, http.StatusSeeOther)
	zh.post("/signup", "/signup", url.Values{"email": {"wei@x.cn"}, "name": {"小伟"}, "password": {"fan-password"}}).must(t, http.StatusSeeOther)
	en := h.browser()
	en.post("/signup", "/signup", url.Values{"email": {"ann@x.cn"}, "name": {"Ann"}, "password": {"fan-password"}}).must(t, http.StatusSeeOther)
	// A phone whose browser asks for Chinese, on the sign-up page as it came.
	phone := h.browser()
	form := url.Values{"email": {"li@x.cn"}, "name": {"李"}, "password": {"fan-password"}, "_csrf": {phone.csrf("/signup")}}
	req, _ := http.NewRequest("POST", h.srv.URL+"/signup", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9")
	h.do(phone.client, req).must(t, http.StatusSeeOther)
	// The API: a request in Chinese, and one that names no language.
	req, _ = http.NewRequest("POST", h.srv.URL+"/api/v1/users", strings.NewReader(`{"email":"api-zh@x.cn","name":"api","password":"fan-password"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "zh-CN")
	h.do(http.DefaultClient, req).must(t, http.StatusCreated)
	h.api("POST", "/api/v1/users", "", map[string]string{"email": "api@x.cn", "name": "api", "password": "fan-password"}).must(t, http.StatusCreated)

	out := h.mailOut("en")
	mailLang(t, out, "wei@x.cn", "zh")
	mailLang(t, out, "li@x.cn", "zh")
	mailLang(t, out, "ann@x.cn", "en")
	mailLang(t, out, "api-zh@x.cn", "zh")
	mailLang(t, out, "api@x.cn", "en")
	// It greets no one by name: the address is not confirmed yet.
	if m := out["wei@x.cn"][0]; !strings.HasPrefix(m.Text, "你好：") || strings.Contains(m.Text, "小伟") {
		t.Errorf("the Chinese confirmation email:\n%s", m.Text)
	}
}

// An installation set to Chinese (-lang zh) shows its pages in Chinese to
// a browser that asks for no language, still in English to one that asks
// for English, and writes Chinese email to accounts that chose nothing;
// API messages stay English unless asked (#20 item 3).
func TestInstallationDefaultLanguage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *Config) { c.Lang = "zh" })
	h.setup()
	visitor := h.browser()
	if page := visitor.get("/").must(t, 200).Body; !strings.Contains(page, `<html lang="zh-CN">`) {
		t.Errorf("a visitor asking for no language gets: %.200s", page)
	}
	if page := visitor.get("/signin", "Accept-Language", "fr-FR,fr").must(t, 200).Body; !strings.Contains(page, `<html lang="zh-CN">`) {
		t.Errorf("a visitor asking for French gets: %.200s", page)
	}
	if page := visitor.get("/", "Accept-Language", "en-GB,en").must(t, 200).Body; !strings.Contains(page, `<html lang="en">`) {
		t.Errorf("a visitor asking for English gets: %.200s", page)
	}
	if r := h.api("GET", "/api/v1/challenges/999999", "", nil); r.Status != 404 || strings.ContainsAny(str(r.JSON, "error", "message"), "未找不到") {
		t.Errorf("the API's error: %d %s", r.Status, r.Body)
	}
	h.mailOut("zh")
	// Made through the API without a language: the default's email.
	h.api("POST", "/api/v1/users", "", map[string]string{"email": "api@x.cn", "name": "api", "password": "fan-password"}).must(t, http.StatusCreated)
	// On the pages with no Accept-Language: the page was Chinese, so is the account.
	visitor.post("/signup", "/signup", url.Values{"email": {"page@x.cn"}, "name": {"页"}, "password": {"fan-password"}}).must(t, http.StatusSeeOther)
	out := h.mailOut("zh")
	mailLang(t, out, "api@x.cn", "zh")
	mailLang(t, out, "page@x.cn", "zh")
}
