package web

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a phone, in Chinese, a moderator who judges the challenge blind reads
// "盲评期间不显示作者" where the queue and the log would name the author,
// and the page keeps to the screen's width.
func TestPhoneModerationBlindJudgeSeesNoAuthor(t *testing.T) {
	t.Parallel()
	e := newJudging(t, true)
	h := e.h
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", e.cid), e.admin, map[string]any{"top": 4}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/judges", e.cid), e.admin, map[string]any{"user_ids": []int{e.j1ID, e.j2ID}, "per_idea": 1}).must(t, 200)
	h.confirm(int64(e.j2ID))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", e.j2ID), e.admin, map[string]any{"roles": []string{"judge", "moderator"}}).must(t, 200)
	idea := e.ideas[1]
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", idea), e.admin, map[string]string{"action": "hide", "reason": "spam"}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d/review", idea), e.fan, map[string]string{"note": "不是广告"}).must(t, 200)

	ctx := newBrowser(t, 375, 667)
	jSignIn(t, ctx, h, "j2@x.cn", "fan-password", "zh")
	var seen struct {
		Text  string
		Width float64
	}
	var shot []byte
	run(t, ctx,
		chromedp.Navigate(h.srv.URL+"/moderation"),
		chromedp.WaitVisible(fmt.Sprintf("#mod-idea-%d", idea), chromedp.ByQuery),
		chromedp.Evaluate(`({Text: document.querySelector('.moderation').innerText, Width: document.documentElement.scrollWidth})`, &seen),
		chromedp.FullScreenshot(&shot, 100),
	)
	if dir := os.Getenv("COCREATE_SHOTS"); dir != "" {
		_ = os.WriteFile(dir+"/moderation-blind-375.png", shot, 0o644)
	}
	if n := strings.Count(seen.Text, "盲评期间不显示作者"); n < 2 {
		t.Errorf("the page says the author is hidden for blind judging %d times, want the item and its history: %s", n, seen.Text)
	}
	if strings.Contains(seen.Text, "fan") {
		t.Errorf("the page names the author: %s", seen.Text)
	}
	if seen.Width > 375 {
		t.Errorf("the page is %v px wide", seen.Width)
	}
}
