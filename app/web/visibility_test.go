package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// toDraft moves a challenge back to draft: none of its phases has begun.
func (h *harness) toDraft(admin string, cid int) {
	r := h.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", cid), admin, `{"submissions_open_at": null, "submissions_close_at": null, "voting_open_at": null, "voting_close_at": null}`).must(h.t, 200)
	if str(r.JSON, "phase") != "draft" {
		h.t.Fatalf("not a draft: %s", r.Body)
	}
}

// waitTotal polls the search API as token until query's total is want (or
// indexWait passes), for the index to catch up with a write.
func (h *harness) waitTotal(token, query string, want int) res {
	start := time.Now()
	for {
		r := h.api("GET", "/api/v1/search?type=all&"+query, token, nil).must(h.t, 200)
		if num(r.JSON, "total") == want || time.Since(start) > indexWait {
			return r
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// #11 item 5: search's total must not reveal a draft's words.
func TestSearchTotalRevealsNoDraft(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	cid := h.openChallenge(admin, nil)
	h.idea(admin, cid, "zyxwordsecret 秘密方案")
	h.toDraft(admin, cid)
	q := "q=zyxwordsecret"
	if r := h.waitTotal(admin, q, 1); num(r.JSON, "total") != 1 {
		t.Fatalf("the admin does not find the draft's idea: %s", r.Body)
	}
	for _, who := range []string{"", fan} {
		for _, query := range []string{q, q + "&offset=1000", "q=" + url.QueryEscape("秘密") + "&offset=1000"} {
			r := h.api("GET", "/api/v1/search?type=all&"+query, who, nil).must(t, 200)
			if num(r.JSON, "total") != 0 || len(r.JSON["hits"].([]any)) != 0 {
				t.Errorf("%q as %q: a draft shows through: %s", query, who, r.Body)
			}
		}
		// Filtering by a challenge one may not see is a 404, as its page is.
		for _, query := range []string{q + fmt.Sprintf("&challenge=%d&offset=1000", cid), fmt.Sprintf("challenge=%d", cid)} {
			if r := h.api("GET", "/api/v1/search?type=all&"+query, who, nil); r.Status != 404 {
				t.Errorf("%q as %q: %d %s", query, who, r.Status, r.Body)
			}
		}
		b := h.browser()
		if r := b.get(fmt.Sprintf("/search?q=zyxwordsecret&challenge=%d", cid)); r.Status != 404 {
			t.Errorf("search page filtered by a draft: %d", r.Status)
		}
	}
	h.api("GET", fmt.Sprintf("/api/v1/search?type=all&%s&challenge=%d", q, cid), admin, nil).must(t, 200)
}

// #11 item 10: a project whose idea is hidden is hidden too.
func TestProjectOfHiddenIdeaIsHidden(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	e.move(e.eng, "accepted", "").must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/updates", e.pid), e.eng, map[string]string{"body": "qvbupdateword 原型完成"}).must(t, 201)
	if r := h.waitTotal("", "q=qvbupdateword", 1); num(r.JSON, "total") != 1 {
		t.Fatalf("the update is not found before hiding: %s", r.Body)
	}
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", e.ideaID), e.admin, map[string]any{"state": "hidden", "reason": "spam"}).must(t, 200)
	// Give the index its time (a failure waits out the two seconds).
	h.waitTotal("", "q=qvbupdateword", 0)
	if r := h.waitTotal(e.admin, "q=qvbupdateword", 1); num(r.JSON, "total") != 1 {
		t.Fatalf("the admin no longer finds the update: %s", r.Body)
	}
	// Its author may still see the hidden idea (told why), so its project too.
	h.api("GET", fmt.Sprintf("/api/v1/projects/%d", e.pid), e.author, nil).must(t, 200)
	for _, who := range []string{"", e.fan, e.eng} {
		if r := h.api("GET", fmt.Sprintf("/api/v1/projects/%d", e.pid), who, nil); r.Status != 404 {
			t.Errorf("API project as %q: %d", who, r.Status)
		}
		r := h.api("GET", "/api/v1/projects", who, nil).must(t, 200)
		if strings.Contains(r.Body, "免清洗内筒") {
			t.Errorf("project list as %q shows the hidden idea: %s", who, r.Body)
		}
		if r := h.api("GET", "/api/v1/search?type=all&q=qvbupdateword", who, nil).must(t, 200); num(r.JSON, "total") != 0 {
			t.Errorf("update search as %q: %s", who, r.Body)
		}
	}
	// Its own engineer cannot work on it either, until an admin restores it.
	if r := h.api("POST", fmt.Sprintf("/api/v1/projects/%d/updates", e.pid), e.eng, map[string]string{"body": "more"}); r.Status != 404 {
		t.Errorf("update on a hidden project: %d", r.Status)
	}
	b := h.browser()
	for _, path := range []string{fmt.Sprintf("/projects/%d", e.pid), fmt.Sprintf("/projects/%d/feed.atom", e.pid)} {
		if r := b.get(path); r.Status != 404 || strings.Contains(r.Body, "免清洗内筒") || strings.Contains(r.Body, "og:title") && strings.Contains(r.Body, "免清洗") {
			t.Errorf("%s: %d", path, r.Status)
		}
	}
	if r := b.get("/projects"); strings.Contains(r.Body, "免清洗内筒") {
		t.Errorf("the board shows the hidden idea's project")
	}
	h.api("GET", fmt.Sprintf("/api/v1/projects/%d", e.pid), e.admin, nil).must(t, 200)
}
