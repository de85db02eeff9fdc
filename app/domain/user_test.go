package domain

import (
	"slices"
	"strings"
	"testing"
)

func TestParseRole(t *testing.T) {
	tests := []struct {
		in     string
		want   Role
		wantOK bool
	}{
		{"fan", RoleFan, true},
		{"judge", RoleJudge, true},
		{"engineer", RoleEngineer, true},
		{"admin", RoleAdmin, true},
		{"", "", false},
		{"Admin", "", false},
		{"ADMIN", "", false},
		{" admin", "", false},
		{"organiser", "", false},
		{"visitor", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseRole(tt.in)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("ParseRole(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestKeepsAnAdmin(t *testing.T) {
	for _, tc := range []struct {
		admins int
		ok     bool
	}{{-1, false}, {0, false}, {1, true}, {2, true}} {
		err := KeepsAnAdmin(tc.admins)
		if e := AsError(err); tc.ok != (err == nil) || (!tc.ok && (e == nil || e.Code != "last_admin" || e.Kind != KindConflict)) {
			t.Errorf("KeepsAnAdmin(%d) = %v", tc.admins, err)
		}
	}
}

func TestGrantableRoles(t *testing.T) {
	if slices.Contains(GrantableRoles, RoleFan) {
		t.Errorf("GrantableRoles %v contains fan, which every user holds implicitly", GrantableRoles)
	}
	for _, r := range []Role{RoleJudge, RoleEngineer, RoleAdmin} {
		if !slices.Contains(GrantableRoles, r) {
			t.Errorf("GrantableRoles %v lacks %q", GrantableRoles, r)
		}
	}
}

func TestUserHas(t *testing.T) {
	plain := &User{ID: 1}
	judge := &User{ID: 2, Roles: []Role{RoleFan, RoleJudge}}
	engineer := &User{ID: 3, Roles: []Role{RoleEngineer}}
	admin := &User{ID: 4, Roles: []Role{RoleFan, RoleAdmin}}
	tests := []struct {
		name string
		u    *User
		r    Role
		want bool
	}{
		{"visitor is not a fan", nil, RoleFan, false},
		{"visitor is not an admin", nil, RoleAdmin, false},
		{"visitor is not a judge", nil, RoleJudge, false},
		{"user without roles is a fan", plain, RoleFan, true},
		{"user without roles is not a judge", plain, RoleJudge, false},
		{"user without roles is not an admin", plain, RoleAdmin, false},
		{"judge is a judge", judge, RoleJudge, true},
		{"judge is a fan", judge, RoleFan, true},
		{"judge is not an engineer", judge, RoleEngineer, false},
		{"engineer is a fan without listing it", engineer, RoleFan, true},
		{"engineer is an engineer", engineer, RoleEngineer, true},
		{"engineer is not an admin", engineer, RoleAdmin, false},
		{"admin is an admin", admin, RoleAdmin, true},
		{"admin is not implicitly a judge", admin, RoleJudge, false},
		{"unknown role", admin, Role("owner"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.u.Has(tt.r); got != tt.want {
				t.Errorf("Has(%q) = %v, want %v", tt.r, got, tt.want)
			}
		})
	}
}

func TestUserIsStaff(t *testing.T) {
	tests := []struct {
		name string
		u    *User
		want bool
	}{
		{"visitor", nil, false},
		{"fan", &User{ID: 1, Roles: []Role{RoleFan}}, false},
		{"judge", &User{ID: 2, Roles: []Role{RoleJudge}}, false},
		{"engineer", &User{ID: 3, Roles: []Role{RoleEngineer}}, true},
		{"admin", &User{ID: 4, Roles: []Role{RoleAdmin}}, true},
		{"judge and engineer", &User{ID: 5, Roles: []Role{RoleJudge, RoleEngineer}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.u.IsStaff(); got != tt.want {
				t.Errorf("IsStaff() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSignUpNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   SignUp
		want SignUp
	}{
		{
			"email trimmed and lowercased",
			SignUp{Email: "  Bob@Example.COM \n", Name: "Bob", Password: "pass-word-9z"},
			SignUp{Email: "bob@example.com", Name: "Bob", Password: "pass-word-9z"},
		},
		{
			"name trimmed, inner spaces kept",
			SignUp{Email: "a@b.cn", Name: " \u3000Li  Wei\t", Password: "pass-word-9z"},
			SignUp{Email: "a@b.cn", Name: "Li  Wei", Password: "pass-word-9z"},
		},
		{
			"password left exactly as typed",
			SignUp{Email: "a@b.cn", Name: "小明", Password: "  Secret Pass  "},
			SignUp{Email: "a@b.cn", Name: "小明", Password: "  Secret Pass  "},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in
			got.Normalize()
			if got != tt.want {
				t.Errorf("Normalize(%+v) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestSignUpValidate(t *testing.T) {
	valid := SignUp{Email: "maker@haier.example.com", Name: "海尔创客", Password: "correct horse"}
	with := func(f func(*SignUp)) SignUp {
		s := valid
		f(&s)
		return s
	}
	tests := []struct {
		name string
		in   SignUp
		want wantErr
	}{
		{"valid", valid, noErr},
		{"uppercase email is fine once normalized", with(func(s *SignUp) { s.Email = "  Maker@Haier.COM " }), noErr},

		{"email missing", with(func(s *SignUp) { s.Email = "" }), invalid("email", "required")},
		{"email only spaces", with(func(s *SignUp) { s.Email = "   " }), invalid("email", "required")},
		{"email without at", with(func(s *SignUp) { s.Email = "maker.haier.com" }), invalid("email", "invalid_email")},
		{"email with display name", with(func(s *SignUp) { s.Email = "Bob <bob@example.com>" }), invalid("email", "invalid_email")},
		{"email with display name and no spaces", with(func(s *SignUp) { s.Email = "<bob@example.com>" }), invalid("email", "invalid_email")},
		{"email domain without dot", with(func(s *SignUp) { s.Email = "bob@localhost" }), invalid("email", "invalid_email")},
		{"dot only in local part", with(func(s *SignUp) { s.Email = "bob.smith@localhost" }), invalid("email", "invalid_email")},
		{"two at signs", with(func(s *SignUp) { s.Email = "bob@@example.com" }), invalid("email", "invalid_email")},
		{"two addresses", with(func(s *SignUp) { s.Email = "a@example.com, b@example.com" }), invalid("email", "invalid_email")},
		{"email 254 bytes", with(func(s *SignUp) { s.Email = strings.Repeat("a", 242) + "@example.com" }), noErr},
		{"email 255 bytes", with(func(s *SignUp) { s.Email = strings.Repeat("a", 243) + "@example.com" }), invalid("email", "too_long")},

		{"name missing", with(func(s *SignUp) { s.Name = "" }), invalid("name", "required")},
		{"name only spaces", with(func(s *SignUp) { s.Name = "   " }), invalid("name", "required")},
		{"name 60 Chinese characters", with(func(s *SignUp) { s.Name = strings.Repeat("创", 60) }), noErr},
		{"name 61 characters", with(func(s *SignUp) { s.Name = strings.Repeat("创", 61) }), invalid("name", "too_long")},
		{"name with control character", with(func(s *SignUp) { s.Name = "Bob\x00" }), invalid("name", "control_character")},

		{"password missing", with(func(s *SignUp) { s.Password = "" }), invalid("password", "required")},
		{"password 7 characters", with(func(s *SignUp) { s.Password = "1234567" }), invalid("password", "password_too_short")},
		{"password 8 characters", with(func(s *SignUp) { s.Password = "1234-567" }), noErr},
		{"password 8 digits in a row", with(func(s *SignUp) { s.Password = "12345678" }), invalid("password", "password_too_common")},
		{"password 8 letters, 4 of them with a combining accent", with(func(s *SignUp) { s.Password = "ka\u0301ze\u0301mi\u0301lo\u0301" }), noErr},
		{"password 4 letters with combining accents (8 code points)", with(func(s *SignUp) { s.Password = "a\u0301e\u0301i\u0301o\u0301" }), invalid("password", "password_too_short")},
		{"password 8 Chinese characters", with(func(s *SignUp) { s.Password = "二次污染洗衣机器" }), noErr},
		{"password 7 Chinese characters (21 bytes)", with(func(s *SignUp) { s.Password = "二次污染洗衣机" }), invalid("password", "password_too_short")},
		{"password 256 characters", with(func(s *SignUp) { s.Password = strings.Repeat("密码", 127) + "洗衣" }), noErr},
		{"password 257 characters", with(func(s *SignUp) { s.Password = strings.Repeat("p", 257) }), invalid("password", "too_long")},
		{"password invalid UTF-8", with(func(s *SignUp) { s.Password = "password\xff" }), invalid("password", "invalid_utf8")},

		{"first bad field named: email before name", SignUp{Email: "nope", Name: "", Password: ""}, invalid("email", "invalid_email")},
		{"first bad field named: name before password", with(func(s *SignUp) { s.Name = ""; s.Password = "short" }), invalid("name", "required")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.in
			s.Normalize()
			checkErr(t, s.Validate(), tt.want)
		})
	}
}

func TestValidEmailWithoutNormalize(t *testing.T) {
	// ValidEmail checks the address as given: case is not an error, but stray
	// spaces are, so callers Normalize first.
	checkErr(t, ValidEmail("Bob@Example.com"), noErr)
	checkErr(t, ValidEmail(" bob@example.com"), invalid("email", "invalid_email"))
}

func TestCanChangeEmail(t *testing.T) {
	u := &User{ID: 1, Email: "li@fans.cn"}
	for _, tc := range []struct {
		u     *User
		email string
		code  string
	}{
		{u, "li.na@fans.cn", ""},
		{u, NormalEmail("  LI.NA@Fans.CN "), ""},
		{u, "li@fans.cn", "same_email"},
		{u, "", "required"},
		{u, "li@fans", "invalid_email"},
		{u, "李娜 <li.na@fans.cn>", "invalid_email"},
		{nil, "li.na@fans.cn", "unauthorized"},
	} {
		err := CanChangeEmail(tc.u, tc.email)
		got := ""
		if e := AsError(err); e != nil {
			got = e.Code
			if e.Kind == KindUnauthorized {
				got = "unauthorized"
			} else if e.Field != "email" {
				t.Errorf("CanChangeEmail(%q) names field %q", tc.email, e.Field)
			}
		}
		if got != tc.code {
			t.Errorf("CanChangeEmail(%v, %q) = %q, want %q", tc.u, tc.email, got, tc.code)
		}
	}
	if got := NormalEmail("  LI@Fans.CN\t"); got != "li@fans.cn" {
		t.Errorf("NormalEmail = %q", got)
	}
}

func TestValidName(t *testing.T) {
	for _, tc := range []struct {
		name, code string
	}{
		{"李娜", ""},
		{"  李娜 ", ""},
		{strings.Repeat("名", MaxNameLen), ""},
		{" ", "required"},
		{"", "required"},
		{strings.Repeat("名", MaxNameLen+1), "too_long"},
		{"李\n娜", "control_character"},
		{"李娜\u202e", "format_character"},
	} {
		err := ValidName(tc.name)
		got := ""
		if e := AsError(err); e != nil {
			got = e.Code
			if e.Field != "name" {
				t.Errorf("ValidName(%q) names field %q", tc.name, e.Field)
			}
		}
		if got != tc.code {
			t.Errorf("ValidName(%q) = %q, want %q", tc.name, got, tc.code)
		}
	}
}
