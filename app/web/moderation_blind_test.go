package web

import (
	"fmt"
	"strings"
	"testing"
)

// A moderator who also judges a challenge blind sees no author of its
// ideas in the moderation queue, its history or the log, API or page:
// "hidden for blind judging" stands in their place. Another moderator
// and the admin still see them.
func TestBlindJudgeModeratorSeesNoAuthors(t *testing.T) {
	t.Parallel()
	e := newJudging(t, true)
	h := e.h
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }
	h.confirm(int64(e.j2ID))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", e.j2ID), e.admin, map[string]any{"roles": []string{"judge", "moderator"}}).must(t, 200)
	mod, _ := h.staffer(e.admin, "mod@x.cn", "moderator")
	idea := e.ideas[1] // the fan's
	// Hidden by the admin, the fan asks for a review: the queue names the
	// fan as the item's author and in its history.
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", idea), e.admin, map[string]string{"action": "hide", "reason": "spam"}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d/review", idea), e.fan, map[string]string{"note": "不是广告 not spam"}).must(t, 200)
	// The shortlist made after the hiding leaves the idea off it: a hidden
	// finalist waiting for its review would hold the results back
	// (finalists_hidden), and this test publishes them.
	h.api("POST", path("shortlist"), e.admin, map[string]any{"top": 4}).must(t, 200)
	h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{e.j1ID, e.j2ID}, "per_idea": 1}).must(t, 200)

	queueItem := func(tok string) map[string]any {
		t.Helper()
		q := h.api("GET", "/api/v1/moderation/queue", tok, nil).must(t, 200)
		items, _ := q.JSON["items"].([]any)
		for _, it := range items {
			m, _ := it.(map[string]any)
			if m["type"] == "idea" && num(m, "id") == idea {
				return m
			}
		}
		t.Fatalf("idea %d is not in the queue: %s", idea, q.Body)
		return nil
	}
	m := queueItem(e.j2)
	if _, ok := m["author"]; ok || m["author_hidden"] != "blind_judging" {
		t.Errorf("the queue shows a blind judge the author: author %v, author_hidden %v", m["author"], m["author_hidden"])
	}
	decisions, _ := m["decisions"].([]any)
	sawReview := false
	for _, d := range decisions {
		d, _ := d.(map[string]any)
		if d["action"] == "review" {
			sawReview = true
			if _, ok := d["by"]; ok || d["by_hidden"] != "blind_judging" {
				t.Errorf("the queue's history names the author to a blind judge: %v", d)
			}
		}
	}
	if !sawReview {
		t.Errorf("no review in the item's history: %v", decisions)
	}
	log := h.api("GET", "/api/v1/moderation/log", e.j2, nil).must(t, 200)
	if strings.Contains(log.Body, `"name":"fan"`) || !strings.Contains(log.Body, `"by_hidden":"blind_judging"`) {
		t.Errorf("the log names the author to a blind judge: %s", log.Body)
	}
	b := h.browser()
	b.signIn("j2@x.cn", "fan-password")
	page := b.get("/moderation")
	if page.Status != 200 {
		t.Fatalf("/moderation: %d", page.Status)
	}
	if strings.Contains(page.Body, "<strong>fan</strong>") || strings.Contains(page.Body, "by fan") || strings.Contains(page.Body, "fan 提交") {
		t.Errorf("the moderation page names the author to a blind judge")
	}
	if !strings.Contains(page.Body, "Author hidden for blind judging") && !strings.Contains(page.Body, "盲评期间不显示作者") {
		t.Errorf("the moderation page does not say the author is hidden for blind judging")
	}
	// A moderator who does not judge, and the admin, still see the author.
	for _, tok := range []string{mod, e.admin} {
		m := queueItem(tok)
		if a, _ := m["author"].(map[string]any); a == nil || a["name"] != "fan" || m["author_hidden"] != nil {
			t.Errorf("a moderator who does not judge lost the author: %v", m)
		}
	}
	// Once the results are out, the judge sees the author again.
	h.api("POST", path("results/publish"), e.admin, nil).must(t, 200)
	if m := queueItem(e.j2); m["author"] == nil {
		t.Errorf("after the results the queue still hides the author: %v", m)
	}
}
