package web

import (
	"fmt"
	"testing"
)

// An app marks a milestone done, or open again, as the page's tick does
// (PUT /api/v1/projects/{id}/milestones/{mid}): only the project's
// engineer or an admin, only a milestone of that project; refusals change
// nothing.
func TestMilestone43MarkedThroughTheAPI(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	add := func(title string) int {
		return num(h.api("POST", fmt.Sprintf("/api/v1/projects/%d/milestones", e.pid), e.eng, map[string]any{"title": title, "due_at": h.clock().AddDate(0, 0, 7)}).must(t, 201).JSON, "id")
	}
	mid := add("第一台样机")
	path := fmt.Sprintf("/api/v1/projects/%d/milestones/%d", e.pid, mid)
	doneAt := func() any {
		for _, m := range h.api("GET", fmt.Sprintf("/api/v1/projects/%d", e.pid), "", nil).must(t, 200).JSON["milestones"].([]any) {
			if num(m.(map[string]any), "id") == mid {
				return m.(map[string]any)["done_at"]
			}
		}
		t.Fatalf("milestone %d is not on its project", mid)
		return nil
	}

	for _, c := range []struct {
		who    string
		path   string
		body   any
		status int
		field  string
	}{
		{e.fan, path, map[string]bool{"done": true}, 403, ""},
		{e.eng2, path, map[string]bool{"done": true}, 403, ""},
		{"", path, map[string]bool{"done": true}, 401, ""},
		{e.eng, path, map[string]any{}, 400, "done"},
		{e.eng, path, map[string]any{"done": "yes"}, 400, "done"},
		{e.eng, fmt.Sprintf("/api/v1/projects/%d/milestones/%d", e.pid, mid+100), map[string]bool{"done": true}, 404, ""},
	} {
		if r := h.api("PUT", c.path, c.who, c.body).must(t, c.status); r.errField() != c.field {
			t.Errorf("%v: %s", c.body, r.Body)
		}
	}
	if doneAt() != nil {
		t.Fatal("a refused mark changed the milestone")
	}

	r := h.api("PUT", path, e.eng, map[string]bool{"done": true}).must(t, 200)
	if num(r.JSON, "id") != mid || str(r.JSON, "title") != "第一台样机" || r.JSON["done_at"] == nil || r.JSON["overdue"] != false || doneAt() == nil {
		t.Errorf("marked done: %s", r.Body)
	}
	r = h.api("PUT", path, e.admin, map[string]bool{"done": false}).must(t, 200)
	if r.JSON["done_at"] != nil || doneAt() != nil {
		t.Errorf("open again: %s", r.Body)
	}

	// Through another project, the milestone is not found, and stays.
	idea2 := h.idea(e.author, h.openChallenge(e.admin, nil), "静音电机")
	pid2 := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", idea2), e.admin, map[string]any{"owner_id": e.engID}).must(t, 201).JSON, "id")
	h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/milestones/%d", pid2, mid), e.eng, map[string]bool{"done": true}).must(t, 404)
	if doneAt() != nil {
		t.Error("a milestone was marked through another project")
	}
}
