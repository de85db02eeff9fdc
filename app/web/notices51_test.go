package web

import (
	"context"
	"fmt"
	"html"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
)

// ofKind counts the kinds among mailed that are kind.
func ofKind(mailed []string, kind string) int {
	n := 0
	for _, k := range mailed {
		if k == kind {
			n++
		}
	}
	return n
}

// unreadOf are a person's unread notices of kind, newest first.
func unreadOf(ns []map[string]any, kind string) []map[string]any {
	var out []map[string]any
	for _, n := range ns {
		if n["kind"] == kind && n["read"] == false {
			out = append(out, n)
		}
	}
	return out
}

// The audit's engineer: told of a fan's question, they answered it, and
// the fan's next question reached nobody (the old notice, unread, kept
// them "waiting"). Now answering reads the thread's notices, so the next
// question is a new notice and a new email; and the idea's author, still
// waiting on an unread one, has it replaced by one at the top with the
// newest comment's link (no second email: the first one stands).
func TestNotices51EveryNewQuestionReachesTheEngineer(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	comments := fmt.Sprintf("/api/v1/ideas/%d/comments", e.ideaID)
	h.owedMail("zh") // sign-ups, roles, the project
	h.api("POST", comments, e.fan, map[string]any{"body": "内筒多久需要清洗一次？"}).must(t, 201)
	if got := unreadOf(e.notices(t, e.eng), "project_question"); len(got) != 1 {
		t.Fatalf("the engineer has %d unread question notices, want 1", len(got))
	}
	if mailed := h.owedMail("zh"); ofKind(mailed["eng@x.cn"], "project_question") != 1 || ofKind(mailed["author@x.cn"], "comment") != 1 {
		t.Fatalf("emails of the first question: %v", mailed)
	}
	h.api("POST", comments, e.eng, map[string]any{"body": "每三个月一次"}).must(t, 201)
	if got := unreadOf(e.notices(t, e.eng), "project_question"); len(got) != 0 {
		t.Errorf("the engineer answered, yet %d question notices stay unread", len(got))
	}

	h.advance(time.Minute)
	second := num(h.api("POST", comments, e.fan, map[string]any{"body": "还有一个问题：能放烘干机吗？"}).must(t, 201).JSON, "id")
	at := fmt.Sprintf("#comment-%d", second)
	got := unreadOf(e.notices(t, e.eng), "project_question")
	if len(got) != 1 || !strings.HasSuffix(fmt.Sprint(got[0]["url"]), at) {
		t.Fatalf("the engineer was not told of the second question: %v", e.notices(t, e.eng))
	}
	if e.notices(t, e.eng)[0]["id"] != got[0]["id"] {
		t.Errorf("the new question is not the engineer's newest notice")
	}
	authors := e.notices(t, e.author)
	mine := unreadOf(authors, "comment")
	if len(mine) != 1 || !strings.HasSuffix(fmt.Sprint(mine[0]["url"]), at) || authors[0]["id"] != mine[0]["id"] {
		t.Errorf("the author's unread comment notice was not brought up to the second question: %v", authors)
	}
	mailed := h.owedMail("zh")
	if ofKind(mailed["eng@x.cn"], "project_question") != 1 {
		t.Errorf("the engineer got %d emails of the second question, want 1", len(mailed["eng@x.cn"]))
	}
	if ofKind(mailed["author@x.cn"], "comment") != 0 {
		t.Errorf("the author, not yet back since the first email, was mailed again: %v", mailed["author@x.cn"])
	}
}

// The audit's status storm: 110 switches of a board post's status in ten
// seconds gave each voter ~110 notices and emails. Now each has one
// unread status notice of the post, the newest, and its email waits a
// quiet spell, so the one email tells the state it settled in; a change
// after that email is news again.
func TestNotices51AStatusStormTellsEachVoterOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	bid := h.board(admin, "洗衣机")
	author, voter := h.fan("author@x.cn"), h.fan("voter@x.cn")
	eng := h.engineer(admin, "eng@brand.cn")
	if err := h.store.SetLocale(context.Background(), h.userID(voter), "zh"); err != nil {
		t.Fatal(err)
	}
	post := h.idea(author, bid, "洗衣机太吵了")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", post), voter, nil).must(t, 200)
	h.mailOut("") // the sign-ups' confirmations
	path := fmt.Sprintf("/api/v1/ideas/%d/status", post)
	statuses := []string{"under_review", "planned", "in_progress"}
	for i := 0; i < 30; i++ {
		h.api("PUT", path, eng, map[string]any{"status": statuses[i%len(statuses)]}).must(t, 200)
		h.advance(100 * time.Millisecond)
	}
	h.api("PUT", path, eng, map[string]any{"status": "done", "response": "固件 2.1 已降噪"}).must(t, 200)
	statusNotices := func(tok string) (all, unread int) {
		for _, n := range h.notices(tok) {
			if n["kind"] == "status" || n["kind"] == "status_answered" {
				all++
				if n["read"] == false {
					unread++
				}
			}
		}
		return all, unread
	}
	for who, tok := range map[string]string{"author": author, "voter": voter} {
		if all, unread := statusNotices(tok); all != 1 || unread != 1 {
			t.Errorf("the %s has %d status notices (%d unread) after 31 changes, want 1", who, all, unread)
		}
	}
	if mails := h.mailOut(""); len(mails) != 0 {
		t.Errorf("status emails went before the quiet spell: %v", mails)
	}
	h.advance(domain.StatusMailQuiet)
	mails := h.mailOut("")
	if len(mails["voter@x.cn"]) != 1 || len(mails["author@x.cn"]) != 1 {
		t.Fatalf("emails after the storm: %v, want one each", mails)
	}
	if m := mails["voter@x.cn"][0]; !strings.Contains(m.Text, "已实现") || !strings.Contains(m.Text, "固件 2.1 已降噪") {
		t.Errorf("the voter's one email does not tell the settled state:\n%s", m.Text)
	}
	// Mailed and still unread: a later change takes its place, and is mailed.
	h.api("PUT", path, eng, map[string]any{"status": "planned"}).must(t, 200)
	if all, unread := statusNotices(voter); all != 1 || unread != 1 {
		t.Errorf("after a change past the email the voter has %d status notices (%d unread), want the newest alone", all, unread)
	}
	h.advance(domain.StatusMailQuiet)
	if mails := h.mailOut(""); len(mails["voter@x.cn"]) != 1 {
		t.Errorf("the change after the email was mailed %d times, want 1", len(mails["voter@x.cn"]))
	}
}

// The audit's bell: "100" while 125 were unread, and 3 while 15 visible
// unread waited behind the notices of an idea a moderator hid since. Now
// the bell counts every unread notice the reader may see (among their
// newest 1000), shows "99+" past 99, and the API says the same.
func TestNotices51TheBellCountsWhatTheReaderMaySee(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@x.cn")
	kept, hidden := h.idea(author, cid, "静音滚筒"), h.idea(author, cid, "自动投放")
	reader := h.fan("reader@x.cn")
	b := h.browser()
	b.signIn("reader@x.cn", "fan-password")
	for _, idea := range []int{kept, hidden} {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", idea), reader, nil).must(t, 200)
	}
	ctx := context.Background()
	staff, err := h.store.User(ctx, h.userID(admin))
	if err != nil {
		t.Fatal(err)
	}
	reply := func(idea, n int) { // official replies: each a notice of its own
		for i := 0; i < n; i++ {
			if _, err := h.svc.CommentOn(ctx, &staff, int64(idea), 0, fmt.Sprintf("官方回复 %d", i)); err != nil {
				t.Fatal(err)
			}
		}
	}
	reply(kept, 15)
	reply(hidden, 110)
	unread := func() map[string]any {
		return h.api("GET", "/api/v1/me/notifications/unread", reader, nil).must(t, 200).JSON
	}
	bell := func() string {
		page := b.zhPage("/")
		i := strings.Index(page, `class="notices"`)
		j := strings.Index(page[i:], "</a>")
		return html.UnescapeString(page[i : i+j])
	}
	// The page's bell reads only the newest 100 (all visible: 99+); the
	// API after it still counts all 125, not the bell's kept glance.
	if got := bell(); !strings.Contains(got, `<span class="count">99+</span>`) {
		t.Errorf("the bell of 125 unread: %s", got)
	}
	if u := unread(); num(u, "unread") != 125 || u["badge"] != "99+" {
		t.Errorf("125 unread: the API says %v, want 125 and 99+", u)
	}
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", hidden), admin, map[string]any{"state": "hidden", "reason": "重复"}).must(t, 200)
	if u := unread(); num(u, "unread") != 15 || u["badge"] != "15" {
		t.Errorf("15 visible unread behind 110 of a hidden idea: the API says %v", u)
	}
	if got := bell(); !strings.Contains(got, `<span class="count">15</span>`) {
		t.Errorf("the bell of 15 visible unread: %s", got)
	}
}
