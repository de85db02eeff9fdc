package domain

import (
	"reflect"
	"testing"
)

func init() {
	emailGroupOf[NoticeInvited] = EmailAccount
	emailGroupOf[NoticeRoleGranted] = EmailAccount
	emailGroupOf[NoticeRoleRemoved] = EmailAccount
}

func TestStaff50InviteCheck(t *testing.T) {
	langs := []string{"en", "zh"}
	for _, tc := range []struct {
		name      string
		in        Invite
		want      []Role
		field     string
		code      string
		email, nm string
	}{
		{"a judge", Invite{Email: " Li@Brand.CN ", Name: " 李评委 ", Roles: []string{"judge"}, Locale: "zh"}, []Role{RoleJudge}, "", "", "li@brand.cn", "李评委"},
		{"two roles, repeated, out of order", Invite{Email: "a@b.cn", Name: "A", Roles: []string{"moderator", "judge", "judge", "fan"}}, []Role{RoleJudge, RoleModerator}, "", "", "a@b.cn", "A"},
		{"no role", Invite{Email: "a@b.cn", Name: "A"}, nil, "roles", "role_required", "", ""},
		{"fan alone", Invite{Email: "a@b.cn", Name: "A", Roles: []string{"fan"}}, nil, "roles", "role_required", "", ""},
		{"a role there is not", Invite{Email: "a@b.cn", Name: "A", Roles: []string{"judge", "boss"}}, nil, "roles[1]", "invalid_role", "", ""},
		{"no address", Invite{Name: "A", Roles: []string{"judge"}}, nil, "email", "required", "", ""},
		{"a bad address", Invite{Email: "李@", Name: "A", Roles: []string{"judge"}}, nil, "email", "invalid_email", "", ""},
		{"no name", Invite{Email: "a@b.cn", Name: "  ", Roles: []string{"judge"}}, nil, "name", "", "", ""},
		{"a language there is not", Invite{Email: "a@b.cn", Name: "A", Roles: []string{"judge"}, Locale: "fr"}, nil, "locale", "invalid_lang", "", ""},
	} {
		in := tc.in
		got, err := in.Check(langs)
		if tc.field != "" {
			e := AsError(err)
			if e == nil || e.Field != tc.field || (tc.code != "" && e.Code != tc.code) {
				t.Errorf("%s: %v, want field %s code %s", tc.name, err, tc.field, tc.code)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) || in.Email != tc.email || in.Name != tc.nm {
			t.Errorf("%s: %v %v (%q %q), want %v", tc.name, got, err, in.Email, in.Name, tc.want)
		}
	}
}

func TestStaff50RoleChangeNotices(t *testing.T) {
	for _, tc := range []struct {
		name          string
		before, after []Role
		want          []Outgoing
	}{
		{"judge given", []Role{RoleFan}, []Role{RoleFan, RoleJudge},
			[]Outgoing{{To: 7, Kind: NoticeRoleGranted, URL: "/judging", Args: []string{"role.judge"}}}},
		{"moderator swapped for engineer", []Role{RoleFan, RoleModerator}, []Role{RoleEngineer},
			[]Outgoing{{To: 7, Kind: NoticeRoleGranted, URL: "/triage", Args: []string{"role.engineer"}},
				{To: 7, Kind: NoticeRoleRemoved, URL: "/", Args: []string{"role.moderator"}}}},
		{"admin taken", []Role{RoleFan, RoleAdmin, RoleJudge}, []Role{RoleFan, RoleJudge},
			[]Outgoing{{To: 7, Kind: NoticeRoleRemoved, URL: "/", Args: []string{"role.admin"}}}},
		{"the same saved again", []Role{RoleFan, RoleJudge}, []Role{RoleJudge}, nil},
	} {
		if got := RoleChangeNotices(7, tc.before, tc.after); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
		if changed := RolesChanged(tc.before, tc.after); changed != (tc.want != nil) {
			t.Errorf("%s: changed %v", tc.name, changed)
		}
	}
}

func TestStaff50StaffHome(t *testing.T) {
	for _, tc := range []struct {
		roles []Role
		want  string
	}{
		{nil, "/"},
		{[]Role{RoleFan}, "/"},
		{[]Role{RoleFan, RoleJudge}, "/judging"},
		{[]Role{RoleEngineer, RoleModerator}, "/moderation"},
		{[]Role{RoleEngineer}, "/triage"},
		{[]Role{RoleJudge, RoleAdmin}, "/admin/users"},
	} {
		if got := StaffHome(tc.roles); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.roles, got, tc.want)
		}
	}
}

func TestStaff50InvitationsAreMailedWhateverTheChoices(t *testing.T) {
	if !MailsFor(NoticeInvited, false, EmailGroups) {
		t.Error("an invitation's email is its only way in: it goes whatever the choices")
	}
	if MailsFor(NoticeRoleGranted, false, nil) || !MailsFor(NoticeRoleGranted, true, EmailGroups) {
		t.Error("a role's notice is mailed while emails are on, as the account's own news")
	}
	got := InviteNotices(3, 9, "张三", []Role{RoleJudge, RoleEngineer})
	want := []Outgoing{{To: 3, Kind: NoticeInvited, URL: "/password/reset?id=9", Args: []string{"张三", "role.judge,role.engineer"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%+v, want %+v", got, want)
	}
}
