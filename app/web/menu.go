package web

import "strings"

// menuLink is one entry of the site's menu: where it goes, what it says,
// the badge beside it ("" for none, with Waiting saying what the number
// counts to a screen reader) and whether it is the page being read.
type menuLink struct {
	Href, Label    string
	Count, Waiting string
	Current        bool
}

// here is the path of the page being read, without its query.
func (p *page) here() string {
	path, _, _ := strings.Cut(p.Path, "?")
	return path
}

func (p *page) link(href, key string) menuLink {
	return menuLink{Href: href, Label: p.T(key), Current: p.here() == href}
}

// MenuLinks are the menu's places everyone may go.
func (p *page) MenuLinks() []menuLink {
	return []menuLink{
		p.link("/", "nav.challenges"),
		p.link("/projects", "nav.projects"),
		p.link("/roadmap", "roadmap.title"),
		p.link("/clubs", "nav.clubs"),
		p.link("/leaderboard", "nav.leaderboard"),
	}
}

// StaffLinks are the menu's places for the signed-in person's roles, as
// the route table lets them in (Staff: engineers and admins; Judge;
// Moderator: moderators and admins; Admin), the daily work first (the
// fans waiting for an answer, the queues) and the organiser's settings
// after. The page shows one of them as it is and groups two or more
// under one entry (staff52.manage), so the menu stays one row on a
// phone. /replies has no badge: its count is every channel's reply
// times (a Costly read), not one indexed query.
func (p *page) StaffLinks() []menuLink {
	u := p.User
	if u == nil {
		return nil
	}
	var out []menuLink
	if u.IsStaff() {
		out = append(out, p.link("/triage", "nav.triage"), p.link("/replies", "staff52.replies"))
	}
	if p.Is("judge") {
		out = append(out, p.link("/judging", "nav.judging"))
	}
	if u.CanModerate() {
		m := p.link("/moderation", "nav.moderation")
		if m.Count = p.ModWaitingText(); m.Count != "" {
			m.Waiting = p.T("mod46.waiting")
		}
		out = append(out, m)
	}
	if p.Is("admin") {
		out = append(out, p.link("/challenges/new", "nav.new_challenge"))
	}
	if u.CanModerate() {
		out = append(out, p.link("/admin/users", "nav.users"))
	}
	if p.Is("admin") {
		out = append(out, p.link("/admin/site", "site51.nav"))
	}
	return out
}

// StaffCurrent says whether the page being read is one of StaffLinks.
func (p *page) StaffCurrent() bool {
	for _, l := range p.StaffLinks() {
		if l.Current {
			return true
		}
	}
	return false
}
