package domain

import (
	"strings"
	"testing"
)

func TestCanDeleteForOwner(t *testing.T) {
	t.Parallel()
	admin := &User{ID: 1, Roles: []Role{RoleFan, RoleAdmin}}
	mod := &User{ID: 2, Roles: []Role{RoleFan, RoleModerator}}
	fan := User{ID: 3, Email: "fan@x.cn", Roles: []Role{RoleFan}}
	gone := User{ID: 4, Email: DeletedEmail(4), Deleted: true}
	held := User{ID: 5, Email: "held@x.cn", Suspended: true}
	for _, c := range []struct {
		name          string
		actor         *User
		u             User
		email, reason string
		kind          ErrKind
		field, code   string
	}{
		{"an admin, the address and a reason", admin, fan, "fan@x.cn", "本人来信", 0, "", ""},
		{"the address in capitals, spaced", admin, fan, "  FAN@X.CN ", "本人来信", 0, "", ""},
		{"a suspended account", admin, held, "held@x.cn", "本人来信", 0, "", ""},
		{"nobody", nil, fan, "fan@x.cn", "本人来信", KindForbidden, "", "forbidden"},
		{"a moderator", mod, fan, "fan@x.cn", "本人来信", KindForbidden, "", "forbidden"},
		{"deleted already", admin, gone, gone.Email, "本人来信", KindNotFound, "", "not_found"},
		{"one's own", admin, User{ID: 1, Email: "admin@x.cn"}, "admin@x.cn", "本人", KindInvalid, "user", "own_account"},
		{"no address", admin, fan, " ", "本人来信", KindInvalid, "email", "required"},
		{"another address", admin, fan, "fan2@x.cn", "本人来信", KindInvalid, "email", "email_mismatch"},
		{"no reason", admin, fan, "fan@x.cn", "  ", KindInvalid, "reason", "required"},
		{"a reason too long", admin, fan, "fan@x.cn", strings.Repeat("因", MaxReasonLen+1), KindInvalid, "reason", "too_long"},
		{"the longest reason", admin, fan, "fan@x.cn", strings.Repeat("因", MaxReasonLen), 0, "", ""},
	} {
		err := CanDeleteForOwner(c.actor, c.u, c.email, c.reason)
		e := AsError(err)
		if c.code == "" {
			if err != nil {
				t.Errorf("%s: %v, want allowed", c.name, err)
			}
			continue
		}
		if e == nil || e.Kind != c.kind || e.Field != c.field || e.Code != c.code {
			t.Errorf("%s: %+v, want %v %s at %q", c.name, e, c.kind, c.code, c.field)
		}
	}
}

func TestOwnerRunsProjects(t *testing.T) {
	t.Parallel()
	if err := OwnerRunsProjects(0); err != nil {
		t.Errorf("no projects: %v", err)
	}
	e := AsError(OwnerRunsProjects(2))
	if e == nil || e.Kind != KindConflict || e.Code != "runs_projects" || len(e.Args) != 1 || e.Args[0] != 2 || !strings.Contains(e.Message, "2 projects") {
		t.Errorf("two projects: %+v", e)
	}
}
