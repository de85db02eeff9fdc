package demo

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"cocreate/app/domain"
	"cocreate/app/service"
	"cocreate/app/store"
)

func load(t *testing.T) (*service.Service, []Account) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "cocreate.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := service.New(st, filepath.Join(dir, "uploads"))
	accounts, err := LoadIfEmptyAccounts(context.Background(), svc)
	if err != nil {
		t.Fatal(err)
	}
	return svc, accounts
}

// No installation has a demo account with a password anyone else knows:
// each account gets its own random one, different on every load, and the
// loader hands them back (to show once).
func TestDemoPasswordsAreRandom(t *testing.T) {
	svc, first := load(t)
	_, second := load(t)
	if len(first) != 16 || first[0].Email != AdminEmail || first[0].Role != "admin" {
		t.Fatalf("accounts: %d, first %+v; want the admin and 15 sample accounts", len(first), first[0])
	}
	seen := map[string]bool{}
	roles := map[string]int{}
	for i, a := range first {
		if len(a.Password) < 16 || seen[a.Password] {
			t.Errorf("%s: password %q is short or shared", a.Email, a.Password)
		}
		seen[a.Password] = true
		roles[a.Role]++
		if second[i].Email != a.Email || second[i].Password == a.Password {
			t.Errorf("%s: the same password on two loads", a.Email)
		}
	}
	if roles["judge"] != 1 || roles["engineer"] != 1 || roles["moderator"] != 1 || roles["fan"] != 12 {
		t.Errorf("roles: %v", roles)
	}
	ctx := context.Background()
	for _, a := range []Account{first[0], first[len(first)-1], first[1]} {
		if _, _, err := svc.SignIn(ctx, a.Email, "cocreate-demo"); err == nil {
			t.Errorf("%s signs in with the old published password", a.Email)
		}
		if _, _, err := svc.SignIn(ctx, a.Email, a.Password); err != nil {
			t.Errorf("%s does not sign in with the password the loader gave: %v", a.Email, err)
		}
	}
	// A database with challenges is left alone, and makes no accounts.
	if again, err := LoadIfEmptyAccounts(ctx, svc); err != nil || len(again) != 0 {
		t.Errorf("second load into the same database: %d accounts, %v", len(again), err)
	}
}

// The demo's people side: a Qingdao club with an upcoming meetup and a past
// one, and fans with different levels and badges, by rule and by hand.
func TestDemoCommunity(t *testing.T) {
	svc, _ := load(t)
	ctx := context.Background()
	clubs, err := svc.Clubs(ctx)
	if err != nil || len(clubs) != 1 || clubs[0].City != "青岛" || clubs[0].Members != 8 {
		t.Fatalf("clubs %+v, %v", clubs, err)
	}
	page, err := svc.Club(ctx, nil, clubs[0].ID)
	if err != nil || len(page.Upcoming) != 1 || len(page.Past) != 1 || page.Upcoming[0].Going != 4 {
		t.Fatalf("club page %+v, %v", page, err)
	}
	board, _, err := svc.Leaderboard(ctx, nil, 0, 0, time.UTC)
	if err != nil || len(board) < 6 {
		t.Fatalf("leaderboard %+v, %v", board, err)
	}
	levels := map[int]bool{}
	badges := map[string]bool{}
	ids := []int64{}
	for _, s := range board {
		ids = append(ids, s.UserID)
	}
	for _, m := range page.Members {
		ids = append(ids, m.User.ID)
	}
	for _, id := range ids {
		p, err := svc.Profile(ctx, nil, id)
		if err != nil {
			t.Fatal(err)
		}
		levels[p.Level] = true
		for _, b := range p.Badges {
			badges[b.Key] = true
		}
	}
	if len(levels) < 3 {
		t.Errorf("levels %v: want at least three different", levels)
	}
	for _, k := range []string{"first_idea", "first_win", "launched", "first_meetup", "honour_fan", "club_star"} {
		if !badges[k] {
			t.Errorf("no demo fan holds %s", k)
		}
	}
}

// The demo has a washing-machine board with a post in every status, each
// answered in Chinese and English but the open one, and a roadmap with
// something done because fans asked.
func TestDemoBoardAndRoadmap(t *testing.T) {
	svc, _ := load(t)
	ctx := context.Background()
	all, err := svc.Challenges(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var board domain.Challenge
	for _, c := range all {
		if c.IsBoard() {
			board = c
		}
	}
	if board.ID == 0 || !strings.Contains(board.Title, "洗衣机") {
		t.Fatalf("no washing-machine board among %d challenges", len(all))
	}
	list, err := svc.Ideas(ctx, nil, board.ID, domain.SortTop, nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[domain.Status]bool{}
	for _, idea := range list.Ideas {
		seen[idea.Status] = true
		hasZh := strings.ContainsFunc(idea.Response, func(r rune) bool { return unicode.Is(unicode.Han, r) })
		hasEn := strings.ContainsAny(idea.Response, "aeiou")
		if idea.Status != domain.StatusOpen && (!hasZh || !hasEn) {
			t.Errorf("%q (%s) is not answered in both languages: %q", idea.Title, idea.Status, idea.Response)
		}
	}
	for _, st := range domain.Statuses {
		if !seen[st] {
			t.Errorf("no post is %s", st)
		}
	}
	r, err := svc.Roadmap(ctx, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	done := r.Columns[domain.StatusDone]
	if len(done) != 1 || done[0].Votes < 10 || !strings.Contains(done[0].Response, "You asked, we built it") {
		t.Errorf("the roadmap's done column: %+v", done)
	}
	if len(r.Columns[domain.StatusPlanned]) != 1 || len(r.Columns[domain.StatusInProgress]) != 1 {
		t.Errorf("the roadmap: %d planned, %d in progress", len(r.Columns[domain.StatusPlanned]), len(r.Columns[domain.StatusInProgress]))
	}
}

// Every demo account whose name is Chinese (the staff's are "Judge 周评委"
// and the like) reads its email in Chinese: none is left without a
// locale, which would mean the installation's default (English).
func TestDemoAccountsReadTheirNamesLanguage(t *testing.T) {
	svc, accounts := load(t)
	ctx := context.Background()
	for _, a := range accounts {
		u, _, err := svc.SignIn(ctx, a.Email, a.Password)
		if err != nil {
			t.Fatal(err)
		}
		want := "en"
		if strings.ContainsFunc(a.Name, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			want = "zh"
		}
		if u.Locale != want {
			t.Errorf("%s (%s, %s): locale %q, want %q", a.Email, a.Name, a.Role, u.Locale, want)
		}
	}
}

// The demo shows every phase of a challenge: one is being judged, and its
// judge has a scorecard to fill in (one of four is scored), so the judge's
// journey can be walked, not only read.
func TestDemoHasAChallengeBeingJudged(t *testing.T) {
	svc, accounts := load(t)
	ctx := context.Background()
	var judge domain.User
	for _, a := range accounts {
		if a.Role == "judge" {
			u, _, err := svc.SignIn(ctx, a.Email, a.Password)
			if err != nil {
				t.Fatal(err)
			}
			judge = u
		}
	}
	all, err := svc.Challenges(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	phases := map[domain.Phase]int64{}
	for _, c := range all {
		phases[c.PhaseAt(svc.Now())] = c.ID
	}
	for _, p := range []domain.Phase{domain.PhaseSubmissions, domain.PhaseVoting, domain.PhaseJudging, domain.PhaseResults} {
		if phases[p] == 0 {
			t.Errorf("no demo challenge in its %s phase: %v", p, phases)
		}
	}
	queue, err := svc.JudgeQueue(ctx, &judge)
	if err != nil {
		t.Fatal(err)
	}
	scored, open := 0, 0
	for _, item := range queue {
		if item.ChallengeID != phases[domain.PhaseJudging] {
			continue
		}
		open++
		if item.Scored {
			scored++
		}
	}
	if open != 4 || scored != 1 {
		t.Errorf("the judge's queue in the challenge being judged: %d scored of %d, want 1 of 4", scored, open)
	}
}
