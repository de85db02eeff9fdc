package people

import (
	"strings"

	"cocreate/app/domain"
)

// MayNameOrganisers says who names a club's organisers, or takes the role
// back: admins, who found the clubs, and moderators, who look after the
// community and are the ones told when a club is left without one
// (session 53).
func MayNameOrganisers(u *domain.User) bool {
	return u != nil && (u.Has(domain.RoleAdmin) || u.Has(domain.RoleModerator))
}

// MayNameOrganiser checks one naming (on) or removal by actor, whom
// MayNameOrganisers admits, of target: a suspended member is not named
// (409 suspended: they could not run it, and the club would still need
// one); a moderator does not name themselves (400 self_organiser at
// user_id: the one who looks after the clubs hands none to themselves
// unseen — an admin or another moderator names them). Stepping down is
// anyone's.
func MayNameOrganiser(actor *domain.User, target domain.User, on bool) error {
	if !on {
		return nil
	}
	if target.Suspended {
		return domain.Conflict("suspended", "a suspended member cannot be named an organiser")
	}
	if actor != nil && actor.ID == target.ID && !actor.Has(domain.RoleAdmin) {
		return domain.Invalid("user_id", "self_organiser", "a moderator does not name themselves an organiser: an admin or another moderator does")
	}
	return nil
}

// OrganiserReason checks the reason given for naming or removing an
// organiser, and returns it trimmed: a moderator gives one (the member is
// told it, as a suspended fan is told theirs); an admin may leave it out,
// as before session 53. At most domain.MaxReasonLen characters.
func OrganiserReason(u *domain.User, reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	min := 1
	if u != nil && u.Has(domain.RoleAdmin) {
		min = 0
	}
	if err := domain.TextField("reason", reason, min, domain.MaxReasonLen); err != nil {
		return "", err
	}
	return reason, nil
}

// OrganiserNotices tell the member made an organiser of a club (on), or
// no longer one, with the reason given: the notice is where the reason is
// kept for them. Without a reason (an admin's act, as before session 53)
// nothing is told, nor when they did it to themselves.
func OrganiserNotices(clubID int64, name string, userID, actorID int64, on bool, reason string) []domain.Outgoing {
	if userID == actorID || reason == "" {
		return nil
	}
	kind := domain.NoticeOrganiserRemoved
	if on {
		kind = domain.NoticeOrganiserNamed
	}
	return []domain.Outgoing{{To: userID, Kind: kind, URL: ClubLink(clubID), Args: []string{name, reason}}}
}

// OrphanedNotices tell the staff (admins and moderators who can act) that
// a club lost its last organiser, once each, except the person whose act
// did it (actorID; 0 when the organiser left or deleted their own
// account), who knows: they see it on the club and the moderation pages.
func OrphanedNotices(clubID int64, name, city string, staff []int64, actorID int64) []domain.Outgoing {
	var out []domain.Outgoing
	seen := map[int64]bool{}
	for _, id := range staff {
		if id != 0 && id != actorID && !seen[id] {
			seen[id] = true
			out = append(out, domain.Outgoing{To: id, Kind: domain.NoticeClubOrphaned, URL: ClubLink(clubID), Args: []string{name, city}})
		}
	}
	return out
}

// LeftWithoutOrganiser says whether the write that ends a member's
// organiser role (leaving, removed, the account suspended or deleted)
// leaves the club without an organiser who can act: they were one (acts)
// and no other is (others, counted as NeedsOrganiser counts). A club
// already without one (a suspended organiser deleted later) is not: it
// was told when it lost its last (session 54: the store reads the counts,
// this decides).
func LeftWithoutOrganiser(acts bool, others int) bool { return acts && NeedsOrganiser(others) }

// OrphanWatchers are, of candidates (the accounts holding a granted
// role), the staff told that a club lost its last organiser: those who
// name organisers (MayNameOrganisers) and can act, neither suspended nor
// deleted; once each, in the order given (session 54: the store reads
// the candidates, this decides).
func OrphanWatchers(candidates []domain.User) []int64 {
	var out []int64
	seen := map[int64]bool{}
	for i := range candidates {
		u := &candidates[i]
		if MayNameOrganisers(u) && !u.Suspended && !u.Deleted && !seen[u.ID] {
			seen[u.ID] = true
			out = append(out, u.ID)
		}
	}
	return out
}
