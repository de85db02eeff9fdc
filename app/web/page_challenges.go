package web

import (
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"cocreate/app/chart"
	"cocreate/app/domain"
	"cocreate/app/images"
	"cocreate/app/pairwise"
	"cocreate/app/service"

	"github.com/labstack/echo/v4"
)

type homePage struct {
	Challenges []domain.Challenge
	// Boards are the always-open boards, listed apart from timed challenges.
	Boards []domain.Challenge
}

func (s *Server) home(c echo.Context) error {
	ctx := c.Request().Context()
	need, err := s.svc.NeedsSetup(ctx)
	if err != nil {
		return err
	}
	if need {
		return c.Redirect(http.StatusSeeOther, "/setup")
	}
	list, err := s.svc.Challenges(ctx, currentUser(c))
	if err != nil {
		return err
	}
	var hp homePage
	for _, ch := range list {
		if ch.IsBoard() {
			hp.Boards = append(hp.Boards, ch)
		} else {
			hp.Challenges = append(hp.Challenges, ch)
		}
	}
	return s.render(c, "home", "", hp)
}

// challengePage is a challenge with one page of its ideas.
type challengePage struct {
	Challenge domain.Challenge
	Phase     domain.Phase
	Ideas     []domain.Idea
	Voted     map[int64]bool
	Mine      map[int64]int // the viewer's stars (a stars challenge)
	Sort      domain.Sort
	Sorts     []domain.Sort // the orders the viewer may choose (domain.ListSorts)
	Next      string
	CanSubmit bool
	// HidesVotes: the viewer sees no votes (a blind judge), nor the
	// integrity log that counts them.
	HidesVotes bool
	Submit     submitState // what the page says by the submit button
	CanVote    bool
	VoteWhy    string // why the vote buttons are off, "" when they are on
	VotesLeft  int    // -1: no budget
	// MyVotes: the list is the ideas the viewer supports (?mine=1);
	// MyVotesTab: the viewer, signed in, may ask for it (a support vote).
	MyVotes, MyVotesTab bool
	Held                []domain.Idea // on MyVotes: ideas reports hid that hold the viewer's votes (service.ChallengePage)
	Moves               []string      // the phase moves an admin may make now
	Timeline            []timelineStep
	Charts              service.ChallengeStats
}

// Card is one idea of the list with the viewer's vote or stars on it.
func (p challengePage) Card(i domain.Idea) cardView {
	return cardView{Idea: i, Voted: p.Voted[i.ID], Open: p.CanVote, Method: p.Challenge.Method(), Mine: p.Mine[i.ID]}
}

// SortLabel is the catalogue key of a sort tab's label: top is by votes
// only in a support challenge ("最多票"); by stars or pairwise scores
// elsewhere (Challenge.ListSort), and says so.
func (p challengePage) SortLabel(s domain.Sort) string {
	if m := p.Challenge.Method(); s == domain.SortTop && m != domain.MethodSupport {
		return "sort.top_" + string(m)
	}
	return "sort." + string(s)
}

// VotesChart draws votes per day.
func (p challengePage) VotesChart(pg *page) template.HTML {
	points := make([]chart.Point, len(p.Charts.VotesPerDay))
	for i, d := range p.Charts.VotesPerDay {
		points[i] = chart.Point{Label: d.Day.Format("01-02"), Value: float64(d.Count)}
	}
	return chart.Columns(pg.T("chart.votes_per_day"), points)
}

// FunnelChart draws how far the challenge's ideas went.
func (p challengePage) FunnelChart(pg *page) template.HTML {
	f := p.Charts.Funnel
	bars := []chart.Bar{
		{Label: pg.T("funnel.submitted"), Value: float64(f.Submitted)},
		{Label: pg.T("funnel.shortlisted"), Value: float64(f.Shortlisted)},
		{Label: pg.T("funnel.winners"), Value: float64(f.Winners)},
		{Label: pg.T("funnel.projects"), Value: float64(f.Projects)},
		{Label: pg.T("funnel.launched"), Value: float64(f.Launched), Class: "winner"},
	}
	for i := range bars {
		bars[i].Note = strconv.Itoa(int(bars[i].Value))
	}
	return chart.Bars(pg.T("chart.funnel"), bars)
}

// timelineStep is one phase on the challenge's timeline.
type timelineStep struct {
	Phase   domain.Phase
	From    *time.Time
	To      *time.Time
	Current bool
	Done    bool
}

func timeline(c domain.Challenge, now time.Time) []timelineStep {
	current := c.PhaseAt(now)
	steps := []timelineStep{
		{Phase: domain.PhaseSubmissions, From: c.SubmissionsOpenAt, To: c.SubmissionsCloseAt},
		{Phase: domain.PhaseVoting, From: c.VotingOpenAt, To: c.VotingCloseAt},
		{Phase: domain.PhaseJudging, From: c.VotingCloseAt},
		{Phase: domain.PhaseResults, From: c.ResultsAt},
		{Phase: domain.PhaseClosed, From: c.ClosedAt},
	}
	rank := func(p domain.Phase) int {
		for i, q := range domain.Phases {
			if q == p {
				return i
			}
		}
		return 0
	}
	for i := range steps {
		steps[i].Current = steps[i].Phase == current
		steps[i].Done = rank(steps[i].Phase) < rank(current)
	}
	// Overlapping phases: both windows are open now.
	if c.SubmissionsOpen(now) && c.VotingOpen(now) {
		steps[1].Current, steps[1].Done = true, false
	}
	// Results published (or the challenge closed) before a window's
	// planned end ended it then: the steps show when it really ended, not
	// a vote "until" a day that will not come.
	var end *time.Time
	for _, t := range []*time.Time{c.ResultsAt, c.ClosedAt} {
		if t != nil && !t.After(now) && (end == nil || t.Before(*end)) {
			end = t
		}
	}
	for i := range steps[:3] {
		for _, t := range []**time.Time{&steps[i].From, &steps[i].To} {
			if end != nil && *t != nil && (*t).After(*end) {
				*t = end
			}
		}
	}
	return steps
}

func (s *Server) challengeShow(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	u := currentUser(c)
	sort, err := domain.ParseSort(c.QueryParam("sort"))
	if err != nil {
		return err
	}
	after, err := domain.ParseCursor(c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	seen, err := s.svc.Challenge(ctx, u, id)
	if err != nil {
		return err
	} else if seen.IsBoard() {
		return s.boardShow(c, id, sort, after)
	}
	// ?mine=1: the ideas the fan supports, in place of the list (a
	// support vote's: stars and pairs have no list of one's own).
	myVotes := c.QueryParam("mine") == "1" && seen.Method() == domain.MethodSupport
	var cp service.ChallengePage
	if myVotes {
		cp, err = s.svc.MyVotedPage(ctx, u, id)
	} else {
		cp, err = s.svc.ChallengePage(ctx, u, id, sort, after, 20)
	}
	if err != nil {
		return err
	}
	ch, list := cp.Challenge, cp.Ideas
	now := s.svc.Now()
	p := challengePage{Challenge: ch, Phase: ch.PhaseAt(now), Ideas: list.Ideas, Voted: cp.Voted, Mine: cp.Mine, Sort: cp.Sort, Sorts: domain.ListSorts(ch, cp.Mask), VotesLeft: cp.VotesLeft, Timeline: timeline(ch, now), HidesVotes: cp.Mask.Votes,
		MyVotes: myVotes, MyVotesTab: u != nil && ch.Method() == domain.MethodSupport, Held: cp.Held}
	if list.Next != nil {
		p.Next = list.Next.Encode()
	}
	if p.Charts, err = s.svc.Stats(ctx, ch, cp.Mask, s.cfg.Location); err != nil {
		return err
	}
	// Each button asks the domain's rule for this person (a visitor as the
	// fan they would be once signed in), and says why when it is off.
	pr := s.printer(c)
	_, submit, err := s.svc.MaySubmit(ctx, asPerson(u), id)
	if err != nil {
		return err
	}
	p.CanSubmit, p.Submit = submit == nil, submitButton(pr, submit, ch, now)
	vote := domain.CanVote(asPerson(u), domain.Idea{State: domain.StateSubmitted}, ch, now, -1)
	switch ch.Method() { // stars and pairwise have rules of their own (#16)
	case domain.MethodStars:
		vote = domain.CanRate(asPerson(u), domain.Idea{State: domain.StateSubmitted}, ch, now)
	case domain.MethodPairwise:
		vote = pairwise.CanCompare(asPerson(u), ch, now)
	}
	p.CanVote, p.VoteWhy = vote == nil, whyNot(pr, vote, ch, now)
	if u.Has(domain.RoleAdmin) && domain.PhaseMovable(ch) == nil {
		p.Moves = domain.Moves(ch.Schedule, now)
	}
	return s.render(c, "challenge", ch.Title, p)
}

func (s *Server) challengeNew(c echo.Context) error {
	now := s.svc.Now().Truncate(time.Hour)
	ch := domain.NewChallenge()
	open, close := now.Add(time.Hour), now.Add(15*24*time.Hour)
	ch.SubmissionsOpenAt, ch.SubmissionsCloseAt = &open, &close
	ch.VotingOpenAt, ch.VotingCloseAt = &open, &close
	if from := c.QueryParam("from"); from != "" {
		// A challenge started from a board post links the post in its brief.
		id, err := strconv.ParseInt(from, 10, 64)
		if err != nil || id <= 0 {
			return domain.Invalid("from", "invalid_id", "from must be an idea id")
		}
		ctx, u := c.Request().Context(), currentUser(c)
		idea, err := s.svc.Idea(ctx, u, id)
		if err != nil {
			return err
		}
		board, err := s.svc.Challenge(ctx, u, idea.ChallengeID)
		if err != nil {
			return err
		}
		ch.Title = idea.Title
		ch.Brief = s.printer(c).T("board.brief_from", board.Title, markdownLinkText(idea.Title), ideaURL(idea)) + "\n\n"
	}
	return s.render(c, "challenge_form", s.printer(c).T("challenge.new"), newChallengeForm(ch, domain.ChallengeActivity{}, true, s.svc.Now()))
}

func (s *Server) challengeEdit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ch, a, err := s.svc.ChallengeToEdit(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return s.render(c, "challenge_form", ch.Title, newChallengeForm(ch, a, false, s.svc.Now()))
}

// challengeInput reads the admin's form into the same input the API takes.
func (s *Server) challengeInput(c echo.Context) (domain.ChallengeInput, error) {
	var in domain.ChallengeInput
	str := func(name string) *string { v := c.FormValue(name); return &v }
	in.Title, in.Brief = str("title"), str("brief")
	kind := domain.Kind(c.FormValue("kind"))
	in.Kind = &kind
	times := []struct {
		name string
		dst  *domain.OptTime
	}{
		{"submissions_open_at", &in.SubmissionsOpenAt}, {"submissions_close_at", &in.SubmissionsCloseAt},
		{"voting_open_at", &in.VotingOpenAt}, {"voting_close_at", &in.VotingCloseAt},
	}
	if kind == domain.Board {
		times = nil // a board is always open: the form's times do not apply
	}
	for _, f := range times {
		raw := strings.TrimSpace(c.FormValue(f.name))
		if raw == "" {
			*f.dst = domain.OptTime{Set: true}
			continue
		}
		t, err := time.ParseInLocation("2006-01-02T15:04", raw, s.cfg.Location)
		if err != nil {
			return in, domain.Invalid(f.name, "invalid_time", f.name+" is not a valid date and time")
		}
		*f.dst = domain.SetTime(t)
	}
	for _, f := range []struct {
		name string
		dst  **int
	}{
		{"ideas_per_fan", &in.IdeasPerFan}, {"vote_budget", &in.VoteBudget},
		{"shortlist_size", &in.ShortlistSize}, {"winners", &in.Winners},
	} {
		raw := strings.TrimSpace(c.FormValue(f.name))
		if raw == "" {
			raw = "0"
		}
		n, err := strconv.Atoi(raw)
		if err != nil {
			return in, domain.Invalid(f.name, "invalid_number", f.name+" must be a whole number")
		}
		*f.dst = &n
	}
	// Who votes, who submits and the report threshold: kept as they are
	// when a form leaves them out.
	if v := c.FormValue("voters"); v != "" {
		in.Voters = &v
	}
	if v := c.FormValue("submitters"); v != "" {
		in.Submitters = &v
	}
	if raw := strings.TrimSpace(c.FormValue("report_threshold")); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil {
			return in, domain.Invalid("report_threshold", "invalid_number", "report_threshold must be a whole number")
		}
		in.ReportThreshold = &n
	}
	anonymous := c.FormValue("anonymous_until_results") != ""
	in.AnonymousUntilResults = &anonymous
	if v := c.FormValue("voting_method"); v != "" {
		in.VotingMethod = &v
	}
	return in, demandFormInput(c, &in.DemandInput)
}

// fileChosen says whether the form came with a file in field.
func fileChosen(c echo.Context, field string) bool {
	fh, err := c.FormFile(field)
	return err == nil && fh.Size > 0
}

// formFile reads the form's optional file in field (a cover, a logo), at
// most one byte past what an image may weigh, so the image rule refuses it
// by its size: nil when none was chosen.
func formFile(c echo.Context, field string) ([]byte, error) {
	fh, err := c.FormFile(field)
	if err != nil {
		return nil, nil // no file chosen
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, images.MaxBytes+1))
}

func (s *Server) challengeCreate(c echo.Context) error { return s.challengeSave(c, 0) }

func (s *Server) challengeUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	return s.challengeSave(c, id)
}

func (s *Server) challengeSave(c echo.Context, id int64) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	_ = c.Request().ParseMultipartForm(uploadMemory) // the cover waits on disk; a bad form shows as missing fields
	in, err := s.challengeInput(c)
	var ch domain.Challenge
	if err == nil {
		var cover []byte
		if cover, err = formFile(c, "cover"); err == nil {
			ch, err = s.svc.SaveChallenge(ctx, u, id, in, cover)
		}
	}
	if err != nil {
		msg, field, ok := s.formError(c, err)
		if !ok {
			return err
		}
		status := statusOf[domain.AsError(err).Kind]
		lost := 0
		if fileChosen(c, "cover") {
			lost = 1
		}
		// The locks as saved, before the refused edit; the fields as typed.
		form := newChallengeForm(domain.NewChallenge(), domain.ChallengeActivity{}, true, s.svc.Now())
		if id != 0 {
			saved, a, err := s.svc.ChallengeToEdit(ctx, u, id)
			if err != nil {
				return err
			}
			form = newChallengeForm(saved, a, false, s.svc.Now())
		}
		in.Apply(&form.Challenge)
		form.typed(c)
		form.Error, form.Field, form.PhotosLost = msg, field, lost
		title := s.printer(c).T("challenge.new")
		if id != 0 {
			title = form.Challenge.Title
		}
		return s.renderStatus(c, status, "challenge_form", withTitle{title, form})
	}
	s.flash(c, "challenge.saved")
	return c.Redirect(http.StatusSeeOther, challengeURL(ch))
}

func (s *Server) challengePhase(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ch, err := s.svc.MovePhase(c.Request().Context(), currentUser(c), id, c.FormValue("move"))
	if err != nil {
		// A move the domain refuses from where the challenge stands
		// returns to the challenge with the reason there, not to a page
		// whose only way on is "home"; a malformed request stays a 400.
		e := domain.AsError(err)
		if e == nil || e.Kind != domain.KindConflict {
			return err
		}
		s.flashText(c, message(s.printer(c), e))
		return c.Redirect(http.StatusSeeOther, "/challenges/"+itoa(id))
	}
	s.flash(c, "challenge.phase_moved")
	return c.Redirect(http.StatusSeeOther, challengeURL(ch))
}

// challengeURL and ideaURL are the shareable addresses: the id, then a
// readable slug that the router ignores.
func challengeURL(ch domain.Challenge) string { return withSlug("/challenges/", ch.ID, ch.Title) }

func ideaURL(idea domain.Idea) string { return withSlug("/ideas/", idea.ID, idea.Title) }

func withSlug(prefix string, id int64, title string) string {
	if s := slug(title); s != "" {
		return prefix + itoa(id) + "-" + s
	}
	return prefix + itoa(id)
}

// allowedOrSignIn reads a domain rule for showing a button: shown when the
// person may act, and to a visitor, whom the button then asks to sign in.
func allowedOrSignIn(err error) bool {
	if err == nil {
		return true
	}
	e := domain.AsError(err)
	return e != nil && e.Kind == domain.KindUnauthorized
}

// markdownLinkText escapes what would end a Markdown link's text early.
func markdownLinkText(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`).Replace(s)
}
