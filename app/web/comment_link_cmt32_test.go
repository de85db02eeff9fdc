package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// cmt32LateComment is an idea of author's with 255 comments, more than
// its page shows at once (service.IdeaPageComments): the 230th is
// commenter's, written through the API so the author is told of it. It
// returns the idea and that comment.
func cmt32LateComment(t *testing.T, h *harness, admin, author, commenter string, cid int) (idea, cm int) {
	t.Helper()
	idea = h.idea(author, cid, "好创意 a good idea")
	raw := func(n int) {
		t.Helper()
		tx, err := h.rawDB().Begin()
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			if _, err := tx.Exec(`INSERT INTO comments (idea_id, author_id, body, official, created_at) VALUES (?, 1, ?, 0, 0)`, idea, fmt.Sprintf("filler %d", i)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := tx.Exec(`UPDATE ideas SET comments = comments + ? WHERE id = ?`, n, idea); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	raw(229)
	cm = num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), commenter, map[string]any{"body": "第230条 the 230th"}).must(t, 201).JSON, "id")
	raw(25)
	return idea, cm
}

// The author opens the notice of the 230th comment of 255: it lands on
// the comments page that holds it. A comment's address (?comment=) of a
// comment hidden from the reader, of another idea or of none is the
// idea's first page, the same for all; a garbage one is refused as a bad
// comments_after is.
func TestCmt32NoticeOpensTheCommentsPageHoldingTheComment(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@x.cn")
	commenter := h.fan("commenter@x.cn")
	h.fan("fan@x.cn")
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	idea, cm := cmt32LateComment(t, h, admin, author, commenter, cid)
	anchor := fmt.Sprintf(`id="comment-%d"`, cm)
	ideaPage := fmt.Sprintf("/ideas/%d", idea)
	if strings.Contains(h.browser().get(ideaPage).Body, anchor) {
		t.Fatal("the 230th comment is on the first comments page")
	}

	var notice int
	var link string
	for _, n := range h.api("GET", "/api/v1/me/notifications", author, nil).must(t, 200).JSON["notifications"].([]any) {
		n := n.(map[string]any)
		if strings.HasSuffix(n["url"].(string), fmt.Sprintf("#comment-%d", cm)) {
			notice, link = int(n["id"].(float64)), n["url"].(string)
		}
	}
	if notice == 0 {
		t.Fatal("the author was not told of the 230th comment")
	}
	ab := h.browser()
	ab.signIn("author@x.cn", "fan-password")
	r := ab.post("/notifications", fmt.Sprintf("/notifications/%d/open", notice), nil)
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != link {
		t.Fatalf("opening the notice: %d to %q, want 303 to %q", r.Status, r.Header.Get("Location"), link)
	}
	if page := ab.get(link).must(t, 200).Body; !strings.Contains(page, anchor) || !strings.Contains(page, "第230条 the 230th") {
		t.Fatalf("the notice's link %s opens a page without the comment", link)
	}

	// The API's comment list takes the same comment: the page of limit
	// comments, counted from the first, that holds it.
	apiIDs := func(token, query string) []int {
		t.Helper()
		var ids []int
		for _, c := range h.api("GET", fmt.Sprintf("/api/v1/ideas/%d/comments?%s", idea, query), token, nil).must(t, 200).JSON["comments"].([]any) {
			ids = append(ids, num(c.(map[string]any), "id"))
		}
		return ids
	}
	if ids := apiIDs(author, fmt.Sprintf("limit=100&comment=%d", cm)); len(ids) != 55 || !slices.Contains(ids, cm) || ids[0] != apiIDs(author, "limit=1000")[200] {
		t.Errorf("the API's page holding the comment: %v", ids)
	}
	for _, q := range []string{"comment=x", "comment=0", fmt.Sprintf("comment=%d&cursor=5", cm)} {
		r := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d/comments?%s", idea, q), author, nil).must(t, 400)
		if f := r.JSON["error"].(map[string]any)["field"]; f != "comment" {
			t.Errorf("?%s: refused naming %v, want comment", q, f)
		}
	}

	// Hidden: its author and moderators still land on it; a fan gets the
	// first page, as for a comment that does not exist or is another idea's.
	h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", cm), mod, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	cb := h.browser()
	cb.signIn("commenter@x.cn", "fan-password")
	if page := cb.get(link).must(t, 200).Body; !strings.Contains(page, anchor) {
		t.Errorf("the hidden comment's author does not land on it")
	}
	other := h.idea(author, cid, "另一个 another")
	elsewhere := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", other), commenter, map[string]any{"body": "x"}).must(t, 201).JSON, "id")
	fb := h.browser()
	fb.signIn("fan@x.cn", "fan-password")
	first := fb.get(ideaPage).must(t, 200).Body
	for _, q := range []int{cm, elsewhere, cm + 100000} {
		page := fb.get(fmt.Sprintf("%s?comment=%d", ideaPage, q)).must(t, 200).Body
		if strings.Contains(page, anchor) || strings.Contains(page, "第230条") {
			t.Errorf("?comment=%d: a fan sees the hidden comment", q)
		}
		if cmt32Strip(page) != cmt32Strip(first) {
			t.Errorf("?comment=%d: a fan's page is not the idea's first page", q)
		}
	}
	if ids := apiIDs(h.fan("fan2@x.cn"), fmt.Sprintf("limit=100&comment=%d", cm)); len(ids) == 0 || ids[0] != apiIDs("", "limit=100")[0] {
		t.Errorf("the API shows a fan the page of a comment hidden from them")
	}
	for _, bad := range []string{"x", "-1", "1.5", "9223372036854775808"} {
		want := fb.get(ideaPage + "?comments_after=" + url.QueryEscape(bad)).Status
		if got := fb.get(ideaPage + "?comment=" + url.QueryEscape(bad)).Status; got != want || got == http.StatusOK {
			t.Errorf("?comment=%s: %d, want %d as for comments_after", bad, got, want)
		}
	}
}

// cmt32Strip drops what differs between two loads of the same page (its
// per-request tokens, and its own address where it is sent back to).
func cmt32Strip(page string) string {
	return cmt32Self.ReplaceAllString(csrfField.ReplaceAllString(page, ""), `"`)
}

var cmt32Self = regexp.MustCompile(`\?comment=\d+"`)
