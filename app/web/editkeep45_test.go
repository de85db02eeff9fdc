package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// An author who is still editing when submissions close keeps what they
// wrote: the form comes back with their text and why it cannot be saved,
// not a bare error page, and the idea is unchanged.
func TestEdit45AnEditRefusedMidWayKeepsTheText(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	cid := h.openChallenge(admin, nil)
	id := h.idea(author, cid, "免清洗内筒")
	b := h.browser()
	b.signIn("author@x.cn", "fan-password")
	edit := fmt.Sprintf("/ideas/%d/edit", id)
	token := b.csrf(edit) // the form is open on the phone

	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/phase", cid), admin, map[string]string{"move": "close_submissions"}).must(t, 200)
	typed := "内筒自动清洗，杜绝二次污染的新写法"
	r := b.postLang(fmt.Sprintf("/ideas/%d", id), strings.NewReader(url.Values{
		"_csrf": {token}, "title": {"免清洗内筒（改）"}, "summary": {"摘要"}, "body": {typed}, "tags": {"洗衣机"},
	}.Encode()), "zh-CN")
	if r.Status != 409 {
		t.Fatalf("an edit after submissions closed: %d, want 409: %.300s", r.Status, r.Body)
	}
	for _, want := range []string{typed, "免清洗内筒（改）", `<p class="alert" role="alert">本挑战目前不接受提交。`, "上面是你写的内容，可以复制保存", ">返回创意</a>"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the refused edit's page has not %q: %.2000s", want, r.Body)
		}
	}
	if strings.Contains(r.Body, `<button class="button primary" type="submit">`) {
		t.Error("the refused edit offers a save that can only be refused again")
	}
	if got := str(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), author, nil).must(t, 200).JSON, "title"); got != "免清洗内筒" {
		t.Errorf("a refused edit changed the idea's title to %q", got)
	}
}

// An engineer finds a channel's reply times from the channel itself, a
// challenge's page or a board's; a fan is not shown the link.
func TestLinks45AnEngineerFindsAChannelsReplyTimes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.engineer(admin, "eng@x.cn")
	h.fan("fan@x.cn")
	eng, fan := h.browser(), h.browser()
	eng.signIn("eng@x.cn", "fan-password")
	fan.signIn("fan@x.cn", "fan-password")
	for _, id := range []int{h.openChallenge(admin, nil), h.board(admin, "意见箱")} {
		page, link := fmt.Sprintf("/challenges/%d", id), fmt.Sprintf(`href="/challenges/%d/replies">回复时效</a>`, id)
		if body := eng.get(page, "Accept-Language", "zh-CN").must(t, 200).Body; !strings.Contains(body, link) {
			t.Errorf("an engineer on %s has no link to its reply times", page)
		}
		if body := fan.get(page, "Accept-Language", "zh-CN").must(t, 200).Body; strings.Contains(body, "/replies") {
			t.Errorf("a fan on %s is shown the reply times' link", page)
		}
	}
}

// A form shown again after a refused post names the page the form was on
// as its own: the language switch and the banner's "send the email again"
// come back to the form's page, not to the post's address, which takes no
// GET (a 405 there lost the fan's draft).
func TestPath45AFormShownAgainComesBackToItsPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.fan("new@fans.cn") // not yet confirmed: the banner shows
	cid := h.openChallenge(admin, nil)
	b := h.browser()
	b.signIn("new@fans.cn", "fan-password")
	form := fmt.Sprintf("/challenges/%d/submit", cid)
	post := func(referer string) res {
		body := url.Values{"_csrf": {b.csrf(form)}, "title": {""}, "summary": {"摘要"}, "body": {"写了很久的正文"}}
		req, _ := http.NewRequest("POST", h.srv.URL+fmt.Sprintf("/challenges/%d/ideas", cid), strings.NewReader(body.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept-Language", "zh-CN")
		if referer != "" {
			req.Header.Set("Referer", referer)
		}
		return h.do(b.client, req).must(t, 400)
	}
	nexts := regexp.MustCompile(`name="next" value="([^"]*)"`)
	r := post(h.srv.URL + form)
	if !strings.Contains(r.Body, "写了很久的正文") {
		t.Fatal("the refused form lost the text")
	}
	got := nexts.FindAllStringSubmatch(r.Body, -1)
	if len(got) != 2 {
		t.Fatalf("want the language switch and the banner's form, got %q", got)
	}
	for _, m := range got {
		if m[1] != form {
			t.Errorf("a form on the refused page comes back to %q, want %q", m[1], form)
		}
	}
	if loc := b.post(form, "/lang", url.Values{"lang": {"en"}, "next": {got[0][1]}}).must(t, http.StatusSeeOther).Header.Get("Location"); loc != form {
		t.Errorf("the language switch goes to %q", loc)
	}
	b.get(form).must(t, 200)

	// Another site's page, or none, is never the way back.
	for _, ref := range []string{"https://evil.example/x", ""} {
		for _, m := range nexts.FindAllStringSubmatch(post(ref).Body, -1) {
			if m[1] != fmt.Sprintf("/challenges/%d/ideas", cid) {
				t.Errorf("with Referer %q the way back is %q", ref, m[1])
			}
		}
	}
}

// A form's CSRF token lives as long as the session: a browser that sends
// no Sec-Fetch-Site (older phones' in-app browsers) can still send a form
// opened days before, as the signed-in session allows.
func TestCSRF45TheTokenLivesAsLongAsTheSession(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	r := h.browser().get("/signin").must(t, 200)
	var csrf *http.Cookie
	for _, ck := range (&http.Response{Header: r.Header}).Cookies() {
		if ck.Name == csrfCookie {
			csrf = ck
		}
	}
	if csrf == nil || time.Until(csrf.Expires) < time.Duration(sessionMaxAge-60)*time.Second {
		t.Errorf("the CSRF cookie: %+v, want it kept %d s, as the session", csrf, sessionMaxAge)
	}
	// Signing in drops the token held before: the next page has a new one.
	h.fan("fan@x.cn")
	b := h.browser()
	before := b.csrf("/signin")
	b.signIn("fan@x.cn", "fan-password")
	if after := b.csrf("/"); after == before || after == "" {
		t.Errorf("the CSRF token %q outlived signing in", before)
	}
}
