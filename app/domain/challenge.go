package domain

import (
	"strings"
	"time"
)

// Kind is how a challenge gets its ideas.
type Kind string

const (
	// OpenCall is Haier's maker challenge: fans submit the ideas.
	OpenCall Kind = "open_call"
	// DesignPoll is Qige's season vote: the organiser posts the candidates and fans only vote.
	DesignPoll Kind = "design_poll"
	// Board is always open for posts, votes and comments, with no phases
	// and no judging; its posts carry a public status (board.go).
	Board Kind = "board"
)

// Phase is where a challenge stands, computed from its times (see PhaseAt).
type Phase string

const (
	PhaseDraft       Phase = "draft"
	PhaseSubmissions Phase = "submissions"
	PhaseVoting      Phase = "voting"
	PhaseJudging     Phase = "judging"
	PhaseResults     Phase = "results"
	PhaseClosed      Phase = "closed"
)

// Phases in their order, for the timeline.
var Phases = []Phase{PhaseDraft, PhaseSubmissions, PhaseVoting, PhaseJudging, PhaseResults, PhaseClosed}

// Challenge is a brief posted by a brand, with its schedule and rules.
type Challenge struct {
	ID          int64
	Title       string
	Brief       string
	Kind        Kind
	Cover       string // file name under data/uploads, "" for none
	OrganiserID int64

	Schedule
	Rules
	DemandRules

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Schedule holds each phase's own open and close times, so phases can overlap
// (Haier let people vote while others still submitted). A nil time is unset.
type Schedule struct {
	SubmissionsOpenAt  *time.Time
	SubmissionsCloseAt *time.Time
	VotingOpenAt       *time.Time
	VotingCloseAt      *time.Time
	ResultsAt          *time.Time // when results were published
	ClosedAt           *time.Time
}

// Rules are set per challenge. Zero IdeasPerFan or VoteBudget means no limit.
type Rules struct {
	IdeasPerFan   int
	VoteBudget    int
	ShortlistSize int
	Winners       int
	// Voters is who may vote (VotersSignedIn when ""); ReportThreshold is
	// how many distinct reporters hide an idea or comment at once (0: never).
	Voters          Voters
	ReportThreshold int
	// Submitters is who may submit ideas (VotersSignedIn when ""; with
	// VotersVerified, only confirmed accounts: CanSubmit).
	Submitters Voters
	// AnonymousUntilResults hides every author from everyone but admins
	// until the results are published (see IdeaMask).
	AnonymousUntilResults bool
	// VotingMethod is how fans vote (MethodSupport when "").
	VotingMethod Method
}

func within(now time.Time, open, close *time.Time) bool {
	return open != nil && !now.Before(*open) && (close == nil || now.Before(*close))
}

func reached(now time.Time, t *time.Time) bool { return t != nil && !now.Before(*t) }

// SubmissionsOpen reports whether ideas may be submitted at now: never
// once the results are published (see ended).
func (s Schedule) SubmissionsOpen(now time.Time) bool {
	return within(now, s.SubmissionsOpenAt, s.SubmissionsCloseAt) && !s.ended(now)
}

// VotingOpen reports whether votes (and ratings, pair answers, "I'd buy
// it") may be cast or withdrawn at now: never once the results are
// published (see ended).
func (s Schedule) VotingOpen(now time.Time) bool {
	return within(now, s.VotingOpenAt, s.VotingCloseAt) && !s.ended(now)
}

// ended reports whether the challenge takes no more ideas or votes: it is
// closed, or its results are published. Publishing closes both whatever
// their own times say: a ranking published while the vote ran would
// otherwise move with every later vote.
func (s Schedule) ended(now time.Time) bool {
	return reached(now, s.ClosedAt) || reached(now, s.ResultsAt)
}

// PhaseAt is the phase shown to people: the latest phase that has begun, except
// that open submissions win over open voting (as the API documents), and that once
// submissions have closed a vote still to come is the voting phase. A
// challenge none of whose phases has begun is a draft, seen only by admins.
func (s Schedule) PhaseAt(now time.Time) Phase {
	switch {
	case reached(now, s.ClosedAt):
		return PhaseClosed
	case reached(now, s.ResultsAt):
		return PhaseResults
	case s.SubmissionsOpen(now):
		return PhaseSubmissions
	case s.VotingOpen(now):
		return PhaseVoting
	case reached(now, s.VotingCloseAt) && (s.SubmissionsCloseAt == nil || reached(now, s.SubmissionsCloseAt)):
		return PhaseJudging
	case s.VotingOpenAt == nil && reached(now, s.SubmissionsCloseAt):
		// An open call without a public vote goes straight to the judges.
		return PhaseJudging
	case reached(now, s.SubmissionsCloseAt) && s.VotingOpenAt != nil:
		// Submissions are over and the vote is still to come: the challenge
		// is in its voting phase, not yet open (pages say when it opens).
		return PhaseVoting
	case reached(now, s.VotingOpenAt):
		return PhaseVoting
	case reached(now, s.SubmissionsOpenAt):
		return PhaseSubmissions
	}
	return PhaseDraft
}

// ChallengeInput is what an admin writes when creating or editing a challenge.
// For an edit, nil fields are left as they are.
type ChallengeInput struct {
	Title              *string `json:"title"`
	Brief              *string `json:"brief"`
	Kind               *Kind   `json:"kind"`
	SubmissionsOpenAt  OptTime `json:"submissions_open_at"`
	SubmissionsCloseAt OptTime `json:"submissions_close_at"`
	VotingOpenAt       OptTime `json:"voting_open_at"`
	VotingCloseAt      OptTime `json:"voting_close_at"`
	IdeasPerFan        *int    `json:"ideas_per_fan"`
	VoteBudget         *int    `json:"vote_budget"`
	ShortlistSize      *int    `json:"shortlist_size"`
	Winners            *int    `json:"winners"`
	Voters             *string `json:"voters"`
	Submitters         *string `json:"submitters"`
	ReportThreshold    *int    `json:"report_threshold"`
	// AnonymousUntilResults: see Rules.
	AnonymousUntilResults *bool `json:"anonymous_until_results"`
	// VotingMethod: see Method; changes only before voting opens.
	VotingMethod *string `json:"voting_method"`
	// DemandInput: buy_options, price_bands, support_threshold, threshold_days.
	DemandInput
}

// Limits on a challenge's text.
const (
	MaxChallengeTitle = 120
	MaxBrief          = 50000
)

// Apply writes the set fields of in onto c, trimming titles.
func (in ChallengeInput) Apply(c *Challenge) {
	if in.Title != nil {
		c.Title = strings.TrimSpace(*in.Title)
	}
	if in.Brief != nil {
		c.Brief = *in.Brief
	}
	if in.Kind != nil {
		c.Kind = *in.Kind
	}
	set := func(dst **time.Time, src OptTime) {
		if src.Set {
			*dst = src.Time
		}
	}
	set(&c.SubmissionsOpenAt, in.SubmissionsOpenAt)
	set(&c.SubmissionsCloseAt, in.SubmissionsCloseAt)
	set(&c.VotingOpenAt, in.VotingOpenAt)
	set(&c.VotingCloseAt, in.VotingCloseAt)
	setInt := func(dst *int, src *int) {
		if src != nil {
			*dst = *src
		}
	}
	setInt(&c.IdeasPerFan, in.IdeasPerFan)
	setInt(&c.VoteBudget, in.VoteBudget)
	setInt(&c.ShortlistSize, in.ShortlistSize)
	setInt(&c.Winners, in.Winners)
	if in.Voters != nil {
		c.Voters = Voters(strings.TrimSpace(*in.Voters))
	}
	if in.Submitters != nil {
		c.Submitters = Voters(strings.TrimSpace(*in.Submitters))
	}
	setInt(&c.ReportThreshold, in.ReportThreshold)
	if in.AnonymousUntilResults != nil {
		c.AnonymousUntilResults = *in.AnonymousUntilResults
	}
	if in.VotingMethod != nil {
		c.VotingMethod = Method(strings.TrimSpace(*in.VotingMethod))
	}
	in.DemandInput.apply(&c.DemandRules)
}

// Validate checks a whole challenge after an input was applied to it.
func (c Challenge) Validate() error {
	if err := LineField("title", c.Title, 1, MaxChallengeTitle); err != nil {
		return err
	}
	if err := TextField("brief", c.Brief, 0, MaxBrief); err != nil {
		return err
	}
	if c.Kind != OpenCall && c.Kind != DesignPoll && c.Kind != Board {
		return Invalid("kind", "invalid_kind", "kind must be open_call, design_poll or board")
	}
	for _, f := range []struct {
		field string
		t     *time.Time
	}{{"submissions_open_at", c.SubmissionsOpenAt}, {"submissions_close_at", c.SubmissionsCloseAt}, {"voting_open_at", c.VotingOpenAt}, {"voting_close_at", c.VotingCloseAt}} {
		if f.t == nil {
			continue
		}
		if err := InstantInRange(f.field, *f.t); err != nil {
			return err
		}
	}
	order := func(field string, open, close *time.Time) error {
		if open == nil && close != nil {
			return Invalid(field, "close_without_open", field+" needs an opening time too")
		}
		if open != nil && close != nil && !close.After(*open) {
			return Invalid(field, "close_before_open", field+" must be after the opening time")
		}
		return nil
	}
	if err := order("submissions_close_at", c.SubmissionsOpenAt, c.SubmissionsCloseAt); err != nil {
		return err
	}
	if err := order("voting_close_at", c.VotingOpenAt, c.VotingCloseAt); err != nil {
		return err
	}
	for _, n := range []struct {
		field    string
		v, lo, h int
	}{
		{"ideas_per_fan", c.IdeasPerFan, 0, 1000},
		{"vote_budget", c.VoteBudget, 0, 100000},
		{"shortlist_size", c.ShortlistSize, 0, 1000},
		{"winners", c.Winners, 0, 1000},
		{"report_threshold", c.ReportThreshold, 0, 1000},
	} {
		if n.v < n.lo || n.v > n.h {
			return Invalid(n.field, "out_of_range", n.field+" is out of range")
		}
	}
	if _, err := ParseVoters(string(c.Voters)); err != nil {
		return err
	}
	if _, err := ParseSubmitters(string(c.Submitters)); err != nil {
		return err
	}
	if _, err := ParseMethod(string(c.VotingMethod)); err != nil {
		return err
	}
	if c.ShortlistSize > 0 && c.Winners > c.ShortlistSize {
		return Invalid("winners", "more_winners_than_shortlist", "winners cannot exceed the shortlist size")
	}
	return c.DemandRules.validate(c.Kind, c.Method())
}

// NewChallenge is a challenge with the defaults an admin starts from.
func NewChallenge() Challenge {
	return Challenge{Kind: OpenCall, Rules: Rules{ShortlistSize: 10, Winners: 3,
		Voters: VotersSignedIn, Submitters: VotersSignedIn, ReportThreshold: DefaultReportThreshold, VotingMethod: MethodSupport}}
}

// OptTime is a time in an edit: Set says the field was given at all, and a
// nil Time (JSON null, an empty form field) clears it.
type OptTime struct {
	Set  bool
	Time *time.Time
}

// UnmarshalJSON reads an RFC 3339 string or null.
func (o *OptTime) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Time = nil
		return nil
	}
	var t time.Time
	if err := t.UnmarshalJSON(b); err != nil {
		return err
	}
	t = t.UTC().Truncate(time.Millisecond)
	o.Time = &t
	return nil
}

// SetTime is an OptTime that sets t.
func SetTime(t time.Time) OptTime {
	t = t.UTC().Truncate(time.Millisecond)
	return OptTime{Set: true, Time: &t}
}

// PhaseDisplayOrder orders phases for the home page: where fans can act now first.
func PhaseDisplayOrder(p Phase) int {
	switch p {
	case PhaseSubmissions, PhaseVoting:
		return 0
	case PhaseJudging:
		return 1
	case PhaseResults:
		return 2
	case PhaseDraft:
		return 3
	}
	return 4
}

// Phase moves an admin can make by hand.
const (
	MoveOpenSubmissions  = "open_submissions"
	MoveCloseSubmissions = "close_submissions"
	MoveOpenVoting       = "open_voting"
	MoveCloseVoting      = "close_voting"
	MoveClose            = "close"
	MoveReopen           = "reopen"
)

// MovePhase changes a schedule so that a phase opens or closes at now,
// when CanMove allows it. Opening a phase clears a close time already
// passed, so it really opens.
func MovePhase(s *Schedule, move string, now time.Time) error {
	now = now.UTC().Truncate(time.Millisecond)
	if err := CanMove(*s, move, now); err != nil {
		return err
	}
	t := &now
	open := func(openAt, closeAt **time.Time) {
		if *openAt == nil || now.Before(**openAt) {
			*openAt = t
		}
		if *closeAt != nil && !now.Before(**closeAt) {
			*closeAt = nil
		}
	}
	close := func(openAt, closeAt **time.Time) error {
		if *openAt == nil || now.Before(**openAt) || *closeAt != nil && !now.Before(**closeAt) {
			return Conflict("phase_not_open", "that phase is not open")
		}
		if !now.After(**openAt) {
			later := now.Add(time.Millisecond)
			t = &later
		}
		*closeAt = t
		return nil
	}
	switch move {
	case MoveOpenSubmissions:
		open(&s.SubmissionsOpenAt, &s.SubmissionsCloseAt)
	case MoveCloseSubmissions:
		return close(&s.SubmissionsOpenAt, &s.SubmissionsCloseAt)
	case MoveOpenVoting:
		open(&s.VotingOpenAt, &s.VotingCloseAt)
	case MoveCloseVoting:
		return close(&s.VotingOpenAt, &s.VotingCloseAt)
	case MoveClose:
		s.ClosedAt = t
	case MoveReopen:
		s.ClosedAt = nil
	default:
		return Invalid("move", "invalid_move", "unknown phase move")
	}
	return nil
}

// Moves lists the phase moves an admin may make on a schedule at now, in
// the order a form offers them. Results are final, as publishing is: once
// they are published nothing opens again (the challenge may only close,
// and a closed one reopen to its results); before that, a window that is
// open may close, one that is not may open, and a closed challenge may
// only reopen.
func Moves(s Schedule, now time.Time) []string {
	if reached(now, s.ClosedAt) {
		return []string{MoveReopen}
	}
	var out []string
	final := reached(now, s.ResultsAt)
	if s.SubmissionsOpen(now) {
		out = append(out, MoveCloseSubmissions)
	} else if !final {
		out = append(out, MoveOpenSubmissions)
	}
	if s.VotingOpen(now) {
		out = append(out, MoveCloseVoting)
	} else if !final {
		out = append(out, MoveOpenVoting)
	}
	return append(out, MoveClose)
}

// CanMove decides whether move may be made on s at now. It refuses what
// would undo a decision: opening submissions or voting once the results
// are published (they are final, as publishing is), any move but reopening
// on a closed challenge, and closing a phase that is not open. Moves that
// change nothing (opening what is open, reopening what is not closed) are
// allowed for the API's callers, though the form does not offer them.
func CanMove(s Schedule, move string, now time.Time) error {
	switch move {
	case MoveOpenSubmissions, MoveCloseSubmissions, MoveOpenVoting, MoveCloseVoting, MoveClose, MoveReopen:
	default:
		return Invalid("move", "invalid_move", "unknown phase move")
	}
	if reached(now, s.ClosedAt) && move != MoveReopen {
		return Conflict("challenge_closed", "the challenge is closed; reopen it first")
	}
	if reached(now, s.ResultsAt) && (move == MoveOpenSubmissions || move == MoveOpenVoting) {
		return Conflict("results_final", "the results are published and final: submissions and voting cannot open again")
	}
	// Published results closed both windows whatever their times say
	// (ended): there is nothing left to close.
	if move == MoveCloseSubmissions && !s.SubmissionsOpen(now) ||
		move == MoveCloseVoting && !s.VotingOpen(now) {
		return Conflict("phase_not_open", "that phase is not open")
	}
	return nil
}
