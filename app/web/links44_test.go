package web

import (
	"fmt"
	"strings"
	"testing"
)

// The public integrity log is found from the pages that show tallies (a
// challenge, a board, the results), not only from an idea whose votes are
// held; an engineer finds a board's reply times as a challenge's; a board
// names its feed.
func TestLinks44IntegrityLogRepliesAndFeedsAreFound(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	eng := h.fan("eng@x.cn")
	h.confirm(int64(jUserID(h, eng)))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", jUserID(h, eng)), admin, map[string]any{"roles": []string{"engineer"}}).must(t, 200)
	cid := h.openChallenge(admin, nil)
	board := h.board(admin, "洗衣机反馈")

	visitor := h.browser()
	for _, place := range []int{cid, board} {
		page := visitor.zhPage(fmt.Sprintf("/challenges/%d", place))
		if !strings.Contains(page, fmt.Sprintf(`<a href="/challenges/%d/integrity/log">%s</a>`, place, jT("zh", "integrity.public_log"))) {
			t.Errorf("challenge %d's page does not link its public integrity log", place)
		}
		if !strings.Contains(page, fmt.Sprintf(`<link rel="alternate" type="application/atom+xml" href="/challenges/%d/feed.atom?lang=zh">`, place)) ||
			!strings.Contains(page, fmt.Sprintf(`href="/challenges/%d/feed.atom?lang=zh" type="application/atom+xml">%s</a>`, place, jT("zh", "polish.feed"))) {
			t.Errorf("challenge %d's page does not name its feed", place)
		}
	}
	readSiteFeed(t, visitor, fmt.Sprintf("/challenges/%d/feed.atom", board), "zh-CN")

	e := h.browser()
	e.signIn("eng@x.cn", "fan-password")
	replies := fmt.Sprintf(`href="/challenges/%d/replies"`, board)
	if page := e.zhPage(fmt.Sprintf("/challenges/%d", board)); !strings.Contains(page, replies) {
		t.Errorf("an engineer's board page does not link the board's reply times")
	}
	e.get(fmt.Sprintf("/challenges/%d/replies", board)).must(t, 200)
	if page := visitor.zhPage(fmt.Sprintf("/challenges/%d", board)); strings.Contains(page, replies) {
		t.Errorf("a visitor's board page links the reply times")
	}
	ab := h.adminBrowser()
	if page := ab.zhPage(fmt.Sprintf("/challenges/%d", board)); !strings.Contains(page, fmt.Sprintf(`href="/challenges/%d/integrity"`, board)) ||
		strings.Count(page, replies) != 1 {
		t.Errorf("an admin's board page does not link the board's integrity page, or links its reply times twice")
	}
}

// The published results link the public integrity log: a fan who doubts a
// tally reads what was removed, and why.
func TestLinks44ResultsLinkTheIntegrityLog(t *testing.T) {
	t.Parallel()
	h, cid, _, _ := publishedResults(t)
	page := h.browser().zhPage(fmt.Sprintf("/challenges/%d/results", cid))
	if !strings.Contains(page, fmt.Sprintf(`<a href="/challenges/%d/integrity/log">%s</a>`, cid, jT("zh", "integrity.public_log"))) {
		t.Errorf("the results do not link the public integrity log")
	}
}

// The integrity log counts removed votes by idea: a blind judge, who sees
// no votes until the results, is neither shown the link nor the log (page
// or API); a fan is shown both.
func TestLinks44ABlindJudgeReadsNoIntegrityLog(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	cid := h.openChallenge(admin, nil)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", h.idea(fan, cid, "银离子内筒")), fan, nil).must(t, 200)
	blindJudge(t, h, admin, cid, "judge44@x.cn")
	log := fmt.Sprintf("/challenges/%d/integrity/log", cid)
	j := h.browser()
	j.signIn("judge44@x.cn", "fan-password")
	if page := j.zhPage(fmt.Sprintf("/challenges/%d", cid)); strings.Contains(page, `href="`+log+`"`) {
		t.Errorf("a blind judge's challenge page links the integrity log")
	}
	j.get(log).must(t, 403)
	tok := h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "judge44@x.cn", "password": "fan-password"}).must(t, 201)
	h.api("GET", "/api/v1"+log, str(tok.JSON, "token"), nil).must(t, 403)
	f := h.browser()
	f.signIn("fan@x.cn", "fan-password")
	if page := f.zhPage(fmt.Sprintf("/challenges/%d", cid)); !strings.Contains(page, `href="`+log+`"`) {
		t.Errorf("a fan's challenge page does not link the integrity log")
	}
	f.get(log).must(t, 200)
}
