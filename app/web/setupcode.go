package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"strings"

	"cocreate/app/domain"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/unicode/norm"
)

// The setup code guards the first admin's setup of a new installation
// against whoever reaches /setup first (a scanner finds a public server
// before its operator does). The server writes the code to its log at
// start while no one has an account, and every setup, the page's and the
// API's, must carry it: a request from this machine's loopback is no
// proof of the operator, since a proxy or a tunnel in front of the server
// (nginx's bare proxy_pass sends no forwarding header and a Host of
// 127.0.0.1) makes every visitor's request one. It is derived from the
// session key, so every node of an installation (ShareKeys) asks for the
// same one, and a new installation has a new one.
func setupCodeFrom(key []byte) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("cocreate setup code"))
	// 40 bits in 8 letters and digits, without the ones read alike.
	enc := base32.NewEncoding("ABCDEFGHJKLMNPQRSTUVWXYZ23456789").WithPadding(base32.NoPadding)
	code := enc.EncodeToString(mac.Sum(nil)[:5])
	return code[:4] + "-" + code[4:]
}

// sameSetupCode compares a typed code with the server's, whatever its
// case, spaces and dashes, full-width ones (a Chinese input method's)
// too, in constant time.
func sameSetupCode(typed, code string) bool {
	fold := func(s string) string {
		return strings.Map(func(r rune) rune {
			switch r {
			case '-', ' ', '\u3000':
				return -1
			}
			return r
		}, strings.ToUpper(norm.NFKC.String(s)))
	}
	return hmac.Equal([]byte(fold(typed)), []byte(fold(code)))
}

// checkSetupCode refuses, naming the field, a setup whose code is
// missing or wrong, while setup is still to do (once it is done, the
// setup answers setup_done, whatever the code).
func (s *Server) checkSetupCode(c echo.Context, typed string) error {
	if sameSetupCode(typed, s.setupCode) {
		return nil
	}
	need, err := s.svc.NeedsSetup(c.Request().Context())
	if err != nil || !need {
		return err
	}
	if strings.TrimSpace(typed) == "" {
		return domain.Invalid("setup_code", "required", "a setup needs the setup code the server wrote to its log at start")
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
	s.log.Warn("this installation has no admin yet: finish its setup at /setup before the site is public; the setup asks for this setup code", "setup_code", s.setupCode)
	return nil
}
