package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// A visitor who taps "support" is sent to sign in (or sign up); once they
// have, the vote they asked for is cast, once. The intent is kept only from
// the vote form's own POST, which passed the CSRF check (same-origin), in
// the signed and encrypted session cookie, for voteIntentTTL; a GET never
// votes, and a link cannot plant an intent.

const (
	voteIntentKey = "vote_intent"
	voteIntentTTL = 30 * time.Minute
)

// rememberVoteIntent keeps the vote a visitor's refused vote form asked
// for ("id:unix seconds"); taking a vote back is nothing to remember.
func (s *Server) rememberVoteIntent(c echo.Context) {
	if c.Request().Method != http.MethodPost || c.Path() != "/ideas/:id/vote" || c.FormValue("vote") == "0" {
		return
	}
	id, err := idParam(c, "id")
	if err != nil {
		return
	}
	sess := s.session(c)
	sess.Values[voteIntentKey] = itoa(id) + ":" + strconv.FormatInt(s.svc.Now().Unix(), 10)
	_ = sess.Save(c.Request(), c.Response()) // at worst the visitor taps again
}

// takeVoteIntent is the idea a fresh vote intent names, 0 for none; it is
// read before signing in, which starts a new session without it.
func (s *Server) takeVoteIntent(c echo.Context) int64 {
	v, _ := s.session(c).Values[voteIntentKey].(string)
	idText, atText, ok := strings.Cut(v, ":")
	id, err1 := strconv.ParseInt(idText, 10, 64)
	at, err2 := strconv.ParseInt(atText, 10, 64)
	if !ok || err1 != nil || err2 != nil || id <= 0 {
		return 0
	}
	if age := s.svc.Now().Sub(time.Unix(at, 0)); age < 0 || age > voteIntentTTL {
		return 0
	}
	return id
}

// castVoteIntent casts the vote a visitor asked for before signing in, now
// that the person is signed in, and goes on to next: at the button, with
// "your vote is counted", or with the reason it could not be (voting
// closed, the budget spent, confirm your address first).
func (s *Server) castVoteIntent(c echo.Context, idea int64, next, welcome string) error {
	if idea == 0 {
		if welcome != "" {
			s.flash(c, welcome)
		}
		return c.Redirect(http.StatusSeeOther, next)
	}
	at := "vote-" + itoa(idea)
	if _, err := s.setVote(c, idea, true); err != nil {
		if welcome != "" { // welcomed all the same, and told why the vote is not cast
			s.flash(c, welcome)
		}
		return s.backWithError(c, err, next, at)
	}
	msg := s.printer(c).T("journeys.vote_counted")
	if welcome != "" {
		msg = s.printer(c).T(welcome) + " " + msg
	}
	return s.backToText(c, next, at, msg)
}
