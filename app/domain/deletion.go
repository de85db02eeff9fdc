package domain

import (
	"fmt"
	"time"
)

// Deleting one's own account (session 50; PIPL art. 47, Decidim's "Delete
// my account"). The account's personal data is erased in one write and
// its row stays, so that what others built on (ideas, comments, project
// credits) keeps an author, shown as a deleted user in each language.

// DeletedEmail is the address a deleted account keeps in place of its own:
// unique to the account, and no address at all (no "@"), so that no one
// signs in with it, no mail goes to it (the worker refuses it), no one signs
// up with it, and the person's own address is free for a new account.
func DeletedEmail(userID int64) string { return fmt.Sprintf("deleted-%d.invalid", userID) }

// CanDeleteAccount says whether u may delete their account as the write
// reads it: not one deleted already (not found, as any request of it),
// not a suspended one (a suspended account's requests are refused anyway;
// a suspension would otherwise be escaped by deleting the account that
// was its subject: an admin deletes it on the person's written request).
// The last admin is refused by KeepsAnAdmin after the roles are gone.
func CanDeleteAccount(u User) error {
	if u.Deleted {
		return NotFound("user")
	}
	if u.Suspended {
		return Suspended()
	}
	return nil
}

// CanDeleteForOwner decides whether actor, an admin, may delete u's
// account on its owner's request (a written request, a PIPL erasure the
// person cannot make themselves: a lost mailbox, a suspended account), as
// the write reads u: admins only; not their own (their settings' deletion
// asks for their password); not one deleted already. The admin types the
// account's address (email) as it is, so a wrong row is never erased, and
// a reason (kept in the suspensions' log, with who deleted it). A
// suspended account may be deleted so: the suspension's record stays.
func CanDeleteForOwner(actor *User, u User, email, reason string) error {
	if actor == nil || !actor.Has(RoleAdmin) {
		return Forbidden("only admins delete another person's account")
	}
	if u.Deleted {
		return NotFound("user")
	}
	if u.ID == actor.ID {
		return Invalid("user", "own_account", "delete your own account from your settings, with your password")
	}
	if NormalEmail(email) == "" {
		return Invalid("email", "required", "type the account's email address to confirm")
	}
	if NormalEmail(email) != NormalEmail(u.Email) {
		return Invalid("email", "email_mismatch", "this is not the account's email address: check the row you chose")
	}
	return TextField("reason", reason, 1, MaxReasonLen)
}

// WithdrawnOnDeletion says whether a deleted account's votes, ratings,
// pair answers and buying intents in challenge c are withdrawn (true) or
// kept as cast: withdrawn exactly while the person could still withdraw
// them themselves (the vote is open, VotingOpen). Once the vote has closed
// the brand judges, shortlists and plans production runs on those tallies,
// and published results never change. A suspension withdraws by the same
// rule.
func WithdrawnOnDeletion(c Challenge, now time.Time) bool { return c.VotingOpen(now) }

// KeepsProjectsRun refuses to delete the account of the engineer who
// still runs projects (not shelved: one shelved waits for no one): their
// testers' reports and the fans following would be answered by no one.
// They hand the projects over first, as a change of their roles asks
// (workflow.KeepsOwner).
func KeepsProjectsRun(projects int) error {
	if projects == 0 {
		return nil
	}
	e := Conflict("projects_to_hand_over", fmt.Sprintf("you run %d projects: hand them to another engineer on each project's page, then delete the account", projects))
	e.Args = []any{projects}
	return e
}

// OwnerRunsProjects is KeepsProjectsRun for an admin deleting another
// person's account: the same refusal, said of that person.
func OwnerRunsProjects(projects int) error {
	if projects == 0 {
		return nil
	}
	e := Conflict("runs_projects", fmt.Sprintf("this person runs %d projects: hand each to another engineer on its page (their projects list), then delete the account", projects))
	e.Args = []any{projects}
	return e
}

// CanGrantRoles decides whether an admin may give u the roles roles: not
// to a deleted account (not found, as any request of it), and a staff role
// (any but fan) newly only to an account whose address is confirmed.
// Whoever signed up with someone else's address (judge@brand.cn, before
// the brand's admin invited it) knows its password: made an admin they
// would hold the site, a moderator would hide what fans wrote, an engineer
// would write the brand's official replies, a judge would score ideas.
// Roles already held are kept (taking some away from an unconfirmed
// staffer, or saving the same roles, is no grant). The invitation (POST
// /api/v1/users/invite) proves the mailbox and takes such an account over.
func CanGrantRoles(u User, roles []Role) error {
	if u.Deleted {
		return NotFound("user")
	}
	if u.Verified {
		return nil
	}
	for _, r := range roles {
		if !u.Has(r) { // every account holds fan already
			e := Conflict("account_unconfirmed", "this account's email address is not confirmed: invite the person instead (the invitation proves the mailbox), or wait until they confirm it before giving a staff role")
			e.Field = "roles"
			return e
		}
	}
	return nil
}

// Present refuses a deleted account as a request of it is refused (not
// found): what an admin does to a person (a badge, roles, a suspension)
// has no one to go to once the person deleted their account.
func Present(u User) error {
	if u.Deleted {
		return NotFound("user")
	}
	return nil
}
