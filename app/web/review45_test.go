package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The author of a hidden idea who has asked for a review is told it waits
// for a moderator, in place of the form (which would be refused); a second
// request from an old tab comes back to the idea saying so; a moderator
// sees that the author asked.
func TestReview45TheAuthorSeesTheirReviewWaiting(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	cid := h.openChallenge(admin, nil)
	idea := h.idea(author, cid, "免清洗内筒")
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", idea), admin, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	b := h.browser()
	b.signIn("author@x.cn", "fan-password")
	page := fmt.Sprintf("/ideas/%d", idea)
	form := fmt.Sprintf(`action="/moderation/idea/%d/review"`, idea)
	zh := func(b *browser) string { return b.get(page, "Accept-Language", "zh-CN").must(t, 200).Body }
	if body := zh(b); !strings.Contains(body, form) || strings.Contains(body, "你已申请复审") {
		t.Fatalf("the author of a hidden idea is not offered a review: %.2000s", body)
	}
	oldTab := b.csrf(page)
	ask := func() res {
		return b.postLang(fmt.Sprintf("/moderation/idea/%d/review", idea), strings.NewReader(url.Values{"_csrf": {oldTab}, "note": {"不是广告"}}.Encode()), "zh-CN")
	}
	if loc := ask().must(t, http.StatusSeeOther).Header.Get("Location"); loc != page {
		t.Errorf("after asking: at %q", loc)
	}
	if body := zh(b); strings.Contains(body, form) || !strings.Contains(body, `<p class="review-asked">你已申请复审，正在等待版主处理。</p>`) {
		t.Errorf("after asking, the page still offers the form or does not say the review waits: %.3000s", body)
	}
	if loc := ask().must(t, http.StatusSeeOther).Header.Get("Location"); loc != page {
		t.Errorf("asking again: at %q, want back at the idea", loc)
	}
	if body := zh(b); !strings.Contains(body, `<p class="alert" role="alert">你已经申请过复审`) {
		t.Errorf("asking again does not say it was asked: %.3000s", body)
	}
	if body := zh(h.adminBrowser()); !strings.Contains(body, "作者已申请复审") {
		t.Errorf("an admin is not shown that the author asked for a review")
	}
}

// An idea withdrawn while a fan writes a comment: the page says it takes
// no more comments, and shows what the fan wrote, to copy.
func TestComment45AClosedIdeaKeepsTheUnsentComment(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	h.fan("fan@x.cn")
	cid := h.openChallenge(admin, nil)
	idea := h.idea(author, cid, "免清洗内筒")
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	page := fmt.Sprintf("/ideas/%d", idea)
	token := b.csrf(page)
	h.api("PATCH", "/api/v1"+page, author, map[string]string{"state": "withdrawn"}).must(t, 200)
	typed := "内筒能拆下来洗吗？我写了很长的问题"
	r := b.postLang(page+"/comments", strings.NewReader(url.Values{"_csrf": {token}, "body": {typed}}.Encode()), "zh-CN")
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, "你写的评论没有发布") || !strings.Contains(r.Body, typed) {
		t.Errorf("a comment on a withdrawn idea: %d, want the page with the text kept: %.3000s", r.Status, r.Body)
	}
}

// An idea taken out of judging while a judge scores it (hidden by a
// moderator): the judge's card goes back to their queue with the real
// reason, not a 403 "not assigned".
func TestScore45AnIdeaLeavingTheQueueMidCardSaysWhy(t *testing.T) {
	t.Parallel()
	e := newJudging(t, false)
	h := e.h
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }
	h.api("POST", path("shortlist"), e.admin, map[string]any{"top": 4}).must(t, 200)
	r := h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{e.j2ID}, "per_idea": 1}).must(t, 200)
	idea := num(r.JSON["assignments"].([]any)[0].(map[string]any), "idea_id")
	b := h.browser()
	b.signIn("j2@x.cn", "fan-password")
	card := fmt.Sprintf("/judging/ideas/%d", idea)
	token := b.csrf(card)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", idea), e.admin, map[string]string{"action": "hide", "reason": "抄袭"}).must(t, 200)
	form := url.Values{"_csrf": {token}, "score_novelty": {"7"}, "score_feasibility": {"6"}, "comment": {"很好"}}
	form.Set("comment", "结构新颖，但<密封圈>成本偏高")
	r = b.postLang(card, strings.NewReader(form.Encode()), "zh-CN")
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, "<h1>我的评审任务</h1>") {
		t.Fatalf("a card for an idea gone from the queue: %d, want the queue: %.1500s", r.Status, r.Body)
	}
	if !strings.Contains(r.Body, `<p class="alert" role="alert">这个创意已被隐藏、撤回或合并，不再参加评审；你的评分没有保存。`) {
		t.Errorf("the queue does not say why the card was not saved: %.3000s", r.Body)
	}
	// What the judge wrote is there to copy (escaped), and the page's
	// links (its language switch) lead to the queue, not the card's post.
	if !strings.Contains(r.Body, `readonly>结构新颖，但&lt;密封圈&gt;成本偏高</textarea>`) {
		t.Errorf("the judge's comment is lost: %.3000s", r.Body)
	}
	if !strings.Contains(r.Body, `<input type="hidden" name="next" value="/judging">`) {
		t.Errorf("the page's own address is not the queue: %.3000s", r.Body)
	}
}

// A hidden comment's author who asks twice (an old tab) comes back to the
// comment, told there at its note, not at the top of a long page.
func TestReview45ACommentsSecondAskIsAnsweredAtTheComment(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	idea := h.idea(admin, h.openChallenge(admin, nil), "免清洗内筒")
	cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), fan, map[string]string{"body": "加我微信"}).must(t, 201).JSON, "id")
	h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", cm), admin, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	page := fmt.Sprintf("/ideas/%d?comment=%d", idea, cm)
	token := b.csrf(page)
	ask := func() res {
		return b.postLang(fmt.Sprintf("/moderation/comment/%d/review", cm), strings.NewReader(url.Values{"_csrf": {token}, "note": {"不是广告"}}.Encode()), "zh-CN").must(t, http.StatusSeeOther)
	}
	ask()
	if loc := ask().Header.Get("Location"); loc != fmt.Sprintf("%s#comment-%d", page, cm) {
		t.Errorf("asking again goes to %q, want the comment", loc)
	}
	body := b.get(page, "Accept-Language", "zh-CN").must(t, 200).Body
	note := body[strings.Index(body, fmt.Sprintf(`id="comment-%d"`, cm)):]
	if !strings.Contains(note, `<p class="alert" role="alert">你已经申请过复审`) {
		t.Errorf("the comment's note does not say it was asked: %.3000s", note)
	}
}
