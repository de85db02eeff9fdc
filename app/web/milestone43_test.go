package web

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
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

// Each stage has its milestones (DESIGN §3): an engineer plans a milestone
// in the stage asked (the project's own when none is), the project page
// shows them under their stages' names in the pipeline's order, the
// current stage marked; a shelved project takes none.
func TestMilestone43EachStageHasItsMilestones(t *testing.T) {
	t.Parallel()
	e, b, page := engineerOnProject(t)
	h := e.h
	api := fmt.Sprintf("/api/v1/projects/%d/milestones", e.pid)
	due := h.clock().AddDate(0, 0, 7)
	r := h.api("POST", api, e.eng, map[string]any{"title": "评估可行性", "due_at": due}).must(t, 201)
	if str(r.JSON, "stage") != "triage" {
		t.Errorf("a milestone with no stage asked: %s", r.Body)
	}
	r = h.api("POST", api, e.eng, map[string]any{"title": "招募测试粉丝", "due_at": due, "stage": "fan_test"}).must(t, 201)
	if str(r.JSON, "stage") != "fan_test" {
		t.Errorf("a milestone of the fan test: %s", r.Body)
	}
	for _, bad := range []string{"shelved", "soon"} {
		if r := h.api("POST", api, e.eng, map[string]any{"title": "x", "due_at": due, "stage": bad}).must(t, 400); r.errField() != "stage" {
			t.Errorf("stage %q: %s", bad, r.Body)
		}
	}
	// The page's form, in Chinese: a stage chosen from the list.
	form := url.Values{"title": {"第一台样机"}, "due_at": {due.Format("2006-01-02")}, "stage": {"prototype"}, "_csrf": {b.csrf(page)}}
	b.postLang(page+"/milestones", strings.NewReader(form.Encode()), "zh-CN").must(t, 303)
	body := b.zhPage(page)
	var order []string
	for _, m := range regexp.MustCompile(`<h3 class="milestone-stage">([^<]+)`).FindAllStringSubmatch(body, -1) {
		order = append(order, strings.TrimSpace(m[1]))
	}
	if want := []string{jT("zh", "stage.triage"), jT("zh", "stage.prototype"), jT("zh", "stage.fan_test")}; strings.Join(order, ",") != strings.Join(want, ",") {
		t.Errorf("the stages' headings: %q, want %q", order, want)
	}
	if !strings.Contains(body, `<h3 class="milestone-stage">`+jT("zh", "stage.triage")+` <span class="badge">`+jT("zh", "stage43.current")+`</span>`) {
		t.Errorf("the current stage is not marked")
	}
	if !strings.Contains(body, `<option value="triage" selected>`) {
		t.Errorf("the form does not offer the project's stage first")
	}
	if i, j := strings.Index(body, "第一台样机"), strings.Index(body, "招募测试粉丝"); i < 0 || j < 0 || i > j {
		t.Errorf("the prototype's milestone is not before the fan test's")
	}
	// Shelved: no more milestones, and no form offering one.
	e.move(e.eng, "shelved", "成本太高").must(t, 200)
	if strings.Contains(b.zhPage(page), `action="`+page+`/milestones"`) {
		t.Errorf("a shelved project's page offers to add a milestone")
	}
	if r := h.api("POST", api, e.eng, map[string]any{"title": "x", "due_at": due}).must(t, 409); r.errCode() != "project_shelved" {
		t.Errorf("a shelved project's milestone: %s", r.Body)
	}
}
