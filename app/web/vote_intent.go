package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"cocreate/app/domain"

	"github.com/labstack/echo/v4"
)

// A visitor who taps "support", or a star, is sent to sign in (or sign
// up); once they have, the vote or the rating they asked for is cast, once. The intent is kept only from
// the vote form's own POST, which passed the CSRF check (same-origin), in
// the signed and encrypted session cookie, for voteIntentTTL; a GET never
// votes, and a link cannot plant an intent.

const (
	voteIntentKey = "vote_intent"
	voteIntentTTL = 30 * time.Minute
)

// voteIntent is what a visitor's refused form asked for: a vote for
// Idea, or Stars (domain.ValidStars) for it; Idea 0 for nothing.
type voteIntent struct {
	Idea  int64
	Stars int
}

// rememberVoteIntent keeps the vote, or the rating, a visitor's refused
// vote or stars form asked for ("id:unix seconds[:stars]"); taking a vote
// or a rating back is nothing to remember.
func (s *Server) rememberVoteIntent(c echo.Context) {
	if c.Request().Method != http.MethodPost {
		return
	}
	stars := ""
	switch c.Path() {
	case "/ideas/:id/vote":
		if c.FormValue("vote") == "0" {
			return
		}
	case "/ideas/:id/rating":
		n, err := strconv.Atoi(c.FormValue("stars"))
		if err != nil || domain.ValidStars(n) != nil {
			return // taking a rating back (0), or no rating: nothing to remember
		}
		stars = ":" + strconv.Itoa(n)
	default:
		return
	}
	id, err := idParam(c, "id")
	if err != nil {
		return
	}
	sess := s.session(c)
	sess.Values[voteIntentKey] = itoa(id) + ":" + strconv.FormatInt(s.svc.Now().Unix(), 10) + stars
	_ = sess.Save(c.Request(), c.Response()) // at worst the visitor taps again
}

// takeVoteIntent is what a fresh intent names, Idea 0 for none; it is
// read before signing in, which starts a new session without it.
func (s *Server) takeVoteIntent(c echo.Context) voteIntent {
	v, _ := s.session(c).Values[voteIntentKey].(string)
	parts := strings.Split(v, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return voteIntent{}
	}
	id, err1 := strconv.ParseInt(parts[0], 10, 64)
	at, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil || id <= 0 {
		return voteIntent{}
	}
	if age := s.svc.Now().Sub(time.Unix(at, 0)); age < 0 || age > voteIntentTTL {
		return voteIntent{}
	}
	in := voteIntent{Idea: id}
	if len(parts) == 3 {
		n, err := strconv.Atoi(parts[2])
		if err != nil || domain.ValidStars(n) != nil {
			return voteIntent{}
		}
		in.Stars = n
	}
	return in
}

// castVoteIntent casts the vote or rating a visitor asked for before
// signing in, now that the person is signed in, and goes on to next: at
// the button, with "your vote is counted" (or the stars given), or with
// the reason it could not be (voting closed, the budget spent, confirm
// your address first).
func (s *Server) castVoteIntent(c echo.Context, in voteIntent, next, welcome string) error {
	if in.Idea == 0 {
		if welcome != "" {
			s.flash(c, welcome)
		}
		return c.Redirect(http.StatusSeeOther, next)
	}
	at, done := "vote-"+itoa(in.Idea), s.printer(c).T("journeys.vote_counted")
	var err error
	if in.Stars > 0 {
		at, done = "stars-"+itoa(in.Idea), s.printer(c).N("stars48.rated", in.Stars)
		_, err = s.svc.Rate(c.Request().Context(), currentUser(c), in.Idea, in.Stars, clientOf(c))
	} else {
		_, err = s.setVote(c, in.Idea, true)
	}
	if err != nil {
		if welcome != "" { // welcomed all the same, and told why the vote is not cast
			s.flash(c, welcome)
		}
		return s.backWithError(c, err, next, at)
	}
	msg := done
	if welcome != "" {
		msg = s.printer(c).T(welcome) + " " + msg
	}
	return s.backToText(c, next, at, msg)
}
