package web

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// An engineer answers fans in many challenges and boards (DESIGN §3, reply
// times "as Xiaomi's rule"): one page measures every channel at once, with
// each channel's figures and every post still waiting, the longest first,
// named by its channel; the triage queue and each channel's own page lead
// there. Fans are refused it.
func TestReplies44EveryChannelOnOnePage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan, eng := h.fan("fan@x.cn"), h.fan("eng@x.cn")
	h.confirm(int64(jUserID(h, eng)))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", jUserID(h, eng)), admin, map[string]any{"roles": []string{"engineer"}}).must(t, 200)
	cid := h.openChallenge(admin, nil)
	board := h.board(admin, "洗衣机反馈")
	answered := h.idea(fan, cid, "银离子内筒")
	h.advance(time.Hour)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", answered), eng, map[string]string{"body": "谢谢，我们在评估。"}).must(t, 201)
	h.advance(time.Hour)
	oldest := h.idea(fan, board, "门封发霉怎么办")
	h.advance(3 * time.Hour)
	h.idea(fan, cid, "静音电机")
	h.advance(time.Hour)

	e := h.browser()
	e.signIn("eng@x.cn", "fan-password")
	page := e.zhPage("/replies")
	if !strings.Contains(page, jT("zh", "replies44.title")) {
		t.Fatalf("the page: %.2000s", page)
	}
	// Both channels, the board (its one post waiting longest) first.
	b, c := strings.Index(page, fmt.Sprintf(`id="channel-%d"`, board)), strings.Index(page, fmt.Sprintf(`id="channel-%d"`, cid))
	if b < 0 || c < 0 || b > c {
		t.Errorf("the channels are not both listed, the most waiting first (board at %d, challenge at %d)", b, c)
	}
	if !strings.Contains(page, jT("zh", "replies44.row_waiting", 1, "4 小时")) || !strings.Contains(page, jT("zh", "replies44.row_median", "1 小时")) {
		t.Errorf("a channel's figures are not said: %.3000s", page)
	}
	// Every post still waiting, the oldest first, each named by its channel.
	w1, w2 := strings.Index(page, fmt.Sprintf(`<a href="/ideas/%d">门封发霉怎么办</a>`, oldest)), strings.Index(page, ">静音电机</a>")
	if w1 < 0 || w2 < 0 || w1 > w2 || strings.Contains(page, ">银离子内筒</a>") {
		t.Errorf("the waiting posts are not listed oldest first, or an answered one is listed")
	}
	if !strings.Contains(page, `<span class="channel-name">洗衣机反馈</span>`) {
		t.Errorf("a waiting post does not name its channel")
	}
	for _, from := range []string{"/triage", fmt.Sprintf("/challenges/%d/replies", cid)} {
		if !strings.Contains(e.zhPage(from), `href="/replies"`) {
			t.Errorf("%s does not lead to every channel's reply times", from)
		}
	}
	// A fan may not read it.
	f := h.browser()
	f.signIn("fan@x.cn", "fan-password")
	f.get("/replies").must(t, 403)
}

// On a 375 px phone in Chinese, the engineer opens every channel's reply
// times from the triage queue and taps the longest-waiting post.
func TestReplies44OnAPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan, eng := h.fan("fan@x.cn"), h.fan("eng@x.cn")
	h.confirm(int64(jUserID(h, eng)))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", jUserID(h, eng)), admin, map[string]any{"roles": []string{"engineer"}}).must(t, 200)
	board := h.board(admin, "洗衣机反馈：门封、噪音、异味和其他所有问题都可以在这里说")
	id := h.idea(fan, board, "门封发霉了，清洗以后一周又发黑，有没有更好的材料")
	h.advance(26 * time.Hour)

	ctx := newBrowser(t, 375, 667)
	jSignIn(t, ctx, h, "eng@x.cn", "fan-password", "zh")
	jVisit(t, ctx, h.srv.URL+"/triage")
	jGo(t, ctx, `main a[href="/replies"]`) // the triage page's link (the menu's is under 管理)
	jWant(t, "the page's heading", jText(t, ctx, "h1"), jT("zh", "replies44.title"))
	jFits(t, ctx, "every channel's reply times")
	shot(t, ctx, "/tmp/replies44.png", true)
	jDo(t, ctx, chromedp.ScrollIntoView(fmt.Sprintf(`.waiting a[href="/ideas/%d"]`, id), chromedp.ByQuery))
	jGo(t, ctx, fmt.Sprintf(`.waiting a[href="/ideas/%d"]`, id))
	if p := jPath(t, ctx); !strings.HasPrefix(p, fmt.Sprintf("/ideas/%d", id)) {
		t.Errorf("the tapped post opened %s", p)
	}
}
