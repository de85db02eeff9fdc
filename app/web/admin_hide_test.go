package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// An admin's hiding through an idea's edit is a moderation decision like
// any other: the state it had is kept (a shortlisted idea comes back
// shortlisted), the decision is logged, the author told; a moderator may
// restore an admin's hiding and an admin a moderator's, each logged.
func TestAdminHideKeepsStateAndIsLogged(t *testing.T) {
	t.Parallel()
	e := newJudging(t, false)
	h := e.h
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", e.cid), e.admin, map[string]any{"top": 4}).must(t, 200)
	mod, _ := h.staffer(e.admin, "mod@x.cn", "moderator")
	idea := e.ideas[1]
	ideaPath := fmt.Sprintf("/api/v1/ideas/%d", idea)
	state := func() string { return str(h.api("GET", ideaPath, e.admin, nil).must(t, 200).JSON, "state") }
	if s := state(); s != "shortlisted" {
		t.Fatalf("the idea is %s, want shortlisted", s)
	}

	// Hidden by the admin's edit.
	r := h.api("PATCH", ideaPath, e.admin, map[string]any{"state": "hidden", "reason": "抄袭 copied"}).must(t, 200)
	if str(r.JSON, "state") != "hidden" {
		t.Fatalf("not hidden: %s", r.Body)
	}
	log := h.api("GET", "/api/v1/moderation/log", mod, nil).must(t, 200)
	if !strings.Contains(log.Body, fmt.Sprintf(`"type":"idea","id":%d,"action":"hide","reason":"抄袭 copied"`, idea)) {
		t.Errorf("the admin's hiding is not in the moderation log: %s", log.Body)
	}
	if n := h.noticesAbout(e.fan, "hidden", idea); len(n) != 1 || !strings.Contains(str(n[0], "text"), "抄袭 copied") {
		t.Errorf("the author was not told of the admin's hiding, with its reason: %v", n)
	}
	// Restored by the admin's edit: shortlisted again, logged.
	r = h.api("PATCH", ideaPath, e.admin, map[string]any{"state": "submitted", "reason": "误判 mistake"}).must(t, 200)
	if s := str(r.JSON, "state"); s != "shortlisted" {
		t.Errorf("the admin's restore gave %s, want shortlisted", s)
	}
	if log := h.api("GET", "/api/v1/moderation/log", mod, nil).must(t, 200); !strings.Contains(log.Body, `"action":"restore","reason":"误判 mistake"`) {
		t.Errorf("the admin's restore is not logged: %s", log.Body)
	}

	// The admin hides without a reason, a moderator restores: shortlisted.
	// The author is told, without a blank reason.
	h.api("PATCH", ideaPath, e.admin, map[string]any{"state": "hidden"}).must(t, 200)
	if n := h.noticesAbout(e.fan, "hidden_no_reason", idea); len(n) != 1 || strings.Contains(str(n[0], "text"), "Reason") || strings.Contains(str(n[0], "text"), "原因") {
		t.Errorf("the author was not told of a hiding without a reason, or told a blank one: %v", n)
	}
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", idea), mod, map[string]string{"action": "restore", "reason": "ok"}).must(t, 200)
	if s := state(); s != "shortlisted" {
		t.Errorf("a moderator's restore of an admin's hiding gave %s, want shortlisted", s)
	}
	// A moderator hides, the admin restores through the page's form.
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", idea), mod, map[string]string{"action": "hide", "reason": "spam"}).must(t, 200)
	b := h.adminBrowser()
	from := fmt.Sprintf("/ideas/%d", idea)
	if r := b.post(from, from+"/state", url.Values{"state": {"submitted"}, "reason": {"ok"}}); r.Status != 303 {
		t.Fatalf("the page's restore: %d %.300s", r.Status, r.Body)
	}
	if s := state(); s != "shortlisted" {
		t.Errorf("the admin's restore of a moderator's hiding gave %s, want shortlisted", s)
	}
	// The page's hide is the same path: logged, the author told.
	if r := b.post(from, from+"/state", url.Values{"state": {"hidden"}, "reason": {"页面 page"}}); r.Status != 303 {
		t.Fatalf("the page's hide: %d %.300s", r.Status, r.Body)
	}
	if n := len(h.noticesAbout(e.fan, "hidden", idea)) + len(h.noticesAbout(e.fan, "hidden_no_reason", idea)); n != 4 {
		t.Errorf("the author has %d hidden notices after four hidings, want 4", n)
	}
	if log := h.api("GET", "/api/v1/moderation/log", mod, nil).must(t, 200); !strings.Contains(log.Body, `"action":"hide","reason":"页面 page"`) {
		t.Errorf("the page's hide is not logged: %s", log.Body)
	}
	// Restoring what is not hidden, or hiding with new text, is refused.
	h.api("PATCH", ideaPath, e.admin, map[string]any{"state": "submitted"}).must(t, 200)
	if r := h.api("PATCH", ideaPath, e.admin, map[string]any{"state": "hidden", "title": "新标题"}); r.Status != 409 || r.errCode() != "state_move_not_allowed" {
		t.Errorf("hiding with new text: %d %s", r.Status, r.Body)
	}
	if s := state(); s != "shortlisted" {
		t.Errorf("a refused edit changed the state to %s", s)
	}
	// Nobody else hides through the edit.
	if r := h.api("PATCH", ideaPath, mod, map[string]any{"state": "hidden"}); r.Status != 403 {
		t.Errorf("a moderator hid through the admin's edit: %d %s", r.Status, r.Body)
	}
}
