package domain

// The notices people expect (#20 item 5): an author hears of comments on
// their idea, a follower of comments and official replies on the idea they
// follow, a tester of the engineers' answer to their feedback. (A judge's
// new assignments are judging.AssignedNotices.)

const (
	NoticeComment          NoticeKind = "comment"           // a new comment on your idea (args: title)
	NoticeFollowedComment  NoticeKind = "followed_comment"  // a new comment on an idea you follow (args: title)
	NoticeFollowedOfficial NoticeKind = "followed_official" // an official reply on an idea you follow (args: title)
	NoticeUpdateComment    NoticeKind = "update_comment"    // a new comment under your project update (args: the idea's title)
	NoticeFeedbackReply    NoticeKind = "feedback_reply"    // the engineers answered your tester feedback (args: project title)
	NoticeAssigned         NoticeKind = "assigned"          // ideas were assigned to you to judge (args: challenge title, how many)
)

// CommentNotices chooses who hears of comment c on idea: its author (an
// official reply, or a comment), and each follower (likewise), never the
// commenter, each once. For anyone in waiting (they already have an
// unread notice of comments on this idea) a plain comment's notice takes
// the place of that one (ThreadComments: one unread entry, bumped to the
// top with the newest comment's link) and mails only if that one had not
// (OneMail): a busy thread is one email until they look, yet never
// silent; official replies always tell anew.
// For a comment answering a project update written by updateAuthor (0:
// none), the update's author hears of it too (NoticeUpdateComment, after
// the idea's author and before the followers), waiting as any reader of
// plain comments does. The engineer who runs the idea's project (0: none)
// hears of a plain comment next (NoticeProjectQuestion): a fan waits for
// their answer, and the reply times count the wait.
func CommentNotices(idea Idea, c Comment, updateAuthor, engineer int64, followers []int64, waiting map[int64]bool) []Outgoing {
	url := CommentLink(idea.ID, c.ID)
	args := []string{idea.Title}
	var out []Outgoing
	told := map[int64]bool{c.Author.ID: true, 0: true}
	add := func(to int64, kind NoticeKind) {
		if told[to] {
			return
		}
		told[to] = true
		o := Outgoing{To: to, Kind: kind, URL: url, Args: args}
		if !c.Official && waiting[to] {
			o.Thread, o.OneMail = ThreadComments, true
		}
		out = append(out, o)
	}
	if c.Official {
		add(idea.Author.ID, NoticeOfficial)
	} else {
		add(idea.Author.ID, NoticeComment)
	}
	add(updateAuthor, NoticeUpdateComment)
	if !c.Official {
		add(engineer, NoticeProjectQuestion)
	}
	for _, f := range followers {
		if c.Official {
			add(f, NoticeFollowedOfficial)
		} else {
			add(f, NoticeFollowedComment)
		}
	}
	return out
}

// CommentFollows is whether writing a comment on idea makes u follow it:
// one's first act in its thread (first: no earlier comment of theirs on
// it, nor a status they set on it) does, so that they hear the answers
// (as Canny and GitHub subscribe whoever comments); a later one does not,
// so one who unfollowed stays unfollowed. Staff's official replies follow
// as a fan's comment does (session 52: an engineer who answered never
// heard the fan answer back); the author's own comments never do, the
// author hearing of every comment already.
func CommentFollows(u *User, idea Idea, first bool) bool {
	return first && u != nil && u.ID != idea.Author.ID
}

// StatusFollows is whether setting a board post's status (with or
// without an official response) makes u follow the post: as
// CommentFollows, the status being their first act in its thread, so
// the fans' answers to it reach them.
func StatusFollows(u *User, idea Idea, first bool) bool {
	return CommentFollows(u, idea, first)
}

// FeedbackAnswerFollows is whether answering a tester's report (its reply
// going from before to after) makes the one who answered follow the
// project's idea, whose thread (its comments, its updates' comments)
// is where the tester answers back: a report's first reply does; ticking
// "addressed" alone, or mending a reply already given, does not, so one
// who unfollowed stays so while they tend the same report. (Who answered
// earlier reports is not recorded, so a first reply to another report
// follows again, as a comment would.)
func FeedbackAnswerFollows(before, after string) bool {
	return before == "" && after != ""
}

// CommentNoticeKinds are the kinds CommentNotices writes for plain
// comments: an unread one of these about an idea keeps its reader waiting.
var CommentNoticeKinds = []NoticeKind{NoticeComment, NoticeFollowedComment, NoticeUpdateComment, NoticeProjectQuestion}

// FeedbackReplyNotice tells a tester that the engineers answered their
// feedback on a project, linking to it (url: the page of the project's
// reports that holds it, at the report): when the reply becomes a new,
// non-empty text (ticking "addressed" alone, or saving the same reply,
// tells nothing).
func FeedbackReplyNotice(url, title string, testerID int64, before, after string) []Outgoing {
	if after == "" || after == before || testerID == 0 {
		return nil
	}
	return []Outgoing{{To: testerID, Kind: NoticeFeedbackReply, URL: url, Args: []string{title}}}
}
