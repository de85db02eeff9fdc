package store

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"cocreate/app/domain"
)

// A person's email choices are one write: a refused choice of groups
// leaves the switch on and the emails owed; an allowed one turns both.
func TestEmailChoicesAreOneWrite(t *testing.T) {
	s := mustOpen(t)
	pinMailClock(s)
	ctx := context.Background()
	fan := mailUser(t, s, 1)
	owe := func() {
		t.Helper()
		if err := s.write(ctx, func(tx *sql.Tx) error {
			return notify(tx, fan.ID, domain.NoticeShortlisted, "/ideas/7", s.Now(), "洗衣机")
		}); err != nil {
			t.Fatal(err)
		}
	}
	choose := func(on bool, mailed map[string]bool) error {
		return s.SetEmailChoices(ctx, fan.ID, &on, func(muted []string) ([]string, error) {
			return domain.MuteEmails(muted, mailed)
		})
	}
	owe()
	if e := domain.AsError(choose(false, map[string]bool{domain.EmailComments: false, "polls": false})); e == nil || e.Field != "email_kinds" {
		t.Fatalf("an unknown group: %v", e)
	}
	if u, _ := s.User(ctx, fan.ID); !u.EmailNotices || len(u.EmailMuted) != 0 {
		t.Errorf("a refused choice wrote emails on=%v muted=%v, want on and none muted", u.EmailNotices, u.EmailMuted)
	}
	if jobs := mailClaim(t, s, 10); len(jobs) != 1 {
		t.Errorf("a refused choice dropped the owed email: %+v", jobs)
	}

	owe()
	if err := choose(false, map[string]bool{domain.EmailComments: false, domain.EmailIdeas: true}); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.User(ctx, fan.ID); u.EmailNotices || !slices.Equal(u.EmailMuted, []string{domain.EmailComments}) {
		t.Errorf("after the choice: on=%v muted=%v, want off and comments muted", u.EmailNotices, u.EmailMuted)
	}
	if jobs := mailClaim(t, s, 10); len(jobs) != 0 {
		t.Errorf("turning emails off kept owed emails: %+v", jobs)
	}

	// Groups alone leave the switch; the switch alone leaves the groups.
	if err := s.SetEmailChoices(ctx, fan.ID, nil, func(muted []string) ([]string, error) {
		return domain.MuteEmails(muted, map[string]bool{domain.EmailIdeas: false})
	}); err != nil {
		t.Fatal(err)
	}
	on := true
	if err := s.SetEmailChoices(ctx, fan.ID, &on, nil); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.User(ctx, fan.ID); !u.EmailNotices || !slices.Equal(u.EmailMuted, []string{domain.EmailComments, domain.EmailIdeas}) {
		t.Errorf("after a switch and groups apart: on=%v muted=%v", u.EmailNotices, u.EmailMuted)
	}
	if e := domain.AsError(s.SetEmailChoices(ctx, 9999, &on, nil)); e == nil || e.Kind != domain.KindNotFound {
		t.Errorf("unknown user: %v", e)
	}
}
