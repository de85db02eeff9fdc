package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// A milestone sent with neither a title nor a date is refused for its
// title first, as the API refuses it, and then, with a title, for its date;
// each time that field takes the focus, and nothing is added.
func TestAnEmptyMilestoneNamesItsTitleThenItsDate(t *testing.T) {
	t.Parallel()
	e, b, proj := engineerOnProject(t)
	focused := func(values url.Values) string {
		t.Helper()
		body := b.post(proj, proj+"/milestones", values).must(t, 400).Body
		form := body[strings.Index(body, `action="`+proj+`/milestones"`):]
		form = form[:strings.Index(form, "</form>")]
		if !strings.Contains(form, `role="alert"`) {
			t.Errorf("the refused milestone form does not say why:\n%s", form)
		}
		for _, id := range []string{"ms-title", "ms-due"} {
			field := form[strings.Index(form, `id="`+id+`"`):]
			if strings.Contains(field[:strings.Index(field, ">")], "autofocus") {
				return id
			}
		}
		return ""
	}
	if got := focused(url.Values{"title": {"  "}, "due_at": {""}}); got != "ms-title" {
		t.Errorf("with neither title nor date, the focus is on %q, want the title", got)
	}
	if got := focused(url.Values{"title": {"样机评审"}, "due_at": {""}}); got != "ms-due" {
		t.Errorf("with a title and no date, the focus is on %q, want the date", got)
	}
	if got := focused(url.Values{"title": {""}, "due_at": {"2026-02-30"}}); got != "ms-due" {
		t.Errorf("with no title and a date that is no date, the focus is on %q, want the date", got)
	}
	r := e.h.api("GET", fmt.Sprintf("/api/v1/projects/%d", e.pid), "", nil).must(t, 200)
	if ms, _ := r.JSON["milestones"].([]any); len(ms) != 0 {
		t.Errorf("the refused forms added milestones: %v", ms)
	}
}
