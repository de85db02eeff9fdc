package domain

// CommentChange is what a comment's author does to it afterwards.
type CommentChange int

const (
	EditComment CommentChange = iota
	DeleteComment
)

// CanChangeComment decides whether u may edit (change EditComment) or
// delete their comment c on idea. Only its author, at any time (no window:
// a typo found a week later is still a typo), and never a moderator or an
// admin, who hide a comment instead (their decision is logged and told).
// Refused:
//   - a deleted comment: it is gone (404);
//   - a comment moderators (or the report threshold) hid: neither edited
//     nor deleted, so its author cannot change it out from under their
//     decision; they ask for a review (409 comment_hidden);
//   - a comment whose reports wait for a moderator: the words they read
//     must be the words reported (409 comment_reported);
//   - editing an official reply by an author who is no longer staff:
//     it would still read as the brand's (403);
//   - editing a comment an engineer marked helpful: the mark, and the
//     points it earned, vouch for those words (409 comment_helpful).
//     Deleting it is allowed, and takes the points back;
//   - editing on an idea that no longer takes comments (withdrawn,
//     merged: 409 idea_closed); deleting there is allowed, so that words
//     posted by mistake (a phone number) can always go.
func CanChangeComment(u *User, idea Idea, c Comment, change CommentChange) error {
	if u == nil {
		return Unauthorized("sign in first")
	}
	if err := Active(*u); err != nil {
		return err
	}
	if c.Deleted || (c.Hidden && !SeesHidden(u, c.Author.ID)) {
		return NotFound("comment")
	}
	if c.Author.ID != u.ID {
		return Forbidden("only its author may change a comment; moderators hide it instead")
	}
	if c.Hidden {
		return Conflict("comment_hidden", "moderators hid this comment: it can no longer be changed; ask them to look again instead")
	}
	if c.Reported {
		// Changed now, the words a moderator reads would not be the
		// words reported, and those who reported them may not report
		// again; deleted, they would never be read at all.
		return Conflict("comment_reported", "this comment was reported: it can be changed once a moderator has looked at it")
	}
	if change == DeleteComment {
		return nil
	}
	if c.Official && !u.IsStaff() {
		// The brand's answer, by one who no longer speaks for it.
		return Forbidden("an official reply can be edited only while its author is staff; it can still be deleted")
	}
	if c.Helpful {
		return Conflict("comment_helpful", "a comment marked helpful can no longer be edited")
	}
	return TakesComments(idea)
}
