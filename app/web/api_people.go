package web

import (
	"net/http"
	"strconv"
	"time"

	"cocreate/app/domain"
	"cocreate/app/i18n"
	"cocreate/app/people"
	"cocreate/app/service"
	"cocreate/app/store"

	"github.com/labstack/echo/v4"
)

type badgeJSON struct {
	Key       string    `json:"key"`
	Name      string    `json:"name"`
	AwardedAt time.Time `json:"awarded_at"`
	ByHand    bool      `json:"by_hand"`
}

type projectRefJSON struct {
	ProjectID int64  `json:"project_id"`
	Title     string `json:"title"`
	Stage     string `json:"stage"`
	Role      string `json:"role"`
}

type profileIdeaJSON struct {
	ID          int64        `json:"id"`
	ChallengeID int64        `json:"challenge_id"`
	Title       string       `json:"title"`
	State       domain.State `json:"state"`
	// Votes is left out where the viewer may not see them (a blind judge).
	Votes     *int      `json:"votes,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

type reasonJSON struct {
	Kind        people.Kind `json:"kind"`
	Reason      string      `json:"reason"`
	Points      int         `json:"points"`
	Ref         int64       `json:"ref"`
	ChallengeID int64       `json:"challenge_id,omitempty"`
	At          time.Time   `json:"at"`
	// Capped is set on an addressed test report recorded at 0 points, past
	// the Cap reports on its project that earn (service.Profile.PastCap),
	// as the profile page says beside it.
	Capped bool `json:"capped,omitempty"`
	Cap    int  `json:"cap,omitempty"`
}

// profileJSON is a person's public profile (GET /api/v1/users/{id}): never
// the email. Why (the reasons for
// the reputation) is there only for the person themselves and admins.
type profileJSON struct {
	ID         int64             `json:"id"`
	Name       string            `json:"name"`
	City       string            `json:"city"`
	Bio        string            `json:"bio"`
	Reputation int               `json:"reputation"`
	Level      int               `json:"level"`
	ToNext     int               `json:"next_level_in"`
	Badges     []badgeJSON       `json:"badges"`
	Ideas      int               `json:"ideas"`
	IdeaList   []profileIdeaJSON `json:"idea_list"`
	Unlisted   []profileIdeaJSON `json:"unlisted_ideas,omitempty"` // to the person alone (service.Profile.Unlisted)
	Credits    []projectRefJSON  `json:"credits"`
	Testing    []projectRefJSON  `json:"testing"`
	Why        []reasonJSON      `json:"why,omitempty"`
	CreatedAt  time.Time         `json:"created_at"`
}

func toBadgesJSON(p i18n.Printer, badges []people.Badge) []badgeJSON {
	out := []badgeJSON{}
	for _, b := range badges {
		out = append(out, badgeJSON{Key: b.Key, Name: p.T("badge." + b.Key), AwardedAt: b.AwardedAt, ByHand: b.ByHand})
	}
	return out
}

func toProjectRefs(list []store.ProfileProject) []projectRefJSON {
	out := []projectRefJSON{}
	for _, pp := range list {
		out = append(out, projectRefJSON{ProjectID: pp.ProjectID, Title: pp.Title, Stage: pp.Stage, Role: pp.Role})
	}
	return out
}

func toProfileJSON(p i18n.Printer, pr service.Profile) profileJSON {
	j := profileJSON{ID: pr.ID, Name: pr.Name, City: pr.City, Bio: pr.Bio, Reputation: pr.Reputation, Level: pr.Level, ToNext: pr.ToNext,
		Badges: toBadgesJSON(p, pr.Badges), Ideas: len(pr.Ideas), IdeaList: []profileIdeaJSON{},
		Credits: toProjectRefs(pr.Credits), Testing: toProjectRefs(pr.Testing), CreatedAt: pr.CreatedAt}
	idea := func(i domain.Idea) profileIdeaJSON {
		out := profileIdeaJSON{ID: i.ID, ChallengeID: i.ChallengeID, Title: i.Title, State: i.State, CreatedAt: i.CreatedAt}
		if i.Votes >= 0 {
			out.Votes = &i.Votes
		}
		return out
	}
	for _, i := range pr.Ideas {
		j.IdeaList = append(j.IdeaList, idea(i))
	}
	for _, i := range pr.Unlisted {
		j.Unlisted = append(j.Unlisted, idea(i))
	}
	for _, e := range pr.Events {
		r := reasonJSON{Kind: e.Kind, Reason: p.T("reputation." + string(e.Kind)), Points: e.Points, Ref: e.Ref, ChallengeID: e.ChallengeID, At: e.At}
		if pr.PastCap(e) {
			r.Capped, r.Cap = true, pr.FeedbackCap
		}
		j.Why = append(j.Why, r)
	}
	return j
}

func (s *Server) apiProfile(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	pr, err := s.svc.Profile(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toProfileJSON(s.printer(c), pr))
}

func (s *Server) apiProfileUpdate(c echo.Context) error {
	var in people.ProfileInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	pr, err := s.svc.EditProfile(c.Request().Context(), currentUser(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toProfileJSON(s.printer(c), pr))
}

func (s *Server) apiAwardBadge(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Key string `json:"key"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.svc.AwardBadge(c.Request().Context(), currentUser(c), id, in.Key); err != nil {
		return err
	}
	pr, err := s.svc.Profile(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"user_id": id, "key": in.Key, "badges": toBadgesJSON(s.printer(c), pr.Badges)})
}

// leaderboardQuery reads ?challenge=ID&season=YYYY (both optional).
func leaderboardQuery(c echo.Context) (challenge int64, season int, err error) {
	if raw := c.QueryParam("challenge"); raw != "" {
		if challenge, err = strconv.ParseInt(raw, 10, 64); err != nil || challenge <= 0 {
			return 0, 0, domain.Invalid("challenge", "invalid_id", "challenge must be a challenge's id")
		}
	}
	if raw := c.QueryParam("season"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || len(raw) != 4 {
			return 0, 0, domain.Invalid("season", "invalid_season", "season must be a year such as 2026")
		}
		season = n
	}
	return challenge, season, nil
}

func (s *Server) apiLeaderboard(c echo.Context) error {
	challenge, season, err := leaderboardQuery(c)
	if err != nil {
		return err
	}
	rows, withheld, err := s.svc.Leaderboard(c.Request().Context(), currentUser(c), challenge, season, s.cfg.Location)
	if err != nil {
		return err
	}
	type fan struct {
		User       domain.Author `json:"user"`
		Reputation int           `json:"reputation"`
		Level      int           `json:"level"`
	}
	out := []fan{}
	for _, r := range rows {
		out = append(out, fan{User: domain.Author{ID: r.UserID, Name: r.Name}, Reputation: r.Points, Level: people.Level(r.Points)})
	}
	return c.JSON(http.StatusOK, map[string]any{"fans": out, "withheld": withheld})
}

func (s *Server) apiHelpful(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	helpful := c.Request().Method == http.MethodPut
	if err := s.svc.MarkHelpful(c.Request().Context(), currentUser(c), id, helpful); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"id": id, "helpful": helpful})
}

type clubJSON struct {
	ID        int64     `json:"id"`
	City      string    `json:"city"`
	Name      string    `json:"name"`
	Members   int       `json:"members"`
	CreatedAt time.Time `json:"created_at"`
	// Organisers: its organisers who can act; 0, it needs one (session 51).
	Organisers int `json:"organisers"`
}

func toClubJSON(c store.Club) clubJSON {
	return clubJSON{ID: c.ID, City: c.City, Name: c.Name, Members: c.Members, CreatedAt: c.CreatedAt, Organisers: c.Organisers}
}

// eventJSON is a club's event as the API gives it (openapi.json's Event).
type eventJSON struct {
	ID         int64     `json:"id"`
	ClubID     int64     `json:"club_id"`
	Title      string    `json:"title"`
	Body       string    `json:"body"`
	Place      string    `json:"place"`
	StartsAt   time.Time `json:"starts_at"`
	Capacity   int       `json:"capacity"`
	Going      int       `json:"going"`
	Waitlisted int       `json:"waitlisted"`
	// Seated and LetIn split going as the meetup's page does
	// (people.Seats): the places taken, at most capacity, and those let in
	// from the waiting list at the door beyond them.
	Seated int `json:"seated"`
	LetIn  int `json:"let_in"`
	// Cancelled: its organisers called it off, at CancelledAt (null while
	// it stands), saying CancelReason.
	Cancelled    bool       `json:"cancelled"`
	CancelledAt  *time.Time `json:"cancelled_at"`
	CancelReason string     `json:"cancel_reason"`
}

func toEventJSON(e store.ClubEvent) eventJSON {
	seated, letIn := people.Seats(e.Going, e.Capacity)
	j := eventJSON{ID: e.ID, ClubID: e.ClubID, Title: e.Title, Body: e.Body, Place: e.Place, StartsAt: e.StartsAt,
		Capacity: e.Capacity, Going: e.Going, Waitlisted: e.Waitlisted, Seated: seated, LetIn: letIn,
		Cancelled: e.Cancelled(), CancelReason: e.CancelReason}
	if e.Cancelled() {
		j.CancelledAt = &e.CancelledAt
	}
	return j
}

// eventDetailJSON is one meetup as the person asking sees it (openapi.json's
// EventDetail): the meetup, and Mine, their answer ("going",
// "waitlisted"; null: none, or a visitor).
type eventDetailJSON struct {
	eventJSON
	Mine *string `json:"mine"`
}

// answerJSON is an answer as the API names it; nil for none.
func answerJSON(a people.Answer) *string {
	var s string
	switch a {
	case people.Going:
		s = "going"
	case people.OnWaitlist:
		s = "waitlisted"
	default:
		return nil
	}
	return &s
}

func (s *Server) apiClubs(c echo.Context) error {
	list, err := s.svc.Clubs(c.Request().Context())
	if err != nil {
		return err
	}
	out := []clubJSON{}
	for _, cl := range list {
		out = append(out, toClubJSON(cl))
	}
	return c.JSON(http.StatusOK, map[string]any{"clubs": out})
}

func (s *Server) apiClubCreate(c echo.Context) error {
	var in people.ClubInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	cl, err := s.svc.CreateClub(c.Request().Context(), currentUser(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toClubJSON(cl))
}

func (s *Server) apiClub(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	p, err := s.svc.Club(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	type memberJSON struct {
		User      domain.Author `json:"user"`
		Organiser bool          `json:"organiser"`
		Level     int           `json:"level"`
	}
	members, upcoming, past := []memberJSON{}, []eventJSON{}, []eventJSON{}
	for _, m := range p.Members {
		members = append(members, memberJSON{User: m.User, Organiser: m.Organiser, Level: p.Levels[m.User.ID]})
	}
	for _, e := range p.Upcoming {
		upcoming = append(upcoming, toEventJSON(e))
	}
	for _, e := range p.Past {
		past = append(past, toEventJSON(e))
	}
	out := map[string]any{"club": toClubJSON(p.Club), "members": members, "upcoming": upcoming, "past": past,
		"member": p.Member, "organiser": p.Organiser}
	if p.MayName {
		out["organiser_log"] = organiserLogJSON(p.OrganiserLog)
	}
	return c.JSON(http.StatusOK, out)
}

// organiserEventJSON is one change of a club's organisers in the API, for
// the staff who name them; Actor is null when no account made it.
type organiserEventJSON struct {
	User   domain.Author  `json:"user"`
	Actor  *domain.Author `json:"actor"`
	Named  bool           `json:"named"`
	Reason string         `json:"reason"`
	At     time.Time      `json:"at"`
}

func organiserLogJSON(events []store.OrganiserEvent) []organiserEventJSON {
	out := make([]organiserEventJSON, 0, len(events))
	for _, e := range events {
		j := organiserEventJSON{User: e.User, Named: e.Named, Reason: e.Reason, At: e.CreatedAt}
		if e.Actor.ID != 0 {
			j.Actor = &e.Actor
		}
		out = append(out, j)
	}
	return out
}

func (s *Server) apiMembership(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	join := c.Request().Method == http.MethodPut
	if err := s.svc.JoinClub(c.Request().Context(), currentUser(c), id, join); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"club_id": id, "member": join})
}

func (s *Server) apiOrganiser(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	uid, err := idParam(c, "user_id")
	if err != nil {
		return err
	}
	on := c.Request().Method == http.MethodPut
	// The body is optional: {"reason": "..."}, which a moderator gives
	// (an admin may send none, as before session 53).
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeOptionalJSON(c, &in); err != nil {
		return err
	}
	if err := s.svc.SetOrganiser(c.Request().Context(), currentUser(c), id, uid, on, in.Reason); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"club_id": id, "user_id": uid, "organiser": on})
}

func (s *Server) apiEventCreate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in people.EventInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	e, err := s.svc.CreateEvent(c.Request().Context(), currentUser(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toEventJSON(e))
}

func (s *Server) apiEvent(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	e, a, err := s.svc.Event(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, eventDetailJSON{toEventJSON(e), answerJSON(a)})
}

// apiEventUpdate changes a meetup: the fields given replace its own.
func (s *Server) apiEventUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in people.EventPatch
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	e, err := s.svc.EditEvent(c.Request().Context(), currentUser(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toEventJSON(e))
}

// apiEventCancel calls a meetup off, with its reason.
func (s *Server) apiEventCancel(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	e, err := s.svc.CancelEvent(c.Request().Context(), currentUser(c), id, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toEventJSON(e))
}

// attendeeJSON is one answer to a meetup, for its organisers' check-in.
type attendeeJSON struct {
	UserID    int64  `json:"user_id"`
	Name      string `json:"name"`
	Status    string `json:"status"` // going, waitlisted
	CheckedIn bool   `json:"checked_in"`
	// CanCheckIn: the caller may check them in now (the rule of
	// POST /api/v1/events/{id}/checkins, asked of this row).
	CanCheckIn bool `json:"can_check_in"`
}

// apiAttendees lists a meetup's answers for its organisers.
func (s *Server) apiAttendees(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	e, list, err := s.svc.EventAttendees(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	out := []attendeeJSON{}
	for _, a := range list.List {
		status := "going"
		if a.Waitlisted {
			status = "waitlisted"
		}
		out = append(out, attendeeJSON{UserID: a.User.ID, Name: a.User.Name, Status: status, CheckedIn: a.CheckedIn, CanCheckIn: list.MayCheckIn[a.User.ID]})
	}
	return c.JSON(http.StatusOK, map[string]any{"event_id": e.ID, "attendees": out})
}

func (s *Server) apiRSVP(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if c.Request().Method == http.MethodDelete {
		if err := s.svc.CancelRSVP(ctx, currentUser(c), id); err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]any{"going": false, "waitlisted": false})
	}
	a, err := s.svc.RSVP(ctx, currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"going": true, "waitlisted": a == people.OnWaitlist})
}

func (s *Server) apiCheckIn(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		UserID int64 `json:"user_id"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.svc.CheckIn(c.Request().Context(), currentUser(c), id, in.UserID); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"event_id": id, "user_id": in.UserID, "checked_in": true})
}
