package domain

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Voters says who may vote in a challenge.
type Voters string

const (
	// VotersSignedIn lets any signed-in fan vote (the default).
	VotersSignedIn Voters = "signed_in"
	// VotersVerified counts only accounts whose email address is confirmed.
	VotersVerified Voters = "verified"
)

// ParseVoters reads the challenge field voters; "" is the default.
func ParseVoters(s string) (Voters, error) {
	if v, ok := parseWho(s); ok {
		return v, nil
	}
	return "", Invalid("voters", "invalid_voters", "voters must be signed_in or verified")
}

// ParseSubmitters reads the challenge field submitters, who may submit
// ideas: the same two choices as voters; "" is the default.
func ParseSubmitters(s string) (Voters, error) {
	if v, ok := parseWho(s); ok {
		return v, nil
	}
	return "", Invalid("submitters", "invalid_submitters", "submitters must be signed_in or verified")
}

// parseWho reads one of the two choices of who may act; "" is the default.
func parseWho(s string) (Voters, bool) {
	switch v := Voters(s); v {
	case VotersSignedIn, VotersVerified:
		return v, true
	case "":
		return VotersSignedIn, true
	}
	return "", false
}

// CanVoteAs decides whether u may cast a vote in c as far as who they are
// goes: a challenge for confirmed voters refuses an unconfirmed account,
// saying how to fix it. (CanVote decides the phase and the budget.)
func CanVoteAs(u *User, c Challenge) error {
	if u == nil {
		return Unauthorized("sign in to vote")
	}
	if c.Voters == VotersVerified && !u.Verified {
		return &Error{Kind: KindForbidden, Code: "verification_required",
			Message: "this challenge counts only votes from confirmed accounts: open the link in the email we sent you (or send a new one from your settings), then vote again"}
	}
	return nil
}

// confirmCodes are the refusals that last only until the account's email
// is confirmed: a vote, an idea, an RSVP, a request for a club.
var confirmCodes = []string{"verification_required", "verification_required_submit", "verification_required_rsvp", "verification_required_club_request"}

// AwaitsConfirmation reports whether err refuses an account only until its
// email is confirmed: a refusal the person can mend, which a page says
// where they acted, keeping what they wrote, not as an error page.
func AwaitsConfirmation(err error) bool {
	e := AsError(err)
	return e != nil && e.Kind == KindForbidden && slices.Contains(confirmCodes, e.Code)
}

// Suspended is the refusal every request of a suspended account gets.
func Suspended() *Error {
	return &Error{Kind: KindUnauthorized, Code: "suspended", Message: "this account is suspended"}
}

// Active refuses a suspended or a deleted account. identify asks it on
// every request; the writes of a person's acts (an idea, a comment, a
// vote, a rating, a pair answer, a buying intent) ask it again of the
// account as their transaction reads it (store.Store.Acting), so an act
// already in flight when its account was suspended or deleted lands
// nowhere.
func Active(u User) error {
	if u.Deleted {
		return Deleted()
	}
	if u.Suspended {
		return Suspended()
	}
	return nil
}

// Deleted is the refusal of an act of an account deleted meanwhile: its
// sessions ended with it, so the person signs in no more.
func Deleted() *Error {
	return &Error{Kind: KindUnauthorized, Code: "account_deleted", Message: "this account was deleted"}
}

// CanModerate says whether u works the moderation queue: moderators and admins.
func (u *User) CanModerate() bool { return u.Has(RoleModerator) || u.Has(RoleAdmin) }

// MaxReasonLen bounds a moderator's or admin's written reason, in characters.
const MaxReasonLen = 500

// MaySuspend is CanSuspend's rule of who suspends whom, without the
// reason: the users page offers the form only where it holds.
func MaySuspend(actor *User, target User) error {
	if actor == nil {
		return Unauthorized("sign in first")
	}
	if !actor.CanModerate() {
		return Forbidden("only admins and moderators can suspend accounts")
	}
	if target.Deleted {
		return NotFound("user") // as any request of a deleted account
	}
	if !actor.Has(RoleAdmin) && slices.ContainsFunc(target.Roles, func(r Role) bool { return r != RoleFan }) {
		return Forbidden("only an admin can suspend a judge, an engineer, a moderator or an admin")
	}
	if actor.ID == target.ID {
		return Conflict("cannot_suspend_self", "you cannot suspend your own account")
	}
	return nil
}

// CanSuspend decides whether actor may suspend (or reinstate) target:
// admins may, and moderators may for fans, accounts with no other role (a
// judge, an engineer, a moderator or an admin was given theirs by an admin,
// and only an admin takes their work away). Nobody suspends themselves,
// and a suspension needs a reason (the person is told it).
func CanSuspend(actor *User, target User, suspend bool, reason string) error {
	if err := MaySuspend(actor, target); err != nil {
		return err
	}
	min := 0
	if suspend {
		min = 1
	}
	return TextField("reason", reason, min, MaxReasonLen)
}

// Email confirmation.

const (
	// VerificationTTL is how long a confirmation link works.
	VerificationTTL = 48 * time.Hour
	// VerificationGap is the least time between two confirmation emails to
	// one account, and VerificationPerDay the most in 24 hours.
	VerificationGap    = time.Minute
	VerificationPerDay = 5
)

// VerificationToken is the signed token of a confirmation link: the user's
// id and the expiry in clear, and an HMAC under the installation's key over
// both and the address being confirmed, so a token fails for another
// account, for an address changed since, after expires, or when altered.
func VerificationToken(key []byte, userID int64, email string, expires time.Time) string {
	return userToken(key, "verify", userID, expires.Unix(), email)
}

func verificationMAC(key []byte, userID int64, email string, exp int64) string {
	return userMAC(key, "verify", userID, exp, email)
}

// userToken is a signed token naming an account for one purpose: the
// user's id and the expiry (Unix seconds) in clear, and an HMAC under the
// installation's key over the purpose, both and bound (what the token
// holds for besides: an address, or nothing) — "ID.EXP.MAC".
func userToken(key []byte, purpose string, userID, exp int64, bound string) string {
	return strconv.FormatInt(userID, 10) + "." + strconv.FormatInt(exp, 10) + "." + userMAC(key, purpose, userID, exp, bound)
}

func userMAC(key []byte, purpose string, userID, exp int64, bound string) string {
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s:%d:%d:%s", purpose, userID, exp, bound)
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:20])
}

// splitUserToken reads a userToken's parts before its MAC is checked; ok
// is false for anything of another shape.
func splitUserToken(tok string) (userID, exp int64, mac string, ok bool) {
	parts := strings.Split(tok, ".")
	if len(tok) > 200 || len(parts) != 3 {
		return 0, 0, "", false
	}
	id, err1 := strconv.ParseInt(parts[0], 10, 64)
	exp, err2 := strconv.ParseInt(parts[1], 10, 64)
	return id, exp, parts[2], err1 == nil && err2 == nil && id > 0
}

func badToken(msg string) *Error { return Invalid("token", "invalid_token", msg) }

// VerificationUser reads whose token tok claims to be, before it is checked.
func VerificationUser(tok string) (int64, error) {
	head, _, ok := strings.Cut(tok, ".")
	id, err := strconv.ParseInt(head, 10, 64)
	if !ok || err != nil || id <= 0 || len(tok) > 200 {
		return 0, badToken("this confirmation link is not valid")
	}
	return id, nil
}

// CheckVerification decides whether tok confirms u's address at now. actor
// is who is signed in (nil for nobody): a token for another account than
// theirs is refused, whatever it says.
func CheckVerification(key []byte, tok string, u User, actor *User, now time.Time) error {
	id, exp, mac, ok := splitUserToken(tok)
	if len(key) == 0 || !ok || id != u.ID {
		return badToken("this confirmation link is not valid")
	}
	if !hmac.Equal([]byte(mac), []byte(verificationMAC(key, u.ID, u.Email, exp))) {
		return badToken("this confirmation link is not valid, or is for an address the account no longer has")
	}
	if actor != nil && actor.ID != u.ID {
		return badToken("this confirmation link is for another account: sign out, or open it from that account")
	}
	if !now.Before(time.Unix(exp, 0)) {
		e := badToken("this confirmation link has expired: send a new one from your settings")
		e.Code = "token_expired"
		return e
	}
	return nil
}

// CanSendVerification decides whether another confirmation email may go to
// u at now, given when the last went and how many went in the past day.
func CanSendVerification(u *User, last time.Time, lastDay int, now time.Time) error {
	if u == nil {
		return Unauthorized("sign in first")
	}
	if u.Verified {
		return Conflict("already_verified", "your email address is already confirmed")
	}
	if (!last.IsZero() && now.Sub(last) < VerificationGap) || lastDay >= VerificationPerDay {
		return &Error{Kind: KindRateLimited, Code: "verification_too_soon", Message: "a confirmation email was sent a moment ago; check your inbox (and spam folder) before asking again"}
	}
	return nil
}

// CanSendToNewAddress is CanSendVerification for an address the account
// has just moved to: a new inbox, so no wait since the last link (which
// went to the old one), but the day's count holds, so that moving the
// address does not send links without end.
func CanSendToNewAddress(u *User, lastDay int, now time.Time) error {
	return CanSendVerification(u, time.Time{}, lastDay, now)
}

// Reports and moderation.

// ReportReason is why a fan reports an idea or a comment.
type ReportReason string

const (
	ReasonSpam      ReportReason = "spam"
	ReasonAbuse     ReportReason = "abuse"
	ReasonOffTopic  ReportReason = "off_topic"
	ReasonDuplicate ReportReason = "duplicate"
	ReasonOther     ReportReason = "other"
)

// ReportReasons in the order forms show them.
var ReportReasons = []ReportReason{ReasonSpam, ReasonAbuse, ReasonOffTopic, ReasonDuplicate, ReasonOther}

// MaxReportNote bounds a report's optional note, in characters.
const MaxReportNote = 500

// DefaultReportThreshold is how many distinct reporters hide an item at
// once when a challenge does not say (Decidim's figure).
const DefaultReportThreshold = 3

// ReportInput is what a fan sends with a report.
type ReportInput struct {
	Reason string `json:"reason"`
	Note   string `json:"note"`
}

// Validate checks a report, naming the bad field.
func (in ReportInput) Validate() (ReportReason, error) {
	r := ReportReason(strings.TrimSpace(in.Reason))
	found := false
	for _, ok := range ReportReasons {
		found = found || r == ok
	}
	if !found {
		return "", Invalid("reason", "invalid_reason", "reason must be spam, abuse, off_topic, duplicate or other")
	}
	if err := TextField("note", in.Note, 0, MaxReportNote); err != nil {
		return "", err
	}
	return r, nil
}

// ItemType is what kind of thing a report is about.
type ItemType string

const (
	ItemIdea    ItemType = "idea"
	ItemComment ItemType = "comment"
)

// ParseItemType reads the {type} of a moderation path.
func ParseItemType(s string) (ItemType, bool) {
	switch t := ItemType(s); t {
	case ItemIdea, ItemComment:
		return t, true
	}
	return "", false
}

// Reported is an item's moderation standing, as a report's transaction
// reads it: whether it is hidden now, whether it waits for a moderator, and
// how many of the distinct fans who reported it since the last decision
// had accounts that vouch for them (Vouches).
type Reported struct {
	Hidden  bool
	Open    bool
	Vouched int
}

// AutoHide says whether an item is hidden at once, after a report: when
// its reporters that vouch for themselves since the last decision reach
// the threshold, unless it is hidden already. A threshold of 0 never hides.
func AutoHide(r Reported, threshold int) bool {
	return threshold > 0 && !r.Hidden && r.Vouched >= threshold
}

// Limits on one account's reports (Discourse's flags a day): ReportsPerDay
// in any 24 hours reach the moderators, so that one account cannot bury
// their queue; of those, the first VouchedPerDay can count towards hiding
// an item at once, so that three accounts cannot hide a whole challenge
// before a moderator looks. Staff and moderators have neither limit.
const (
	ReportsPerDay = 30
	VouchedPerDay = 10
	// VouchAge is how old an account must be before its reports count
	// towards hiding at once: accounts made for an attack wait a day.
	VouchAge = 24 * time.Hour
	// ReportWindow is the span over which an account's reports are counted.
	ReportWindow = 24 * time.Hour
)

// CanReportMore refuses u's report when they already sent ReportsPerDay
// in the last ReportWindow (recent).
func CanReportMore(u *User, recent int) error {
	if u.IsStaff() || u.CanModerate() || recent < ReportsPerDay {
		return nil
	}
	return &Error{Kind: KindRateLimited, Code: "too_many_reports",
		Message: "you have sent many reports in the last 24 hours; the moderators will look at them, and you can report again later"}
}

// Vouches says whether u's report counts towards hiding an item at once,
// u having sent recent reports in the last ReportWindow: the brand's staff
// and moderators always; a fan when their email is confirmed, their
// account is VouchAge old and it is one of their first VouchedPerDay.
// Anyone's report reaches the moderators; without this, a few accounts
// made in a burst (sign-up allows ten an address) could hide any idea
// until a moderator looked.
func Vouches(u *User, now time.Time, recent int) bool {
	if u == nil {
		return false
	}
	if u.IsStaff() || u.CanModerate() {
		return true
	}
	return u.Verified && now.Sub(u.CreatedAt) >= VouchAge && recent < VouchedPerDay
}

// ModAction is a moderator's decision on an item.
type ModAction string

const (
	ActionHide    ModAction = "hide"    // hidden until someone restores it
	ActionRestore ModAction = "restore" // shown again
	ActionDismiss ModAction = "dismiss" // the reports are unfounded: shown, reports closed
)

// Decide checks a moderator's decision and says whether the item is hidden
// after it. Every decision closes the item's open reports and needs a
// reason, which the record keeps and a hidden item's author is told.
//
// Whether a moderator's own item (authorID) is shown again is someone
// else's decision: they may hide it, not restore it or dismiss its
// reports (DecidesOwn).
func Decide(actor *User, action string, reason string, hidden bool, authorID int64) (bool, error) {
	if actor == nil {
		return false, Unauthorized("sign in first")
	}
	if !actor.CanModerate() {
		return false, Forbidden("only moderators and admins can moderate")
	}
	if err := TextField("reason", reason, 1, MaxReasonLen); err != nil {
		return false, err
	}
	switch ModAction(action) {
	case ActionHide:
		return true, nil
	case ActionRestore:
		if !hidden {
			return false, Conflict("not_hidden", "this item is not hidden")
		}
		return false, ownDecision(actor, authorID)
	case ActionDismiss:
		return false, ownDecision(actor, authorID)
	}
	return false, Invalid("action", "invalid_action", "action must be hide, restore or dismiss")
}

// DecidesOwn says the item by authorID is the moderator u's own: they may
// not decide whether it is shown again (restore it, dismiss its reports);
// another moderator or an admin does. An admin, who answers for the whole
// installation and could name another moderator to do it, may (every
// decision is recorded with who and why).
func DecidesOwn(u *User, authorID int64) bool {
	return u != nil && !u.Has(RoleAdmin) && authorID != 0 && u.ID == authorID
}

// ownDecision refuses a decision on u's own item (DecidesOwn).
func ownDecision(u *User, authorID int64) error {
	if DecidesOwn(u, authorID) {
		return Conflict("own_item_decision", "another moderator decides whether what you wrote is shown again")
	}
	return nil
}

// CanReport decides whether u may report an item by author: any signed-in
// fan, not their own.
func CanReport(u *User, authorID int64) error {
	if u == nil {
		return Unauthorized("sign in to report")
	}
	if u.ID == authorID {
		return Conflict("own_item", "you cannot report what you wrote")
	}
	return nil
}

// SeesHidden says whether u may see a hidden item by author: moderators,
// admins and the author (who is told why, and can ask for a review).
func SeesHidden(u *User, authorID int64) bool {
	return u.CanModerate() || (u != nil && u.ID == authorID)
}

// CanAskReview decides whether u may ask moderators to look again at a
// hidden item by author: only its author, only while it is hidden, and
// not again while a request waits (pending).
func CanAskReview(u *User, authorID int64, hidden, pending bool, note string) error {
	if u == nil {
		return Unauthorized("sign in first")
	}
	if u.ID != authorID {
		return Forbidden("only its author can ask for a review")
	}
	if !hidden {
		return Conflict("not_hidden", "this item is not hidden")
	}
	if pending {
		return Conflict("review_pending", "you already asked for a review; a moderator will look at it")
	}
	return TextField("note", note, 0, MaxReportNote)
}
