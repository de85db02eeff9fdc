package web

import (
	"strings"
	"testing"
)

// The menu links to /replies for the roles its route lets in (engineers
// and admins) and for no one else; and each role's other places are the
// ones its routes let in.
func TestStaff52MenuLinksFollowTheRoles(t *testing.T) {
	t.Parallel()
	h := newStaffCast(t)
	for _, who := range []struct {
		email, password string
		has, hasNot     []string
	}{
		{"", "", nil, []string{`href="/replies"`, `href="/triage"`, `href="/judging"`, `href="/moderation"`, `href="/admin/users"`, `class="nav-staff"`}},
		{"fan@x.cn", "fan-password", nil, []string{`href="/replies"`, `href="/triage"`, `href="/judging"`, `href="/moderation"`, `href="/admin/users"`, `class="nav-staff"`}},
		{"judge@brand.cn", "fan-password", []string{`class="nav-pinned" href="/judging"`}, []string{`href="/replies"`, `href="/triage"`, `href="/moderation"`, `class="nav-staff"`}},
		{"mod@brand.cn", "fan-password", []string{`href="/moderation"`, `href="/admin/users"`}, []string{`href="/replies"`, `href="/triage"`, `href="/admin/site"`}},
		{"eng@brand.cn", "fan-password", []string{`href="/replies"`, `href="/triage"`}, []string{`href="/moderation"`, `href="/admin/users"`, `href="/admin/site"`}},
		{"admin@brand.cn", "admin-password", []string{`href="/replies"`, `href="/triage"`, `href="/moderation"`, `href="/admin/users"`, `href="/admin/site"`, `href="/challenges/new"`}, []string{`href="/judging"`}},
	} {
		b := h.browser()
		if who.email != "" {
			b.signIn(who.email, who.password)
		}
		body := b.get("/projects").must(t, 200).Body
		nav := body[strings.Index(body, `<nav class="nav"`):strings.Index(body, `</nav>`)]
		for _, s := range who.has {
			if !strings.Contains(nav, s) {
				t.Errorf("%q's menu lacks %s", who.email, s)
			}
		}
		for _, s := range who.hasNot {
			if strings.Contains(nav, s) {
				t.Errorf("%q's menu has %s", who.email, s)
			}
		}
		if who.email == "eng@brand.cn" {
			b.get("/replies").must(t, 200)
		}
		if !strings.Contains(nav, `<a href="/projects" aria-current="page">`) {
			t.Errorf("%q's menu does not mark the page being read", who.email)
		}
	}
}
