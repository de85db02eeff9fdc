package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"net"
	"net/http"
	"strings"

	"cocreate/app/domain"

	"github.com/labstack/echo/v4"
)

// The setup code guards the first admin's setup of a new installation
// against whoever reaches /setup first from elsewhere (a scanner finds a
// public server before its operator does). The server writes the code to
// its log at start while no one has an account; a setup from this machine
// (the browser beside `go run .`) needs none, a setup from another machine
// or through a proxy types it. It is derived from the session key, so
// every node of an installation (ShareKeys) asks for the same one, and a
// new installation has a new one.
func setupCodeFrom(key []byte) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("cocreate setup code"))
	// 40 bits in 8 letters and digits, without the ones read alike.
	enc := base32.NewEncoding("ABCDEFGHJKLMNPQRSTUVWXYZ23456789").WithPadding(base32.NoPadding)
	code := enc.EncodeToString(mac.Sum(nil)[:5])
	return code[:4] + "-" + code[4:]
}

// sameSetupCode compares a typed code with the server's, whatever its
// case, spaces and dashes, in constant time.
func sameSetupCode(typed, code string) bool {
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			switch r {
			case '-', ' ', '\u3000', '－':
				return -1
			}
			return r
		}, strings.ToUpper(strings.TrimSpace(s)))
	}
	return hmac.Equal([]byte(norm(typed)), []byte(norm(code)))
}

// fromThisMachine is true for a request whose peer is this machine's
// loopback and that came through no proxy: a proxy on the same machine
// says whom it forwards for, and a public site is reached through one.
func fromThisMachine(r *http.Request) bool {
	for _, h := range []string{"X-Forwarded-For", "X-Real-Ip", "Forwarded"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// setupNeedsCode is true when the setup request c must carry the setup
// code.
func (s *Server) setupNeedsCode(c echo.Context) bool {
	return !fromThisMachine(c.Request())
}

// checkSetupCode refuses, naming the field, a setup from elsewhere whose
// code is missing or wrong, while setup is still to do (once it is done,
// the setup answers setup_done, whatever the code).
func (s *Server) checkSetupCode(c echo.Context, typed string) error {
	if !s.setupNeedsCode(c) || sameSetupCode(typed, s.setupCode) {
		return nil
	}
	need, err := s.svc.NeedsSetup(c.Request().Context())
	if err != nil || !need {
		return err
	}
	if strings.TrimSpace(typed) == "" {
		return domain.Invalid("setup_code", "required", "a setup from another machine needs the setup code the server wrote to its log at start")
	}
	e := domain.Invalid("setup_code", "setup_code_wrong", "this is not the setup code the server wrote to its log at start (setup_code=…)")
	e.Args = []any{"setup_code=…"}
	return e
}

// announceSetup writes the setup code to the log while the installation
// has no account.
func (s *Server) announceSetup(ctx context.Context) error {
	need, err := s.svc.NeedsSetup(ctx)
	if err != nil || !need {
		return err
	}
	s.log.Warn("this installation has no admin yet: finish its setup at /setup before the site is public; a setup from another machine, or through a proxy, asks for this setup code", "setup_code", s.setupCode)
	return nil
}
