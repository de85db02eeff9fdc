package web

import (
	"cmp"
	"encoding/xml"
	"html"
	"net/http"
	"slices"
	"strings"
	"time"

	"cocreate/app/domain"
	"cocreate/app/i18n"
	"cocreate/app/service"

	"github.com/labstack/echo/v4"
)

// The Atom feeds (RFC 4287): a challenge's newest ideas and a project's
// timeline, for fans who follow with a feed reader.

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Link    []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomEntry struct {
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomAuthor  `xml:"author"`
	Link    atomLink    `xml:"link"`
	Content atomContent `xml:"content"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomContent struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// base is the site's public address: -base-url, never the request's Host
// header, which anyone can set (a poisoned cache would serve another
// site's links).
func (s *Server) base(c echo.Context) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimRight(s.cfg.BaseURL, "/")
	}
	return c.Scheme() + "://" + c.Request().Host
}

// finish orders a site feed's entries most recently changed first and
// dates the feed by its newest (now, for a feed of no entries yet).
func (f *atomFeed) finish() {
	slices.SortStableFunc(f.Entries, func(a, b atomEntry) int { return cmp.Compare(b.Updated, a.Updated) }) // RFC 3339 UTC sorts as time
	if len(f.Entries) > 0 {
		f.Updated = f.Entries[0].Updated
	}
}

// feedLang is the language a feed speaks: the ?lang its link carries
// (page.Feed writes the one its reader read the page in, since a feed
// reader sends no Accept-Language and holds no session), before anything
// else; else, or for a value naming no language of ours (i18n.Named), as
// any page chooses (lang). explicit says ?lang chose it.
func (s *Server) feedLang(c echo.Context) (lang string, explicit bool) {
	if l := i18n.Named(c.QueryParam("lang")); l != "" {
		return l, true
	}
	return s.lang(c), false
}

// feedPrinter speaks a feed's language (feedLang).
func (s *Server) feedPrinter(c echo.Context) i18n.Printer {
	l, _ := s.feedLang(c)
	return i18n.For(l)
}

// feedSelf is a feed's own address (path, under base b), with the ?lang
// it was asked in, so a reader that follows it gets the same language.
func (s *Server) feedSelf(c echo.Context, b, path string) atomLink {
	if l, explicit := s.feedLang(c); explicit {
		path += "?lang=" + l
	}
	return atomLink{Href: b + path, Rel: "self"}
}

func writeFeed(c echo.Context, f atomFeed) error {
	if i18n.Named(c.QueryParam("lang")) == "" {
		// Chosen by the header (feedLang): a shared cache keeps one per language.
		c.Response().Header().Add(echo.HeaderVary, "Accept-Language")
	}
	out, err := xml.MarshalIndent(f, "", " ")
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), out...))
}

func (s *Server) challengeFeed(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ch, err := s.svc.Challenge(ctx, currentUser(c), id)
	if err != nil {
		return err
	}
	list, err := s.svc.Ideas(ctx, currentUser(c), id, domain.SortNew, nil, 50)
	if err != nil {
		return err
	}
	b := s.base(c)
	f := atomFeed{ID: b + challengeURL(ch), Title: ch.Title, Updated: atomTime(ch.UpdatedAt),
		Link: []atomLink{{Href: b + challengeURL(ch)}, s.feedSelf(c, b, "/challenges/"+itoa(id)+"/feed.atom")}}
	for _, idea := range list.Ideas {
		if idea.CreatedAt.After(ch.UpdatedAt) && f.Updated < atomTime(idea.CreatedAt) {
			f.Updated = atomTime(idea.CreatedAt)
		}
		f.Entries = append(f.Entries, atomEntry{
			ID: b + "/ideas/" + itoa(idea.ID), Title: idea.Title, Updated: atomTime(idea.UpdatedAt),
			Author: atomAuthor{cmp.Or(idea.Author.Name, "—")}, Link: atomLink{Href: b + ideaURL(idea)},
			Content: atomContent{Type: "html", Body: string(s.md.Render(idea.Summary + "\n\n" + idea.Body))},
		})
	}
	return writeFeed(c, f)
}

func (s *Server) projectFeed(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	pp, err := s.svc.ProjectPage(c.Request().Context(), currentUser(c), id, service.FeedbackAt{})
	if err != nil {
		return err
	}
	b := s.base(c)
	p := s.feedPrinter(c)
	url := b + "/projects/" + itoa(id)
	f := atomFeed{ID: url, Title: pp.Project.Title, Updated: atomTime(pp.Project.UpdatedAt),
		Link: []atomLink{{Href: url}, s.feedSelf(c, b, "/projects/"+itoa(id)+"/feed.atom")}}
	for i := len(pp.Timeline) - 1; i >= 0; i-- { // newest first
		u := pp.Timeline[i]
		title := p.T("project.timeline")
		if u.Kind == "stage" {
			title = p.T("stage." + string(u.To))
		}
		f.Entries = append(f.Entries, atomEntry{
			ID: url + "#update-" + itoa(u.ID), Title: title, Updated: atomTime(u.CreatedAt),
			Author: atomAuthor{u.Author.Name}, Link: atomLink{Href: url},
			Content: atomContent{Type: "html", Body: string(s.md.Render(u.Body))},
		})
	}
	return writeFeed(c, f)
}

// feedEntries is how many entries the site's feeds hold: a reader polls,
// and what is older it has read already.
const feedEntries = 50

// challengesFeed is the site's feed: the challenges and boards anyone may
// see (a feed is read outside the site, so an admin's drafts are left
// out), the 50 newest, so a fan hears of a new challenge without coming
// to look.
func (s *Server) challengesFeed(c echo.Context) error {
	list, err := s.svc.Challenges(c.Request().Context(), nil)
	if err != nil {
		return err
	}
	slices.SortStableFunc(list, func(a, b domain.Challenge) int { return b.CreatedAt.Compare(a.CreatedAt) })
	list = list[:min(len(list), feedEntries)]
	b, p := s.base(c), s.feedPrinter(c)
	words := &page{printer: p, loc: s.cfg.Location, Now: s.svc.Now()} // PhaseName, as the home page says it
	f := atomFeed{ID: b + "/", Title: s.svc.SiteName(p.Lang) + " · " + p.T("home.challenges"), Updated: atomTime(words.Now),
		Link: []atomLink{{Href: b + "/"}, s.feedSelf(c, b, "/feed.atom")}}
	for _, ch := range list {
		body := "<p>" + html.EscapeString(words.PhaseName(ch)+" · "+p.T("kind."+string(ch.Kind))) + "</p>" + string(s.md.Render(ch.Brief))
		f.Entries = append(f.Entries, atomEntry{
			ID: b + "/challenges/" + itoa(ch.ID), Title: ch.Title, Updated: atomTime(ch.UpdatedAt),
			Author: atomAuthor{s.svc.SiteName(p.Lang)}, Link: atomLink{Href: b + challengeURL(ch)},
			Content: atomContent{Type: "html", Body: body},
		})
	}
	f.finish()
	return writeFeed(c, f)
}

// projectsFeed is the projects board's feed: the projects anyone may see
// (as the site's feed), the most recently moved first, each entry titled
// with its stage and named by it, so a reader sees a project move on as a
// new entry (as the roadmap's do), an old project's launch as well.
func (s *Server) projectsFeed(c echo.Context) error {
	list, err := s.svc.MovedProjects(c.Request().Context(), nil, feedEntries)
	if err != nil {
		return err
	}
	b, p := s.base(c), s.feedPrinter(c)
	f := atomFeed{ID: b + "/projects", Title: s.svc.SiteName(p.Lang) + " · " + p.T("project.board"), Updated: atomTime(s.svc.Now()),
		Link: []atomLink{{Href: b + "/projects"}, s.feedSelf(c, b, "/projects/feed.atom")}}
	for _, pr := range list {
		url := b + "/projects/" + itoa(pr.ID)
		body := "<p>" + html.EscapeString(p.T("project.owner", pr.Owner.Name)) + "</p>"
		f.Entries = append(f.Entries, atomEntry{
			ID: url + "#stage-" + string(pr.Stage), Title: p.T("stage."+string(pr.Stage)) + ": " + pr.Title,
			Updated: atomTime(pr.UpdatedAt), Author: atomAuthor{cmp.Or(pr.Owner.Name, "—")}, Link: atomLink{Href: url},
			Content: atomContent{Type: "html", Body: body},
		})
	}
	f.finish()
	return writeFeed(c, f)
}
