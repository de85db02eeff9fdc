package web

import (
	"net/http"
	"time"

	"cocreate/app/domain"
	"cocreate/app/i18n"
	"cocreate/app/service"

	"github.com/labstack/echo/v4"
)

func (s *Server) apiSetup(c echo.Context) error {
	var in struct {
		domain.SignUp
		// SetupCode is asked of a setup from another machine
		// (setupcode.go).
		SetupCode string `json:"setup_code"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.checkSetupCode(c, in.SetupCode); err != nil {
		return err
	}
	in.Locale = apiLocale(c)
	u, tok, _, err := s.svc.Setup(c.Request().Context(), in.SignUp)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"user": toUserJSON(u), "token": tok})
}

func (s *Server) apiSignUp(c echo.Context) error {
	var in domain.SignUp
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	in.Locale = apiLocale(c)
	u, _, err := s.svc.SignUp(c.Request().Context(), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"user": toUserJSON(u)})
}

func (s *Server) apiToken(c echo.Context) error {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
		Name     string `json:"name"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	u, proof, err := s.svc.SignIn(ctx, in.Email, in.Password)
	if err != nil {
		return err
	}
	tok, err := s.svc.NewToken(ctx, &u, in.Name, proof)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"token": tok})
}

// tokenJSON is a token as its owner sees it in the API.
type tokenJSON struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

func (s *Server) apiTokens(c echo.Context) error {
	list, err := s.svc.Tokens(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	out := make([]tokenJSON, 0, len(list))
	for _, t := range list {
		out = append(out, tokenJSON{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt})
	}
	return c.JSON(http.StatusOK, map[string]any{"tokens": out})
}

func (s *Server) apiRevokeToken(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.svc.RevokeToken(c.Request().Context(), currentUser(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// apiRevokeCurrent revokes the token the request was signed with: an app
// signing out. A browser's session has no token to revoke.
func (s *Server) apiRevokeCurrent(c echo.Context) error {
	var tok string
	if a := authOf(c); a != nil {
		tok = a.token
	}
	if tok == "" {
		return domain.Invalid("Authorization", "bearer_required", "sign this request with the token to revoke")
	}
	if err := s.svc.RevokeBearer(c.Request().Context(), currentUser(c), tok); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiMe(c echo.Context) error {
	return c.JSON(http.StatusOK, toUserJSON(*currentUser(c)))
}

// apiMeUpdate changes the signed-in person's own settings: whether
// notifications also come by email, and which groups of them, their name,
// their password (with the current one; every other session and token
// ends).
func (s *Server) apiMeUpdate(c echo.Context) error {
	var in struct {
		EmailNotices    *bool           `json:"email_notices"`
		EmailKinds      map[string]bool `json:"email_kinds"`
		Name            *string         `json:"name"`
		Password        *string         `json:"password"`
		Email           *string         `json:"email"`
		CurrentPassword string          `json:"current_password"`
		// Locale is the language of the person's email (en or zh), as
		// the pages' language switch keeps it.
		Locale *string `json:"locale"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.EmailNotices == nil && in.EmailKinds == nil && in.Name == nil && in.Password == nil && in.Email == nil && in.Locale == nil {
		return domain.Invalid("email_notices", "required", "give email_notices, email_kinds, name, locale, or password or email with current_password")
	}
	if in.Locale != nil {
		if err := service.CheckLocale("locale", *in.Locale); err != nil {
			return err
		}
	}
	// Every field is checked before anything changes: the address, the
	// password, the name and the email choices are written apart, so a
	// refused one after another was written would leave half the change
	// (a new password kept while the answer says the name was bad).
	if err := domain.CheckEmailKinds(in.EmailKinds); err != nil {
		return err
	}
	if in.Password != nil {
		if err := domain.ValidPassword(*in.Password); err != nil {
			return err
		}
	}
	if in.Name != nil {
		if err := domain.ValidName(*in.Name); err != nil {
			return err
		}
	}
	ctx := c.Request().Context()
	u := *currentUser(c)
	var err error
	if in.Password != nil || in.Email != nil {
		// Checking the current password is a guess like a sign-in, and
		// limited as one: a stolen token must not try passwords at the
		// per-account write rate.
		if s.guesses != nil {
			if err := s.guesses(func(echo.Context) error { return nil })(c); err != nil {
				return err
			}
		}
	}
	// First, so that a wrong current password changes nothing else; the
	// address before the password, which the address's check reads.
	if in.Email != nil {
		if u, _, err = s.svc.ChangeEmail(ctx, &u, in.CurrentPassword, *in.Email); err != nil {
			return err
		}
	}
	if in.Password != nil {
		if u, err = s.svc.ChangePassword(ctx, &u, in.CurrentPassword, *in.Password, credentials(c)); err != nil {
			return err
		}
	}
	if in.Name != nil {
		if u, err = s.svc.SetName(ctx, &u, *in.Name); err != nil {
			return err
		}
	}
	if in.EmailNotices != nil || in.EmailKinds != nil {
		if u, err = s.svc.SetEmailChoices(ctx, &u, in.EmailNotices, in.EmailKinds); err != nil {
			return err
		}
	}
	if in.Locale != nil {
		if err := s.svc.SetLocale(ctx, &u, *in.Locale); err != nil {
			return err
		}
		u.Locale = *in.Locale
	}
	return c.JSON(http.StatusOK, toUserJSON(u))
}

// apiSignOutEverywhere ends every other session and every token of the
// caller (the token signing this request too).
func (s *Server) apiSignOutEverywhere(c echo.Context) error {
	if err := s.svc.SignOutEverywhere(c.Request().Context(), currentUser(c), credentials(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiSetRoles(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Roles []string `json:"roles"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Roles == nil {
		return domain.Invalid("roles", "required", "roles is required")
	}
	u, err := s.svc.SetRoles(c.Request().Context(), currentUser(c), id, in.Roles)
	if err != nil {
		return err
	}
	out, err := s.toAdminUserJSON(c, u) // with who changed their roles, and when
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// apiLocale is the language an account made through the API records: the
// one its request's Accept-Language names, or "" (the installation's
// default, followed until the person picks one) when it names neither.
func apiLocale(c echo.Context) string {
	return i18n.MatchOr(c.Request().Header.Get("Accept-Language"), "")
}
