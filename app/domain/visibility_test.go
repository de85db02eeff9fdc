package domain

import (
	"fmt"
	"testing"
	"time"
)

// challengeIn builds a challenge that is in phase p at now.
func challengeIn(p Phase, now time.Time) Challenge {
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	var c Challenge
	switch p {
	case PhaseDraft:
		c.SubmissionsOpenAt = at(time.Hour)
	case PhaseSubmissions:
		c.SubmissionsOpenAt, c.SubmissionsCloseAt = at(-time.Hour), at(time.Hour)
	case PhaseVoting:
		c.SubmissionsOpenAt, c.SubmissionsCloseAt, c.VotingOpenAt, c.VotingCloseAt = at(-2*time.Hour), at(-time.Hour), at(-time.Hour), at(time.Hour)
	case PhaseJudging:
		c.SubmissionsOpenAt, c.SubmissionsCloseAt, c.VotingOpenAt, c.VotingCloseAt = at(-3*time.Hour), at(-2*time.Hour), at(-2*time.Hour), at(-time.Hour)
	case PhaseResults:
		c.SubmissionsOpenAt, c.SubmissionsCloseAt, c.ResultsAt = at(-3*time.Hour), at(-2*time.Hour), at(-time.Hour)
	case PhaseClosed:
		c.SubmissionsOpenAt, c.SubmissionsCloseAt, c.ClosedAt = at(-3*time.Hour), at(-2*time.Hour), at(-time.Hour)
	}
	if got := c.PhaseAt(now); got != p {
		panic(fmt.Sprintf("challengeIn(%s) is in %s", p, got))
	}
	return c
}

// TestVisibility lists every (role, state, phase) case of the one rule. A
// row gives, for one role and one idea state, what that person sees in a
// draft challenge and in a begun one (every other phase): the challenge,
// the idea's page (and its comments and project), and whether search finds
// the idea for them (lists show only listed ideas, to everyone).
func TestVisibility(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	const authorID = 7
	roles := map[string]*User{
		"visitor":   nil,
		"fan":       {ID: 1, Roles: []Role{RoleFan}},
		"author":    {ID: authorID, Roles: []Role{RoleFan}},
		"judge":     {ID: 2, Roles: []Role{RoleFan, RoleJudge}},
		"engineer":  {ID: 3, Roles: []Role{RoleFan, RoleEngineer}},
		"moderator": {ID: 5, Roles: []Role{RoleFan, RoleModerator}},
		"admin":     {ID: 4, Roles: []Role{RoleFan, RoleAdmin}},
	}
	type sees struct{ challenge, idea, found bool }
	type row struct {
		role  string
		state State
		draft sees // in a draft challenge
		begun sees // in any other phase
	}
	no, page, all := sees{}, sees{true, true, false}, sees{true, true, true}
	hiddenIdea := sees{true, false, false}
	var rows []row
	for _, role := range []string{"visitor", "fan", "author", "judge", "engineer", "moderator"} {
		hidden, unlisted := hiddenIdea, page
		switch role {
		case "author":
			hidden = page // told why; still not in lists or search
		case "moderator":
			hidden, unlisted = all, all // found in search, to restore (session 33)
		}
		rows = append(rows,
			row{role, StateSubmitted, no, all},
			row{role, StateShortlisted, no, all},
			row{role, StateWinner, no, all},
			row{role, StateNotSelected, no, all},
			row{role, StateHidden, no, hidden},
			row{role, StateMerged, no, unlisted},
			row{role, StateWithdrawn, no, unlisted},
			row{role, StateExpired, no, unlisted}, // missed its threshold: out of lists, page stays
		)
	}
	rows = append(rows,
		row{"admin", StateSubmitted, all, all},
		row{"admin", StateShortlisted, all, all},
		row{"admin", StateWinner, all, all},
		row{"admin", StateNotSelected, all, all},
		row{"admin", StateHidden, all, all},
		row{"admin", StateMerged, all, all},
		row{"admin", StateWithdrawn, all, all},
		row{"admin", StateExpired, all, all},
	)
	if len(rows) != len(roles)*len(States) {
		t.Fatalf("%d rows for %d roles × %d states", len(rows), len(roles), len(States))
	}
	for _, r := range rows {
		for _, phase := range Phases {
			want := r.begun
			if phase == PhaseDraft {
				want = r.draft
			}
			c := challengeIn(phase, now)
			u := roles[r.role]
			idea := Idea{ID: 10, State: r.state, Author: Author{ID: authorID}}
			got := sees{
				challenge: MaySeeChallenge(u, c, now),
				idea:      MaySeeIdea(u, c, idea, now),
				found:     MaySeeIdea(u, c, idea, now) && (idea.State.Listed() || SeesUnlisted(u)),
			}
			if got != want {
				t.Errorf("%s, %s idea, %s: got %+v, want %+v", r.role, r.state, phase, got, want)
			}
			if MaySeeComment(u, c, idea, now) != got.idea || MaySeeProject(u, c, idea, now) != got.idea {
				t.Errorf("%s, %s idea, %s: comments or project differ from the idea", r.role, r.state, phase)
			}
		}
	}
}

// TestModsearch33SeesUnlisted: who finds unlisted ideas in search is
// admins and moderators, nobody else.
func TestModsearch33SeesUnlisted(t *testing.T) {
	for _, c := range []struct {
		name string
		u    *User
		want bool
	}{
		{"nil", nil, false},
		{"fan", &User{ID: 1, Roles: []Role{RoleFan}}, false},
		{"judge", &User{ID: 2, Roles: []Role{RoleFan, RoleJudge}}, false},
		{"engineer", &User{ID: 3, Roles: []Role{RoleFan, RoleEngineer}}, false},
		{"moderator", &User{ID: 5, Roles: []Role{RoleFan, RoleModerator}}, true},
		{"moderator and judge", &User{ID: 6, Roles: []Role{RoleFan, RoleJudge, RoleModerator}}, true},
		{"admin", &User{ID: 4, Roles: []Role{RoleFan, RoleAdmin}}, true},
	} {
		if got := SeesUnlisted(c.u); got != c.want {
			t.Errorf("SeesUnlisted(%s) = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestListedStatesPartitionStates(t *testing.T) {
	listed, unlisted := ListedStates(), UnlistedStates()
	if len(listed)+len(unlisted) != len(States) {
		t.Fatalf("%v + %v is not %v", listed, unlisted, States)
	}
	want := map[State]bool{StateHidden: true, StateMerged: true, StateWithdrawn: true, StateExpired: true}
	for _, s := range unlisted {
		if !want[s] {
			t.Errorf("%s is unlisted", s)
		}
		delete(want, s)
	}
	if len(want) > 0 {
		t.Errorf("listed but should not be: %v", want)
	}
}

func TestMaskFor(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	fan := &User{ID: 1, Roles: []Role{RoleFan}}
	author := &User{ID: 7, Roles: []Role{RoleFan}}
	admin := &User{ID: 4, Roles: []Role{RoleFan, RoleAdmin}}
	open := challengeIn(PhaseJudging, now)
	anon := open
	anon.AnonymousUntilResults = true
	done := challengeIn(PhaseResults, now)
	doneAnon := done
	doneAnon.AnonymousUntilResults = true
	for _, tc := range []struct {
		name   string
		u      *User
		c      Challenge
		blind  bool
		author bool // the author is still shown
		votes  bool // the votes are still shown
	}{
		{"visitor, ordinary challenge", nil, open, false, true, true},
		{"fan, anonymous challenge", fan, anon, false, false, true},
		{"visitor, anonymous challenge", nil, anon, false, false, true},
		{"the author, anonymous challenge", author, anon, false, true, true},
		{"admin, anonymous challenge", admin, anon, false, true, true},
		{"anonymous challenge after results", fan, doneAnon, false, true, true},
		{"blind judge", fan, open, true, false, false},
		{"blind judge who is admin", admin, open, true, false, false},
		{"blind judge after results", fan, done, true, true, true},
	} {
		qualified := now.Add(-time.Hour)
		idea := Idea{ID: 10, Author: Author{ID: 7, Name: "maker"}, Votes: 3, VotesUnderReview: 1, QualifiedAt: &qualified,
			Ratings: 4, RatingSum: 17, Comparisons: 9, Wins: 6, Score: 71, ScoreSD: 8, RankScore: 3.9, Buyers: 5, Units: 7,
			UnderReview: HeldActs{Ratings: 2, Comparisons: 3, Intents: 1}}
		got := MaskFor(tc.u, tc.c, tc.blind).Apply(tc.u, idea)
		if (got.Author.ID != 0) != tc.author || (got.Votes >= 0) != tc.votes {
			t.Errorf("%s: author %+v, votes %d", tc.name, got.Author, got.Votes)
		}
		crowd := got.VotesUnderReview+got.Ratings+got.RatingSum+got.Comparisons+got.Wins+got.Buyers+got.Units != 0 ||
			got.UnderReview != (HeldActs{}) || got.Score != 0 || got.ScoreSD != 0 || got.RankScore != 0 || got.QualifiedAt != nil
		if crowd != tc.votes {
			t.Errorf("%s: the crowd's other measures shown %v, want %v: %+v", tc.name, crowd, tc.votes, got)
		}
	}
}

func TestMayBeBlind(t *testing.T) {
	for _, tc := range []struct {
		u    *User
		want bool
	}{
		{nil, false},
		{&User{ID: 1}, false},
		{&User{ID: 1, Roles: []Role{RoleAdmin, RoleEngineer, RoleModerator}}, false},
		{&User{ID: 1, Roles: []Role{RoleJudge}}, true},
	} {
		if got := MayBeBlind(tc.u); got != tc.want {
			t.Errorf("MayBeBlind(%+v) = %v", tc.u, got)
		}
	}
}
