package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// The walk of filled forms: the report that hid an idea at once sent its
// reporter back to the idea's page, which no longer shows it to them: a
// "not found" under "thank you". Now that reporter goes to the idea's
// challenge, told the idea is hidden until a moderator looks at it; the
// reports before it return to the idea as before. A comment hidden the
// same way is said to be hidden on the idea's page, where it was.
func TestAReportThatHidesSendsItsReporterOnward(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@x.cn")
	id := h.idea(author, cid, "广告 an advert")
	cmt := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", id), author, map[string]string{"body": "加微信 add me"}).must(t, 201).JSON, "id")
	ideaPage := fmt.Sprintf("/ideas/%d", id)
	for i := 1; i <= 3; i++ {
		email := fmt.Sprintf("r%d@x.cn", i)
		h.trustedFan(email)
		b := h.browser()
		b.signIn(email, "fan-password")
		wantComment, wantIdea := "已收到你的举报，版主会尽快处理", "已收到你的举报，版主会尽快处理"
		wantTo := ideaPage
		if i == 3 {
			wantComment, wantIdea = "这条评论已先隐藏，等版主处理", "这条创意已先隐藏，等版主处理"
			wantTo = fmt.Sprintf("/challenges/%d", cid)
		}
		onComment := b.mf31Post(ideaPage, fmt.Sprintf("/comments/%d/reports", cmt), "zh", url.Values{"reason": {"spam"}})
		if loc := onComment.Header.Get("Location"); onComment.Status != 303 || !strings.HasPrefix(loc, ideaPage) {
			t.Fatalf("report %d of the comment: %d to %q", i, onComment.Status, loc)
		}
		landed := b.mf31Get(onComment.Header.Get("Location"), "zh")
		if landed.Status != 200 || !strings.Contains(landed.Body, wantComment) {
			t.Errorf("report %d of the comment lands on %d without %q", i, landed.Status, wantComment)
		}
		// Its words belong at the comment, where the phone scrolls
		// (session 40: flashThere), not at the page's top.
		if at := fmt.Sprintf(`<p class="flash" role="status" data-at="comment-%d">`, cmt); !strings.Contains(landed.Body, at) {
			t.Errorf("report %d of the comment: its words are not given the comment's place: %.300s", i, flashP.FindString(landed.Body))
		}
		onIdea := b.mf31Post(ideaPage, ideaPage+"/reports", "zh", url.Values{"reason": {"spam"}})
		if loc := onIdea.Header.Get("Location"); onIdea.Status != 303 || loc != wantTo {
			t.Fatalf("report %d of the idea: %d to %q, want %s", i, onIdea.Status, loc, wantTo)
		}
		if landed := b.mf31Get(onIdea.Header.Get("Location"), "zh"); landed.Status != 200 || !strings.Contains(landed.Body, wantIdea) {
			t.Errorf("report %d of the idea lands on %d without %q", i, landed.Status, wantIdea)
		}
		if i == 3 {
			if r := b.mf31Get(ideaPage, "zh"); r.Status != 404 {
				t.Errorf("the hidden idea's page answers its reporter %d, want 404", r.Status)
			}
		}
	}
}
