package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// mf31Get is a page in lang.
func (b *browser) mf31Get(path, lang string) res {
	return b.get(path, "Accept-Language", lang)
}

// mf31Post posts a form from the page from, in lang.
func (b *browser) mf31Post(from, path, lang string, form url.Values) res {
	form.Set("_csrf", b.csrf(from))
	return b.postLang(path, strings.NewReader(form.Encode()), lang)
}

// The phone walk: a moderator hid an idea from the queue and could not
// restore it, for a hidden item leaves the queue and its page offered no
// restore. Now the hidden idea's page (and a hidden comment's place on
// it) has the queue's restore, a reason required, which returns to the
// page; the log's newest decision on an item still hidden links to it.
// Both decisions are logged; a fan's post of the form is refused.
func TestModfix31ModeratorRestoresFromTheIdeaPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@x.cn")
	reporter := h.confirmedFan("reporter@x.cn")
	h.staffer(admin, "mod@x.cn", "moderator")
	mb := h.browser()
	mb.signIn("mod@x.cn", "fan-password")
	fb := h.browser()
	fb.signIn("reporter@x.cn", "fan-password")
	listed := func() string {
		return h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), "", nil).must(t, 200).Body
	}

	for _, lang := range []string{"zh-CN", "en"} {
		l := lang[:2]
		title := "广告 spam " + l
		id := h.idea(author, cid, title)
		ideaPage := fmt.Sprintf("/ideas/%d", id)
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", id), reporter, map[string]string{"reason": "spam"}).must(t, 201)

		// Hidden from the queue, with a reason: it leaves the queue.
		if r := mb.mf31Post("/moderation", fmt.Sprintf("/moderation/idea/%d", id), lang, url.Values{"action": {"hide"}, "reason": {"广告内容 ad"}}); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/moderation" {
			t.Fatalf("%s: hide from the queue: %d to %q", l, r.Status, r.Header.Get("Location"))
		}
		if strings.Contains(listed(), title) {
			t.Fatalf("%s: the hidden idea is still listed", l)
		}
		q := mb.mf31Get("/moderation", lang).Body
		if strings.Contains(q, fmt.Sprintf(`id="mod-idea-%d"`, id)) {
			t.Fatalf("%s: the hidden idea is still in the queue", l)
		}
		// The log's hide links to the restore on the idea's page.
		restoreLink := fmt.Sprintf(`href="%s#restore-idea-%d">%s</a>`, ideaPage, id, html.EscapeString(jT(l, "modfix31.log_restore")))
		if !strings.Contains(q, restoreLink) {
			t.Errorf("%s: the log offers no restore of the hidden idea (%s): %s", l, restoreLink, q)
		}

		// The idea's page has the restore form, the queue's decision.
		page := mb.mf31Get(ideaPage, lang).Body
		form := fmt.Sprintf(`<form method="post" action="/moderation/idea/%d" class="form mod-form mod-restore" id="restore-idea-%d">`, id, id)
		if !strings.Contains(page, form) || !strings.Contains(page, `name="from" value="idea"`) ||
			!strings.Contains(page, `value="restore">`+html.EscapeString(jT(l, "moderation.restore"))+`</button>`) {
			t.Fatalf("%s: the hidden idea's page offers the moderator no restore: %s", l, page)
		}
		// A fan's post of the form is refused, nothing changes.
		if r := fb.mf31Post(fmt.Sprintf("/challenges/%d", cid), fmt.Sprintf("/moderation/idea/%d", id), lang, url.Values{"action": {"restore"}, "reason": {"x"}, "from": {"idea"}}); r.Status != http.StatusForbidden {
			t.Errorf("%s: a fan's restore: %d, want 403", l, r.Status)
		}
		// Without a reason: the page again, the message at the reason.
		r := mb.mf31Post(ideaPage, fmt.Sprintf("/moderation/idea/%d", id), lang, url.Values{"action": {"restore"}, "reason": {" "}, "from": {"idea"}})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, form) ||
			!strings.Contains(r.Body, fmt.Sprintf(`id="reason-idea-%d-error"`, id)) {
			t.Errorf("%s: a restore without a reason: %d, want 400 on the idea's page with the message: %.2000s", l, r.Status, r.Body)
		}
		if strings.Contains(listed(), title) {
			t.Fatalf("%s: restored without a reason", l)
		}
		// With one: back on the idea's page, told, listed again.
		r = mb.mf31Post(ideaPage, fmt.Sprintf("/moderation/idea/%d", id), lang, url.Values{"action": {"restore"}, "reason": {"误判 a mistake"}, "from": {"idea"}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != ideaPage {
			t.Fatalf("%s: the page's restore: %d to %q, want 303 to %s", l, r.Status, r.Header.Get("Location"), ideaPage)
		}
		if page := mb.mf31Get(ideaPage, lang).Body; !strings.Contains(page, html.EscapeString(jT(l, "moderation.done"))) || strings.Contains(page, form) {
			t.Errorf("%s: the idea's page after the restore: no flash, or the restore still offered", l)
		}
		if !strings.Contains(listed(), title) {
			t.Errorf("%s: the restored idea is not listed", l)
		}
		// Restored again from a page left open: back to the page, saying
		// it is not hidden (the form, and a message beside it, are gone).
		r = mb.mf31Post(ideaPage, fmt.Sprintf("/moderation/idea/%d", id), lang, url.Values{"action": {"restore"}, "reason": {"again"}, "from": {"idea"}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != ideaPage {
			t.Errorf("%s: a restore of what is not hidden: %d to %q, want 303 to %s", l, r.Status, r.Header.Get("Location"), ideaPage)
		}
		if page := mb.mf31Get(ideaPage, lang).Body; !strings.Contains(page, html.EscapeString(jT(l, "error.not_hidden"))) {
			t.Errorf("%s: the idea's page does not say %q", l, jT(l, "error.not_hidden"))
		}
		// The log has both, and offers no restore any more.
		q = mb.mf31Get("/moderation", lang).Body
		for _, want := range []string{
			html.EscapeString(jT(l, "moderation.action.hide")) + " — 广告内容 ad",
			html.EscapeString(jT(l, "moderation.action.restore")) + " — 误判 a mistake",
		} {
			if !strings.Contains(q, want) {
				t.Errorf("%s: the log does not have %q", l, want)
			}
		}
		if strings.Contains(q, fmt.Sprintf("#restore-idea-%d", id)) {
			t.Errorf("%s: the log still offers the restored idea's restore", l)
		}
	}

	// A hidden comment: restored from its place on the idea's page.
	id := h.idea(author, cid, "好创意 a good idea")
	ideaPage := fmt.Sprintf("/ideas/%d", id)
	cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", id), author, map[string]string{"body": "买我的 buy mine"}).must(t, 201).JSON, "id")
	if r := mb.mf31Post("/moderation", fmt.Sprintf("/moderation/comment/%d", cm), "zh-CN", url.Values{"action": {"hide"}, "reason": {"广告"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("hide the comment: %d", r.Status)
	}
	if q := mb.mf31Get("/moderation", "zh-CN").Body; !strings.Contains(q, fmt.Sprintf(`href="%s?comment=%d#restore-comment-%d"`, ideaPage, cm, cm)) {
		t.Errorf("the log offers no restore of the hidden comment: %s", q)
	}
	if page := mb.mf31Get(ideaPage, "zh-CN").Body; !strings.Contains(page, fmt.Sprintf(`action="/moderation/comment/%d" class="form mod-form mod-restore" id="restore-comment-%d"`, cm, cm)) {
		t.Fatalf("the hidden comment offers the moderator no restore: %s", page)
	}
	if page := h.browser().get(ideaPage).Body; strings.Contains(page, "mod-restore") {
		t.Errorf("a visitor is offered a restore")
	}
	r := mb.mf31Post(ideaPage, fmt.Sprintf("/moderation/comment/%d", cm), "zh-CN", url.Values{"action": {"restore"}, "reason": {"误判"}, "from": {"idea"}})
	if want := fmt.Sprintf("%s#comment-%d", ideaPage, cm); r.Status != http.StatusSeeOther || r.Header.Get("Location") != want {
		t.Fatalf("the comment's restore: %d to %q, want 303 to %s", r.Status, r.Header.Get("Location"), want)
	}
	if page := h.browser().get(ideaPage).Body; !strings.Contains(page, "买我的 buy mine") {
		t.Errorf("the restored comment is not shown")
	}
}

// A signed-in reader of a hidden idea (its author, a moderator) was sent
// to sign in to comment; they are told comments are closed, and only a
// visitor of a listed idea is offered the sign-in.
func TestModfix31HiddenIdeaCommentsClosed(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@x.cn")
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	id := h.idea(author, cid, "被隐藏 hidden")
	ideaPage := fmt.Sprintf("/ideas/%d", id)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", id), mod, map[string]string{"action": "hide", "reason": "spam"}).must(t, 200)
	for _, email := range []string{"author@x.cn", "mod@x.cn"} {
		b := h.browser()
		b.signIn(email, "fan-password")
		for _, lang := range []string{"zh-CN", "en"} {
			page := b.mf31Get(ideaPage, lang).Body
			if strings.Contains(page, `href="/signin?next=`) {
				t.Errorf("%s %s: a signed-in reader of a hidden idea is sent to sign in", email, lang)
			}
			if want := html.EscapeString(jT(lang[:2], "modfix31.comments_closed_hidden")); !strings.Contains(page, want) {
				t.Errorf("%s %s: the page does not say %q", email, lang, want)
			}
		}
	}
	other := h.idea(author, cid, "可见 shown")
	if page := h.browser().get(fmt.Sprintf("/ideas/%d", other)).Body; !strings.Contains(page, `href="/signin?next=`) {
		t.Errorf("a visitor is not offered the sign-in to comment")
	}
}

// The queue's counts in parentheses are full-width in Chinese.
func TestModfix31QueueCountsParentheses(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@x.cn")
	reporter := h.fan("reporter@x.cn")
	h.staffer(admin, "mod@x.cn", "moderator")
	id := h.idea(author, cid, "举报 reported")
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", id), reporter, map[string]string{"reason": "spam", "note": "广告"}).must(t, 201)
	mb := h.browser()
	mb.signIn("mod@x.cn", "fan-password")
	for lang, want := range map[string]string{"zh-CN": "举报人的说明（1）", "en": "Reporters&#39; notes (1)"} {
		if page := mb.mf31Get("/moderation", lang).Body; !strings.Contains(page, "<summary>"+want+"</summary>") {
			t.Errorf("%s: the queue does not say %q: %s", lang, want, page)
		}
	}
}
