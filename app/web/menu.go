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

// MenuLinks are the menu's places everyone may go. Their words are the
// short ones (项目, 路线图; the pages' headings say 样机项目, 产品路线图), so
// that in Chinese the five and a staff entry fit one row of a 375 px phone.
func (p *page) MenuLinks() []menuLink {
	return []menuLink{
		p.link("/", "nav.challenges"),
		p.link("/projects", "nav.projects"),
		p.link("/roadmap", "phone54.roadmap"),
		p.link("/clubs", "nav.clubs"),
		p.link("/leaderboard", "nav.leaderboard"),
	}
}

// staffPlaces are the menu's places beyond MenuLinks, the daily work
// first (the fans waiting for an answer, the queues) and the organiser's
// settings after. Who sees each is not written here: the route table's
// row for its path says it (page.reaches).
var staffPlaces = []struct{ href, key string }{
	{"/triage", "nav.triage"},
	{"/replies", "staff52.replies"},
	{"/judging", "nav.judging"},
	{"/moderation", "nav.moderation"},
	{"/challenges/new", "nav.new_challenge"},
	{"/admin/users", "nav.users"},
	{"/admin/site", "site51.nav"},
}

// StaffLinks are the menu's places the signed-in person's roles reach, as
// the route table lets them in (Staff: engineers and admins; Judge;
// Moderator: moderators and admins; Admin). The page shows one of them
// as it is and groups two or more under one entry (staff52.manage), so
// the menu stays one row on a phone. /moderation carries the queue's
// badge; /replies has none: its count is every channel's reply times (a
// Costly read), not one indexed query.
func (p *page) StaffLinks() []menuLink {
	if p.User == nil {
		return nil
	}
	var out []menuLink
	for _, place := range staffPlaces {
		if !p.reaches(place.href) {
			continue
		}
		l := p.link(place.href, place.key)
		if place.href == "/moderation" {
			if l.Count = p.ModWaitingText(); l.Count != "" {
				l.Waiting = p.T("mod46.waiting")
			}
		}
		out = append(out, l)
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
