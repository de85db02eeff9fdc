package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"cocreate/app/domain"
	"cocreate/app/i18n"
	"cocreate/app/judging"
	"cocreate/app/markdown"
	"cocreate/app/people"
	"cocreate/app/service"

	"github.com/labstack/echo/v4"
)

// views holds the parsed pages and the static assets with their checksums.
type views struct {
	pages  map[string]*template.Template
	static fs.FS
	// assets maps a file name (app.css) to its checksummed URL
	// (/static/app.1a2b3c4d.css); files maps that URL's name back.
	assets map[string]string
	files  map[string]string
}

func loadViews(templates, static fs.FS, loc *time.Location, md *markdown.Renderer) (*views, error) {
	v := &views{pages: map[string]*template.Template{}, static: static, assets: map[string]string{}, files: map[string]string{}}
	err := fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(static, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(p)
		hashed := strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		v.assets[p] = "/static/" + hashed
		v.files[hashed] = p
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("unable to read static assets: %w", err)
	}
	funcs := template.FuncMap{
		"unreadBadge": domain.UnreadBadge,
		"asset": func(name string) (string, error) {
			u, ok := v.assets[name]
			if !ok {
				return "", fmt.Errorf("no static asset %q", name)
			}
			return u, nil
		},
		"markdown": md.Render,
		"upload":   func(name string) string { return "/uploads/" + name },
		"follow": func(ideaID int64, following bool, next string) followView {
			return followView{IdeaID: ideaID, Following: following, Next: next}
		},
		// srcset lists an image's smaller copies and itself, for <img srcset>.
		"srcset":   uploadSrcset,
		"datetime": func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04") },
		"isotime":  func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"inputtime": func(t *time.Time) string {
			if t == nil {
				return ""
			}
			return t.In(loc).Format("2006-01-02T15:04")
		},
		"challengeURL":    challengeURL,
		"hitURL":          hitURL,
		"resultsChart":    resultsChart,
		"judgesChart":     judgesChart,
		"pct":             func(v float64) float64 { return v * 100 },
		"f2":              func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) },
		"percent":         judging.Percent,
		"ideaURL":         ideaURL,
		"commentURL":      domain.CommentLink,
		"add":             func(a, b int) int { return a + b },
		"join":            strings.Join,
		"deref":           func(t *time.Time) time.Time { return *t },
		"list":            func(v ...string) []string { return v },
		"demandCurve":     demandCurve,
		"demandOptions":   demandOptions,
		"methods":         func() []domain.Method { return domain.Methods },
		"card":            func(i domain.Idea, voted, open bool) cardView { return cardView{Idea: i, Voted: voted, Open: open} },
		"list2":           func(a, b any) []any { return []any{a, b} },
		"bayesStars":      func(i domain.Idea) float64 { return domain.BayesianStars(i.RatingSum, i.Ratings) },
		"starsPriorCount": func() int { return domain.StarsPriorCount },
		"starsPriorMean":  func() float64 { return domain.StarsPriorMean },
		"starValues":      func() []int { return []int{1, 2, 3, 4, 5} },
		"avgStars":        func(i domain.Idea) float64 { return domain.AverageStars(i.RatingSum, i.Ratings) },
		"waitLine":        func(w domain.ReplyWait, channel string) waitLine { return waitLine{w, channel} },
		"f1":              func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) },
		"f0":              func(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) },
		"nameBadges":      nameBadges,
		"badgeIcon":       people.Icon,
		"votesMark":       func() template.HTML { return votesMark },
	}
	base, err := template.New("base").Funcs(funcs).ParseFS(templates, "layout.html", "partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("unable to parse layout: %w", err)
	}
	names, err := fs.Glob(templates, "pages/*.html")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		t, err := template.Must(base.Clone()).ParseFS(templates, name)
		if err != nil {
			return nil, fmt.Errorf("unable to parse %s: %w", name, err)
		}
		v.pages[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	return v, nil
}

// page is what every template receives: the request's person, language and
// CSRF token beside the page's own data.
type page struct {
	printer i18n.Printer
	Lang    string
	User    *domain.User
	CSRF    string
	Path    string
	Title   string
	Flash   string
	// FlashPart is the id of the part of the page Flash belongs to
	// (flashThere), "" for the top.
	FlashPart string
	Unread    int // the signed-in person's unread notifications
	// ModWaiting counts the moderation queue for a moderator's menu, up
	// to service.ModerationWaitingMost.
	ModWaiting int
	Share      *Share
	Base       string // scheme and host, for absolute links in share cards
	loc        *time.Location
	Now        time.Time
	Data       any

	// SiteName is the site's name in the page's language: the brand's
	// (service.SiteName) or site.name; SiteLogo the address of its logo,
	// "" for the site's own icon.
	SiteName, SiteLogo string

	// access is the route table's Access of each GET path (reaches).
	access map[string]Access

	// A refusal from a button on this page: its message, shown at the
	// element with id flashAt (at the top when that is "").
	flashError, flashAt string
}

// T translates for the templates: {{$.T "key"}}.
func (p *page) T(key string, args ...any) string { return p.printer.T(key, args...) }

// N writes a message about n things, in the right plural form.
func (p *page) N(key string, n int, args ...any) string { return p.printer.N(key, n, args...) }

// ByMethod is the message key's text for a challenge that decides by
// method m: the key's ".stars" or ".pairwise" variant where the catalogue
// has one (the crowd's measure is stars or a pairwise score, not votes),
// else the key's own.
func (p *page) ByMethod(m domain.Method, key string, args ...any) string {
	if m != domain.MethodSupport && m != "" && i18n.Has(key+"."+string(m)) {
		return p.printer.T(key+"."+string(m), args...)
	}
	return p.printer.T(key, args...)
}

// QuantityMin and QuantityMax are the quantities a fan may say they
// would buy (domain.InIntentRange), for the form's own limits.
func (p *page) QuantityMin() int { return domain.MinIntentQuantity }

// QuantityMax: see QuantityMin.
func (p *page) QuantityMax() int { return domain.MaxIntentQuantity }

// Criterion is a rubric criterion's name as the reader sees it: a default
// criterion under its default name in the reader's language, any other
// as the organiser wrote it.
func (p *page) Criterion(cr judging.Criterion) string { return criterionName(p.printer, cr) }

// criterionName is page.Criterion in pr's language.
func criterionName(pr i18n.Printer, cr judging.Criterion) string {
	if judging.DefaultName(cr) {
		return pr.T("rubric.default." + cr.Key)
	}
	return cr.Name
}

// Is reports whether the signed-in person holds a role: {{if $.Is "admin"}}.
func (p *page) Is(role string) bool { return p.User.Has(domain.Role(role)) }

// SeesUnlisted says whether the viewer's searches find hidden, merged,
// withdrawn and expired ideas (a moderator's), which the header's
// suggestions then mark as the search page does.
func (p *page) SeesUnlisted() bool { return domain.SeesUnlisted(p.User) }

// MaySuspend says whether the viewer may suspend or reinstate u.
func (p *page) MaySuspend(u domain.User) bool { return domain.MaySuspend(p.User, u) == nil }

// ReportReasons are the reasons a report form offers.
func (p *page) ReportReasons() []domain.ReportReason { return domain.ReportReasons }

// OtherLang is the language the switcher offers.
func (p *page) OtherLang() string {
	if p.Lang == "zh" {
		return "en"
	}
	return "zh"
}

// LangName names a language in itself.
func (p *page) LangName(l string) string { return i18n.Name(l) }

// LangCode is the language's short name on a phone's header: EN, 中文.
func (p *page) LangCode(l string) string { return i18n.ShortName(l) }

// Languages are the languages a person may choose, in the settings' order.
func (p *page) Languages() []string { return i18n.Languages }

func (s *Server) render(c echo.Context, name string, title string, data any) error {
	return s.renderStatus(c, http.StatusOK, name, withTitle{title, data})
}

type withTitle struct {
	title string
	data  any
}

func (s *Server) renderStatus(c echo.Context, status int, name string, data any) error {
	t, ok := s.views.pages[name]
	if !ok {
		return fmt.Errorf("web: no page %q", name)
	}
	lang := s.lang(c)
	p := &page{printer: i18n.For(lang), Lang: lang, User: currentUser(c), Path: c.Request().URL.RequestURI(), Now: s.svc.Now(), Data: data, loc: s.cfg.Location, access: s.pageAccess}
	if wt, ok := data.(withTitle); ok {
		p.Title, p.Data = wt.title, wt.data
	}
	p.SiteName = s.svc.SiteName(lang)
	if site, err := s.svc.Site(c.Request().Context()); err == nil && site.Logo.File != "" {
		p.SiteLogo = logoURL(site.Logo)
	}
	p.CSRF, _ = c.Get("csrf").(string)
	if ck, err := c.Cookie(csrfCookie); p.CSRF == "" && err == nil {
		// An upload refused before its CSRF check (by role or rate: routes)
		// shows its page with the token the browser holds, as the check
		// would have.
		p.CSRF = ck.Value
	}
	if m := c.Request().Method; m != http.MethodGet && m != http.MethodHead {
		p.Path = postedFrom(c)
	}
	if pp, ok := p.Data.(pather); ok && pp.PagePath() != "" {
		p.Path = pp.PagePath()
	}
	if sh, ok := p.Data.(sharer); ok {
		share := sh.Share()
		p.Share, p.Base = &share, s.base(c)
	}
	if p.User != nil {
		p.Unread, _ = s.svc.BellCount(c.Request().Context(), p.User)
		if w, ok := p.Data.(modWaiter); ok {
			p.ModWaiting = w.ModWaiting() // the page counted the queue already
		} else {
			p.ModWaiting, _ = s.svc.ModerationWaiting(c.Request().Context(), p.User) // at worst no badge
		}
	}
	sess := s.session(c)
	if flashes := sess.Flashes(); len(flashes) > 0 {
		p.Flash, _ = flashes[0].(string)
		if at := sess.Flashes(flashAtKey); len(at) > 0 {
			p.FlashPart, _ = at[0].(string)
		}
		_ = sess.Save(c.Request(), c.Response()) // at worst the flash shows again
	}
	if flashes := sess.Flashes(flashErrorKey); len(flashes) > 0 {
		v, _ := flashes[0].(string)
		p.flashAt, p.flashError, _ = strings.Cut(v, "\n")
		_ = sess.Save(c.Request(), c.Response()) // at worst the message shows again
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("web: unable to render %s: %w", name, err)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, buf.Bytes())
}

// flash leaves a one-time message for the next page.
func (s *Server) flash(c echo.Context, key string) { s.flashText(c, s.printer(c).T(key)) }

// flashText leaves a one-time message already in the person's language.
func (s *Server) flashText(c echo.Context, msg string) { s.flashTextThere(c, msg, "") }

// flashThere is flash for a form that returns to one part of a long page, the
// element with id at (the return's anchor, where a phone scrolls): the
// layout names that part (data-at), and the page's script shows the words
// there instead of at the top, screens above (static/app.js); without the
// script, or when the page has no such part, they stay at the top.
func (s *Server) flashThere(c echo.Context, key, at string) {
	s.flashTextThere(c, s.printer(c).T(key), at)
}

// flashTextThere is flashThere with a message already in the person's language.
func (s *Server) flashTextThere(c echo.Context, msg, at string) {
	sess := s.session(c)
	sess.AddFlash(msg)
	if at != "" {
		sess.AddFlash(at, flashAtKey)
	}
	_ = sess.Save(c.Request(), c.Response()) // at worst the flash is not shown
}

// backTo returns (Post/Redirect/Get) to the page back at its part with the
// anchor at ("" for its top), where the message key done is said
// (flashThere): the part a phone scrolls to and the part the words are
// shown in are one.
func (s *Server) backTo(c echo.Context, back, at, done string) error {
	return s.backToText(c, back, at, s.printer(c).T(done))
}

// backToText is backTo with words already in the person's language.
func (s *Server) backToText(c echo.Context, back, at, text string) error {
	s.flashTextThere(c, text, at)
	if at != "" {
		back += "#" + at
	}
	return c.Redirect(http.StatusSeeOther, back)
}

// onOff reads a form's on/off field (anything but "0" is on, as the pages'
// buttons send it) and the message key that says so: on's or off's.
func onOff(c echo.Context, field, on, off string) (bool, string) {
	if c.FormValue(field) != "0" {
		return true, on
	}
	return false, off
}

// flashAtKey keeps the part of the page a flash belongs to (flashThere).
const flashAtKey = "flash_at"

// pather is a page shown again in answer to a form post: its own address
// (for the language switch, sign-in links and buttons' way back), not the
// post's.
type pather interface{ PagePath() string }

// ReturnTo is where the header's sign-in and sign-up links come back to:
// the page itself, but on the sign-in, sign-up and setup pages the page
// they will return to (their own next), so that moving between the two
// forms keeps the way back.
func (p *page) ReturnTo() string {
	if f, ok := p.Data.(accountForm); ok {
		return f.Next
	}
	return p.Path
}

// flashErrorKey keeps the refusal of a button for the page it returns to.
const flashErrorKey = "error"

// modWaiter is a page's data that has the menu's count of the moderation
// queue already (the moderation page, which counts the queue for its
// total): the page's ModWaiting is read from it, not counted again.
type modWaiter interface{ ModWaiting() int }

// ModWaitingText is the moderation menu's badge: the count, "99+" from
// service.ModerationWaitingMost on, "" when nothing waits.
func (p *page) ModWaitingText() string {
	switch {
	case p.ModWaiting <= 0:
		return ""
	case p.ModWaiting >= service.ModerationWaitingMost:
		return strconv.Itoa(service.ModerationWaitingMost-1) + "+"
	}
	return strconv.Itoa(p.ModWaiting)
}

// ErrorAt is the message of a refused button for the element with id at,
// "" when there is none: {{$.ErrorAt "vote-3"}}.
func (p *page) ErrorAt(at string) string {
	if p.flashAt == at {
		return p.flashError
	}
	return ""
}

// backWithError answers a button's refusal (a conflict: over the budget,
// the last admin; or an account to confirm first) by returning to the page
// it was on, next, with the message at the element with id at (its
// anchor, so a phone scrolls there); any other error is answered as usual.
func (s *Server) backWithError(c echo.Context, err error, next, at string) error {
	e := domain.AsError(err)
	if e == nil || (e.Kind != domain.KindConflict && !domain.AwaitsConfirmation(err)) {
		return err
	}
	if domain.AwaitsConfirmation(err) {
		s.rememberVerifyBack(c, next)
	}
	return s.backWithMessage(c, e, next, at)
}

// backWithMessage returns to the page next with e's message at the
// element with id at (backWithError, for a refusal it takes).
func (s *Server) backWithMessage(c echo.Context, e *domain.Error, next, at string) error {
	sess := s.session(c)
	sess.AddFlash(at+"\n"+message(s.printer(c), e), flashErrorKey)
	_ = sess.Save(c.Request(), c.Response()) // at worst the message is not shown
	if at != "" {
		next += "#" + at
	}
	return c.Redirect(http.StatusSeeOther, next)
}

// slug makes a readable URL tail from a title: Latin letters and digits kept
// (lowercased), Chinese kept as is (browsers show it), the rest as dashes.
func slug(title string) string {
	var b strings.Builder
	dash := false
	n := 0
	for _, r := range strings.ToLower(title) {
		if n >= 60 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r >= 0x4e00 && r <= 0x9fff:
			b.WriteRune(r)
			dash = false
			n++
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// serveStatic serves a checksummed asset with a year of caching: its URL
// changes whenever its content does.
func (s *Server) serveStatic(c echo.Context) error {
	name, ok := s.views.files[c.Param("*")]
	if !ok {
		return echo.ErrNotFound
	}
	data, err := fs.ReadFile(s.views.static, name)
	if err != nil {
		return echo.ErrNotFound
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	ctype := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}[path.Ext(name)]
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	return c.Blob(http.StatusOK, ctype, data)
}

// item passes the page along with one value into a partial template.
type item struct {
	P *page
	V any
}

// With lets a partial reach the page: {{template "idea_card" ($.With .)}}.
func (p *page) With(v any) item { return item{P: p, V: v} }

// followView is what an idea's follow button needs (follow_form): the
// page to come back to, when not the idea's own.
type followView struct {
	IdeaID    int64
	Following bool
	Next      string
}

// voteView is what the vote button needs.
type voteView struct {
	P      *page
	IdeaID int64
	Votes  int
	Voted  bool
	Open   bool
	// Why: the button is off because of the challenge, not the idea, and
	// the page says why in #vote-why.
	Why bool
}

// Vote builds the vote button for an idea.
func (p *page) Vote(idea domain.Idea, voted bool, open bool) voteView {
	return voteView{P: p, IdeaID: idea.ID, Votes: idea.Votes, Voted: voted, Open: open && idea.State.Listed(), Why: !open && idea.State.Listed()}
}

// cardView is one idea in a list (or on its page) with the viewer's vote
// or stars on it and the challenge's voting method.
type cardView struct {
	Idea   domain.Idea
	Voted  bool
	Open   bool
	Method domain.Method
	Mine   int // the viewer's stars
}

// starsView is what the stars box needs.
type starsView struct {
	P    *page
	Idea domain.Idea
	Mine int
	Open bool
}

// Stars builds the stars box for an idea.
func (p *page) Stars(idea domain.Idea, mine int, open bool) starsView {
	return starsView{P: p, Idea: idea, Mine: mine, Open: open && idea.State.Listed()}
}

// Feed is the Atom feed of the page's challenge or project, or of the
// list the page is (the challenges, the projects, the roadmap), for the
// head's <link rel="alternate"> (feed readers find it there) and the
// page's own link; "" elsewhere. It carries the language the page is read
// in (?lang, feedLang): a feed reader sends no Accept-Language, so a
// Chinese reader who subscribes would otherwise get the site's default.
func (p *page) Feed() string {
	var feed string
	switch d := p.Data.(type) {
	case homePage:
		feed = "/feed.atom"
	case boardPage:
		feed = "/projects/feed.atom"
	case roadmapView:
		feed = "/roadmap/feed.atom"
	case challengePage:
		feed = "/challenges/" + itoa(d.Challenge.ID) + "/feed.atom"
	case boardView:
		feed = "/challenges/" + itoa(d.Challenge.ID) + "/feed.atom"
	case projectView:
		feed = "/projects/" + itoa(d.Project.ID) + "/feed.atom"
	default:
		return ""
	}
	if p.Lang == "" {
		return feed
	}
	return feed + "?lang=" + p.Lang
}

// Duration is a span of time as the page's language writes it: "2d 3h"
// or "2 天 3 小时", "45m" or "45 分钟"; "—" for none.
func (p *page) Duration(d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	days, hours, mins := int(d/(24*time.Hour)), int(d/time.Hour)%24, int(d/time.Minute)%60
	switch {
	case days > 0:
		return p.T("polish.duration_dh", days, hours)
	case hours > 0:
		return p.T("polish.duration_hm", hours, mins)
	}
	return p.T("polish.duration_m", max(mins, 1))
}

// PhaseName is a challenge's phase as people read it (domain.PhaseKeys):
// "Voting" (or "Rating", "Comparing", by its method) while the vote is
// open, also beside "Submissions open", "Voting opens 11-26 09:00" while
// it is still to come.
func (p *page) PhaseName(c domain.Challenge) string {
	if c.IsBoard() {
		return p.T("board.always_open")
	}
	keys := domain.PhaseKeys(c, p.Now)
	words := make([]string, len(keys))
	for i, k := range keys {
		if strings.HasPrefix(k, "phase.voting_soon") {
			words[i] = p.T(k, c.VotingOpenAt.In(p.loc).Format("01-02 15:04"))
		} else {
			words[i] = p.T(k)
		}
	}
	return strings.Join(words, " · ")
}
