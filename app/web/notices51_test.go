package web

import (
	"fmt"
	"strings"
	"testing"
	"time"
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
