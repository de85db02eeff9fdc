package domain

import (
	"strconv"
	"strings"
	"time"
)

// Who is told what, and where each notice's link points. The store writes
// the notices these functions choose, in the same transaction as the change
// they report.

// Outgoing is a notice to write: to whom, what, and where its link points.
type Outgoing struct {
	To   int64
	Kind NoticeKind
	URL  string
	Args []string
	// Thread, when set, makes this notice stand for the person's unread
	// notices of the thread's kinds (ThreadKinds) about the same idea: they
	// give way to it, so the person has one unread entry, at the top of the
	// list, with the newest link (as GitHub and Canny keep one entry a
	// thread). An email still owed for one of them (queued, not yet sent)
	// is owed for this notice instead; with OneMail, one already sent for
	// one of them is this notice's email too (a busy thread mails once
	// until its reader looks).
	Thread  NoticeThread
	OneMail bool
	// MailAfter is how long this notice's email waits: a quiet period in
	// which a newer notice of its thread takes its place (and its email's).
	MailAfter time.Duration
}

// UnreadShown is the largest unread count the bell spells out.
const UnreadShown = 99

// UnreadBadge is how the bell shows n unread notices: "" for none, the
// number up to UnreadShown, "99+" past it.
func UnreadBadge(n int) string {
	switch {
	case n <= 0:
		return ""
	case n > UnreadShown:
		return strconv.Itoa(UnreadShown) + "+"
	}
	return strconv.Itoa(n)
}

// NoticeThread names a kind of news that one unread notice a person and
// idea stands for (Outgoing.Thread).
type NoticeThread string

const (
	ThreadComments NoticeThread = "comments" // plain comments on an idea
	ThreadStatus   NoticeThread = "status"   // a board post's status
)

// CommenterReads are the kinds of notice about an idea that its reader
// has read by writing a comment on it (an answer, official or not): they
// stood on the thread they wrote in, as GitHub marks a thread read for
// whoever answers it. Else an engineer who answered a fan's question kept
// its notice unread, and it went on standing for the thread
// (ThreadComments) with the answered comment's link.
var CommenterReads = append([]NoticeKind{NoticeOfficial, NoticeFollowedOfficial}, CommentNoticeKinds...)

// ThreadKinds are the kinds of notice a thread's newest notice stands for.
func ThreadKinds(t NoticeThread) []NoticeKind {
	switch t {
	case ThreadComments:
		return CommentNoticeKinds
	case ThreadStatus:
		return []NoticeKind{NoticeStatus, NoticeStatusAnswered}
	}
	return nil
}

// Links in notices: paths on this site.
func IdeaLink(id int64) string { return "/ideas/" + strconv.FormatInt(id, 10) }

// CommentLink points at one comment on its idea's page: the comments page
// that holds it (?comment=, the server finds it), at the comment.
func CommentLink(ideaID, commentID int64) string {
	c := strconv.FormatInt(commentID, 10)
	return IdeaLink(ideaID) + "?comment=" + c + "#comment-" + c
}

// ChallengeLink points at a challenge's page.
func ChallengeLink(id int64) string { return "/challenges/" + strconv.FormatInt(id, 10) }

// ResultsLink points at a challenge's published results.
func ResultsLink(challengeID int64) string { return ChallengeLink(challengeID) + "/results" }

// ProjectLink points at a project's page.
func ProjectLink(id int64) string { return "/projects/" + strconv.FormatInt(id, 10) }

// Audience is everyone with a stake in an idea: its author, its
// followers, and every fan whose act on it counts: a support vote, a star
// rating, an "I'd buy it" intent (acts held by a vote-integrity quarantine
// are not counted, so their fans are not in it). A pairwise choice is not a
// stake: it is an anonymous comparison of two ideas a fan was shown, not a
// choice of this idea.
type Audience struct {
	Author    int64
	Voters    []int64
	Raters    []int64
	Buyers    []int64
	Followers []int64
	Testers   []int64 // the fans chosen to test the prototype of the idea's project
}

// Everyone is the audience once each, the author first.
func (a Audience) Everyone() []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, group := range [][]int64{{a.Author}, a.Voters, a.Raters, a.Buyers, a.Followers, a.Testers} {
		for _, id := range group {
			if id != 0 && !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}

// ProjectNews is the one rule for a project's news (its start, a stage
// move, a progress update): everyone with a stake in its idea is told,
// once each, linking to the project, except actorID, who did it and knows.
// kind chooses each person's notice (the author's may differ).
func ProjectNews(projectID, actorID int64, a Audience, kind func(to int64) NoticeKind, args ...string) []Outgoing {
	var out []Outgoing
	for _, id := range a.Everyone() {
		if id == actorID {
			continue
		}
		out = append(out, Outgoing{To: id, Kind: kind(id), URL: ProjectLink(projectID), Args: args})
	}
	return out
}

// ProjectUpdateExcerpt is how much of a progress update its notice quotes.
const ProjectUpdateExcerpt = 80

// ShortlistedNotice tells an author their idea made the shortlist.
func ShortlistedNotice(ideaID, authorID int64, title string) Outgoing {
	return Outgoing{To: authorID, Kind: NoticeShortlisted, URL: IdeaLink(ideaID), Args: []string{title}}
}

// UnshortlistedNotice tells an author the organiser took their idea off
// the shortlist again: the judges no longer score it, and the notice that
// it made the shortlist is no longer true.
func UnshortlistedNotice(ideaID, authorID int64, title string) Outgoing {
	return Outgoing{To: authorID, Kind: NoticeUnshortlisted, URL: IdeaLink(ideaID), Args: []string{title}}
}

// OutcomeNotice tells an author how their shortlisted idea fared, with a
// link to the results.
func OutcomeNotice(challengeID, authorID int64, title string, won bool) Outgoing {
	kind := NoticeNotSelected
	if won {
		kind = NoticeWon
	}
	return Outgoing{To: authorID, Kind: kind, URL: ResultsLink(challengeID), Args: []string{title}}
}

// OutcomeNotices tell how a ranked idea fared: its author always
// (OutcomeNotice); when it won, everyone else with a stake in it too (a,
// its audience: voters, raters, buyers, followers), once each, with a link
// to the results. Ideas not selected are told to their author only:
// the results page says the rest, and a shortlist's every backer hearing
// "not selected" would be most of a challenge's fans told a loss.
func OutcomeNotices(challengeID int64, r IdeaOutcome, a Audience) []Outgoing {
	out := []Outgoing{OutcomeNotice(challengeID, r.AuthorID, r.Title, r.Won)}
	if !r.Won {
		return out
	}
	for _, id := range a.Everyone() {
		if id != r.AuthorID {
			out = append(out, Outgoing{To: id, Kind: NoticeBackedWon, URL: ResultsLink(challengeID), Args: []string{r.Title}})
		}
	}
	return out
}

// IdeaOutcome is a ranked idea's outcome as its notices need it.
type IdeaOutcome struct {
	AuthorID int64
	Title    string
	Won      bool
}

// StageNotices tell everyone with a stake in a project's idea, but the
// person who moved it, that the project moved; stageKey names the new
// stage's message ("stage.accepted").
func StageNotices(projectID, actorID int64, title, stageKey string, a Audience) []Outgoing {
	return ProjectNews(projectID, actorID, a, func(int64) NoticeKind { return NoticeStage }, title, stageKey)
}

// ShelvedNotices are StageNotices for a project shelved, with the reason
// the engineers gave (a move to shelved needs one): fans who backed the
// idea hear why, as NotBuiltNotices tell them why it was not built.
func ShelvedNotices(projectID, actorID int64, title, reason string, a Audience) []Outgoing {
	return ProjectNews(projectID, actorID, a, func(int64) NoticeKind { return NoticeShelved }, title, reason)
}

// ProjectOpenedNotices tell everyone with a stake in an idea, but the
// person who opened the project, that it became a prototype project: its
// author that their idea did (NoticeProject), the others that an idea they
// back or follow did (NoticeProjectStarted). The engineer who runs it
// (ownerID), when someone else opened it for them, is told it is theirs
// (NoticeProjectAssigned), first and once.
func ProjectOpenedNotices(projectID, actorID, ownerID int64, idea Idea, a Audience) []Outgoing {
	var out []Outgoing
	if ownerID != 0 && ownerID != actorID {
		out = append(out, Outgoing{To: ownerID, Kind: NoticeProjectAssigned, URL: ProjectLink(projectID), Args: []string{idea.Title}})
	}
	for _, o := range ProjectNews(projectID, actorID, a, func(to int64) NoticeKind {
		if to == idea.Author.ID {
			return NoticeProject
		}
		return NoticeProjectStarted
	}, idea.Title) {
		if o.To != ownerID {
			out = append(out, o)
		}
	}
	return out
}

// NotBuiltNotices tell everyone with a stake in an idea, but the person
// who declined it, that the engineers will not make it a prototype
// project, and why, linking to the idea (its history keeps the reason):
// its author (NoticeNotBuilt), the others (NoticeBackedNotBuilt).
func NotBuiltNotices(actorID int64, idea Idea, a Audience, reason string) []Outgoing {
	var out []Outgoing
	for _, id := range a.Everyone() {
		if id == actorID {
			continue
		}
		kind := NoticeBackedNotBuilt
		if id == idea.Author.ID {
			kind = NoticeNotBuilt
		}
		out = append(out, Outgoing{To: id, Kind: kind, URL: IdeaLink(idea.ID), Args: []string{idea.Title, reason}})
	}
	return out
}

// ResultsOutNotices tell the authors of a challenge's ideas that were not
// shortlisted (authors: as read, in any order, with repeats) that its
// results are out, once each, linking to them: an idea that ends "已提交"
// for good would otherwise never learn how the challenge ended. An author
// with a shortlisted idea (ranked) was told its outcome already.
func ResultsOutNotices(challengeID int64, title string, authors []int64, ranked map[int64]bool) []Outgoing {
	var out []Outgoing
	told := map[int64]bool{0: true}
	for _, id := range authors {
		if told[id] || ranked[id] {
			continue
		}
		told[id] = true
		out = append(out, Outgoing{To: id, Kind: NoticeResultsOut, URL: ResultsLink(challengeID), Args: []string{title}})
	}
	return out
}

// UpdateNotices tell everyone with a stake in a project's idea, but the
// person who posted it, of a progress update (updateID), quoting its
// start, linked to the update itself on the project's timeline.
func UpdateNotices(projectID, updateID, actorID int64, title, body string, a Audience) []Outgoing {
	out := ProjectNews(projectID, actorID, a, func(int64) NoticeKind { return NoticeProjectUpdate },
		title, Excerpt(strings.TrimSpace(body), ProjectUpdateExcerpt))
	for i := range out {
		out[i].URL = UpdateLink(projectID, updateID)
	}
	return out
}

// UpdateLink is the address of update updateID on its project's timeline.
func UpdateLink(projectID, updateID int64) string {
	return ProjectLink(projectID) + "#update-" + strconv.FormatInt(updateID, 10)
}

// TesterChosenNotice tells an applicant they were chosen to test a
// prototype, once: only when the decision turns an application accepted.
func TesterChosenNotice(projectID, userID int64, title string, was, accepted bool) []Outgoing {
	if !accepted || was {
		return nil
	}
	return []Outgoing{{To: userID, Kind: NoticeTesterChosen, URL: ProjectLink(projectID), Args: []string{title}}}
}

// VotesReturnedNotices tell each fan whose vote on an idea was given back
// (ReleasesVotes: it was hidden or withdrawn while votes could still be
// spent) that they may spend it again, once each, with a link to the
// challenge; an expired idea's fans are told it expired instead
// (ExpiredVotesReturnedNotices).
func VotesReturnedNotices(idea Idea, voters []int64) []Outgoing {
	return votesReturned(NoticeVoteReturned, idea, voters)
}

// votesReturned tells each of voters, once, that their vote on idea is
// back, in a notice of kind.
func votesReturned(kind NoticeKind, idea Idea, voters []int64) []Outgoing {
	var out []Outgoing
	for _, id := range (Audience{Voters: voters}).Everyone() {
		out = append(out, Outgoing{To: id, Kind: kind, URL: ChallengeLink(idea.ChallengeID), Args: []string{idea.Title}})
	}
	return out
}

// IntegrityLogLink points at a challenge's public log of removed votes.
func IntegrityLogLink(challengeID int64) string { return ChallengeLink(challengeID) + "/integrity/log" }

// VotesRemovedNotices tell each fan whose votes in a challenge a
// vote-integrity review removed, once each, why (the admin's reason, as
// the public log gives it), with a link to that log.
func VotesRemovedNotices(challengeID int64, title, reason string, fans []int64) []Outgoing {
	var out []Outgoing
	for _, id := range (Audience{Voters: fans}).Everyone() {
		out = append(out, Outgoing{To: id, Kind: NoticeVotesRemoved, URL: IntegrityLogLink(challengeID), Args: []string{title, reason}})
	}
	return out
}

// ModeratedItem is an idea or a comment a moderation decision is about, as
// the notice to its author names it.
type ModeratedItem struct {
	Type     ItemType
	ID       int64 // the idea's, or the comment's
	IdeaID   int64 // the idea itself, or the comment's idea
	AuthorID int64
	Text     string // the idea's title, or the comment's body
}

// Link is where the item is seen: its idea's page, at the comment for one.
func (m ModeratedItem) Link() string {
	if m.Type == ItemComment {
		return CommentLink(m.IdeaID, m.ID)
	}
	return IdeaLink(m.IdeaID)
}

// HiddenNoticeExcerpt is how much of the item's words a hidden notice quotes.
const HiddenNoticeExcerpt = 80

// HiddenNotices tell an item's author that it was hidden, once: only when
// a decision hides an item that was shown (wasHidden false, hidden true);
// no one else is told. Hidden by the report threshold (byReports), the
// notice says so; hidden by a moderator, it gives their reason.
func HiddenNotices(m ModeratedItem, wasHidden, hidden, byReports bool, reason string) []Outgoing {
	if wasHidden || !hidden || m.AuthorID == 0 {
		return nil
	}
	words := Excerpt(m.Text, HiddenNoticeExcerpt)
	if byReports {
		return []Outgoing{{To: m.AuthorID, Kind: NoticeHiddenByReports, URL: m.Link(), Args: []string{words}}}
	}
	return []Outgoing{{To: m.AuthorID, Kind: NoticeHidden, URL: m.Link(), Args: []string{words, reason}}}
}

// DecisionNotices tell an item's author what a moderator decided, when
// it is news to them: an item shown now hidden (HiddenNotices, with the
// reason); a hidden one shown again (NoticeRestored); a hidden one kept
// hidden (NoticeHiddenKept, with the reason) when the author was waiting
// for that look, because they asked for a review or reports hid it
// (awaited). A hidden item hidden again unasked, or a shown one
// dismissed, tells no one.
func DecisionNotices(m ModeratedItem, wasHidden, hidden, awaited bool, reason string) []Outgoing {
	if !wasHidden || m.AuthorID == 0 {
		return HiddenNotices(m, wasHidden, hidden, false, reason)
	}
	words := Excerpt(m.Text, HiddenNoticeExcerpt)
	switch {
	case !hidden:
		return []Outgoing{{To: m.AuthorID, Kind: NoticeRestored, URL: m.Link(), Args: []string{words}}}
	case awaited:
		return []Outgoing{{To: m.AuthorID, Kind: NoticeHiddenKept, URL: m.Link(), Args: []string{words, reason}}}
	}
	return nil
}

// ReportOutcomeNotices tell each fan who reported an item since the last
// decision how a moderator decided, once each, never its author: upheld
// (the item hidden) or not (shown). The link is where they may still look:
// the item when shown; the idea's page for a hidden comment; the
// challenge for a hidden idea.
func ReportOutcomeNotices(m ModeratedItem, challengeID int64, reporters []int64, hidden bool) []Outgoing {
	kind, url := NoticeReportDismissed, m.Link()
	if hidden {
		kind, url = NoticeReportUpheld, IdeaLink(m.IdeaID)
		if m.Type == ItemIdea {
			url = ChallengeLink(challengeID)
		}
	}
	words := Excerpt(m.Text, HiddenNoticeExcerpt)
	var out []Outgoing
	for _, id := range (Audience{Voters: reporters}).Everyone() {
		if id != m.AuthorID {
			out = append(out, Outgoing{To: id, Kind: kind, URL: url, Args: []string{words}})
		}
	}
	return out
}

// NoticeSubject reads which idea or project a notice's link points at
// ("/ideas/12#comment-3" is idea 12, "/projects/4" project 4), so the
// reader's list can ask whether they may still see it; any other link has
// no subject ("", 0).
func NoticeSubject(url string) (kind string, id int64) {
	for _, k := range []string{"idea", "project"} {
		if rest, ok := strings.CutPrefix(url, "/"+k+"s/"); ok {
			if n := leadingID(rest); n > 0 {
				return k, n
			}
			return "", 0
		}
	}
	return "", 0
}

// NoticeAbout is what a notice is about, read from its link when it is
// written: an idea (or a project, whose idea the store finds), a comment on
// it, or a challenge. Zero fields are not named by the link.
type NoticeAbout struct {
	Idea, Project, Comment, Challenge int64
}

// NoticeAboutOf reads a notice's link: "/ideas/12#comment-3" is comment 3
// of idea 12, "/projects/4" project 4, "/challenges/5/results" challenge 5.
func NoticeAboutOf(url string) NoticeAbout {
	var a NoticeAbout
	switch kind, id := NoticeSubject(url); kind {
	case "idea":
		a.Idea = id
		if i := strings.Index(url, "#comment-"); i >= 0 {
			a.Comment = leadingID(url[i+len("#comment-"):])
		}
	case "project":
		a.Project = id
	default:
		if rest, ok := strings.CutPrefix(url, "/challenges/"); ok {
			a.Challenge = leadingID(rest)
		}
	}
	return a
}

// leadingID is the positive number s starts with, up to a '/', '#' or '?';
// 0 when there is none.
func leadingID(s string) int64 {
	if end := strings.IndexAny(s, "/#?"); end >= 0 {
		s = s[:end]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}
