package web

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// A fan who unticks "comments" on the settings page still reads a comment
// on their idea in the app but gets no email of it; a notice of another
// group still mails; and an email already queued when they untick is not
// sent (asked again at the send).
func TestMailkinds32UntickedCommentsMailNoComments(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	fan := h.fan("fan@x.cn")
	other := h.fan("other@x.cn")
	idea := h.idea(fan, cid, "自清洁内筒")
	h.confirmationLinks() // the sign-ups' confirmation emails go out first
	comment := func() {
		t.Helper()
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), other, map[string]string{"body": "好主意"}).must(t, 201)
	}
	mailedTo := func() []string {
		t.Helper()
		return h.owedMail("zh")["fan@x.cn"]
	}

	// Queued while comments are mailed, then unticked before the send.
	comment()
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	page := b.get("/settings").must(t, 200).Body
	for _, g := range []string{"comments", "ideas", "testing", "clubs"} {
		if !strings.Contains(page, `id="email-kind-`+g+`" checked`) {
			t.Errorf("the settings page does not show %s ticked", g)
		}
	}
	if strings.Contains(page, `email-kind-staff`) {
		t.Error("a fan is offered the staff group")
	}
	b.post("/settings", "/settings/email", url.Values{
		"email_notices":     {"on"},
		"email_kinds_shown": {"comments", "ideas", "testing", "clubs"},
		"email_kinds":       {"ideas", "testing", "clubs"},
	}).must(t, 303)
	if got := mailedTo(); len(got) != 0 {
		t.Errorf("emails sent after unticking comments: %v", got)
	}
	page = b.get("/settings").must(t, 200).Body
	if strings.Contains(page, `id="email-kind-comments" checked`) || !strings.Contains(page, `id="email-kind-ideas" checked`) {
		t.Error("the settings page does not show comments unticked and ideas ticked")
	}

	// A new comment: a notice, no email; a shortlisting (ideas): both.
	comment()
	if n := len(h.api("GET", "/api/v1/me/notifications", fan, nil).must(t, 200).JSON["notifications"].([]any)); n < 1 {
		t.Errorf("%d notifications on the site", n)
	}
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", cid), admin, map[string]any{"add": []int{idea}}).must(t, 200)
	if got := mailedTo(); !slices.Equal(got, []string{"shortlisted"}) {
		t.Errorf("emails after a comment and a shortlisting: %v, want the shortlisting's alone", got)
	}
	kinds := h.api("GET", "/api/v1/me", fan, nil).must(t, 200).JSON["email_kinds"]
	if want := map[string]any{"comments": false, "ideas": true, "testing": true, "clubs": true}; fmt.Sprint(kinds) != fmt.Sprint(want) {
		t.Errorf("the API's email_kinds: %v, want %v", kinds, want)
	}

	// A form from before the groups (no email_kinds_shown) leaves them be.
	b.post("/settings", "/settings/email", url.Values{"email_notices": {"on"}}).must(t, 303)
	if k := h.api("GET", "/api/v1/me", fan, nil).JSON["email_kinds"].(map[string]any); k["comments"] != false || k["ideas"] != true {
		t.Errorf("a form without the groups changed them: %v", k)
	}

	// A form naming a group that is none is refused and changes nothing,
	// the switch of every email neither.
	b.post("/settings", "/settings/email", url.Values{
		"email_kinds_shown": {"comments", "nonsense"},
		"email_kinds":       {"comments"},
	}).must(t, 400)
	me := h.api("GET", "/api/v1/me", fan, nil).JSON
	if k := me["email_kinds"].(map[string]any); me["email_notices"] != true || k["comments"] != false {
		t.Errorf("a refused form changed the choices: email_notices %v, %v", me["email_notices"], k)
	}
}
