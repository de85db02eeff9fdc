package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
	"cocreate/app/service"
	"cocreate/app/store"

	"github.com/labstack/echo/v4"
)

// formFail shows a refused form again through render, with the error's
// message at its field and the error's status; an error a form cannot show
// (not found, forbidden, a failure) goes to the error page.
func (s *Server) formFail(c echo.Context, err error, render func(msg, field string, status int) error) error {
	msg, field, ok := s.formError(c, err)
	if !ok {
		return err
	}
	return render(msg, field, statusOf[domain.AsError(err).Kind])
}

// profileView is a profile page: the profile, and the edit form's values
// and error when the person looks at their own.
type profileView struct {
	service.Profile
	Form  people.ProfileInput
	Error string
	Field string
	// Badge: Error and Field belong to the admin's badge form, not the
	// profile's own: the profile form keeps the profile's values.
	Badge      bool
	HandBadges []string
	TesterAt   int
}

func (s *Server) profileShow(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	return s.renderProfile(c, id, http.StatusOK, profileView{})
}

func (s *Server) renderProfile(c echo.Context, id int64, status int, v profileView) error {
	pr, err := s.svc.Profile(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	v.Profile = pr
	if v.Error == "" || v.Badge {
		v.Form = people.ProfileInput{Name: pr.Name, City: pr.City, Bio: pr.Bio}
	}
	v.HandBadges, v.TesterAt = people.HandBadges, people.TesterLevel
	return s.renderStatus(c, status, "profile", withTitle{pr.Name, v})
}

// profileSubmit saves the signed-in person's own profile from its form.
func (s *Server) profileSubmit(c echo.Context) error {
	u := currentUser(c)
	in := people.ProfileInput{Name: c.FormValue("name"), City: c.FormValue("city"), Bio: c.FormValue("bio")}
	if _, err := s.svc.EditProfile(c.Request().Context(), u, in); err != nil {
		return s.formFail(c, err, func(msg, field string, status int) error {
			return s.renderProfile(c, u.ID, status, profileView{Form: in, Error: msg, Field: field})
		})
	}
	s.flash(c, "profile.saved")
	return c.Redirect(http.StatusSeeOther, "/users/"+itoa(u.ID))
}

// badgeSubmit is an admin giving a badge from the profile page.
func (s *Server) badgeSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.svc.AwardBadge(c.Request().Context(), currentUser(c), id, c.FormValue("key")); err != nil {
		return s.formFail(c, err, func(msg, field string, status int) error {
			return s.renderProfile(c, id, status, profileView{Badge: true, Error: msg, Field: field})
		})
	}
	s.flash(c, "badge.given")
	return c.Redirect(http.StatusSeeOther, "/users/"+itoa(id))
}

type leaderboardView struct {
	Rows       []people.Standing
	Challenges []domain.Challenge
	Challenge  int64
	Season     string
	Badges     map[int64][]people.Badge
	// Withheld: the challenge's board opens with its results (see
	// Service.Leaderboard).
	Withheld bool
	// Error is why the filter was refused, at its Field (season,
	// challenge); the filter then shows what was asked.
	Error, Field string
}

// Level is a leaderboard line's level.
func (leaderboardView) Level(points int) int { return people.Level(points) }

func (s *Server) leaderboardShow(c echo.Context) error {
	ctx := c.Request().Context()
	// A refused filter (a season such as 1999, a challenge id that is no
	// number) shows the board's page again with the filter as asked and
	// the error at its field; a challenge not there is not found.
	fail := func(err error) error {
		return s.formFail(c, err, func(msg, field string, status int) error {
			v := leaderboardView{Season: c.QueryParam("season"), Error: msg, Field: field}
			v.Challenge, _ = strconv.ParseInt(c.QueryParam("challenge"), 10, 64)
			var err error
			if v.Challenges, err = s.svc.Challenges(ctx, currentUser(c)); err != nil {
				return err
			}
			return s.renderStatus(c, status, "leaderboard", withTitle{s.printer(c).T("leaderboard.title"), v})
		})
	}
	challenge, season, err := leaderboardQuery(c)
	if err != nil {
		return fail(err)
	}
	rows, withheld, err := s.svc.Leaderboard(ctx, currentUser(c), challenge, season, s.cfg.Location)
	if err != nil {
		return fail(err)
	}
	v := leaderboardView{Rows: rows, Challenge: challenge, Withheld: withheld}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.UserID
	}
	if v.Badges, err = s.svc.NameBadges(ctx, ids); err != nil {
		return err
	}
	if season != 0 {
		v.Season = strconv.Itoa(season)
	}
	if v.Challenges, err = s.svc.Challenges(ctx, currentUser(c)); err != nil {
		return err
	}
	return s.render(c, "leaderboard", s.printer(c).T("leaderboard.title"), v)
}

// helpfulSubmit marks a comment helpful (helpful=0 takes the mark back),
// back on the idea's page.
func (s *Server) helpfulSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	helpful, says := onOff(c, "helpful", "walk40.helpful_marked", "walk40.helpful_unmarked")
	if err := s.svc.MarkHelpful(ctx, currentUser(c), id, helpful); err != nil {
		return err
	}
	ideaID, err := s.svc.CommentIdea(ctx, id)
	if err != nil {
		return err
	}
	s.flashThere(c, says, "comment-"+itoa(id))
	return c.Redirect(http.StatusSeeOther, domain.CommentLink(ideaID, id))
}

type clubsView struct {
	Clubs []store.Club
	Form  people.ClubInput
	Error string
	Field string
	clubRequestsView
}

func (s *Server) clubsShow(c echo.Context) error {
	return s.renderClubs(c, http.StatusOK, clubsView{Form: s.clubPrefill(c)})
}

func (s *Server) renderClubs(c echo.Context, status int, v clubsView) error {
	list, err := s.svc.Clubs(c.Request().Context())
	if err != nil {
		return err
	}
	v.Clubs = list
	if v.Requests, err = s.svc.ClubRequests(c.Request().Context(), currentUser(c)); err != nil {
		return err
	}
	return s.renderStatus(c, status, "clubs", withTitle{s.printer(c).T("clubs.title"), v})
}

func (s *Server) clubCreate(c echo.Context) error {
	in := people.ClubInput{City: c.FormValue("city"), Name: c.FormValue("name")}
	cl, err := s.svc.CreateClub(c.Request().Context(), currentUser(c), in)
	if err != nil {
		return s.formFail(c, err, func(msg, field string, status int) error {
			return s.renderClubs(c, status, clubsView{Form: in, Error: msg, Field: field})
		})
	}
	s.flashText(c, s.printer(c).T("walk39.club_opened", cl.City))
	return c.Redirect(http.StatusSeeOther, "/clubs/"+itoa(cl.ID))
}

// eventForm is the meetup form as typed (the time in the site's zone):
// a new meetup's on its club's page, a meetup's changes on its own.
type eventForm struct {
	Title, Body, Place, StartsAt, Capacity string
}

// eventFields is what the form's fields show (event_fields): the values,
// and the error at its field, or above them when it names none.
type eventFields struct {
	Form         eventForm
	Error, Field string
}

// readEventForm is the meetup form posted.
func readEventForm(c echo.Context) eventForm {
	return eventForm{Title: c.FormValue("title"), Body: c.FormValue("body"), Place: c.FormValue("place"),
		StartsAt: c.FormValue("starts_at"), Capacity: c.FormValue("capacity")}
}

// eventInput reads the meetup form's values: the time in the site's zone.
func (s *Server) eventInput(f eventForm) (people.EventInput, error) {
	in := people.EventInput{Title: f.Title, Body: f.Body, Place: f.Place}
	if strings.TrimSpace(f.StartsAt) != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", f.StartsAt, s.cfg.Location)
		if err != nil {
			return in, domain.Invalid("starts_at", "invalid_time", "starts_at must be a date and time")
		}
		in.StartsAt = t
	}
	// An empty capacity is left to the rule (people.EventInput.Validate),
	// which names the fields in the form's order.
	if capacity := strings.TrimSpace(f.Capacity); capacity != "" {
		var err error
		if in.Capacity, err = strconv.Atoi(capacity); err != nil {
			return in, domain.Invalid("capacity", "out_of_range", "capacity must be between 1 and 10000")
		}
	}
	return in, nil
}

type clubView struct {
	service.ClubPage
	Form  eventForm
	Error string
	Field string
	// ConfirmLeave: the page asks the member to confirm leaving (?leave=1,
	// or a leave posted without confirm=1); LeaveError is why leaving was
	// refused.
	ConfirmLeave bool
	LeaveError   string
	// OrganiserError is why naming (or removing) the member OrganiserAt
	// was refused, said at that member's form with the reason typed
	// (OrganiserTyped) kept.
	OrganiserError, OrganiserTyped string
	OrganiserAt                    int64
}

// OrganiserGone is an organiser refusal about someone no longer listed
// (they left meanwhile): said above the list, as no row holds it.
func (v clubView) OrganiserGone() bool {
	return v.OrganiserError != "" && !slices.ContainsFunc(v.Members, func(m store.Member) bool { return m.User.ID == v.OrganiserAt })
}

// Fields are the new-meetup form's fields.
func (v clubView) Fields() eventFields { return eventFields{v.Form, v.Error, v.Field} }

func (s *Server) clubShow(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	return s.renderClub(c, id, http.StatusOK, clubView{ConfirmLeave: c.QueryParam("leave") == "1"})
}

func (s *Server) renderClub(c echo.Context, id int64, status int, v clubView) error {
	p, err := s.svc.Club(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	v.ClubPage = p
	if v.Form.Capacity == "" && v.Error == "" {
		v.Form.Capacity = "20" // a suggestion for a new meetup, not for one sent back as typed
	}
	return s.renderStatus(c, status, "club", withTitle{p.Club.Name, v})
}

// membershipSubmit joins (join=1) or leaves (join=0) a club; leaving
// takes confirm=1, given on the club page's confirmation step (without it
// the member is sent there: one tap never ends a membership, nor an
// organiser's role).
func (s *Server) membershipSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	join := c.FormValue("join") != "0"
	if !join && c.FormValue("confirm") != "1" {
		return c.Redirect(http.StatusSeeOther, "/clubs/"+itoa(id)+"?leave=1#leave-confirm")
	}
	if err := s.svc.JoinClub(c.Request().Context(), currentUser(c), id, join); err != nil {
		if join {
			return err
		}
		return s.formFail(c, err, func(msg, _ string, status int) error {
			return s.renderClub(c, id, status, clubView{ConfirmLeave: true, LeaveError: msg})
		})
	}
	if join {
		s.flash(c, "club.joined")
	} else {
		s.flash(c, "club.left")
	}
	return c.Redirect(http.StatusSeeOther, cmpNext(c.FormValue("next"), "/clubs/"+itoa(id)))
}

// cmpNext is a safe local next address, or def.
func cmpNext(next, def string) string {
	if next == "" {
		return def
	}
	return safeNext(next)
}

func (s *Server) organiserSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	uid, err := idParam(c, "uid")
	if err != nil {
		return err
	}
	organiser, says := onOff(c, "organiser", "walk40.organiser_made", "walk40.organiser_unmade")
	if err := s.svc.SetOrganiser(c.Request().Context(), currentUser(c), id, uid, organiser, c.FormValue("reason")); err != nil {
		return s.formFail(c, err, func(msg, _ string, status int) error {
			return s.renderClub(c, id, status, clubView{OrganiserError: msg, OrganiserAt: uid, OrganiserTyped: c.FormValue("reason")})
		})
	}
	return s.backTo(c, "/clubs/"+itoa(id), "members", says)
}

func (s *Server) eventCreate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	f := readEventForm(c)
	fail := func(err error) error {
		return s.formFail(c, err, func(msg, field string, status int) error {
			return s.renderClub(c, id, status, clubView{Form: f, Error: msg, Field: field})
		})
	}
	in, err := s.eventInput(f)
	if err != nil {
		return fail(err)
	}
	e, err := s.svc.CreateEvent(c.Request().Context(), currentUser(c), id, in)
	if err != nil {
		return fail(err)
	}
	s.flash(c, "clubfix29.event_published")
	return c.Redirect(http.StatusSeeOther, "/events/"+itoa(e.ID))
}

type eventView struct {
	service.EventPage
	Error string
	Field string
	// ConfirmCancel: the page asks the person going to a full meetup, or
	// waiting for a place, to confirm giving it up (?cancel=1, or a cancel
	// posted without confirm=1).
	ConfirmCancel bool
	// Editing: Error and Field belong to the organisers' form changing the
	// meetup, whose values Form holds as typed (else as the meetup is);
	// CallingOff: to their form cancelling it, with Reason as typed.
	Editing, CallingOff bool
	Form                eventForm
	Reason              string
	// StartsShown is the meetup's time as its form shows it: a time sent
	// back unchanged leaves the meetup's own (eventEdit).
	StartsShown string
}

// EditFields are the fields of the form changing the meetup.
func (v eventView) EditFields() eventFields {
	if v.Editing {
		return eventFields{v.Form, v.Error, v.Field}
	}
	return eventFields{Form: v.Form}
}

// Going and the other answers, for the template.
func (v eventView) Going() bool      { return v.Answer == people.Going }
func (v eventView) Waitlisted() bool { return v.Answer == people.OnWaitlist }
func (v eventView) Full() bool       { return people.Waitlisted(v.Event.Going, v.Event.Capacity) }

// CancelNeedsConfirm: cancelling gives away for good the person's place
// at a full meetup or on its waiting list (people.CancelAsks).
func (v eventView) CancelNeedsConfirm() bool {
	return people.CancelAsks(v.Answer, v.Event.Going, v.Event.Capacity, v.Started)
}

func (s *Server) eventShow(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	return s.renderEvent(c, id, http.StatusOK, eventView{ConfirmCancel: c.QueryParam("cancel") == "1"})
}

func (s *Server) renderEvent(c echo.Context, id int64, status int, v eventView) error {
	p, err := s.svc.EventPage(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	v.EventPage = p
	e := p.Event
	v.StartsShown = e.StartsAt.In(s.cfg.Location).Format("2006-01-02T15:04")
	if !v.Editing {
		v.Form = eventForm{Title: e.Title, Body: e.Body, Place: e.Place, StartsAt: v.StartsShown, Capacity: strconv.Itoa(e.Capacity)}
	}
	// A refusal about a person without a row (no answer) is said above
	// the list.
	if uid, ok := strings.CutPrefix(v.Field, "checkin-"); ok && !slices.ContainsFunc(p.List, func(a store.Attendee) bool { return itoa(a.User.ID) == uid }) {
		v.Field = "attendees"
	}
	return s.renderStatus(c, status, "event", withTitle{p.Event.Title, v})
}

// rsvpSubmit answers a meetup (going=0 takes the answer back).
func (s *Server) rsvpSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, u := c.Request().Context(), currentUser(c)
	key := "event.cancelled"
	if c.FormValue("going") == "0" {
		// A place at a full meetup, given up, goes to the waiting list and
		// does not come back, nor does a place on the waiting list: that
		// takes the confirmation step (people.CancelAsks).
		if c.FormValue("confirm") != "1" {
			p, err := s.svc.EventPage(ctx, u, id)
			if err != nil {
				return err
			}
			if (eventView{EventPage: p}).CancelNeedsConfirm() {
				return c.Redirect(http.StatusSeeOther, "/events/"+itoa(id)+"?cancel=1#cancel-confirm")
			}
		}
		err = s.svc.CancelRSVP(ctx, u, id)
	} else {
		var a people.Answer
		a, err = s.svc.RSVP(ctx, u, id)
		key = map[bool]string{true: "event.waitlisted", false: "event.going"}[a == people.OnWaitlist]
	}
	if err != nil {
		return s.formFail(c, err, func(msg, _ string, status int) error {
			return s.renderEvent(c, id, status, eventView{Error: msg, Field: "rsvp"})
		})
	}
	s.flash(c, key)
	return c.Redirect(http.StatusSeeOther, "/events/"+itoa(id))
}

// checkInSubmit is an organiser checking someone in at the door.
func (s *Server) checkInSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	uid, _ := strconv.ParseInt(c.FormValue("user_id"), 10, 64) // 0 is refused, naming user_id
	if err := s.svc.CheckIn(c.Request().Context(), currentUser(c), id, uid); err != nil {
		// A refusal about the person (own_check_in, waitlisted,
		// no_place_left, already_checked_in…) is said at their row, with
		// its status, even the organiser's own (forbidden, which a form
		// would send to the error page); one about the meetup (not
		// started, over) above the list. Anyone else refused goes to the
		// error page (a fan: not_an_organiser).
		if e := domain.AsError(err); e != nil && e.Field == "user_id" && e.Kind != domain.KindNotFound {
			return s.renderEvent(c, id, statusOf[e.Kind], eventView{Error: message(s.printer(c), e), Field: "checkin-" + itoa(uid)})
		}
		return s.formFail(c, err, func(msg, _ string, status int) error {
			return s.renderEvent(c, id, status, eventView{Error: msg, Field: "attendees"})
		})
	}
	return s.backTo(c, "/events/"+itoa(id), "attendees", "event.checked_in")
}

// eventICal is a meetup's calendar file.
func (s *Server) eventICal(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	base := s.base(c)
	host := base
	if u, err := url.Parse(base); err == nil && u.Host != "" {
		host = u.Hostname()
	}
	text, err := s.svc.EventICal(c.Request().Context(), id, base, host)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="event-`+itoa(id)+`.ics"`)
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", []byte(text))
}
