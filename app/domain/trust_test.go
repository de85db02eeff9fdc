package domain

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestVerificationToken(t *testing.T) {
	key := []byte("installation key")
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	u := User{ID: 7, Email: "fan@x.cn"}
	other := User{ID: 8, Email: "other@x.cn"}
	good := VerificationToken(key, u.ID, u.Email, now.Add(VerificationTTL))
	parts := strings.Split(good, ".")
	for _, tc := range []struct {
		name  string
		tok   string
		u     User
		actor *User
		now   time.Time
		code  string // "" accepted
	}{
		{"genuine, signed out", good, u, nil, now, ""},
		{"genuine, signed in as its account", good, u, &u, now, ""},
		{"just before expiry", good, u, nil, now.Add(VerificationTTL - time.Second), ""},
		{"expired", good, u, nil, now.Add(VerificationTTL), "token_expired"},
		{"signed in as another account", good, u, &other, now, "invalid_token"},
		{"checked against another account", good, other, nil, now, "invalid_token"},
		{"address changed since", good, User{ID: 7, Email: "new@x.cn"}, nil, now, "invalid_token"},
		{"other key", VerificationToken([]byte("guess"), u.ID, u.Email, now.Add(time.Hour)), u, nil, now, "invalid_token"},
		{"expiry pushed back", parts[0] + "." + "9999999999" + "." + parts[2], u, nil, now, "invalid_token"},
		{"id changed", "8." + parts[1] + "." + parts[2], other, nil, now, "invalid_token"},
		{"garbage", "abc", u, nil, now, "invalid_token"},
		{"empty", "", u, nil, now, "invalid_token"},
	} {
		err := CheckVerification(key, tc.tok, tc.u, tc.actor, tc.now)
		if tc.code == "" {
			if err != nil {
				t.Errorf("%s: refused: %v", tc.name, err)
			}
			continue
		}
		e := AsError(err)
		if e == nil || e.Code != tc.code || e.Field != "token" || e.Kind != KindInvalid {
			t.Errorf("%s: got %v, want %s on field token", tc.name, err, tc.code)
		}
	}
	if _, err := VerificationUser("x.1.y"); err == nil {
		t.Error("a token without a numeric id was read")
	}
	if id, err := VerificationUser(good); err != nil || id != 7 {
		t.Errorf("VerificationUser = %d, %v", id, err)
	}
	if err := CheckVerification(nil, good, u, nil, now); err == nil {
		t.Error("a token was accepted without an installation key")
	}
}

func TestCanSendVerification(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	fresh := &User{ID: 1}
	for _, tc := range []struct {
		name    string
		u       *User
		last    time.Time
		lastDay int
		code    string
	}{
		{"first", fresh, time.Time{}, 0, ""},
		{"a minute later", fresh, now.Add(-VerificationGap), 1, ""},
		{"too soon", fresh, now.Add(-30 * time.Second), 1, "verification_too_soon"},
		{"too many today", fresh, now.Add(-time.Hour), VerificationPerDay, "verification_too_soon"},
		{"already confirmed", &User{ID: 1, Verified: true}, time.Time{}, 0, "already_verified"},
		{"visitor", nil, time.Time{}, 0, "unauthorized"},
	} {
		err := CanSendVerification(tc.u, tc.last, tc.lastDay, now)
		if got := code(err); got != tc.code {
			t.Errorf("%s: code %q, want %q", tc.name, got, tc.code)
		}
	}
}

func TestCanSendToNewAddress(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		u       *User
		lastDay int
		code    string
	}{
		{"a link went to the old address a moment ago", &User{ID: 1}, 1, ""},
		{"the day's last", &User{ID: 1}, VerificationPerDay - 1, ""},
		{"too many today", &User{ID: 1}, VerificationPerDay, "verification_too_soon"},
		{"visitor", nil, 0, "unauthorized"},
	} {
		if got := code(CanSendToNewAddress(tc.u, tc.lastDay, now)); got != tc.code {
			t.Errorf("%s: code %q, want %q", tc.name, got, tc.code)
		}
	}
}

func code(err error) string {
	if e := AsError(err); e != nil {
		return e.Code
	}
	if err != nil {
		return "?"
	}
	return ""
}

func TestCanVoteAs(t *testing.T) {
	open := Challenge{Rules: Rules{Voters: VotersSignedIn}}
	strict := Challenge{Rules: Rules{Voters: VotersVerified}}
	for _, tc := range []struct {
		name string
		u    *User
		c    Challenge
		code string
	}{
		{"unconfirmed, open challenge", &User{ID: 1}, open, ""},
		{"unconfirmed, old challenge without the field", &User{ID: 1}, Challenge{}, ""},
		{"confirmed, strict challenge", &User{ID: 1, Verified: true}, strict, ""},
		{"unconfirmed, strict challenge", &User{ID: 1}, strict, "verification_required"},
		{"visitor", nil, open, "unauthorized"},
	} {
		if got := code(CanVoteAs(tc.u, tc.c)); got != tc.code {
			t.Errorf("%s: code %q, want %q", tc.name, got, tc.code)
		}
	}
	if e := AsError(CanVoteAs(&User{}, strict)); e.Kind != KindForbidden {
		t.Errorf("verification_required is kind %v, want forbidden", e.Kind)
	}
	for _, v := range []string{"", "signed_in", "verified"} {
		if _, err := ParseVoters(v); err != nil {
			t.Errorf("ParseVoters(%q): %v", v, err)
		}
	}
	if e := AsError(func() error { _, err := ParseVoters("everyone"); return err }()); e == nil || e.Field != "voters" {
		t.Error("an unknown voters value was accepted")
	}
	for v, want := range map[string]Voters{"": VotersSignedIn, "signed_in": VotersSignedIn, "verified": VotersVerified} {
		if got, err := ParseSubmitters(v); err != nil || got != want {
			t.Errorf("ParseSubmitters(%q) = %q, %v; want %q", v, got, err, want)
		}
	}
	if e := AsError(func() error { _, err := ParseSubmitters("staff"); return err }()); e == nil || e.Field != "submitters" || e.Code != "invalid_submitters" {
		t.Errorf("an unknown submitters value: %v", e)
	}
	c := NewChallenge()
	c.Title, c.Submitters = "t", "everyone"
	if e := AsError(c.Validate()); e == nil || e.Field != "submitters" {
		t.Errorf("a challenge with submitters %q: %v", c.Submitters, e)
	}
}

func TestCanSuspend(t *testing.T) {
	admin := &User{ID: 1, Roles: []Role{RoleFan, RoleAdmin}}
	mod := &User{ID: 2, Roles: []Role{RoleFan, RoleModerator}}
	fan := User{ID: 3, Roles: []Role{RoleFan}}
	otherMod := User{ID: 4, Roles: []Role{RoleFan, RoleModerator}}
	for _, tc := range []struct {
		name    string
		actor   *User
		target  User
		suspend bool
		reason  string
		code    string
	}{
		{"admin suspends a fan", admin, fan, true, "spam ring", ""},
		{"moderator suspends a fan", mod, fan, true, "spam ring", ""},
		{"moderator reinstates a fan without a reason", mod, fan, false, "", ""},
		{"suspension needs a reason", admin, fan, true, "  ", "required"},
		{"moderator suspends a moderator", mod, otherMod, true, "x", "forbidden"},
		{"moderator suspends a judge", mod, User{ID: 5, Roles: []Role{RoleFan, RoleJudge}}, true, "x", "forbidden"},
		{"moderator suspends an engineer", mod, User{ID: 6, Roles: []Role{RoleFan, RoleEngineer}}, true, "x", "forbidden"},
		{"moderator reinstates a judge", mod, User{ID: 5, Roles: []Role{RoleFan, RoleJudge}}, false, "", "forbidden"},
		{"admin suspends a judge", admin, User{ID: 5, Roles: []Role{RoleFan, RoleJudge}}, true, "x", ""},
		{"moderator suspends an admin", mod, *admin, true, "x", "forbidden"},
		{"admin suspends a moderator", admin, otherMod, true, "x", ""},
		{"admin suspends themselves", admin, *admin, true, "x", "cannot_suspend_self"},
		{"fan suspends a fan", &fan, otherMod, true, "x", "forbidden"},
		{"reason too long", admin, fan, true, strings.Repeat("x", MaxReasonLen+1), "too_long"},
	} {
		if got := code(CanSuspend(tc.actor, tc.target, tc.suspend, tc.reason)); got != tc.code {
			t.Errorf("%s: code %q, want %q", tc.name, got, tc.code)
		}
	}
	if code(Active(User{Suspended: true})) != "suspended" || Active(User{}) != nil {
		t.Error("Active does not refuse exactly the suspended")
	}
}

func TestReportRules(t *testing.T) {
	for _, tc := range []struct {
		in   ReportInput
		code string
	}{
		{ReportInput{Reason: "spam"}, ""},
		{ReportInput{Reason: "off_topic", Note: "about fridges"}, ""},
		{ReportInput{Reason: "duplicate"}, ""},
		{ReportInput{Reason: "abuse"}, ""},
		{ReportInput{Reason: "other", Note: "…"}, ""},
		{ReportInput{Reason: "boring"}, "invalid_reason"},
		{ReportInput{Reason: ""}, "invalid_reason"},
		{ReportInput{Reason: "spam", Note: strings.Repeat("x", MaxReportNote+1)}, "too_long"},
	} {
		_, err := tc.in.Validate()
		if got := code(err); got != tc.code {
			t.Errorf("%+v: code %q, want %q", tc.in, got, tc.code)
		}
		if tc.code == "invalid_reason" && AsError(err).Field != "reason" {
			t.Errorf("%+v: field %q, want reason", tc.in, AsError(err).Field)
		}
	}
	for _, tc := range []struct {
		r         Reported
		threshold int
		hide      bool
	}{
		{Reported{Vouched: 2}, 3, false},
		{Reported{Vouched: 3}, 3, true},
		{Reported{Vouched: 4}, 3, true},
		{Reported{Vouched: 2}, 3, false}, // two vouch, however many did not
		{Reported{Vouched: 3}, 3, true},
		{Reported{Vouched: 3, Hidden: true}, 3, false}, // hidden already
		{Reported{Vouched: 1}, 1, true},
		{Reported{Vouched: 50}, 0, false}, // 0 never hides
	} {
		if got := AutoHide(tc.r, tc.threshold); got != tc.hide {
			t.Errorf("AutoHide(%+v, %d) = %v, want %v", tc.r, tc.threshold, got, tc.hide)
		}
	}
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	old, young := now.Add(-VouchAge), now.Add(-VouchAge+time.Second)
	for _, tc := range []struct {
		u       *User
		recent  int
		vouches bool
	}{
		{nil, 0, false},
		{&User{ID: 1, Roles: []Role{RoleFan}, CreatedAt: old}, 0, false},
		{&User{ID: 1, Roles: []Role{RoleFan}, Verified: true, CreatedAt: old}, 0, true},
		{&User{ID: 1, Roles: []Role{RoleFan}, Verified: true, CreatedAt: old}, VouchedPerDay - 1, true},
		{&User{ID: 1, Roles: []Role{RoleFan}, Verified: true, CreatedAt: old}, VouchedPerDay, false}, // the day's share spent
		{&User{ID: 1, Roles: []Role{RoleFan}, Verified: true, CreatedAt: young}, 0, false},           // a day old, less a second
		{&User{ID: 1, Roles: []Role{RoleFan, RoleJudge}, CreatedAt: old}, 0, false},
		{&User{ID: 1, Roles: []Role{RoleFan, RoleModerator}, CreatedAt: now}, VouchedPerDay * 9, true},
		{&User{ID: 1, Roles: []Role{RoleFan, RoleEngineer}, CreatedAt: now}, VouchedPerDay * 9, true},
		{&User{ID: 1, Roles: []Role{RoleFan, RoleAdmin}, CreatedAt: now}, VouchedPerDay * 9, true},
	} {
		if got := Vouches(tc.u, now, tc.recent); got != tc.vouches {
			t.Errorf("Vouches(%+v, %d) = %v, want %v", tc.u, tc.recent, got, tc.vouches)
		}
	}
	for _, tc := range []struct {
		u      *User
		recent int
		code   string
	}{
		{&User{ID: 1, Roles: []Role{RoleFan}, Verified: true}, 0, ""},
		{&User{ID: 1, Roles: []Role{RoleFan}, Verified: true}, ReportsPerDay - 1, ""},
		{&User{ID: 1, Roles: []Role{RoleFan}, Verified: true}, ReportsPerDay, "too_many_reports"},
		{&User{ID: 1, Roles: []Role{RoleFan, RoleModerator}}, ReportsPerDay * 5, ""},
		{&User{ID: 1, Roles: []Role{RoleFan, RoleEngineer}}, ReportsPerDay * 5, ""},
	} {
		if got := code(CanReportMore(tc.u, tc.recent)); got != tc.code {
			t.Errorf("CanReportMore(%+v, %d) = %q, want %q", tc.u, tc.recent, got, tc.code)
		}
	}
	if e := AsError(CanReportMore(&User{ID: 1}, ReportsPerDay)); e == nil || e.Kind != KindRateLimited {
		t.Errorf("a report past the day's limit is %v, want 429", e)
	}
	if code(CanReport(&User{ID: 1}, 1)) != "own_item" || CanReport(&User{ID: 1}, 2) != nil || code(CanReport(nil, 2)) != "unauthorized" {
		t.Error("CanReport")
	}
	mod := &User{ID: 9, Roles: []Role{RoleFan, RoleModerator}}
	if !SeesHidden(mod, 1) || !SeesHidden(&User{ID: 1}, 1) || SeesHidden(&User{ID: 2}, 1) || SeesHidden(nil, 1) {
		t.Error("SeesHidden")
	}
}

func TestDecide(t *testing.T) {
	mod := &User{ID: 9, Roles: []Role{RoleFan, RoleModerator}}
	admin := &User{ID: 1, Roles: []Role{RoleFan, RoleAdmin}}
	for _, tc := range []struct {
		actor      *User
		action     string
		reason     string
		hidden     bool
		author     int64
		wantHidden bool
		code       string
	}{
		{mod, "hide", "spam", false, 5, true, ""},
		{mod, "hide", "spam", true, 5, true, ""},
		{admin, "restore", "fine after all", true, 5, false, ""},
		{mod, "restore", "fine", false, 5, false, "not_hidden"},
		{mod, "dismiss", "reports unfounded", true, 5, false, ""},
		{mod, "dismiss", "reports unfounded", false, 5, false, ""},
		{mod, "hide", "", false, 5, false, "required"},
		{mod, "delete", "x", false, 5, false, "invalid_action"},
		{&User{ID: 3}, "hide", "x", false, 5, false, "forbidden"},
		{nil, "hide", "x", false, 5, false, "unauthorized"},
		// Their own item: they may hide it, not show it again.
		{mod, "hide", "mine, hidden", false, 9, true, ""},
		{mod, "hide", "mine, kept", true, 9, true, ""},
		{mod, "restore", "mine", true, 9, false, "own_item_decision"},
		{admin, "restore", "mine: an admin may", true, 1, false, ""},
		{admin, "dismiss", "mine: an admin may", false, 1, false, ""},
		{mod, "dismiss", "mine", false, 9, false, "own_item_decision"},
		{mod, "dismiss", "mine", true, 9, false, "own_item_decision"},
		{mod, "restore", "no author on record", true, 0, false, ""},
	} {
		got, err := Decide(tc.actor, tc.action, tc.reason, tc.hidden, tc.author)
		if c := code(err); c != tc.code {
			t.Errorf("%s (hidden %v, author %d): code %q, want %q", tc.action, tc.hidden, tc.author, c, tc.code)
			continue
		}
		if err == nil && got != tc.wantHidden {
			t.Errorf("%s (hidden %v): hidden after = %v, want %v", tc.action, tc.hidden, got, tc.wantHidden)
		}
	}
}

func TestCanAskReview(t *testing.T) {
	author := &User{ID: 5}
	for _, tc := range []struct {
		u       *User
		hidden  bool
		pending bool
		note    string
		code    string
	}{
		{author, true, false, "please look again", ""},
		{author, true, false, "", ""},
		{author, true, true, "again", "review_pending"},
		{author, false, false, "", "not_hidden"},
		{&User{ID: 6}, true, false, "", "forbidden"},
		{&User{ID: 6, Roles: []Role{RoleFan, RoleModerator}}, true, false, "", "forbidden"},
		{nil, true, false, "", "unauthorized"},
		{author, true, false, strings.Repeat("x", MaxReportNote+1), "too_long"},
	} {
		if got := code(CanAskReview(tc.u, 5, tc.hidden, tc.pending, tc.note)); got != tc.code {
			t.Errorf("%+v hidden %v: code %q, want %q", tc.u, tc.hidden, got, tc.code)
		}
	}
}

func TestAwaitsConfirmation(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{CanVoteAs(&User{ID: 1}, Challenge{Rules: Rules{Voters: VotersVerified}}), true},
		{&Error{Kind: KindForbidden, Code: "verification_required_submit"}, true},
		{&Error{Kind: KindForbidden, Code: "verification_required_rsvp"}, true},
		{&Error{Kind: KindForbidden, Code: "verification_required_club_request"}, true},
		{fmt.Errorf("wrapped: %w", &Error{Kind: KindForbidden, Code: "verification_required"}), true},
		{&Error{Kind: KindConflict, Code: "verification_required"}, false}, // not a refusal of who they are
		{&Error{Kind: KindForbidden, Code: "verification_required_other"}, false},
		{Forbidden("only the author can edit this idea"), false},
		{Conflict("voting_closed", "voting is closed"), false},
		{CanVoteAs(nil, Challenge{Rules: Rules{Voters: VotersVerified}}), false}, // a visitor signs in first
		{nil, false},
	} {
		if got := AwaitsConfirmation(tc.err); got != tc.want {
			t.Errorf("AwaitsConfirmation(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
