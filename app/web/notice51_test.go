package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
)

// notice51 finds the one notice of kind in a person's list (the API), by
// which it fails the test unless there is exactly one.
func (h *harness) notice51(tok, kind string) map[string]any {
	h.t.Helper()
	var found []map[string]any
	for _, n := range h.api("GET", "/api/v1/me/notifications", tok, nil).must(h.t, 200).JSON["notifications"].([]any) {
		if m := n.(map[string]any); m["kind"] == kind {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		h.t.Fatalf("%d notices of kind %s: %v", len(found), kind, found)
	}
	return found[0]
}

// A notice of a new comment names who wrote it, in the app (its text and
// its "by") and in the email, in each reader's language; once that
// account is deleted, the same notice names a deleted user, in the
// reader's language, and "by" keeps no name. An official reply's names
// the staffer.
func TestCommentNoticesNameTheCommenter(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	follower := h.fan("follower@x.cn")
	commenter := jUser(h, "zhang@x.cn", "张三")
	commenterID := jUserID(h, commenter)
	h.confirm(int64(commenterID)) // an email names only a confirmed commenter
	h.api("PATCH", "/api/v1/me", author, map[string]any{"locale": "zh"}).must(t, 200)
	h.api("PATCH", "/api/v1/me", follower, map[string]any{"locale": "en"}).must(t, 200)
	cid := h.openChallenge(admin, nil)
	idea := h.idea(author, cid, "免清洗内筒")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", idea), follower, nil).must(t, 200)
	h.mailOut("en") // the sign-ups' confirmations
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), commenter, map[string]string{"body": "门封可以拆洗吗？"}).must(t, 201)

	named := func(tok, kind, text string, name string) {
		t.Helper()
		n := h.notice51(tok, kind)
		if n["text"] != text {
			t.Errorf("%s: text %q, want %q", kind, n["text"], text)
		}
		by, _ := n["by"].(map[string]any)
		if by == nil || num(by, "id") != commenterID || by["name"] != name {
			t.Errorf("%s: by %v, want id %d and name %q", kind, n["by"], commenterID, name)
		}
	}
	named(author, "comment", "张三 评论了你的创意“免清洗内筒”。", "张三")
	named(follower, "followed_comment", "张三 commented on “免清洗内筒”, an idea you follow.", "张三")
	out := h.mailOut("en")
	if m := mailLang(t, out, "author@x.cn", "zh"); !strings.Contains(m.Subject, "张三 评论了你的创意“免清洗内筒”") || !strings.Contains(m.Text, "张三 评论了你的创意“免清洗内筒”。") {
		t.Errorf("the author's email:\n%s\n%s", m.Subject, m.Text)
	}
	if m := mailLang(t, out, "follower@x.cn", "en"); !strings.Contains(m.Text, "张三 commented on “免清洗内筒”, an idea you follow.") {
		t.Errorf("the follower's email:\n%s", m.Text)
	}

	// The commenter deletes their account: the notices say who no more.
	h.api("DELETE", "/api/v1/me", commenter, map[string]string{"current_password": "fan-password"}).must(t, 204)
	named(author, "comment", "已注销用户 评论了你的创意“免清洗内筒”。", "")
	named(follower, "followed_comment", "deleted user commented on “免清洗内筒”, an idea you follow.", "")

	// An official reply names the staffer who wrote it.
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), admin, map[string]string{"body": "可以拆洗。"}).must(t, 201)
	if n := h.notice51(author, "official"); n["text"] != "管理员 对你的创意“免清洗内筒”作了官方回复。" || str(n, "by", "name") != "管理员" {
		t.Errorf("the official reply's notice: %v", n)
	}

	// On a phone, in Chinese, the notifications page says it, and fits.
	ctx := newBrowser(t, 375, 667)
	jDo(t, ctx, emulation.SetDeviceMetricsOverride(375, 667, 1, true))
	jSignIn(t, ctx, h, "author@x.cn", "fan-password", "zh")
	jVisit(t, ctx, h.srv.URL+"/notifications")
	jWantContains(t, "the notices", strings.Join(jTexts(t, ctx, "article.notice"), "\n"), "已注销用户 评论了你的创意“免清洗内筒”。")
	jFits(t, ctx, "通知")
}

// A name its owner chose on an unconfirmed address is not carried into
// others' inboxes: commenting needs no confirmed address, and "Visit
// http://evil.example now" must not speak in an email's subject in the
// site's voice. The page names them, as comment lists do; once confirmed,
// the email does too.
func TestNotice51AnUnconfirmedCommenterIsNotNamedInEmails(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	h.confirm(h.userID(author))
	spam := "Visit http://evil.example now"
	commenter := jUser(h, "spam@x.cn", spam)
	cid := h.openChallenge(admin, nil)
	idea := h.idea(author, cid, "免清洗内筒")
	h.mailOut("en") // the sign-ups' confirmations
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), commenter, map[string]string{"body": "看这里"}).must(t, 201)
	if n := h.notice51(author, "comment"); !strings.Contains(fmt.Sprint(n["text"]), spam) {
		t.Errorf("the page's notice does not name the commenter: %v", n["text"])
	}
	m := mailLang(t, h.mailOut("en"), "author@x.cn", "en")
	if strings.Contains(m.Subject+m.Text, "evil.example") || !strings.Contains(m.Text, "免清洗内筒") {
		t.Errorf("the email carries the unconfirmed commenter's name:\n%s\n%s", m.Subject, m.Text)
	}
}
