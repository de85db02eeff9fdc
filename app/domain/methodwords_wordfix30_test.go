package domain

import (
	"reflect"
	"testing"
	"time"
)

func TestMethodKeyAndActKey(t *testing.T) {
	buying := DemandRules{BuyOptions: map[string][]string{"size": {"S", "M"}}}
	for _, tc := range []struct {
		name   string
		c      Challenge
		method string
		act    string
	}{
		{"support (unset)", Challenge{}, "k", "k"},
		{"support", Challenge{Rules: Rules{VotingMethod: MethodSupport}}, "k", "k"},
		{"stars", Challenge{Rules: Rules{VotingMethod: MethodStars}}, "k.stars", "k.stars"},
		{"pairwise", Challenge{Rules: Rules{VotingMethod: MethodPairwise}}, "k.pairwise", "k.pairwise"},
		{"design poll without buying", Challenge{Kind: DesignPoll, Rules: Rules{VotingMethod: MethodPairwise}}, "k.pairwise", "k.pairwise"},
		{"buying poll, support", Challenge{Kind: DesignPoll, DemandRules: buying}, "k", "k.buy"},
		{"buying poll, stars", Challenge{Kind: DesignPoll, DemandRules: buying, Rules: Rules{VotingMethod: MethodStars}}, "k.stars", "k.stars.buy"},
		{"buying poll, pairwise", Challenge{Kind: DesignPoll, DemandRules: buying, Rules: Rules{VotingMethod: MethodPairwise}}, "k.pairwise", "k.pairwise.buy"},
		{"an open call with options (not a design poll)", Challenge{Kind: OpenCall, DemandRules: buying}, "k", "k"},
	} {
		if got := MethodKey("k", tc.c); got != tc.method {
			t.Errorf("%s: MethodKey = %q, want %q", tc.name, got, tc.method)
		}
		if got := ActKey("k", tc.c); got != tc.act {
			t.Errorf("%s: ActKey = %q, want %q", tc.name, got, tc.act)
		}
	}
}

func TestPhaseKeysFollowTheMethod(t *testing.T) {
	now := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	day := 24 * time.Hour
	both := Schedule{SubmissionsOpenAt: at(-2 * day), SubmissionsCloseAt: at(5 * day), VotingOpenAt: at(-day), VotingCloseAt: at(9 * day)}
	subsOnly := Schedule{SubmissionsOpenAt: at(-2 * day), SubmissionsCloseAt: at(5 * day), VotingOpenAt: at(6 * day), VotingCloseAt: at(9 * day)}
	voting := Schedule{SubmissionsOpenAt: at(-9 * day), SubmissionsCloseAt: at(-day), VotingOpenAt: at(-day), VotingCloseAt: at(9 * day)}
	soon := Schedule{SubmissionsOpenAt: at(-9 * day), SubmissionsCloseAt: at(-day), VotingOpenAt: at(day), VotingCloseAt: at(9 * day)}
	judging := Schedule{SubmissionsOpenAt: at(-9 * day), SubmissionsCloseAt: at(-2 * day), VotingOpenAt: at(-3 * day), VotingCloseAt: at(-day)}
	results := Schedule{SubmissionsOpenAt: at(-9 * day), SubmissionsCloseAt: at(-2 * day), VotingOpenAt: at(-3 * day), VotingCloseAt: at(day), ResultsAt: at(-time.Hour)}
	m := func(s Schedule, method Method) Challenge {
		return Challenge{Schedule: s, Rules: Rules{VotingMethod: method}}
	}
	for _, tc := range []struct {
		name string
		c    Challenge
		want []string
	}{
		{"draft", m(Schedule{SubmissionsOpenAt: at(day)}, MethodStars), []string{"phase.draft"}},
		{"submissions only, stars", m(subsOnly, MethodStars), []string{"phase.submissions"}},
		{"submissions and the vote, support", m(both, MethodSupport), []string{"phase.submissions", "phase.voting"}},
		{"submissions and the vote, stars", m(both, MethodStars), []string{"phase.submissions", "phase.voting.stars"}},
		{"submissions and the vote, pairwise", m(both, MethodPairwise), []string{"phase.submissions", "phase.voting.pairwise"}},
		{"voting, support", m(voting, ""), []string{"phase.voting"}},
		{"voting, stars", m(voting, MethodStars), []string{"phase.voting.stars"}},
		{"voting, pairwise", m(voting, MethodPairwise), []string{"phase.voting.pairwise"}},
		{"voting soon, support", m(soon, MethodSupport), []string{"phase.voting_soon"}},
		{"voting soon, stars", m(soon, MethodStars), []string{"phase.voting_soon.stars"}},
		{"judging, pairwise", m(judging, MethodPairwise), []string{"phase.judging"}},
		{"results while the vote's time runs, stars", m(results, MethodStars), []string{"phase.results"}},
	} {
		if got := PhaseKeys(tc.c, now); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: PhaseKeys = %q, want %q", tc.name, got, tc.want)
		}
	}
}
