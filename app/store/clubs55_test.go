package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// The store decides nothing about a club losing its organisers (session
// 55): whether a write leaves the club orphaned is what Orphans says, and
// whom Tell chooses is told, from the candidates the store reads (every
// account holding a granted role, as read in the write). A rule that
// calls every organiser's removal an orphaning is obeyed, and none
// (Orphans nil) tells nobody, even of the last organiser. Both engines.
func TestClubs55TheStoreTellsWhatTheServiceDecides(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, _ := fixture(t, s, 4) // 0 the admin, 1 a moderator, 2 and 3 organisers
	admin, mod, lin, wang := users[0], users[1], users[2], users[3]
	if _, err := s.SetRoles(ctx, admin.ID, mod.ID, []domain.Role{domain.RoleModerator}, func(domain.User, int, int) error { return nil }, func(_, _ []domain.Role) []domain.Outgoing { return nil }); err != nil {
		t.Fatal(err)
	}
	club := club27(t, s, users, "青岛")
	organise54(t, s, club, lin, wang)

	type asked struct {
		acts   bool
		others int
	}
	var rules []asked
	var candidates []int64
	var clubSeen people.OrphanedClub
	always := TellOrphaned{
		Orphans: func(acts bool, others int) bool { rules = append(rules, asked{acts, others}); return true },
		Tell: func(c people.OrphanedClub, cands []domain.User) []domain.Outgoing {
			clubSeen = c
			for _, u := range cands {
				candidates = append(candidates, u.ID)
			}
			return people.OrphanedNotices(c.ID, c.Name, c.City, []int64{mod.ID}, 0)
		},
	}
	// wang removed while lin still organises: people would tell nobody;
	// this rule says orphaned, so the moderator it picks is told.
	if err := s.SetOrganiser(ctx, club.ID, wang.ID, false, OrganiserBy{}, nil, nil, always); err != nil {
		t.Fatal(err)
	}
	if len(rules) != 1 || rules[0] != (asked{true, 1}) {
		t.Errorf("the rule was asked %+v; want once, of an organiser who acts with 1 other", rules)
	}
	if len(candidates) != 2 || candidates[0] != admin.ID || candidates[1] != mod.ID {
		t.Errorf("candidates %v; want the admin %d and the moderator %d", candidates, admin.ID, mod.ID)
	}
	if clubSeen.ID != club.ID || clubSeen.Organisers != 1 {
		t.Errorf("Tell saw %+v; want the club as the removal left it (1 organiser)", clubSeen)
	}
	if a, m := orphanTold(t, s, admin.ID), orphanTold(t, s, mod.ID); a != 0 || m != 1 {
		t.Errorf("told the admin %d, the moderator %d times; want 0 and 1 (Tell's choice)", a, m)
	}
	// lin, the last, leaves under a rule that says nothing (Orphans nil):
	// nobody is told, and Tell is never asked.
	clubSeen = people.OrphanedClub{}
	if err := s.Leave(ctx, club.ID, lin.ID, s.Now(), people.CanLeave, people.Promotable,
		func(ClubEvent, []int64) []domain.Outgoing { return nil }, TellOrphaned{Tell: always.Tell}); err != nil {
		t.Fatal(err)
	}
	if clubSeen.ID != 0 || orphanTold(t, s, admin.ID)+orphanTold(t, s, mod.ID) != 1 {
		t.Errorf("with no rule, Tell saw %+v and the staff were told %d times in all; want nothing more", clubSeen, orphanTold(t, s, admin.ID)+orphanTold(t, s, mod.ID))
	}
}
