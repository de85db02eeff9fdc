package domain

// byKinds are the notices of a new comment or official reply, which name
// who wrote it: "张三 评论了你的创意".
var byKinds = map[NoticeKind]bool{
	NoticeComment: true, NoticeFollowedComment: true, NoticeUpdateComment: true,
	NoticeProjectQuestion: true, NoticeOfficial: true, NoticeFollowedOfficial: true,
}

// NoticeBy is who a notice of kind about item names as the one who wrote
// it: the author of the comment a comment notice tells of, as they are
// now (Name "" once their account is deleted: the reader's language says
// "deleted user"); nil for any other notice, and for one whose comment
// is no longer there to say who. A notice of a moderator's decision about
// a comment (hidden, restored) names nobody.
func NoticeBy(kind NoticeKind, item NoticeItem) *Author {
	if !byKinds[kind] || item.Comment == nil || item.Comment.Author.ID == 0 {
		return nil
	}
	a := item.Comment.Author
	return &a
}

// MailNoticeBy is who a notice's email names as the one who wrote the
// comment (NoticeBy): nobody where the commenter's address is not
// confirmed. Commenting needs no confirmed address, and an email carries
// the site's voice into an inbox, its subject included: a name chosen as
// "Visit http://evil.example now" must not reach every follower's inbox
// that way (the page names them, as comment lists do). A deleted account
// is named as such, in the reader's words.
func MailNoticeBy(kind NoticeKind, item NoticeItem) *Author {
	a := NoticeBy(kind, item)
	if a == nil || a.Name != "" && !item.CommenterConfirmed {
		return nil
	}
	return a
}
