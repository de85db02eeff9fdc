package web

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"cocreate/app/domain"
	"cocreate/app/i18n"
	"cocreate/app/service"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"
)

const (
	sessionName = "cocreate"
	ctxAuth     = "auth" // *auth: who signed the request, and with what
)

// auth is who signed a request and how, kept in the request's context
// under one key (one allocation and one map entry a request, not three).
type auth struct {
	user    domain.User
	bearer  bool   // signed with a bearer token
	token   string // the bearer token itself, for signing out
	session string // the session cookie's secret, for signing out
}

func authOf(c echo.Context) *auth {
	a, _ := c.Get(ctxAuth).(*auth)
	return a
}

// cookieStore makes the signed and encrypted cookie store. Its keys are
// generated on first start and kept in DataDir/session.key, so sessions
// survive a restart.
func cookieStore(dataDir string, secure bool) (*sessions.CookieStore, []byte, error) {
	path := filepath.Join(dataDir, "session.key")
	key, err := os.ReadFile(path)
	if err != nil || len(key) != 96 {
		key = make([]byte, 96)
		if _, err := rand.Read(key); err != nil {
			return nil, nil, fmt.Errorf("web: unable to make session keys: %w", err)
		}
		if err := os.MkdirAll(dataDir, 0o700); err != nil {
			return nil, nil, fmt.Errorf("web: unable to create %s: %w", dataDir, err)
		}
		if err := os.WriteFile(path, key, 0o600); err != nil {
			return nil, nil, fmt.Errorf("web: unable to save session keys: %w", err)
		}
	}
	st := sessions.NewCookieStore(key[:64], key[64:])
	st.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   sessionMaxAge,
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
	}
	return st, key, nil
}

// sessionMaxAge is how long, in seconds, a browser keeps its session, and
// its CSRF token with it: a form opened on a phone and sent days later
// (an idea written over a weekend) is not refused as expired.
const sessionMaxAge = 30 * 24 * 3600

func (s *Server) session(c echo.Context) *sessions.Session {
	// A cookie that fails to decode (old keys, tampering) gives a fresh session.
	sess, _ := s.sessions.Get(c.Request(), sessionName)
	return sess
}

// signIn starts a new session for u, discarding whatever the old one held
// (and ending it on the server). The cookie keeps the session's secret; the
// server keeps its hash (service.StartSession).
func (s *Server) signIn(c echo.Context, u domain.User, proof service.Proof) error {
	sess := s.session(c)
	lang, _ := sess.Values["lang"].(string)
	ctx := c.Request().Context()
	if old, _ := sess.Values["sid"].(string); old != "" {
		if err := s.svc.EndSession(ctx, old); err != nil {
			return err
		}
	}
	sid, err := s.svc.StartSession(ctx, &u, proof)
	if err != nil {
		return err
	}
	sess.Values = map[any]any{"sid": sid}
	if lang != "" {
		sess.Values["lang"] = lang
	}
	// The rest of this request acts as the person now signed in (a vote
	// they asked for before signing in).
	c.Set(ctxAuth, &auth{user: u, session: sid})
	s.renewCSRF(c)
	return sess.Save(c.Request(), c.Response())
}

// renewCSRF drops the browser's CSRF token when who is signed in changes:
// the next page gets a fresh one, so a token planted before (from a
// sibling subdomain, for a browser that sends no Sec-Fetch-Site) does not
// outlive the sign-in, for all its 30 days.
func (s *Server) renewCSRF(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: csrfCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// signOut ends the session on the server, so the same cookie replayed later
// is refused, and forgets it in the browser.
func (s *Server) signOut(c echo.Context) error {
	sess := s.session(c)
	if sid, _ := sess.Values["sid"].(string); sid != "" {
		if err := s.svc.EndSession(c.Request().Context(), sid); err != nil {
			return err
		}
	}
	delete(sess.Values, "sid")
	delete(sess.Values, "uid") // cookies from before sessions were kept on the server
	s.renewCSRF(c)
	return sess.Save(c.Request(), c.Response())
}

// identify finds who is asking: a bearer token (scripts and the mobile app)
// or the session cookie (browsers). A bad token is refused outright rather
// than treated as a visitor, so a script learns its token is wrong; a cookie
// whose session has ended makes a visitor.
func (s *Server) identify(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		if h := c.Request().Header.Get(echo.HeaderAuthorization); h != "" {
			// The scheme's name is case-insensitive (RFC 9110 §11.1):
			// "bearer" and "BEARER" are Bearer.
			scheme, tok, ok := strings.Cut(h, " ")
			if !ok || !strings.EqualFold(scheme, "Bearer") {
				return domain.Unauthorized("use Authorization: Bearer <token>")
			}
			tok = strings.TrimSpace(tok)
			u, err := s.svc.UserByToken(ctx, tok)
			if err != nil {
				return err
			}
			if err := s.refuseSuspended(c, u); err != nil {
				return err
			}
			c.Set(ctxAuth, &auth{user: u, bearer: true, token: tok})
			noStore(c)
			return next(c)
		}
		if sid, ok := s.session(c).Values["sid"].(string); ok && sid != "" {
			u, err := s.svc.UserBySession(ctx, sid)
			if err == nil {
				if err := s.refuseSuspended(c, u); err != nil {
					return err
				}
				c.Set(ctxAuth, &auth{user: u, session: sid})
				noStore(c)
			} else if e := domain.AsError(err); e == nil || (e.Kind != domain.KindNotFound && e.Kind != domain.KindUnauthorized) {
				return err
			}
		}
		return next(c)
	}
}

// noStore marks the answer to a signed-in person as theirs alone, kept by
// no cache: a page says no-store when it renders, but an API answer, a
// feed or a CSV export built for them is as personal (what they may see,
// their votes, a judge's scores). A handler whose answer is the same for
// everyone who may have it says so itself (an upload's photo, serveUpload).
// A visitor's answers are left unmarked, for caches to keep.
func noStore(c echo.Context) {
	c.Response().Header().Set(echo.HeaderCacheControl, "private, no-store")
}

// identifyReader is identify for what anyone may read (uploads): a bad,
// ended or suspended account's token reads as a visitor instead of a 401,
// as a browser's ended session does, so an app that sends its header with
// every request still gets a public photo.
func (s *Server) identifyReader(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ran := false
		err := s.identify(func(c echo.Context) error { ran = true; return next(c) })(c)
		if e := domain.AsError(err); !ran && e != nil && e.Kind == domain.KindUnauthorized {
			return next(c)
		}
		return err
	}
}

// credentials are what signed this request, for the service to keep when it
// ends the caller's other sessions and tokens.
func credentials(c echo.Context) service.Credentials {
	a := authOf(c)
	if a == nil {
		return service.Credentials{}
	}
	return service.Credentials{Session: a.session, Token: a.token}
}

// currentUser is the signed-in person, or nil for a visitor.
func currentUser(c echo.Context) *domain.User {
	if a := authOf(c); a != nil {
		return &a.user
	}
	return nil
}

// requireUser refuses visitors: the API with 401, a page by sending them to sign in.
func (s *Server) requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if currentUser(c) == nil {
			return domain.Unauthorized("sign in first")
		}
		return next(c)
	}
}

// lang is the language to speak: the user's choice (account, then session
// cookie), then the browser's Accept-Language.
func (s *Server) lang(c echo.Context) string {
	if u := currentUser(c); u != nil && u.Locale != "" {
		return u.Locale
	}
	if l, ok := s.session(c).Values["lang"].(string); ok && l != "" {
		return l
	}
	if isAPI(c) {
		// API messages are English unless the request asks for Chinese.
		return i18n.Match(c.Request().Header.Get("Accept-Language"))
	}
	return i18n.MatchOr(c.Request().Header.Get("Accept-Language"), s.defaultLang())
}

// defaultLang is the installation's default language (-lang), English
// when unset.
func (s *Server) defaultLang() string {
	if slices.Contains(i18n.Languages, s.cfg.Lang) {
		return s.cfg.Lang
	}
	return "en"
}

func (s *Server) printer(c echo.Context) i18n.Printer { return i18n.For(s.lang(c)) }

func isAPI(c echo.Context) bool { return strings.HasPrefix(c.Request().URL.Path, "/api/") }
