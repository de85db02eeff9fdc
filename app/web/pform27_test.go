package web

import (
	"net/url"
	"strings"
	"testing"
)

// A refused form of the project page says why inside itself, not at the
// top of a long page a phone shows screens away, and its field takes the
// focus, which brings the form into view; the other forms stay as they were.
func TestAProjectFormSaysWhyInItself(t *testing.T) {
	t.Parallel()
	_, b, proj := engineerOnProject(t)
	body := b.post(proj, proj+"/milestones", url.Values{"title": {"样机评审"}, "due_at": {"2026-02-30"}}).must(t, 400).Body
	form := body[strings.Index(body, `action="`+proj+`/milestones"`):]
	form = form[:strings.Index(form, "</form>")]
	// The date was refused: the date takes the focus.
	due := form[strings.Index(form, `id="ms-due"`):]
	due = due[:strings.Index(due, ">")]
	if !strings.Contains(form, `role="alert"`) || !strings.Contains(due, "autofocus") {
		t.Errorf("the refused milestone form does not say why in itself, or its field has no focus:\n%s", form)
	}
	if n := strings.Count(body, `role="alert"`); n != 1 {
		t.Errorf("the reason shows %d times on the page, want once (in the form)", n)
	}
	if strings.Count(body, "autofocus") != 1 {
		t.Error("another form's field takes the focus too")
	}
	if page := b.get(proj).must(t, 200).Body; strings.Contains(page, "autofocus") || strings.Contains(page, `role="alert"`) {
		t.Error("the page asked for again still points at a refused form")
	}
}
