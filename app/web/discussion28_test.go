package web

import (
	"fmt"
	"strings"
	"testing"
)

// A fan following a project asks its engineers where the updates are: the
// project page leads to the idea's conversation (one from idea to launch,
// where answers are official and timed), with its count, in Chinese.
func TestAProjectLeadsToItsConversation(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", e.ideaID), e.fan, map[string]any{"body": "什么时候开始测试？"}).must(t, 201)
	page := h.browser().get(fmt.Sprintf("/projects/%d", e.pid), "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(page, "提问与讨论") || !strings.Contains(page, `#comments-title">评论（1）</a>`) {
		t.Errorf("the project page does not lead to the idea's conversation:\n%.4000s", page[strings.Index(page, "<main"):])
	}
	if !strings.Contains(page, fmt.Sprintf(`href="/ideas/%d`, e.ideaID)) {
		t.Error("no link to the idea")
	}
}
