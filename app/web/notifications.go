package web

import (
	"net/http"
	"strconv"
	"time"

	"cocreate/app/domain"
	"cocreate/app/i18n"

	"github.com/labstack/echo/v4"
)

type noticeJSON struct {
	ID        int64             `json:"id"`
	Kind      domain.NoticeKind `json:"kind"`
	Text      string            `json:"text"`
	URL       string            `json:"url"`
	Read      bool              `json:"read"`
	CreatedAt time.Time         `json:"created_at"`
	// By is who wrote the comment a comment notice tells of, as they are
	// now (name "" once their account is deleted); absent on other notices.
	By *domain.Author `json:"by,omitempty"`
}

// noticeText writes a notice in the reader's language (i18n's one renderer,
// which the emails use too), naming who wrote the comment it tells of.
func noticeText(p i18n.Printer, n domain.Notice) string {
	if n.By != nil {
		return p.NoticeBy(string(n.Kind), n.Args, n.By.Name)
	}
	return p.Notice(string(n.Kind), n.Args)
}

func (s *Server) apiNotifications(c echo.Context) error {
	ctx, u := c.Request().Context(), currentUser(c)
	before, err := idCursor(c)
	if err != nil {
		return err
	}
	list, next, err := s.svc.Notifications(ctx, u, before)
	if err != nil {
		return err
	}
	unread, err := s.svc.UnreadCount(ctx, u)
	if err != nil {
		return err
	}
	p := s.printer(c)
	out := make([]noticeJSON, 0, len(list))
	for _, n := range list {
		out = append(out, noticeJSON{n.ID, n.Kind, noticeText(p, n), n.URL, n.Read, n.CreatedAt, n.By})
	}
	return c.JSON(http.StatusOK, map[string]any{"notifications": out, "unread": unread, "next_cursor": nextCursor(next)})
}

// apiUnread is the reader's unread count alone (GET
// /api/v1/me/notifications/unread): the number the header's bell shows,
// from the same service function (UnreadCount: kept per person, at most
// what the list shows), so a page Back brings from the back-forward cache
// sets its bell without reading a page of notices.
func (s *Server) apiUnread(c echo.Context) error {
	unread, err := s.svc.UnreadCount(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, unreadJSON{Unread: unread, Badge: domain.UnreadBadge(unread)})
}

// unreadJSON is the answer of GET /api/v1/me/notifications/unread.
type unreadJSON struct {
	Unread int    `json:"unread"`
	Badge  string `json:"badge"` // as the bell shows it: "" for none, "99+" past 99 (domain.UnreadBadge)
}

func (s *Server) apiNotificationsRead(c echo.Context) error {
	if err := s.svc.MarkRead(c.Request().Context(), currentUser(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// noticesPage lists a person's notices, unread ones marked as such.
type noticesPage struct {
	Notices []noticeView
	// Older links to the next page (older notices), "" on the last; Paged
	// says this page is not the newest (it links back to it).
	Older string
	Paged bool
}

type noticeView struct {
	domain.Notice
	Text string
}

func (s *Server) notificationsPage(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	before, err := idCursor(c)
	if err != nil {
		return err
	}
	list, next, err := s.svc.Notifications(ctx, u, before)
	if err != nil {
		return err
	}
	p := s.printer(c)
	page := noticesPage{Paged: before != 0}
	if next != 0 {
		page.Older = "/notifications?cursor=" + strconv.FormatInt(next, 10)
	}
	for _, n := range list {
		page.Notices = append(page.Notices, noticeView{n, noticeText(p, n)})
	}
	return s.render(c, "notifications", p.T("notice.title"), page)
}

// notificationsRead is the page's "mark all read" button: reading the
// page changes nothing (a GET has no side effects).
func (s *Server) notificationsRead(c echo.Context) error {
	if err := s.svc.MarkRead(c.Request().Context(), currentUser(c)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/notifications")
}

// notificationOpen is a notice's link on the notifications page: a small
// form (a POST with the CSRF token: a GET that changed state could be
// prefetched), which marks that one notice, the reader's own, read and
// goes on to its link, kept on this site (safeNext) whatever is stored.
func (s *Server) notificationOpen(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	url, err := s.svc.OpenNotice(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, safeNext(url))
}

// apiNotificationRead marks one of the reader's notices read (POST
// /api/v1/me/notifications/{id}/read): 204, or 404 for a notice not theirs.
func (s *Server) apiNotificationRead(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.svc.OpenNotice(c.Request().Context(), currentUser(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
