package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// BadgeFacts reads many people at once, in one statement a kind of fact
// however many they are (here past inListMax, so SQLite takes the list as
// one JSON array): each person's first events of every kind (at most
// people.BadgeDepth), hand badges, and first idea outside challenges that
// hide their authors; ids of 0 and repeats are skipped.
func TestBadgeFacts(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, open := fixture(t, s, 5)
	anon := open
	anon.ID, anon.Title, anon.AnonymousUntilResults = 0, "匿名", true
	anon, err := s.CreateChallenge(ctx, anon)
	if err != nil {
		t.Fatal(err)
	}
	tester, anonymous, nobody, admin := users[1], users[2], users[3], users[0]
	var events []people.Event
	for i := 0; i < people.BadgeDepth+2; i++ {
		events = append(events, people.Event{UserID: tester.ID, Kind: people.FeedbackAccepted, Ref: int64(i + 1), At: s.Now(), Points: 5})
	}
	events = append(events, people.Event{UserID: anonymous.ID, Kind: people.MeetupAttended, Ref: 1, At: s.Now(), Points: 4})
	if _, err := s.SyncReputation(ctx, events); err != nil {
		t.Fatal(err)
	}
	if err := s.AwardBadge(ctx, tester.ID, "honour_fan", admin.ID, domain.Present, nil); err != nil {
		t.Fatal(err)
	}
	first := addIdea(t, s, open, tester.ID, "第一个创意")
	addIdea(t, s, open, tester.ID, "第二个创意")
	addIdea(t, s, anon, anonymous.ID, "匿名创意")

	// A page of many people: inListMax+1000 unknown ids, the real ones last.
	many := make([]int64, 0, inListMax+1010)
	for i := range int64(inListMax + 1000) {
		many = append(many, 1_000_000+i)
	}
	facts, err := s.BadgeFacts(ctx, append(many, 0, tester.ID, anonymous.ID, nobody.ID, tester.ID, users[4].ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(facts) != 4+len(many) {
		t.Fatalf("facts for %d people, want %d", len(facts), 4+len(many))
	}
	for _, id := range many {
		if f := facts[id]; f == nil || f.FirstIdea != nil || len(f.Events)+len(f.Hand) != 0 {
			t.Fatalf("an unknown id %d: %+v", id, f)
		}
	}
	f := facts[tester.ID]
	if len(f.Events) != people.BadgeDepth || f.Events[0].Kind != people.FeedbackAccepted || f.Events[0].UserID != tester.ID {
		t.Errorf("the tester's events: %d (want %d) %+v", len(f.Events), people.BadgeDepth, f.Events)
	}
	if len(f.Hand) != 1 || f.Hand[0].Key != "honour_fan" || !f.Hand[0].ByHand {
		t.Errorf("hand badges: %+v", f.Hand)
	}
	if f.FirstIdea == nil || !f.FirstIdea.Equal(first.CreatedAt) {
		t.Errorf("first idea %v, want %v", f.FirstIdea, first.CreatedAt)
	}
	got := people.Merge(people.RuleBadges(f.FirstIdea, f.Events), f.Hand)
	if len(got) != 3 || got[0].Key != people.BadgeFirstIdea || got[1].Key != people.BadgeTenTests || got[2].Key != "honour_fan" {
		t.Errorf("the tester's badges: %+v", got)
	}
	if a := facts[anonymous.ID]; a.FirstIdea != nil || len(a.Events) != 1 || len(a.Hand) != 0 {
		t.Errorf("an idea only in an anonymous challenge: %+v", a)
	}
	if n := facts[nobody.ID]; n.FirstIdea != nil || len(n.Events)+len(n.Hand) != 0 {
		t.Errorf("nobody: %+v", n)
	}
	// Levels come from totals read the same way: all events, one statement.
	totals, err := s.ReputationTotals(ctx, append(many, tester.ID, nobody.ID, anonymous.ID, tester.ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(totals) != 3+len(many) || totals[tester.ID] != 5*(people.BadgeDepth+2) || totals[anonymous.ID] != 4 || totals[nobody.ID] != 0 {
		t.Errorf("totals for %d people: tester %d anonymous %d nobody %d", len(totals), totals[tester.ID], totals[anonymous.ID], totals[nobody.ID])
	}
	for _, id := range many {
		if n, ok := totals[id]; !ok || n != 0 {
			t.Fatalf("an unknown id %d: %d %v", id, n, ok)
		}
	}
}

// A status move keeps the role it was made in; the history lists moves
// newest first, at most the limit.
func TestStatusHistory(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	bid := seedBoard(t, s, 1)
	var id, actor int64
	if err := s.r.QueryRowContext(ctx, `SELECT id, author_id FROM ideas WHERE challenge_id = ?`, bid).Scan(&id, &actor); err != nil {
		t.Fatal(err)
	}
	move := func(role domain.Role, to domain.Status, response string) {
		t.Helper()
		_, err := s.SetStatus(ctx, id, actor, role, func(domain.Challenge, domain.Idea) (domain.Status, string, error) {
			return to, response, nil
		}, func(_, _ domain.Idea, _ domain.Audience) []domain.Outgoing { return nil }, nil)
		if err != nil {
			t.Fatal(err)
		}
	}
	move(domain.RoleEngineer, domain.StatusPlanned, "排期")
	move(domain.RoleEngineer, domain.StatusPlanned, "排期") // a repeat records nothing
	move(domain.RoleAdmin, domain.StatusDone, "已完成")
	h, err := s.StatusHistory(ctx, id, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 || h[0].To != domain.StatusDone || h[0].From != domain.StatusPlanned || h[0].Role != domain.RoleAdmin || h[0].Response != "已完成" ||
		h[1].To != domain.StatusPlanned || h[1].Role != domain.RoleEngineer || h[1].At.After(h[0].At) {
		t.Errorf("history %+v", h)
	}
	if h, err := s.StatusHistory(ctx, id, 1); err != nil || len(h) != 1 || h[0].To != domain.StatusDone {
		t.Errorf("limited: %+v %v", h, err)
	}
}
