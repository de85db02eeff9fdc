package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// heldVotes are the ids in the caller's my-votes held_votes.
func heldVotes(t *testing.T, h *harness, tok string, cid int) []int {
	t.Helper()
	var out []int
	for _, v := range h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/my-votes?ids=", cid), tok, nil).must(t, 200).JSON["held_votes"].([]any) {
		out = append(out, int(v.(map[string]any)["id"].(float64)))
	}
	return out
}

// A fan's vote on an idea that reports hid waits with the idea for a
// moderator, and counts against their budget meanwhile. Their list of
// votes says so, with the idea's title and a button to take the vote
// back, which gives it back to spend elsewhere; an app reads the same in
// my-votes' held_votes. Whoever holds no vote on the hidden idea still
// finds nothing there; after the vote, nothing can be taken back.
func TestHeld49AFanTakesBackAVoteOnAHiddenIdea(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"vote_budget": 2, "report_threshold": 1})
	hidden, kept, other := h.idea(admin, cid, "免清洗内筒"), h.idea(admin, cid, "静音电机"), h.idea(admin, cid, "烘干除菌")
	fan, late := h.fan("fan@x.cn"), h.fan("late@x.cn")
	for _, id := range []int{hidden, kept} {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", id), fan, nil).must(t, 200)
	}
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", hidden), late, nil).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", hidden), admin, nil).must(t, 200)
	reporter := h.trustedFan("r@x.cn")
	if r := h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", hidden), reporter, map[string]string{"reason": "spam"}).must(t, 201); r.JSON["auto_hidden"] != true {
		t.Fatalf("the report did not hide the idea: %s", r.Body)
	}
	if got := heldVotes(t, h, fan, cid); len(got) != 1 || got[0] != hidden {
		t.Fatalf("held_votes %v, want [%d]", got, hidden)
	}
	if r := h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", other), fan, nil); r.errCode() != "vote_budget_spent" {
		t.Fatalf("the held vote does not count against the budget: %d %s", r.Status, r.Body)
	}

	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	mine := fmt.Sprintf("/challenges/%d?mine=1", cid)
	body := b.get(mine, "Accept-Language", "zh-CN").must(t, 200).Body
	for _, want := range []string{`<h3 id="held-title">1 票投在正在审核的创意上</h3>`, `<span class="held-title">免清洗内筒</span>`, fmt.Sprintf(`<form method="post" action="/ideas/%d/vote">`, hidden), "收回这一票"} {
		if !strings.Contains(body, want) {
			t.Errorf("my votes do not show the held vote: no %q", want)
		}
	}
	if strings.Contains(body, fmt.Sprintf(`id="vote-%d"`, hidden)) {
		t.Errorf("the hidden idea is listed as a card")
	}
	// An admin, who sees the hidden idea, takes their vote back the same
	// way; once it is gone, they are told it cannot be voted on, as before.
	if got := heldVotes(t, h, admin, cid); len(got) != 1 || got[0] != hidden {
		t.Errorf("the admin's held_votes: %v", got)
	}
	h.api("DELETE", fmt.Sprintf("/api/v1/ideas/%d/vote", hidden), admin, nil).must(t, 200)
	if r := h.api("DELETE", fmt.Sprintf("/api/v1/ideas/%d/vote", hidden), admin, nil); r.Status != 409 || r.errCode() != "idea_not_votable" {
		t.Errorf("an admin without a vote on the hidden idea: %d %s", r.Status, r.Body)
	}
	// Someone without a vote on it learns nothing: 404 as before.
	stranger := h.fan("stranger@x.cn")
	if r := h.api("DELETE", fmt.Sprintf("/api/v1/ideas/%d/vote", hidden), stranger, nil); r.Status != 404 {
		t.Errorf("taking back a vote one does not hold on a hidden idea: %d %s", r.Status, r.Body)
	}

	r := b.post(mine, fmt.Sprintf("/ideas/%d/vote", hidden), url.Values{"vote": {"0"}, "next": {mine + "#ideas-title"}})
	if r.Status != 303 || r.Header.Get("Location") != mine+"#ideas-title" {
		t.Fatalf("the take-back button: %d %q %s", r.Status, r.Header.Get("Location"), r.Body)
	}
	if got := heldVotes(t, h, fan, cid); len(got) != 0 {
		t.Errorf("held_votes after taking it back: %v", got)
	}
	if n := num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", hidden), admin, nil).must(t, 200).JSON, "votes"); n != 1 {
		t.Errorf("the hidden idea's tally after one of two votes was taken back: %d, want 1", n)
	}
	if body := b.get(mine, "Accept-Language", "zh-CN").must(t, 200).Body; strings.Contains(body, "held-votes") || !strings.Contains(body, jT("zh", "vote.left", 1)) {
		t.Errorf("after taking it back, the page still shows it or the budget did not follow")
	}
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", other), fan, nil).must(t, 200)

	// The API answers without the hidden idea's tally.
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", kept), late, nil).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/phase", cid), admin, map[string]string{"move": "close_voting"}).must(t, 200)
	if r := h.api("DELETE", fmt.Sprintf("/api/v1/ideas/%d/vote", hidden), late, nil); r.Status != 409 || r.errCode() != "voting_closed" {
		t.Errorf("taking back a held vote after the vote: %d %s", r.Status, r.Body)
	}
	if got := heldVotes(t, h, late, cid); len(got) != 0 {
		t.Errorf("held_votes after the vote, when none can be taken back: %v", got)
	}
}

// The same on a phone, in Chinese: the fan opens their votes, finds the
// one under review, taps to take it back, and the budget line follows.
func TestHeld49OnAPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"vote_budget": 1, "report_threshold": 1})
	hidden := h.idea(admin, cid, "免清洗内筒：滚筒自动清洗不留死角，长标题在手机上也要折行显示")
	h.idea(admin, cid, "静音电机")
	fan := h.fan("fan@x.cn")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", hidden), fan, nil).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", hidden), h.trustedFan("r@x.cn"), map[string]string{"reason": "spam"}).must(t, 201)
	ctx := newBrowser(t, 375, 667)
	jSignIn(t, ctx, h, "fan@x.cn", "fan-password", "zh")
	jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d", h.srv.URL, cid))
	jWant(t, "the spent budget", jText(t, ctx, ".budget"), jT("zh", "vote.left", 0))
	jDo(t, ctx, chromedp.ScrollIntoView(".my-votes-link a", chromedp.ByQuery))
	jGo(t, ctx, ".my-votes-link a")
	jWant(t, "the held votes' heading", jText(t, ctx, "#held-title"), jN("zh", "held49.title", 1))
	jDo(t, ctx, chromedp.ScrollIntoView("#held-votes button", chromedp.ByQuery))
	jInView(t, ctx, "the take-back button", "#held-votes button")
	jFits(t, ctx, "my votes with one under review")
	shot(t, ctx, "/tmp/held49.png", false)
	jGo(t, ctx, "#held-votes button")
	jWant(t, "the budget after taking it back", jText(t, ctx, ".budget"), jT("zh", "vote.left", 1))
	if n := jCount(t, ctx, "#held-votes"); n != 0 {
		t.Errorf("the held vote is still shown after taking it back")
	}
	jWantContains(t, "the empty list", jText(t, ctx, ".empty"), jT("zh", "mine45.none"))
}
