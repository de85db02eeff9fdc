package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// mod32LaterComment is an idea with more comments than its page shows at
// once (service.IdeaPageComments), the last one, on the second comments
// page, hidden by a moderator: the idea, the comment, and that page's
// comments_after cursor.
func mod32LaterComment(t *testing.T, h *harness, admin, author, mod string, cid int) (idea int, cm int, after string) {
	t.Helper()
	idea = h.idea(author, cid, "好创意 a good idea")
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), admin, map[string]any{"body": "first"}).must(t, 201)
	db := h.rawDB()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 205 {
		if _, err := tx.Exec(`INSERT INTO comments (idea_id, author_id, body, official, created_at) VALUES (?, 1, ?, 0, 0)`, idea, fmt.Sprintf("comment %d", i+2)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tx.Exec(`UPDATE ideas SET comments = comments + 205 WHERE id = ?`, idea); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	cm = num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), author, map[string]string{"body": "买我的 buy mine"}).must(t, 201).JSON, "id")
	h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", cm), mod, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	first := h.browser().get(fmt.Sprintf("/ideas/%d", idea)).must(t, 200).Body
	m := regexp.MustCompile(`href="/ideas/\d+\?comments_after=(\d+)#comments-title"`).FindStringSubmatch(first)
	if m == nil {
		t.Fatal("the idea page links to no second comments page")
	}
	return idea, cm, m[1]
}

// A moderator restores a hidden comment from its place on a later
// comments page. Refused (a blank reason, one too long), the answer is
// that same page, the comment on it, the message at the reason and the
// reason as typed; done (or refused for the comment being restored
// meanwhile), back to that page at the comment. The reason's label
// speaks of the restore, not of hiding.
func TestMod32RestoreOnALaterCommentsPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@x.cn")
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	idea, cm, after := mod32LaterComment(t, h, admin, author, mod, cid)
	ideaPage := fmt.Sprintf("/ideas/%d", idea)
	laterPage := ideaPage + "?comments_after=" + after
	restore := fmt.Sprintf("/moderation/comment/%d", cm)
	mb := h.browser()
	mb.signIn("mod@x.cn", "fan-password")
	form := fmt.Sprintf(`id="restore-comment-%d"`, cm)
	comment := fmt.Sprintf(`id="comment-%d"`, cm)
	reasonErr := fmt.Sprintf(`id="reason-comment-%d-error"`, cm)

	for _, lang := range []string{"zh-CN", "en"} {
		l := lang[:2]
		if page := mb.mf31Get(ideaPage, lang).Body; strings.Contains(page, comment) {
			t.Fatalf("%s: the last comment is on the first comments page", l)
		}
		page := mb.mf31Get(laterPage, lang).Body
		if !strings.Contains(page, form) || !strings.Contains(page, `name="comments_after" value="`+after+`"`) {
			t.Fatalf("%s: the later page's restore does not carry its page: %s", l, page)
		}
		label := fmt.Sprintf(`<label for="reason-comment-%d">%s</label>`, cm, html.EscapeString(jT(l, "mod32.restore_reason")))
		if !strings.Contains(page, label) || strings.Contains(page, html.EscapeString(jT(l, "moderation.reason"))) {
			t.Errorf("%s: the restore's reason is not labelled for a restore (%s)", l, label)
		}
		for _, typed := range []string{" ", strings.Repeat("误", 501)} {
			r := mb.mf31Post(laterPage, restore, lang, url.Values{"action": {"restore"}, "reason": {typed}, "from": {"idea"}, "comments_after": {after}})
			if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, comment) || !strings.Contains(r.Body, form) || !strings.Contains(r.Body, reasonErr) {
				t.Errorf("%s: a refused restore (%d chars): %d, want 400 on the later comments page with the comment and the message: %.1500s", l, len(typed), r.Status, r.Body)
			}
			if want := fmt.Sprintf(`value="%s" aria-invalid="true" aria-describedby="reason-comment-%d-error" autofocus`, html.EscapeString(typed), cm); !strings.Contains(r.Body, want) {
				t.Errorf("%s: the refused reason is not kept, focused at its message", l)
			}
			if !strings.Contains(r.Body, `<link rel="canonical" href="`) || !strings.Contains(r.Body, html.EscapeString(laterPage)+`">`) {
				t.Errorf("%s: the refused page does not name itself as the later comments page", l)
			}
		}
	}
	// A form without its page (or a page past the comment): the comments
	// page that starts at the comment.
	for _, bad := range []string{"", "x", "-3", fmt.Sprint(cm + 5)} {
		r := mb.mf31Post(laterPage, restore, "zh-CN", url.Values{"action": {"restore"}, "reason": {""}, "from": {"idea"}, "comments_after": {bad}})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, comment) || !strings.Contains(r.Body, reasonErr) {
			t.Errorf("comments_after %q: %d, the comment or its message missing", bad, r.Status)
		}
	}
	if strings.Contains(h.browser().get(laterPage).Body, "买我的 buy mine") {
		t.Fatal("restored without a reason")
	}
	// Restored: back to the later page, at the comment.
	want := laterPage + fmt.Sprintf("#comment-%d", cm)
	r := mb.mf31Post(laterPage, restore, "zh-CN", url.Values{"action": {"restore"}, "reason": {"误判"}, "from": {"idea"}, "comments_after": {after}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != want {
		t.Fatalf("the restore: %d to %q, want 303 to %s", r.Status, r.Header.Get("Location"), want)
	}
	if page := h.browser().get(laterPage).Body; !strings.Contains(page, "买我的 buy mine") {
		t.Errorf("the restored comment is not shown on its page")
	}
	// Restored meanwhile (a second tab): the same place, told at the top.
	r = mb.mf31Post(laterPage, restore, "zh-CN", url.Values{"action": {"restore"}, "reason": {"误判"}, "from": {"idea"}, "comments_after": {after}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != want {
		t.Errorf("a restore of a comment restored meanwhile: %d to %q, want 303 to %s", r.Status, r.Header.Get("Location"), want)
	}
}
