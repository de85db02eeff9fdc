package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a 375 px phone in Chinese a fan mends their comment and then deletes
// it: the edit and delete are offered on their own comment only, the
// mended comment says it was edited, and the deleted one leaves a
// placeholder; a line break they typed stays a line break, and bold next
// to a full-width colon is bold.
func TestComment50PhoneEditAndDelete(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	writer := h.fan("writer@x.cn")
	other := h.fan("other@x.cn")
	cid := h.openChallenge(admin, nil)
	idea := h.idea(admin, cid, "可折叠的洗衣篮")
	post := func(who, body string) int {
		return num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), who, map[string]string{"body": body}).must(t, 201).JSON, "id")
	}
	mine := post(writer, "手机上发的评论\n第二行 **注意：**请看")
	theirs := post(other, "不错的想法")
	ctx := newBrowser(t, 375, 812)
	jSignIn(t, ctx, h, "writer@x.cn", "fan-password", "zh")
	jVisit(t, ctx, fmt.Sprintf("%s/ideas/%d", h.srv.URL, idea))
	c, r := fmt.Sprintf("#comment-%d", mine), fmt.Sprintf("#comment-%d", theirs)
	var breaks, bold, othersControls int
	jDo(t, ctx,
		chromedp.Evaluate(`document.querySelectorAll('`+c+` .prose br').length`, &breaks),
		chromedp.Evaluate(`[...document.querySelectorAll('`+c+` .prose strong')].filter(s => s.textContent === '注意：').length`, &bold),
		chromedp.Evaluate(`document.querySelectorAll('`+r+` .comment-own').length`, &othersControls),
	)
	if breaks != 1 || bold != 1 {
		t.Errorf("the comment shows %d line breaks and %d bold words, want 1 and 1", breaks, bold)
	}
	if othersControls != 0 {
		t.Error("another fan's comment offers its edit or delete")
	}
	jWant(t, "the edit's summary", jText(t, ctx, c+" .comment-edit summary"), jT("zh", "comment50.edit"))
	shot(t, ctx, "/tmp/comment50-1-own-comment.png", true)

	// The edit.
	jDo(t, ctx,
		chromedp.Click(c+" .comment-edit summary", chromedp.ByQuery),
		chromedp.WaitVisible(c+" .comment-edit textarea", chromedp.ByQuery),
		chromedp.SetValue(c+" .comment-edit textarea", "改好了错别字", chromedp.ByQuery),
	)
	jFits(t, ctx, "the open edit form")
	shot(t, ctx, "/tmp/comment50-2-editing.png", true)
	jGo(t, ctx, c+" .comment-edit button")
	jWantContains(t, "the edited comment", jText(t, ctx, c+" .prose"), "改好了错别字")
	jWantContains(t, "the edited comment's mark", jText(t, ctx, c+" .edited"), jT("zh", "comment50.edited"))
	shot(t, ctx, "/tmp/comment50-3-edited.png", true)

	// The delete, asked once more.
	jDo(t, ctx,
		chromedp.Click(c+" .comment-delete summary", chromedp.ByQuery),
		chromedp.WaitVisible(c+" .comment-delete button", chromedp.ByQuery),
	)
	jGo(t, ctx, c+" .comment-delete button")
	jWant(t, "the deleted comment's place", jText(t, ctx, c+" .deleted-note"), jT("zh", "comment50.deleted"))
	if text := jText(t, ctx, c); strings.Contains(text, "改好了错别字") || strings.Contains(text, "writer") {
		t.Errorf("the deleted comment still shows %q", text)
	}
	jWant(t, "the comments' heading", jText(t, ctx, "#comments-title"), jN("zh", "idea.comments", 1))
	shot(t, ctx, "/tmp/comment50-4-deleted.png", true)
}

// A fenced code block with a long line and a six-column table, in an idea
// and in a comment, scroll inside their own box on a 375 px phone: the
// page itself does not scroll sideways.
func TestComment50WideCodeAndTablesScrollInTheirBox(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	wide := "```\n" + strings.Repeat("water_level_sensor_reading=", 12) + "\n```\n\n" +
		"| 型号 | 容量 | 功率 | 噪音 | 价格 | 能效等级 |\n|---|---|---|---|---|---|\n" +
		"| XQG100-HBM14126 | 10公斤滚筒 | 2200瓦特 | 48分贝静音 | 3999元人民币 | 一级能效 |\n"
	r := h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), admin, map[string]any{"title": "宽表格", "summary": "s", "body": wide}).must(t, 201)
	idea := num(r.JSON, "id")
	cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), admin, map[string]string{"body": wide}).must(t, 201).JSON, "id")
	ctx := newBrowser(t, 375, 812)
	jSignIn(t, ctx, h, "admin@brand.cn", "admin-password", "zh")
	jVisit(t, ctx, fmt.Sprintf("%s/ideas/%d", h.srv.URL, idea)) // fails when the page scrolls sideways
	shot(t, ctx, "/tmp/comment50-5-wide.png", true)
	for _, sel := range []string{".prose pre", ".prose table", fmt.Sprintf("#comment-%d .prose pre", cm), fmt.Sprintf("#comment-%d .prose table", cm)} {
		var box struct {
			Scroll, Client, Right float64
			Overflow              string
		}
		jDo(t, ctx, chromedp.Evaluate(`(() => { const e = document.querySelector('`+sel+`');
  return {Scroll: e.scrollWidth, Client: e.clientWidth, Right: e.getBoundingClientRect().right, Overflow: getComputedStyle(e).overflowX}; })()`, &box))
		if box.Scroll <= box.Client || box.Right > 375 || (box.Overflow != "auto" && box.Overflow != "scroll") {
			t.Errorf("%s: %v px of content in a %v px box ending at %v px, overflow %s; want it to scroll inside the screen", sel, box.Scroll, box.Client, box.Right, box.Overflow)
		}
	}
}
