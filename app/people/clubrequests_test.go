package people

import (
	"strings"
	"testing"

	"cocreate/app/domain"
)

// A requested city is held to a club's city rule: trimmed, one line, 1 to
// MaxCity characters, the refusal naming city.
func TestClubRequestInputValidate(t *testing.T) {
	for _, c := range []struct {
		name, city, want, code string
	}{
		{"plain", "青岛", "青岛", ""},
		{"trimmed", "  Qingdao \t", "Qingdao", ""},
		{"empty", "", "", "required"},
		{"spaces only", "   ", "", "required"},
		{"two lines", "青岛\n济南", "青岛\n济南", "control_character"},
		{"at the limit", strings.Repeat("岛", MaxCity), strings.Repeat("岛", MaxCity), ""},
		{"past the limit", strings.Repeat("岛", MaxCity+1), strings.Repeat("岛", MaxCity+1), "too_long"},
	} {
		in := ClubRequestInput{City: c.city}
		in.Normalize()
		if in.City != c.want {
			t.Errorf("%s: normalised %q, want %q", c.name, in.City, c.want)
		}
		err := domain.AsError(in.Validate())
		// The club form's rule gives the same answer for the same city.
		club := ClubInput{City: c.city, Name: "x"}
		club.Normalize()
		clubErr := domain.AsError(club.Validate())
		switch {
		case c.code == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.code != "" && (err == nil || err.Field != "city"):
			t.Errorf("%s: %v, want a refusal naming city", c.name, err)
		case c.code != "" && err.Code != c.code && !(c.code == "required" && err.Code != ""):
			t.Errorf("%s: code %s, want %s", c.name, err.Code, c.code)
		}
		if (err == nil) != (clubErr == nil) || (err != nil && err.Code != clubErr.Code) {
			t.Errorf("%s: request %v, club %v: not the same rule", c.name, err, clubErr)
		}
	}
}

func TestCanAskForClub(t *testing.T) {
	confirmed := &domain.User{ID: 1, Verified: true}
	unconfirmed := &domain.User{ID: 2}
	for _, c := range []struct {
		name    string
		u       *domain.User
		hasClub bool
		open    int
		code    string
	}{
		{"visitor", nil, false, 0, "unauthorized"},
		{"unconfirmed account", unconfirmed, false, 0, "verification_required_club_request"},
		{"confirmed, first city", confirmed, false, 0, ""},
		{"confirmed, third city", confirmed, false, MaxClubRequests - 1, ""},
		{"confirmed, a fourth city", confirmed, false, MaxClubRequests, "too_many_club_requests"},
		{"city has its club", confirmed, true, 0, "city_has_club"},
		{"unconfirmed, city has its club", unconfirmed, true, 0, "verification_required_club_request"},
	} {
		err := domain.AsError(CanAskForClub(c.u, c.hasClub, "青岛同城会", c.open))
		switch {
		case c.code == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.code != "" && (err == nil || err.Code != c.code):
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
	// The refusal for a city with its club names the club.
	err := domain.AsError(CanAskForClub(confirmed, true, "青岛同城会", 0))
	if err.Field != "city" || len(err.Args) != 1 || err.Args[0] != "青岛同城会" || !strings.Contains(err.Message, "青岛同城会") {
		t.Errorf("city_has_club %+v: want field city and the club's name", err)
	}
}

func TestClubOpenedNotices(t *testing.T) {
	out := ClubOpenedNotices(7, "青岛同城会", "青岛", []int64{3, 0, 5, 3})
	if len(out) != 2 || out[0].To != 3 || out[1].To != 5 {
		t.Fatalf("notices %+v: want one each to 3 and 5", out)
	}
	for _, o := range out {
		if o.Kind != NoticeClubOpened || o.URL != "/clubs/7" || len(o.Args) != 2 || o.Args[0] != "青岛同城会" || o.Args[1] != "青岛" {
			t.Errorf("notice %+v", o)
		}
	}
	if ClubOpenedNotices(7, "x", "y", nil) != nil {
		t.Error("no askers, no notices")
	}
}
