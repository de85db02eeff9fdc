package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// A time past the year 9999 in UTC (9999-12-31 23:00 in Hawaii) was taken,
// and from then on every answer that showed it failed: the projects list
// and the project's page for everyone, the challenges list. It is refused
// at its field, and nothing is written.
func TestTimes51PastTheYear9999AreRefused(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	far := "9999-12-31T23:00:00-10:00"
	r := h.api("POST", fmt.Sprintf("/api/v1/projects/%d/milestones", e.pid), e.eng, map[string]any{"title": "远期", "due_at": far}).must(t, 400)
	if r.errField() != "due_at" || r.errCode() != "time_out_of_range" {
		t.Errorf("a milestone due past 9999: %s", r.Body)
	}
	if ms := h.api("GET", fmt.Sprintf("/api/v1/projects/%d", e.pid), "", nil).must(t, 200).JSON["milestones"].([]any); len(ms) != 0 {
		t.Errorf("the refused milestone was written: %v", ms)
	}
	h.api("GET", "/api/v1/projects", "", nil).must(t, 200)

	admin := e.admin
	cid := h.openChallenge(admin, nil)
	r = h.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", cid), admin, map[string]any{"voting_close_at": far}).must(t, 400)
	if r.errField() != "voting_close_at" || r.errCode() != "time_out_of_range" {
		t.Errorf("voting closing past 9999: %s", r.Body)
	}
	r = h.api("POST", "/api/v1/challenges", admin, map[string]any{"title": "远期", "kind": "open_call",
		"submissions_open_at": "1969-12-31T00:00:00Z", "submissions_close_at": "2026-12-31T00:00:00Z"}).must(t, 400)
	if r.errField() != "submissions_open_at" || r.errCode() != "time_out_of_range" {
		t.Errorf("submissions opening before 1970: %s", r.Body)
	}
	h.api("GET", "/api/v1/challenges", "", nil).must(t, 200)
	// In Chinese, at the field.
	req, _ := http.NewRequest("PATCH", h.srv.URL+fmt.Sprintf("/api/v1/challenges/%d", cid), strings.NewReader(`{"voting_close_at":"`+far+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+admin)
	req.Header.Set("Accept-Language", "zh-CN")
	if msg := str(h.do(http.DefaultClient, req).must(t, 400).JSON, "error", "message"); msg != "请填写 1970 年到 9999 年之间的日期。" {
		t.Errorf("in Chinese: %q", msg)
	}
}

// A milestone set by mistake (a wrong step, a wrong day) is deleted by the
// project's engineer, through the API and the page's button; a fan may
// not, and a milestone of another project is not found there.
func TestMs51AMilestoneSetByMistakeIsDeleted(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	add := func(title string) int {
		return num(h.api("POST", fmt.Sprintf("/api/v1/projects/%d/milestones", e.pid), e.eng, map[string]any{"title": title, "due_at": h.clock().AddDate(0, 0, 7)}).must(t, 201).JSON, "id")
	}
	titles := func() []string {
		var out []string
		for _, m := range h.api("GET", fmt.Sprintf("/api/v1/projects/%d", e.pid), "", nil).must(t, 200).JSON["milestones"].([]any) {
			out = append(out, str(m.(map[string]any), "title"))
		}
		return out
	}
	wrong, kept, viaPage := add("错的一步"), add("第一台样机"), add("写错日期")
	path := fmt.Sprintf("/api/v1/projects/%d/milestones/%d", e.pid, wrong)
	h.api("DELETE", path, e.fan, nil).must(t, 403)
	h.api("DELETE", fmt.Sprintf("/api/v1/projects/%d/milestones/%d", e.pid+1000, wrong), e.eng, nil).must(t, 404)
	h.api("DELETE", path, e.eng, nil).must(t, 204)
	h.api("DELETE", path, e.eng, nil).must(t, 404)
	if got := titles(); len(got) != 2 || got[0] == "错的一步" || got[1] == "错的一步" {
		t.Errorf("after the delete: %v", got)
	}
	b := h.browser()
	b.signIn("eng@x.cn", "fan-password")
	page := fmt.Sprintf("/projects/%d", e.pid)
	form := fmt.Sprintf("/projects/%d/milestones/%d/delete", e.pid, viaPage)
	if body := b.get(page).must(t, 200).Body; !strings.Contains(body, `action="`+form+`"`) {
		t.Fatalf("the project page has no delete button for the milestone")
	}
	r := b.post(page, form, nil).must(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); !strings.HasSuffix(loc, "#milestones") {
		t.Errorf("back to %q, want the milestones", loc)
	}
	if got := titles(); len(got) != 1 || got[0] != "第一台样机" {
		t.Errorf("after the page's delete: %v (kept %d)", got, kept)
	}
}
