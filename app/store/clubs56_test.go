package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
)

// ClubRow is a club's own row, the same as Club reads it but for the
// counts it leaves out; a club not there is not found. Both engines.
func TestClubs56ClubRowIsTheClubsOwnRow(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, _ := fixture(t, s, 2)
	a := club27(t, s, users, "济南")
	b := club27(t, s, users, "青岛")
	for _, u := range users[1:] {
		if err := s.Join(ctx, b.ID, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []Club{a, b} {
		full, err := s.Club(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.ClubRow(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got != (ClubRow{ID: full.ID, City: full.City, Name: full.Name, CreatedAt: got.CreatedAt}) || !got.CreatedAt.Equal(full.CreatedAt) {
			t.Errorf("club %d: row %+v; want the club's own %+v", want.ID, got, full)
		}
	}
	if _, err := s.ClubRow(ctx, b.ID+100); domain.AsError(err) == nil || domain.AsError(err).Kind != domain.KindNotFound {
		t.Errorf("a club not there: %v; want not found", err)
	}
}
