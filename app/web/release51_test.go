package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// release51Voters has n new fans vote for idea, returning their tokens.
func release51Voters(t *testing.T, h *harness, idea, n int) []string {
	t.Helper()
	var fans []string
	for i := range n {
		fan := h.fan(fmt.Sprintf("v%d-%d@fans.cn", idea, i))
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", idea), fan, nil).must(t, 200)
		fans = append(fans, fan)
	}
	return fans
}

// release51Returned counts the vote_returned notices fan holds.
func release51Returned(t *testing.T, h *harness, fan string) int {
	t.Helper()
	n := 0
	for _, v := range h.api("GET", "/api/v1/me/notifications", fan, nil).must(t, 200).JSON["notifications"].([]any) {
		if kind, _ := v.(map[string]any)["kind"].(string); strings.HasPrefix(kind, "vote_returned") {
			n++
		}
	}
	return n
}

// In a challenge without a vote budget, nothing is given back when an idea
// leaves the lists during the vote: a moderator's hide then restore, an
// admin's through the idea's edit, a report-hidden idea kept hidden and
// shown again on appeal, all bring the idea back with its votes, and no
// voter is told a vote was returned. The queue claims no votes go back.
func TestRelease51NoBudgetHideAndRestoreKeepsTheVotes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@fans.cn")
	cid := h.openChallenge(admin, map[string]any{"vote_budget": 0})
	x, y := h.idea(author, cid, "免洗滤网"), h.idea(author, cid, "静音电机")
	xFans, yFans := release51Voters(t, h, x, 7), release51Voters(t, h, y, 2)
	votes := func(id int) int {
		return num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), admin, nil).must(t, 200).JSON, "votes")
	}
	moderate := func(id int, action string) {
		t.Helper()
		h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", id), admin, map[string]string{"action": action, "reason": "核实中"}).must(t, 200)
	}

	// Reported once (in the queue, still shown): no count, and the
	// banner makes no claim that hiding here returns votes.
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", x), h.trustedFan("r@fans.cn"), map[string]string{"reason": "spam"}).must(t, 201)
	b := h.browser()
	b.signIn("admin@brand.cn", "admin-password")
	queue := b.get("/moderation", "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(queue, fmt.Sprintf(`id="mod-idea-%d"`, x)) {
		t.Fatalf("the reported idea is not in the queue: %.3000s", queue)
	}
	if strings.Contains(queue, "gives-back") || strings.Contains(queue, "将退还") {
		t.Errorf("the queue says a hide gives votes back in a challenge without a budget")
	}
	if !strings.Contains(queue, jT("zh", "release51.hide_votes")) {
		t.Errorf("the queue's banner is not the one that says which challenges give votes back")
	}

	moderate(x, "hide")
	if n := votes(x); n != 7 {
		t.Errorf("hidden by a moderator, the idea holds %d votes, want 7", n)
	}
	moderate(x, "restore")
	if n := votes(x); n != 7 {
		t.Errorf("restored, the idea has %d votes, want its 7", n)
	}

	// An admin's hide and restore through the idea's edit: the same.
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", y), admin, map[string]any{"state": "hidden", "reason": "spam"}).must(t, 200)
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", y), admin, map[string]any{"state": "submitted"}).must(t, 200)
	if n := votes(y); n != 2 {
		t.Errorf("hidden and restored by an admin, the idea has %d votes, want 2", n)
	}

	// Hidden by reports, kept hidden by a moderator, shown again on
	// appeal: its votes come back with it.
	reportUntilHidden(t, h, "ideas", x)
	moderate(x, "hide")
	if n := votes(x); n != 7 {
		t.Errorf("kept hidden, the idea holds %d votes, want 7", n)
	}
	moderate(x, "restore")
	if n := votes(x); n != 7 {
		t.Errorf("kept hidden and restored on appeal, the idea has %d votes, want 7", n)
	}
	// A fan's vote is still theirs: taken back, it goes.
	h.api("DELETE", fmt.Sprintf("/api/v1/ideas/%d/vote", x), xFans[0], nil).must(t, 200)
	if n := votes(x); n != 6 {
		t.Errorf("after a fan took their vote back, the idea has %d votes, want 6", n)
	}

	// Withdrawn by its author: the votes stay with it too.
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", y), author, map[string]any{"state": "withdrawn"}).must(t, 200)
	if n := votes(y); n != 2 {
		t.Errorf("withdrawn, the idea holds %d votes, want 2", n)
	}

	for _, fan := range append(xFans, yFans...) {
		if n := release51Returned(t, h, fan); n != 0 {
			t.Errorf("a voter was told %d times a vote was returned, in a challenge without a budget", n)
		}
	}
	if v, err := h.store.Check(t.Context()); err != nil || len(v) > 0 {
		t.Fatalf("check: %v %v", v, err)
	}
}

// With a budget, a hide while voting still gives the votes back (so the
// fans may spend them elsewhere) and tells each voter; a restore brings
// the idea back with none. The queue says on the item how many go back.
func TestRelease51BudgetHideGivesTheVotesBack(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@fans.cn")
	cid := h.openChallenge(admin, map[string]any{"vote_budget": 2})
	x := h.idea(author, cid, "免洗滤网")
	fans := release51Voters(t, h, x, 3)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", x), h.trustedFan("r@fans.cn"), map[string]string{"reason": "spam"}).must(t, 201)

	b := h.browser()
	b.signIn("admin@brand.cn", "admin-password")
	for lang, want := range map[string]string{"zh-CN": "隐藏将退还 3 票", "en": "Hiding gives 3 votes back"} {
		queue := b.get("/moderation", "Accept-Language", lang).must(t, 200).Body
		item := queue[strings.Index(queue, fmt.Sprintf(`id="mod-idea-%d"`, x)):]
		item = item[:strings.Index(item, "</article>")]
		if !strings.Contains(item, want) {
			t.Errorf("%s: the item does not say %q: %.2000s", lang, want, item)
		}
	}

	gives := -1
	for _, v := range h.api("GET", "/api/v1/moderation/queue", admin, nil).must(t, 200).JSON["items"].([]any) {
		if m := v.(map[string]any); m["type"] == "idea" && num(m, "id") == x {
			gives = num(m, "gives_back")
		}
	}
	if gives != 3 {
		t.Errorf("the API's queue gives gives_back %d, want 3", gives)
	}
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", x), admin, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", x), admin, map[string]string{"action": "restore", "reason": "误判"}).must(t, 200)
	if n := num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", x), admin, nil).must(t, 200).JSON, "votes"); n != 0 {
		t.Errorf("restored in a budget challenge, the idea has %d votes, want 0 (given back)", n)
	}
	for _, fan := range fans {
		if n := release51Returned(t, h, fan); n != 1 {
			t.Errorf("a voter was told %d times their vote was returned, want 1", n)
		}
		if left := num(h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/my-votes", cid), fan, nil).must(t, 200).JSON, "votes_left"); left != 2 {
			t.Errorf("a voter has %d votes left, want the budget's 2", left)
		}
	}
	if v, err := h.store.Check(t.Context()); err != nil || len(v) > 0 {
		t.Fatalf("check: %v %v", v, err)
	}
}

// A moderator on a phone, in Chinese, reads on the item how many votes a
// hide gives back, beside the button.
func TestRelease51QueueOnAPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"vote_budget": 3})
	x := h.idea(h.fan("author@fans.cn"), cid, "免清洗内筒：滚筒自动清洗不留死角，长标题在手机上也要折行显示")
	release51Voters(t, h, x, 2)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", x), h.trustedFan("r@fans.cn"), map[string]string{"reason": "spam"}).must(t, 201)
	ctx := newBrowser(t, 375, 667)
	jSignIn(t, ctx, h, "admin@brand.cn", "admin-password", "zh")
	jVisit(t, ctx, h.srv.URL+"/moderation")
	jWant(t, "the votes a hide gives back", jText(t, ctx, fmt.Sprintf("#mod-idea-%d .gives-back", x)), jN("zh", "release51.gives_back", 2))
	jDo(t, ctx, chromedp.ScrollIntoView(fmt.Sprintf("#mod-idea-%d .gives-back", x), chromedp.ByQuery))
	jInView(t, ctx, "the count", fmt.Sprintf("#mod-idea-%d .gives-back", x))
	jFits(t, ctx, "the queue with a count of votes given back")
	shot(t, ctx, "/tmp/release51.png", false)
}
