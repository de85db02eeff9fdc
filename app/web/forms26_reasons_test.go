package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A required reason of spaces only, on the moderation queue, the triage
// queue and the users page, shows that page again (400; the users page by
// a redirect to it) with the message beside the reason and the reason as
// typed: not the bare error page whose only link is home.
func TestForms26BlankReasonsStayOnTheirPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author, fan := h.fan("author@x.cn"), h.fan("fan@x.cn")
	cid := h.openChallenge(admin, nil)
	idea := h.idea(author, cid, "免清洗内筒")
	cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), author, map[string]string{"body": "加我微信"}).must(t, 201).JSON, "id")
	h.api("POST", fmt.Sprintf("/api/v1/comments/%d/reports", cm), fan, map[string]string{"reason": "spam"}).must(t, 201)
	fanID := num(h.api("GET", "/api/v1/me", fan, nil).JSON, "id")

	b := h.adminBrowser()
	b.post(fmt.Sprintf("/ideas/%d", idea), fmt.Sprintf("/ideas/%d/pick", idea), nil).must(t, 303)

	typed := "   " // spaces only: the browser's required lets it through
	for _, tc := range []struct {
		name, from, path, input string
		form                    url.Values
		page                    string // a mark of the page the form was on
	}{
		{"hide a comment", "/moderation", fmt.Sprintf("/moderation/comment/%d", cm), fmt.Sprintf("reason-comment-%d", cm),
			url.Values{"action": {"hide"}}, `class="card mod-item"`},
		{"decline an idea", "/triage", fmt.Sprintf("/ideas/%d/decline", idea), fmt.Sprintf("reason-%d", idea),
			url.Values{}, `class="card triage-item"`},
		{"suspend a fan", "/admin/users", fmt.Sprintf("/admin/users/%d/suspension", fanID), fmt.Sprintf("reason-%d", fanID),
			url.Values{"suspended": {"true"}}, `class="users-list"`},
	} {
		for _, lang := range []string{"zh-CN", "en"} {
			form := url.Values{"reason": {typed}}
			for k, v := range tc.form {
				form[k] = v
			}
			form.Set("_csrf", b.csrf(tc.from))
			req := strings.NewReader(form.Encode())
			r := b.postLang(tc.path, req, lang)
			if tc.name == "suspend a fan" {
				// The users page is returned to (Post/Redirect/Get,
				// phonefix29), at the row, saying the same.
				if loc := r.Header.Get("Location"); r.Status != http.StatusSeeOther || loc != fmt.Sprintf("/admin/users#user-%d", fanID) {
					t.Errorf("%s (%s): %d to %q, want 303 to the row", tc.name, lang, r.Status, loc)
				}
				r = b.get(tc.from, "Accept-Language", lang)
			} else if r.Status != 400 {
				t.Errorf("%s (%s): status %d, want 400", tc.name, lang, r.Status)
			}
			want := map[string]string{"zh-CN": "此项必填。", "en": "This field is required."}[lang]
			for _, mark := range []string{
				tc.page, // the queue again, not the error page
				fmt.Sprintf(`<span class="field-error" id="%s-error" role="alert">%s</span>`, tc.input, want),
				fmt.Sprintf(`id="%s" name="reason"`, tc.input),
				fmt.Sprintf(`value="%s" aria-invalid="true" aria-describedby="%s-error"`, typed, tc.input),
			} {
				if !strings.Contains(r.Body, mark) {
					t.Errorf("%s (%s): the page lacks %q", tc.name, lang, mark)
				}
			}
		}
	}
	// Typed text that is kept is the person's, escaped.
	form := url.Values{"reason": {" <b>x</b> "}, "action": {"frobnicate"}, "_csrf": {b.csrf("/moderation")}}
	r := b.postLang(fmt.Sprintf("/moderation/comment/%d", cm), strings.NewReader(form.Encode()), "en")
	if r.Status != 400 || !strings.Contains(r.Body, `value=" &lt;b&gt;x&lt;/b&gt; "`) {
		t.Errorf("an unknown action: %d, typed reason not kept escaped: %.300s", r.Status, r.Body)
	}
	// Nothing was decided.
	if !strings.Contains(b.get("/moderation").Body, fmt.Sprintf(`id="mod-comment-%d"`, cm)) {
		t.Error("the comment left the queue")
	}
	if !strings.Contains(b.get("/triage").Body, "免清洗内筒") {
		t.Error("the idea left triage")
	}
	// With reasons, the forms go through as before.
	b.post("/moderation", fmt.Sprintf("/moderation/comment/%d", cm), url.Values{"action": {"hide"}, "reason": {"广告"}}).must(t, 303)
	b.post("/triage", fmt.Sprintf("/ideas/%d/decline", idea), url.Values{"reason": {"已有类似方案"}}).must(t, 303)
	b.post("/admin/users", fmt.Sprintf("/admin/users/%d/suspension", fanID), url.Values{"suspended": {"true"}, "reason": {"spam"}}).must(t, 303)
}

// postLang posts an encoded form (its _csrf in it) in a language.
func (b *browser) postLang(path string, body io.Reader, lang string) res {
	req, _ := http.NewRequest("POST", b.h.srv.URL+path, body)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", lang)
	return b.h.do(b.client, req)
}
