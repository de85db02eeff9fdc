package people

import (
	"strconv"
	"strings"

	"cocreate/app/domain"
)

// MaxClubRequests is how many cities one fan may have asked a club for at
// once (requests still open: a city's go when its club opens, or when the
// fan takes one back). A fan lives in one city, perhaps works in another
// and has family in a third; more is one person trying to look like many
// cities' demand, and each open request is a row every count reads.
const MaxClubRequests = 3

// ClubRequestInput is a fan asking for a club in a city: their profile's
// city when they give none (the service fills it).
type ClubRequestInput struct {
	City string `json:"city"`
}

// Normalize trims the city, as ClubInput's.
func (r *ClubRequestInput) Normalize() { r.City = strings.TrimSpace(r.City) }

// Validate holds the city to the rule of a club's (ClubInput.Validate):
// one line of 1 to MaxCity characters; the error names the field, city.
func (r ClubRequestInput) Validate() error { return oneLine("city", r.City, 1, MaxCity) }

// CanAskForClub is the rule for asking for a club in a city: signed in,
// from a confirmed account (a count of askers is a count of people only if
// throwaway accounts, free by the dozen, do not add to it: the rule of
// answering a meetup, CanRSVP); never for a city that has its club
// (clubName: that club's name, the refusal points at it); and no more
// than MaxClubRequests cities open at once (open: the fan's, not counting
// this city's, which asking again leaves as it is).
func CanAskForClub(u *domain.User, hasClub bool, clubName string, open int) error {
	if u == nil {
		return domain.Unauthorized("sign in first")
	}
	if !u.Verified {
		return &domain.Error{Kind: domain.KindForbidden, Code: "verification_required_club_request",
			Message: "only confirmed accounts ask for a club: open the link in the email we sent you (or send a new one from your settings), then ask again"}
	}
	if hasClub {
		return &domain.Error{Kind: domain.KindConflict, Code: "city_has_club", Field: "city", Args: []any{clubName},
			Message: "this city has a club already: “" + clubName + "”; join it on /clubs"}
	}
	if open >= MaxClubRequests {
		return &domain.Error{Kind: domain.KindConflict, Code: "too_many_club_requests", Field: "city",
			Message: "you have asked for clubs in 3 cities already: take one of those requests back first"}
	}
	return nil
}

// NoticeClubOpened tells a fan who asked for a club in a city that it is
// open (domain.NoticeClubOpened).
const NoticeClubOpened = domain.NoticeClubOpened

// ClubLink points at a club's page.
func ClubLink(id int64) string { return "/clubs/" + strconv.FormatInt(id, 10) }

// ClubOpenedNotices tell each fan who asked for the club's city that it
// opened, once each.
func ClubOpenedNotices(clubID int64, name, city string, askers []int64) []domain.Outgoing {
	var out []domain.Outgoing
	seen := map[int64]bool{}
	for _, id := range askers {
		if id != 0 && !seen[id] {
			seen[id] = true
			out = append(out, domain.Outgoing{To: id, Kind: NoticeClubOpened, URL: ClubLink(clubID), Args: []string{name, city}})
		}
	}
	return out
}
