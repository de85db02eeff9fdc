package service

import (
	"testing"

	"cocreate/app/domain"
)

// An admin deletes a fan's account on the fan's request, in one write
// that also logs it: a refused request (another address) leaves the
// account whole and the log without a deletion; the deletion erases the
// account and the log names the admin and the reason, not the fan.
func TestAdminDeletesAnAccountOnItsOwnersRequest(t *testing.T) {
	w := newWorld(t)
	fan := w.fan(1)
	err := w.s.DeleteAccountFor(w.ctx, &w.admin, fan.ID, "fan2@example.com", "本人来信")
	if e := domain.AsError(err); e == nil || e.Code != "email_mismatch" {
		t.Fatalf("another address: %v", err)
	}
	if u, err := w.s.store.User(w.ctx, fan.ID); err != nil || u.Deleted || u.Email != "fan1@example.com" {
		t.Fatalf("after the refusal: %+v, %v", u, err)
	}
	other := w.fan(2)
	if err := w.s.DeleteAccountFor(w.ctx, &other, fan.ID, "fan1@example.com", "本人来信"); domain.AsError(err) == nil || domain.AsError(err).Kind != domain.KindForbidden {
		t.Fatalf("a fan deleting another: %v", err)
	}
	if err := w.s.DeleteAccountFor(w.ctx, &w.admin, fan.ID, "FAN1@example.com ", "本人来信要求注销"); err != nil {
		t.Fatal(err)
	}
	u, err := w.s.store.User(w.ctx, fan.ID)
	if err != nil || !u.Deleted || u.Email != domain.DeletedEmail(fan.ID) || u.Name != "" {
		t.Errorf("after the deletion: %+v, %v", u, err)
	}
	events, err := w.s.AccountEvents(w.ctx, &w.admin)
	if err != nil {
		t.Fatal(err)
	}
	var deletions int
	for _, e := range events {
		if e.Action == "delete" {
			deletions++
			if e.UserID != fan.ID || e.Actor.ID != w.admin.ID || e.Reason != "本人来信要求注销" || e.UserName != "" {
				t.Errorf("the deletion's log: %+v", e)
			}
		}
	}
	if deletions != 1 {
		t.Errorf("%d deletions logged, want 1: %+v", deletions, events)
	}
}
