package service

import (
	"slices"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// A fan whose first idea was in a challenge anonymous until results has no
// "first idea" badge beside their name while it hides its authors (the
// badge would tell that they posted there), and has it once its results
// are out, as their profile has: the two agree, before and after.
func TestFirstIdeaBadgeAfterAnonymousResults(t *testing.T) {
	w := newWorld(t)
	now := w.s.now()
	at := func(d time.Duration) domain.OptTime { t := now.Add(d); return domain.OptTime{Set: true, Time: &t} }
	title, brief, kind, anonymous := "匿名征集", "**Help**", domain.OpenCall, true
	c, err := w.s.CreateChallenge(w.ctx, &w.admin, domain.ChallengeInput{Title: &title, Brief: &brief, Kind: &kind,
		SubmissionsOpenAt: at(-time.Hour), SubmissionsCloseAt: at(48 * time.Hour),
		VotingOpenAt: at(-time.Hour), VotingCloseAt: at(72 * time.Hour), AnonymousUntilResults: &anonymous})
	if err != nil {
		t.Fatal(err)
	}
	author, viewer := w.fan(1), w.fan(2)
	summary, body, ideaTitle := "s", "b", "防霉门封"
	if _, err := w.s.SubmitIdea(w.ctx, &author, c.ID, domain.IdeaInput{Title: &ideaTitle, Summary: &summary, Body: &body}, nil); err != nil {
		t.Fatal(err)
	}
	badges := func() (beside, profile bool) {
		t.Helper()
		names, err := w.s.NameBadges(w.ctx, []int64{author.ID})
		if err != nil {
			t.Fatal(err)
		}
		p, err := w.s.Profile(w.ctx, &viewer, author.ID)
		if err != nil {
			t.Fatal(err)
		}
		first := func(b people.Badge) bool { return b.Key == people.BadgeFirstIdea }
		return slices.ContainsFunc(names[author.ID], first), slices.ContainsFunc(p.Badges, first)
	}
	if beside, profile := badges(); beside || profile {
		t.Errorf("while authors are hidden: the badge beside the name %v, on the profile %v; want neither", beside, profile)
	}
	if _, err := w.s.store.UpdateChallenge(w.ctx, c.ID, func(c *domain.Challenge) error { c.ResultsAt = &now; return nil }); err != nil {
		t.Fatal(err)
	}
	if beside, profile := badges(); !beside || !profile {
		t.Errorf("results out: the badge beside the name %v, on the profile %v; want both", beside, profile)
	}
}
