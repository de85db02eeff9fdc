package domain

import (
	"slices"
	"strings"
	"time"
	"unicode"
)

// State is where an idea stands.
type State string

const (
	StateSubmitted   State = "submitted"
	StateShortlisted State = "shortlisted"
	StateWinner      State = "winner"
	StateNotSelected State = "not_selected"
	StateHidden      State = "hidden"
	StateMerged      State = "merged"
	StateWithdrawn   State = "withdrawn"
	// StateExpired: the idea missed its challenge's supporter threshold
	// (see threshold.go); it leaves the lists and its page stays.
	StateExpired State = "expired"
)

// States are every idea state, in the order a person reads them.
var States = []State{StateSubmitted, StateShortlisted, StateWinner, StateNotSelected, StateHidden, StateMerged, StateWithdrawn, StateExpired}

// Listed reports whether ideas in state s appear in public lists. The store's
// list indexes are partial indexes over exactly these states.
func (s State) Listed() bool {
	switch s {
	case StateSubmitted, StateShortlisted, StateWinner, StateNotSelected:
		return true
	}
	return false
}

// Idea is a fan's (or, in a design poll, the organiser's) proposal.
type Idea struct {
	ID          int64
	ChallengeID int64
	Title       string
	Summary     string
	Body        string
	Tags        []string
	Author      Author
	State       State
	MergedInto  int64
	Votes       int
	// VotesUnderReview are votes held out of Votes while their group is
	// quarantined by the integrity scan.
	VotesUnderReview int
	// UnderReview are the idea's held acts of the other kinds, read for
	// its own page and API answer (service.IdeaDetail), not for lists.
	UnderReview HeldActs
	// Ratings and RatingSum count a stars idea's ratings; Comparisons and
	// Wins a pairwise idea's answered comparisons; Score and ScoreSD are its
	// Bradley–Terry score (0–100) and uncertainty; RankScore is the measure
	// sort=top orders stars and pairwise challenges by (see Challenge.Method).
	Ratings, RatingSum int
	Comparisons, Wins  int
	Score, ScoreSD     float64
	RankScore          float64
	// Method is its challenge's voting method, read with the idea so an
	// idea shows the measure of its method wherever it is listed.
	Method    Method
	Comments  int
	Images    []Image
	CreatedAt time.Time
	UpdatedAt time.Time

	// Buyers and Units are the "I'd buy it" tallies; QualifiedAt is when
	// the idea reached its challenge's supporter threshold (nil: not).
	Buyers, Units int
	QualifiedAt   *time.Time

	// Status and Response are a board post's public status and the
	// brand's official response (see board.go); StatusAt is when either
	// last changed, nil while the post is untouched.
	Status   Status
	Response string
	StatusAt *time.Time
}

// Image is a picture attached to an idea, re-encoded and stored under data/uploads.
type Image struct {
	File   string
	Width  int
	Height int
}

// EditImages is an idea's photos after an edit: those named in remove
// taken off (by file name), then added after the rest, in order. removed
// are the photos taken off, whose files go once the edit is saved. A name
// that is not one of the idea's photos is refused; how many an idea may
// have is Validate's.
func EditImages(have []Image, remove []string, added []Image) (keep, removed []Image, err error) {
	for _, name := range remove {
		if !slices.ContainsFunc(have, func(img Image) bool { return img.File == name }) {
			return nil, nil, Invalid("remove_images", "unknown_image", "that is not one of the idea's photos")
		}
	}
	for _, img := range have {
		if slices.Contains(remove, img.File) {
			removed = append(removed, img)
		} else {
			keep = append(keep, img)
		}
	}
	return append(keep, added...), removed, nil
}

// IdeaEvent records one state change: who, when and why.
type IdeaEvent struct {
	From      State
	To        State
	Actor     Author
	Reason    string
	CreatedAt time.Time
}

// AwaitsDecision says whether an item's author is waiting for a
// moderator's look: it is open in the queue because they asked for a
// review, or because the report threshold hid it.
func AwaitsDecision(open, reviewRequested, autoHidden bool) bool {
	return open && (reviewRequested || autoHidden)
}

// KeepHiddenReleases decides whether a moderator's decision gives an
// idea's votes back: a hiding, from the state it is shown in (or, kept
// hidden, the state it had before: the report threshold holds its votes
// for this decision), as ReleasesVotes decides for any move.
func KeepHiddenReleases(c Challenge, state, before State, hide bool, now time.Time) bool {
	if state == StateHidden {
		state = before
	}
	return hide && ReleasesVotes(c, state, StateHidden, now)
}

// ReportsReason is the reason an idea's history gives when the report
// threshold hid it.
const ReportsReason = "reports"

// KeptHidden says the event is a moderator's decision to keep a hidden
// idea hidden (hidden to hidden); a triage decline, which also leaves the
// state as it was, is not.
func (e IdeaEvent) KeptHidden() bool { return e.From == StateHidden && e.To == StateHidden }

// RestoredAfterResults says the event is a restore that brought a hidden
// idea back not selected (RestoredState): the results were published
// while it was hidden, so the history says that, not that the moderator
// who showed it again turned it down.
func (e IdeaEvent) RestoredAfterResults() bool {
	return e.From == StateHidden && e.To == StateNotSelected
}

// ByReports says the event is the report threshold's hiding (no one's,
// its reason ReportsReason), which the history words itself.
func (e IdeaEvent) ByReports() bool {
	return e.To == StateHidden && e.Actor.ID == 0 && e.Reason == ReportsReason
}

// Limits on an idea, counted in characters (not bytes), as the API documents.
const (
	MaxIdeaTitle   = 120
	MaxIdeaSummary = 500
	MaxIdeaBody    = 20000
	MaxTags        = 10
	MaxTagLen      = 30
	MaxIdeaImages  = 5
)

// IdeaInput is what an author writes; for an edit, nil fields are unchanged.
type IdeaInput struct {
	Title   *string   `json:"title"`
	Summary *string   `json:"summary"`
	Body    *string   `json:"body"`
	Tags    *[]string `json:"tags"`
}

// Apply writes the set fields onto idea, trimming and de-duplicating tags.
func (in IdeaInput) Apply(idea *Idea) {
	if in.Title != nil {
		idea.Title = strings.TrimSpace(*in.Title)
	}
	if in.Summary != nil {
		idea.Summary = strings.TrimSpace(*in.Summary)
	}
	if in.Body != nil {
		idea.Body = *in.Body
	}
	if in.Tags != nil {
		idea.Tags = CleanTags(*in.Tags)
	}
}

// CleanTags trims tags, lowercases Latin letters, and drops blanks and repeats,
// keeping the author's order.
func CleanTags(tags []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, t := range tags {
		t = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "#")))
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}

// SplitTags reads tags typed in one form field, separated by commas (Latin or
// Chinese), the enumeration comma 、, semicolons or any space (including the
// full-width space a Chinese input method types).
func SplitTags(s string) []string {
	return CleanTags(strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == ';' || r == '；' || r == '、' || unicode.IsSpace(r)
	}))
}

// Validate checks an idea's text, naming the first bad field.
func (idea Idea) Validate() error {
	if err := LineField("title", idea.Title, 1, MaxIdeaTitle); err != nil {
		return err
	}
	if err := TextField("summary", idea.Summary, 0, MaxIdeaSummary); err != nil {
		return err
	}
	if err := TextField("body", idea.Body, 0, MaxIdeaBody); err != nil {
		return err
	}
	if len(idea.Tags) > MaxTags {
		return Invalid("tags", "too_many_tags", "at most 10 tags")
	}
	for _, t := range idea.Tags {
		if err := LineField("tags", t, 1, MaxTagLen); err != nil {
			return err
		}
	}
	if len(idea.Images) > MaxIdeaImages {
		return Invalid("images", "too_many_images", "at most 5 images")
	}
	return nil
}

// CanSubmit decides whether user may add an idea to c at now, given how many
// listed ideas they already have there.
func CanSubmit(u *User, c Challenge, now time.Time, already int) error {
	if u == nil {
		return Unauthorized("sign in to submit an idea")
	}
	if c.Kind == DesignPoll && !u.Has(RoleAdmin) {
		return Forbidden("in a design poll only the organiser posts the candidates")
	}
	if !c.TakesIdeas(now) {
		return Conflict("submissions_closed", "submissions are not open for this challenge")
	}
	if c.Submitters == VotersVerified && !u.Verified {
		return &Error{Kind: KindForbidden, Code: "verification_required_submit",
			Message: "this challenge takes ideas only from confirmed accounts: open the link in the email we sent you (or send a new one from your settings), then submit again"}
	}
	if c.IdeasPerFan > 0 && already >= c.IdeasPerFan && !u.Has(RoleAdmin) {
		return Conflict("idea_limit_reached", "you have submitted as many ideas as this challenge allows")
	}
	return nil
}

// CanEdit decides whether user may change idea's text at now: its author,
// while submissions are open and the idea is still submitted.
func CanEdit(u *User, idea Idea, c Challenge, now time.Time) error {
	if u == nil {
		return Unauthorized("sign in to edit")
	}
	if u.ID != idea.Author.ID {
		return Forbidden("only the author can edit this idea")
	}
	if idea.State != StateSubmitted {
		return Conflict("idea_not_editable", "this idea can no longer be edited")
	}
	if !c.TakesIdeas(now) {
		return Conflict("submissions_closed", "ideas can be edited only while submissions are open")
	}
	return PostEditable(c, idea)
}

// TakesIdeas reports whether c takes new ideas, and changes to them, at
// now: while submissions are open; and a design poll, whose candidates
// only its organiser posts (CanSubmit), while it is still a draft too,
// so that the poll is published with its candidates, not empty.
func (c Challenge) TakesIdeas(now time.Time) bool {
	return c.SubmissionsOpen(now) || (c.Kind == DesignPoll && c.PhaseAt(now) == PhaseDraft)
}

// CanSetState decides whether user may move idea to state by hand: the author
// may withdraw while submissions are open; an admin may hide a listed idea or
// restore a hidden one (asked as a move to submitted; it comes back in the
// state it had, RestoredState, for hiding and restoring are moderation
// decisions: service.hideOrRestore). Shortlists, results and merges move
// states through their own rules.
func CanSetState(u *User, idea Idea, c Challenge, to State, now time.Time) error {
	if u == nil {
		return Unauthorized("sign in first")
	}
	switch to {
	case StateWithdrawn:
		if err := CanEdit(u, idea, c, now); err != nil {
			return err
		}
		return nil
	case StateHidden:
		if !u.Has(RoleAdmin) {
			return Forbidden("only an admin can hide an idea")
		}
		if !idea.State.Listed() {
			return Conflict("state_move_not_allowed", "only a listed idea can be hidden")
		}
		return nil
	case StateSubmitted:
		if !u.Has(RoleAdmin) {
			return Forbidden("only an admin can restore an idea")
		}
		if idea.State != StateHidden {
			return Conflict("state_move_not_allowed", "only a hidden idea can be restored")
		}
		return nil
	case StateShortlisted, StateWinner, StateNotSelected, StateMerged:
		return Conflict("state_move_not_allowed", "that state is set by the shortlist, the results or a merge")
	}
	return Invalid("state", "invalid_state", "unknown state")
}

// CanVote decides whether user may cast (or withdraw) a vote on idea at now.
// used is how many votes they already hold in the challenge, for the budget;
// pass -1 when withdrawing.
func CanVote(u *User, idea Idea, c Challenge, now time.Time, used int) error {
	if u == nil {
		return Unauthorized("sign in to vote")
	}
	if !idea.State.Listed() {
		return Conflict("idea_not_votable", "this idea cannot be voted on")
	}
	if !VotingOpenOn(c, idea, now) {
		return Conflict("voting_closed", "voting is not open for this challenge")
	}
	if err := RequireMethod(c, MethodSupport); err != nil {
		return err
	}
	if used >= 0 && c.VoteBudget > 0 && used >= c.VoteBudget { // equivalent mutant: used > 0 differs only at 0, never ≥ a budget > 0
		return Conflict("vote_budget_spent", "you have used all your votes in this challenge")
	}
	return nil
}

// VotingOpenOn says whether the crowd may still vote on, rate or buy
// idea: the challenge's vote is open and the idea's fate is not decided.
// Only publishing the results makes an idea a winner or not selected, and
// publishing closes the vote; but on PostgreSQL an act that waited for
// publishing's lock on the idea reads the idea as decided while its read
// of the challenge came before (no results yet), and would move a tally
// after the results. The idea's own state refuses it.
func VotingOpenOn(c Challenge, idea Idea, now time.Time) bool {
	return c.VotingOpen(now) && idea.State != StateWinner && idea.State != StateNotSelected
}

// Comment is a remark on an idea. Official is true when an engineer or admin
// wrote it: the brand answering.
type Comment struct {
	ID     int64
	IdeaID int64
	// UpdateID is the project update it answers (0: the idea itself); it
	// stays in the idea's thread all the same.
	UpdateID int64
	Author   Author
	Body     string
	Official bool
	// Hidden: moderators (or the report threshold) hid it; only they and
	// its author see it, with the reason.
	Hidden bool
	// Helpful: an engineer marked it helpful (it earned its author reputation).
	Helpful   bool
	CreatedAt time.Time
	// EditedAt is when its author last changed its words (nil: never).
	EditedAt *time.Time
	// Deleted: its author deleted it. Its words are gone; its place in
	// the thread is kept, shown as a placeholder (CanChangeComment).
	Deleted bool
	// Reported: reports on it wait for a moderator (read for a change
	// of it only: CanChangeComment).
	Reported bool
}

// MaxCommentLen is a comment's limit in characters.
const MaxCommentLen = 5000

// CanComment decides whether user may comment on idea: any signed-in person,
// on an idea the public can see.
func CanComment(u *User, idea Idea) error {
	if u == nil {
		return Unauthorized("sign in to comment")
	}
	if idea.State == StateHidden && !u.Has(RoleAdmin) { // see MaySeeIdea
		return NotFound("idea")
	}
	return TakesComments(idea)
}

// CanAnswerUpdate decides whether a comment on idea ideaID may answer a
// project update, given the idea whose project posted the update
// (updateIdea; 0: no such update): only an update of the idea's own
// project, so an answer never lands under another project's timeline.
func CanAnswerUpdate(ideaID, updateIdea int64) error {
	if updateIdea != ideaID { // no such update (0) is another idea's too
		return Invalid("update_id", "not_this_project", "update_id must be an update of this idea's project")
	}
	return nil
}

// TakesComments is CanComment's part of the idea alone, whoever asks: a
// withdrawn or merged idea takes no more comments. The idea page asks it
// for a visitor, to offer signing in only where it would help.
func TakesComments(idea Idea) error {
	if idea.State == StateWithdrawn || idea.State == StateMerged {
		return Conflict("idea_closed", "this idea no longer takes comments")
	}
	return nil
}

// ParseState reads a state name as the API spells it.
func ParseState(s string) (State, bool) {
	switch st := State(s); st {
	case StateSubmitted, StateShortlisted, StateWinner, StateNotSelected, StateHidden, StateMerged, StateWithdrawn, StateExpired:
		return st, true
	}
	return "", false
}

// HeldActs counts an idea's (or a challenge's) acts besides votes held out
// of its measures while the integrity scan's group that made them is
// quarantined: star ratings, pairwise choices (answered, not skipped) and
// "I'd buy it" intents.
type HeldActs struct {
	Ratings, Comparisons, Intents int
}

// Shown is the kinds with acts held, by the name pages and the API give
// them ("ratings", "comparisons", "intents"), for a page to list.
func (h HeldActs) Shown() map[string]int {
	out := map[string]int{}
	for k, n := range map[string]int{"ratings": h.Ratings, "comparisons": h.Comparisons, "intents": h.Intents} {
		if n > 0 {
			out[k] = n
		}
	}
	return out
}

// Why an author is hidden from a reader (AuthorHiddenBy), as pages and the
// API name it.
const (
	HiddenForBlindJudging = "blind_judging" // the reader judges the challenge blind
	HiddenUntilResults    = "until_results" // anonymous until the results
)

// AuthorHiddenBy says why mask hides authors from its reader: blind
// judging when it hides the votes too (MaskFor hides both only for a
// blind judge), else anonymity until the results; "" when it hides no
// author.
func AuthorHiddenBy(m IdeaMask) string {
	switch {
	case !m.Author:
		return ""
	case m.Votes:
		return HiddenForBlindJudging
	}
	return HiddenUntilResults
}

// RestoredState is the state a hidden idea is shown again in: prev, the
// state it had when it was hidden, when that is a state other than hidden
// (a winner stays a winner); else submitted. A shortlisted idea hidden
// while its challenge's results were published (decided: they are) was
// left out of them: it comes back not selected, not onto the shortlist of
// a published challenge, where it would stay for good with no outcome.
func RestoredState(prev string, decided bool) State {
	st, ok := ParseState(prev)
	switch {
	case !ok || st == StateHidden:
		return StateSubmitted
	case st == StateShortlisted && decided:
		return StateNotSelected
	}
	return st
}

// NoticeHiddenNoReason: an admin hid your idea through its edit and gave
// no reason (args: title); a moderator always gives one (NoticeHidden).
const NoticeHiddenNoReason NoticeKind = "hidden_no_reason"

// EditHiddenNotices chooses the notices of an admin's hiding or restoring
// through an idea's edit: DecisionNotices' (the author told of a hiding,
// with its reason, or of the idea shown again), a hiding without the
// reason's sentence when none was given.
func EditHiddenNotices(m ModeratedItem, wasHidden, hidden bool, reason string) []Outgoing {
	out := DecisionNotices(m, wasHidden, hidden, false, reason)
	if reason == "" {
		for i := range out {
			if out[i].Kind == NoticeHidden {
				out[i].Kind, out[i].Args = NoticeHiddenNoReason, out[i].Args[:1]
			}
		}
	}
	return out
}
