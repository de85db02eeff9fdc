package web

import (
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
)

// hitOf is the hit of type typ and id in a search API answer, or nil.
func hitOf(r res, typ string, id int) map[string]any {
	hits, _ := r.JSON["hits"].([]any)
	for _, x := range hits {
		if m, _ := x.(map[string]any); m["type"] == typ && num(m, "id") == id {
			return m
		}
	}
	return nil
}

// waitHidden asks the search API as who until its answer to query has the
// typ's id marked hidden, or the index has had indexWait to show it (it
// shows the write, found, before the hide, marked); it returns the last
// answer, for the test to judge.
func (h *harness) waitHidden(who, query, typ string, id int) res {
	h.t.Helper()
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		r := h.api("GET", "/api/v1/search?type=all&"+query, who, nil).must(h.t, 200)
		if hit := hitOf(r, typ, id); (hit != nil && hit["state"] == "hidden") || time.Since(start) > indexWait {
			return r
		}
	}
}

// A moderator finds a hidden idea and a hidden comment in search, as an
// admin does, on the page and in the API, each marked hidden and leading
// to the page that offers its restore; a fan, a judge, a visitor (and the
// idea's author, who is told on its page) do not; the ideas of a draft
// challenge stay unfound to the moderator, who may not see the draft.
func TestModsearch33ModeratorFindsHiddenContent(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	fan := h.fan("fan@x.cn")
	judge, _ := h.staffer(admin, "judge@x.cn", "judge")
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	cid := h.openChallenge(admin, nil)
	idea := h.idea(author, cid, "qzmodword 泡沫净化器")
	other := h.idea(author, cid, "listed idea")
	comment := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", other), fan, map[string]string{"body": "qzmodcomment 加微信"}).must(t, 201).JSON, "id")
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", idea), mod, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", comment), mod, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	// A draft's idea, hidden too: the admin finds it, the moderator not.
	draft := h.openChallenge(admin, map[string]any{"title": "草稿"})
	secret := h.idea(admin, draft, "qzdraftword 秘密")
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", secret), admin, map[string]string{"action": "hide", "reason": "test"}).must(t, 200)
	h.toDraft(admin, draft)

	for _, c := range []struct {
		q, typ string
		id     int
		url    string
	}{
		{"qzmodword", "idea", idea, fmt.Sprintf("/ideas/%d", idea)},
		{"qzmodcomment", "comment", comment, domain.CommentLink(int64(other), int64(comment))},
	} {
		q := "q=" + c.q
		for _, who := range []string{admin, mod} {
			r := h.waitHidden(who, q, c.typ, c.id)
			if hit := hitOf(r, c.typ, c.id); num(r.JSON, "total") != 1 || hit == nil || hit["state"] != "hidden" || hit["url"] != c.url {
				t.Errorf("%s: the hidden %s is not found, marked hidden and linked to %s: %s", q, c.typ, c.url, r.Body)
			}
		}
		for name, who := range map[string]string{"fan": fan, "judge": judge, "visitor": "", "author": author} {
			if r := h.api("GET", "/api/v1/search?type=all&"+q, who, nil).must(t, 200); num(r.JSON, "total") != 0 || strings.Contains(r.Body, c.q) {
				t.Errorf("%s: a %s finds the hidden %s: %s", q, name, c.typ, r.Body)
			}
		}
		// The page: marked 已隐藏, linked; the link offers the restore.
		b := h.browser()
		b.signIn("mod@x.cn", "fan-password")
		page := b.get("/search?"+q, "Accept-Language", "zh-CN").must(t, 200).Body
		href := `href="` + html.EscapeString(c.url) + `"`
		if !strings.Contains(page, `<span class="badge state-hidden">已隐藏</span>`) || !strings.Contains(page, href) {
			t.Errorf("%s: the moderator's search page does not mark the hit hidden and link it (%s): %.3000s", q, href, page)
		}
		target := b.get(c.url, "Accept-Language", "zh-CN").must(t, 200).Body
		if form := fmt.Sprintf(`id="restore-%s-%d"`, c.typ, c.id); !strings.Contains(target, form) {
			t.Errorf("%s: %s does not offer the moderator the restore (%s)", q, c.url, form)
		}
		fb := h.browser()
		fb.signIn("fan@x.cn", "fan-password")
		if page := fb.get("/search?"+q, "Accept-Language", "zh-CN").must(t, 200).Body; strings.Contains(page, "state-hidden") || !strings.Contains(page, "没有找到结果") {
			t.Errorf("%s: the fan's search page shows the hidden %s", q, c.typ)
		}
	}
	// The draft: the admin finds its hidden idea, the moderator nothing,
	// neither in the total nor on a deep page, nor by filtering by it.
	if r := h.waitTotal(admin, "q=qzdraftword", 1); hitOf(r, "idea", secret) == nil {
		t.Fatalf("the admin does not find the draft's hidden idea: %s", r.Body)
	}
	for _, query := range []string{"q=qzdraftword", "q=qzdraftword&offset=1000", "q=qzdraftword&state=hidden", "state=hidden"} {
		r := h.api("GET", "/api/v1/search?type=all&"+query, mod, nil).must(t, 200)
		if hitOf(r, "idea", secret) != nil || strings.Contains(r.Body, "qzdraftword") || (strings.HasPrefix(query, "q=") && num(r.JSON, "total") != 0) {
			t.Errorf("%s: a draft's idea shows through to a moderator: %s", query, r.Body)
		}
	}
	if r := h.api("GET", fmt.Sprintf("/api/v1/search?type=all&q=qzdraftword&challenge=%d", draft), mod, nil); r.Status != 404 {
		t.Errorf("a moderator filters by a draft: %d %s", r.Status, r.Body)
	}
	b := h.browser()
	b.signIn("mod@x.cn", "fan-password")
	if page := b.get("/search?q=qzdraftword").must(t, 200).Body; strings.Contains(page, "秘密") {
		t.Error("the moderator's search page shows a draft's idea")
	}
	// The moderator's state filter offers the unlisted states, as the admin's.
	if page := b.get("/search", "Accept-Language", "zh-CN").must(t, 200).Body; !strings.Contains(page, `<option value="hidden"`) {
		t.Error("the moderator's search page offers no hidden state to filter by")
	}
}

// A moderator who judges a challenge blind finds its hidden idea in search
// (now that moderators search unlisted content) without learning its
// author: a hit carries no author for anyone, on the page or in the API,
// and the idea's page it leads to hides the author from them as before.
func TestModsearch33BlindJudgeModeratorLearnsNoAuthor(t *testing.T) {
	t.Parallel()
	e := newJudging(t, true)
	h := e.h
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }
	h.api("POST", path("shortlist"), e.admin, map[string]any{"top": 4}).must(t, 200)
	h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{e.j1ID, e.j2ID}, "per_idea": 1}).must(t, 200)
	h.confirm(int64(e.j2ID))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", e.j2ID), e.admin, map[string]any{"roles": []string{"judge", "moderator"}}).must(t, 200)
	idea := e.ideas[1] // the fan's
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", idea), e.admin, map[string]string{"action": "hide", "reason": "spam"}).must(t, 200)
	q := "q=" + url.QueryEscape(fmt.Sprintf("idea %d", 1))
	r := h.waitHidden(e.j2, q, "idea", idea)
	if hit := hitOf(r, "idea", idea); hit == nil || hit["state"] != "hidden" {
		t.Fatalf("the blind-judging moderator does not find the hidden idea, marked: %s", r.Body)
	}
	for _, leak := range []string{`"author`, `"fan"`, fmt.Sprintf("/users/%d", e.fanID)} {
		if strings.Contains(r.Body, leak) {
			t.Errorf("the search API tells a blind-judging moderator the author (%s): %s", leak, r.Body)
		}
	}
	b := h.browser()
	b.signIn("j2@x.cn", "fan-password")
	for _, lang := range []string{"zh-CN", "en"} {
		for _, p := range []string{"/search?" + q, fmt.Sprintf("/ideas/%d", idea)} {
			page := b.get(p, "Accept-Language", lang).must(t, 200).Body
			for _, leak := range []string{fmt.Sprintf(`/users/%d"`, e.fanID), "fan 提出", "by fan"} {
				if strings.Contains(page, leak) {
					t.Errorf("%s (%s) tells a blind-judging moderator the author (%s)", p, lang, leak)
				}
			}
		}
	}
	if page := b.get("/search?"+q, "Accept-Language", "zh-CN").Body; !strings.Contains(page, `<span class="badge state-hidden">已隐藏</span>`) {
		t.Error("the blind-judging moderator's hit is not marked hidden")
	}
}
