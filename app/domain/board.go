package domain

import (
	"strings"
	"time"
)

// Boards (issue 17: a fan with an idea is never turned away because no
// challenge is open): a board is a
// challenge of kind Board, one per product line, always open for posts,
// votes and comments. It has no phases, no judging, no shortlist and no
// results. Each post carries a public Status and the brand's official
// response; the roadmap shows the planned, in-progress and done posts of
// every board.

// Status is a board post's public status.
type Status string

const (
	StatusOpen        Status = "open"
	StatusUnderReview Status = "under_review"
	StatusPlanned     Status = "planned"
	StatusInProgress  Status = "in_progress"
	StatusDone        Status = "done"
	StatusDeclined    Status = "declined"
)

// Statuses are every status, in the order a board's filter offers them.
var Statuses = []Status{StatusOpen, StatusUnderReview, StatusPlanned, StatusInProgress, StatusDone, StatusDeclined}

// RoadmapStatuses are the statuses the public roadmap shows, in its order.
var RoadmapStatuses = []Status{StatusPlanned, StatusInProgress, StatusDone}

// ParseStatus reads a status as the API spells it.
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses {
		if string(st) == s {
			return st, nil
		}
	}
	return "", Invalid("status", "invalid_status",
		"status must be one of open, under_review, planned, in_progress, done, declined")
}

// ParseStatusFilter reads a board's filter: "" (every status) or a status.
func ParseStatusFilter(s string) (Status, error) {
	if s == "" || s == "all" {
		return "", nil
	}
	return ParseStatus(s)
}

// OnRoadmap reports whether a post in status s is on the roadmap.
func (s Status) OnRoadmap() bool {
	return s == StatusPlanned || s == StatusInProgress || s == StatusDone
}

// MaxResponse is the official response's limit in characters.
const MaxResponse = 5000

// IsBoard reports whether c is a board.
func (c Challenge) IsBoard() bool { return c.Kind == Board }

// StatusChange is an engineer's or admin's move of a board post: the new
// status and the official response. A nil Response keeps the one the post
// has; "" clears it.
type StatusChange struct {
	Status   Status
	Response *string
}

// CanSetStatus decides whether u may move idea (of challenge c) to the
// status and response in ch, and returns the response the post will carry.
// Only the brand's people (engineers and admins) answer, only on a board,
// only a listed post; a decline must say why.
func CanSetStatus(u *User, c Challenge, idea Idea, ch StatusChange) (string, error) {
	if u == nil {
		return "", Unauthorized("sign in first")
	}
	if !u.IsStaff() {
		return "", Forbidden("only engineers and admins set a post's status")
	}
	if _, err := ParseStatus(string(ch.Status)); err != nil {
		return "", err
	}
	response := idea.Response
	if ch.Response != nil {
		response = strings.TrimSpace(*ch.Response)
	}
	if err := TextField("response", response, 0, MaxResponse); err != nil {
		return "", err
	}
	if !c.IsBoard() {
		return "", Conflict("not_a_board", "only posts on a board have a status")
	}
	if !idea.State.Listed() {
		return "", Conflict("post_not_listed", "this post was hidden, withdrawn or merged")
	}
	if ch.Status == StatusDeclined && response == "" {
		return "", Invalid("response", "response_required", "say why the post is declined")
	}
	return response, nil
}

// StatusNews says whether a board post's move is news to its audience:
// a new status, or the first official response to it. Rewording a
// response already given (a typo mended) tells no one again: each edit
// would otherwise notify and email the author, every voter and every
// follower once more.
func StatusNews(was, now Idea) bool {
	return was.Status != now.Status || was.Response == "" && now.Response != ""
}

// StatusResponseExcerpt is how much of an official response a status
// notice quotes: enough to say what the brand answered, in the
// notification and its email, short of the whole answer on the post.
const StatusResponseExcerpt = 140

// StatusNotices tell everyone with a stake in a post (its author, voters
// and followers), except the person who set it, that its status changed
// or that it was answered (StatusNews: nothing otherwise), each with at
// most one unread status notice of the post (ThreadStatus) and its email
// after a quiet spell (StatusMailQuiet). The status
// travels as its message key ("post_status.planned"), translated in each
// reader's language. A post with an official response (given now or kept
// from before: the move records it) is NoticeStatusAnswered, quoting its
// start; one without is NoticeStatus, whose words mention no response,
// since pointing to an answer that is not there sends fans looking for it.
func StatusNotices(was, now Idea, actorID int64, a Audience) []Outgoing {
	if !StatusNews(was, now) {
		return nil
	}
	kind, args := NoticeStatus, []string{now.Title, StatusKey(now.Status)}
	if now.Response != "" {
		kind, args = NoticeStatusAnswered, append(args, Excerpt(now.Response, StatusResponseExcerpt))
	}
	var out []Outgoing
	for _, id := range a.Everyone() {
		if id == actorID {
			continue
		}
		out = append(out, Outgoing{To: id, Kind: kind, URL: IdeaLink(now.ID), Args: args, Thread: ThreadStatus, MailAfter: StatusMailQuiet})
	}
	return out
}

// StatusMailQuiet is how long a status notice's email waits: a status
// set again meanwhile (a misclick mended, or 110 switches in ten seconds)
// takes the unread notice's place and its email's (ThreadStatus), so a
// person is told once of the state the post settled in, not of each step.
const StatusMailQuiet = 3 * time.Minute

// StatusKey is a status's message key.
func StatusKey(s Status) string { return "post_status." + string(s) }

// OpenBoard gives a board its schedule: open for posts and votes from its
// creation on, with no closing time, no shortlist and no winners. A board
// takes no times from its admin (in names the field that tried); a board
// cannot become a timed challenge, nor one a board (was is the kind before
// the edit, "" when creating).
func OpenBoard(c *Challenge, was Kind, in ChallengeInput, now time.Time) error {
	if was != "" && (was == Board) != c.IsBoard() {
		return Invalid("kind", "kind_fixed", "a board stays a board, and a challenge cannot become one")
	}
	if !c.IsBoard() {
		return nil
	}
	for _, f := range []struct {
		name string
		t    OptTime
	}{
		{"submissions_open_at", in.SubmissionsOpenAt}, {"submissions_close_at", in.SubmissionsCloseAt},
		{"voting_open_at", in.VotingOpenAt}, {"voting_close_at", in.VotingCloseAt},
	} {
		if f.t.Set && f.t.Time != nil {
			return Invalid(f.name, "board_always_open", "a board is always open: it takes no times")
		}
	}
	now = now.UTC().Truncate(time.Millisecond)
	open := func(t **time.Time) {
		if *t == nil {
			*t = &now
		}
	}
	open(&c.SubmissionsOpenAt)
	open(&c.VotingOpenAt)
	c.SubmissionsCloseAt, c.VotingCloseAt, c.ResultsAt, c.ClosedAt = nil, nil, nil, nil
	c.ShortlistSize, c.Winners = 0, 0
	return nil
}

// PhaseMovable refuses phase moves on a board, which has no phases.
func PhaseMovable(c Challenge) error {
	if c.IsBoard() {
		return Conflict("board_always_open", "a board is always open: it has no phases to move")
	}
	return nil
}

// PostEditable adds a board's rule to CanEdit: once the brand has answered
// a post (its status is no longer open), its author no longer rewrites or
// withdraws it, so what was planned stays what was asked.
func PostEditable(c Challenge, idea Idea) error {
	if c.IsBoard() && idea.Status != StatusOpen && idea.Status != "" {
		return Conflict("idea_not_editable", "the brand has answered this post: it can no longer be changed")
	}
	return nil
}

// WithStatusReplies counts a status move that carried an official response
// (replies: their times per idea, oldest first) as the brand's reply, as an
// official comment is: each wait is answered by the earlier of its first
// official comment and the first such move at or after it was posted.
func WithStatusReplies(waits []ReplyWait, replies map[int64][]time.Time) []ReplyWait {
	for i, w := range waits {
		for _, at := range replies[w.IdeaID] {
			if at.Before(w.PostedAt) {
				continue
			}
			if w.RepliedAt == nil || at.Before(*w.RepliedAt) {
				t := at
				waits[i].RepliedAt = &t
			}
			break
		}
	}
	return waits
}
