package web

import (
	"net/url"
	"strings"
	"testing"
)

// A refused form of the project page comes back with what was typed in it,
// and only in it: the engineer does not type the milestone again.
func TestAProjectFormRefusedKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	_, b, proj := engineerOnProject(t)
	title := "样机评审 <prototype review>"
	r := b.post(proj, proj+"/milestones", url.Values{"title": {title}, "due_at": {"2026-02-30"}}).must(t, 400)
	if !strings.Contains(r.Body, `value="样机评审 &lt;prototype review&gt;"`) || !strings.Contains(r.Body, `value="2026-02-30"`) {
		t.Errorf("the refused milestone lost what was typed:\n%.3000s", r.Body)
	}
	if strings.Count(r.Body, "样机评审") != 1 {
		t.Error("what the milestone form sent shows in another form too")
	}
	note := strings.Repeat("长", 2001)
	r = b.post(proj, proj+"/move", url.Values{"to": {"shelved"}, "note": {note}}).must(t, 400)
	if !strings.Contains(r.Body, ">"+note+"</textarea>") {
		t.Error("the refused move lost its note")
	}
	if r := b.get(proj).must(t, 200); strings.Contains(r.Body, "样机评审") || strings.Contains(r.Body, note) {
		t.Error("the page shown again as asked still holds a refused form's text")
	}
}
