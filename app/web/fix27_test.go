package web

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// alerts are the texts of the page's role="alert" elements.
func alerts(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?s)<p class="alert" role="alert">(.*?)</p>`).FindAllStringSubmatch(body, -1) {
		out = append(out, strings.TrimSpace(m[1]))
	}
	return out
}

// A refused form the page does not draw for this viewer says why at the top
// of the page: a reason inside a form no one sees is no reason at all.
func TestARefusedFormNotDrawnSaysWhyAtTheTop(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	proj := fmt.Sprintf("/projects/%d", e.pid)
	b := e.h.browser()
	b.signIn("fan@x.cn", "fan-password")
	for _, c := range []struct {
		what, form, why string
		sent            url.Values
		status          int
	}{
		// Without stars: refused as feedback (400) before it is refused as
		// one from a non-tester (403, which is the error page).
		{"feedback from one who does not test", "feedback", "stars", url.Values{"body": {"洗得很干净"}}, 400},
		{"an application to test outside fan test", "testers", "fan test", url.Values{"motivation": {"我家有两台洗衣机"}}, 409},
	} {
		body := b.post(proj, proj+"/"+c.form, c.sent).must(t, c.status).Body
		if strings.Contains(body, `action="`+proj+`/`+c.form+`"`) {
			t.Fatalf("%s: the page draws the %s form; the case needs one it does not draw", c.what, c.form)
		}
		got := alerts(body)
		if len(got) != 1 || !strings.Contains(got[0], c.why) {
			t.Errorf("%s: %d alerts %q, want the reason (%q) once", c.what, len(got), got, c.why)
			continue
		}
		top := body[:strings.Index(body, `<ol class="progress"`)]
		if !strings.Contains(top, `role="alert"`) {
			t.Errorf("%s: the reason is not at the top of the page", c.what)
		}
	}
	// A refused form that is drawn still says why in itself, once.
	o := e.h.browser()
	o.signIn("eng@x.cn", "fan-password")
	body := o.post(proj, proj+"/milestones", url.Values{"title": {"样机评审"}, "due_at": {"2026-02-30"}}).must(t, 400).Body
	if got := alerts(body); len(got) != 1 || got[0] == "" {
		t.Fatalf("refused milestone: %d alerts %q, want the reason once", len(got), got)
	}
	form := body[strings.Index(body, `action="`+proj+`/milestones"`):]
	if form = form[:strings.Index(form, "</form>")]; !strings.Contains(form, `role="alert"`) {
		t.Errorf("the refused milestone's reason is not in its form:\n%s", form)
	}
}
