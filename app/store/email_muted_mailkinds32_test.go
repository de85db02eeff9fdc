package store

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"cocreate/app/domain"
)

// A group of emails a person turned off writes its notices but owes no
// email; the groups left on still mail, and a password reset mails
// whatever is off.
func TestMutedEmailGroupGetsTheNoticeButNoMail(t *testing.T) {
	s := mustOpen(t)
	pinMailClock(s)
	ctx := context.Background()
	fan := mailUser(t, s, 1)
	mute := func(mailed map[string]bool) error {
		return s.SetEmailChoices(ctx, fan.ID, nil, func(muted []string) ([]string, error) {
			return domain.MuteEmails(muted, mailed)
		})
	}
	if err := mute(map[string]bool{domain.EmailComments: false}); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.User(ctx, fan.ID); !slices.Equal(u.EmailMuted, []string{domain.EmailComments}) || !u.EmailNotices {
		t.Fatalf("the choice did not stick (or the cached account kept the old one): %v %v", u.EmailMuted, u.EmailNotices)
	}
	if err := s.write(ctx, func(tx *sql.Tx) error {
		return tell(tx, s.Now(), []domain.Outgoing{
			{To: fan.ID, Kind: domain.NoticeComment, URL: "/ideas/7", Args: []string{"洗衣机"}},
			{To: fan.ID, Kind: domain.NoticeWon, URL: "/ideas/7", Args: []string{"洗衣机"}},
		})
	}); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.Notifications(ctx, fan.ID, 0, 10); len(list) != 2 {
		t.Errorf("%d notifications in the app, want 2", len(list))
	}
	jobs := mailClaim(t, s, 10)
	if len(jobs) != 1 || jobs[0].Kind != domain.NoticeWon {
		t.Fatalf("owed emails: %+v, want the win's alone", jobs)
	}
	if !slices.Equal(jobs[0].Recipient.EmailMuted, []string{domain.EmailComments}) {
		t.Errorf("the claim reads the recipient's muted groups as %v", jobs[0].Recipient.EmailMuted)
	}

	// A refused choice changes nothing.
	if e := domain.AsError(mute(map[string]bool{domain.EmailComments: true, "polls": false})); e == nil || e.Field != "email_kinds" {
		t.Errorf("an unknown group: %v", e)
	}
	if u, _ := s.User(ctx, fan.ID); !slices.Equal(u.EmailMuted, []string{domain.EmailComments}) {
		t.Errorf("a refused choice changed the groups to %v", u.EmailMuted)
	}
	if err := mute(map[string]bool{domain.EmailComments: true, domain.EmailIdeas: false}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetEmailNotices(ctx, fan.ID, false); err != nil {
		t.Fatal(err)
	}
	if err := s.write(ctx, func(tx *sql.Tx) error {
		return tell(tx, s.Now(), []domain.Outgoing{
			{To: fan.ID, Kind: domain.NoticeWon, URL: "/ideas/7", Args: []string{"洗衣机"}},
			{To: fan.ID, Kind: domain.NoticePasswordReset, URL: "/reset?id=1"},
		})
	}); err != nil {
		t.Fatal(err)
	}
	if jobs := mailClaim(t, s, 10); len(jobs) != 1 || jobs[0].Kind != domain.NoticePasswordReset {
		t.Errorf("owed emails with every group off: %+v, want the reset's alone", jobs)
	}
	if e := domain.AsError(s.SetEmailChoices(ctx, 9999, nil, func([]string) ([]string, error) { return nil, nil })); e == nil || e.Kind != domain.KindNotFound {
		t.Errorf("unknown user: %v", e)
	}
}
