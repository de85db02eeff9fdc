package domain

import (
	"testing"
	"time"
)

// refusal is an error as "code field", "" for none, failing the test for
// an error that is not a conflict.
func refusal(t *testing.T, name string, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	e := AsError(err)
	if e == nil || e.Kind != KindConflict {
		t.Errorf("%s: %v is not a conflict", name, err)
		return err.Error()
	}
	return e.Code + " " + e.Field
}

func TestChallengeActivityLocks(t *testing.T) {
	for _, tc := range []struct {
		a                  ChallengeActivity
		threshold, addOnly bool
	}{
		{ChallengeActivity{}, false, false},
		{ChallengeActivity{Ideas: true}, true, false},
		{ChallengeActivity{Acts: true}, false, false},
		{ChallengeActivity{Intents: true}, false, true},
		{ChallengeActivity{Ideas: true, Acts: true, Intents: true}, true, true},
	} {
		if got := tc.a.ThresholdLocked(); got != tc.threshold {
			t.Errorf("%+v: threshold locked %v", tc.a, got)
		}
		if got := tc.a.BuyingAddOnly(); got != tc.addOnly {
			t.Errorf("%+v: buying add-only %v", tc.a, got)
		}
	}
}

// The method, who votes and the budget lock once voting has begun or
// anyone has acted: moving voting_open_at later unlocks nothing fans have
// acted under.
func TestVoteRulesLockedByActs(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	past, future := now.Add(-time.Hour), now.Add(time.Hour)
	acted := ChallengeActivity{Acts: true}
	with := func(open *time.Time, m Method, voters Voters, budget int) Challenge {
		c := Challenge{Rules: Rules{VotingMethod: m, Voters: voters, VoteBudget: budget}}
		c.VotingOpenAt = open
		return c
	}
	for _, tc := range []struct {
		name          string
		before, after Challenge
		a             ChallengeActivity
		locked        bool
		want          string
	}{
		{"postponed, nobody acted: method", with(&future, MethodSupport, VotersSignedIn, 3), with(&future, MethodStars, VotersSignedIn, 3), ChallengeActivity{}, false, ""},
		{"postponed, nobody acted: voters", with(&future, MethodSupport, VotersSignedIn, 3), with(&future, MethodSupport, VotersVerified, 3), ChallengeActivity{Ideas: true, Intents: false}, false, ""},
		{"postponed, nobody acted: budget", with(&future, MethodSupport, VotersSignedIn, 3), with(&future, MethodSupport, VotersSignedIn, 1), ChallengeActivity{}, false, ""},
		{"postponed after votes: method", with(&future, MethodSupport, VotersSignedIn, 3), with(&future, MethodStars, VotersSignedIn, 3), acted, true, "voting_method_locked voting_method"},
		{"postponed after votes: voters", with(&future, MethodSupport, VotersSignedIn, 3), with(&future, MethodSupport, VotersVerified, 3), acted, true, "voters_locked voters"},
		{"postponed after votes: budget shrinks", with(&future, MethodSupport, VotersSignedIn, 3), with(&future, MethodSupport, VotersSignedIn, 2), acted, true, "vote_budget_locked vote_budget"},
		{"postponed after votes: budget grows", with(&future, MethodSupport, VotersSignedIn, 3), with(&future, MethodSupport, VotersSignedIn, 4), acted, true, ""},
		{"postponed after votes: same rules", with(&future, MethodStars, VotersSignedIn, 3), with(&future, MethodStars, VotersSignedIn, 3), acted, true, ""},
		{"never scheduled, acted (a reopened vote)", with(nil, MethodSupport, VotersSignedIn, 0), with(nil, MethodPairwise, VotersSignedIn, 0), acted, true, "voting_method_locked voting_method"},
		{"open, nobody acted", with(&past, MethodSupport, VotersSignedIn, 3), with(&past, MethodStars, VotersSignedIn, 3), ChallengeActivity{}, true, "voting_method_locked voting_method"},
		{"postponing in the edit, nobody acted", with(&past, MethodSupport, VotersSignedIn, 3), with(&future, MethodStars, VotersSignedIn, 3), ChallengeActivity{}, true, "voting_method_locked voting_method"},
	} {
		if got := VoteRulesLocked(tc.before, tc.a, now); got != tc.locked {
			t.Errorf("%s: locked %v", tc.name, got)
		}
		err := CanChangeMethod(tc.before, tc.after, tc.a, now)
		if err == nil {
			err = CanChangeVoteRules(tc.before, tc.after, tc.a, now)
		}
		if got := refusal(t, tc.name, err); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestCanChangeThreshold(t *testing.T) {
	call := func(threshold, days int) Challenge { return thresholdCall(threshold, days) }
	ideas := ChallengeActivity{Ideas: true}
	for _, tc := range []struct {
		name          string
		before, after Challenge
		a             ChallengeActivity
		want          string
	}{
		{"added before any idea", call(0, 0), call(10, 30), ChallengeActivity{}, ""},
		{"changed before any idea, votes or not", call(10, 30), call(5, 7), ChallengeActivity{Acts: true, Intents: true}, ""},
		{"unchanged with ideas", call(10, 30), call(10, 30), ideas, ""},
		{"none, kept none, with ideas", call(0, 0), call(0, 0), ideas, ""},
		{"added to a running call", call(0, 0), call(10, 30), ideas, "threshold_locked support_threshold"},
		{"raised with ideas", call(10, 30), call(11, 30), ideas, "threshold_locked support_threshold"},
		{"removed with ideas", call(10, 30), call(0, 0), ideas, "threshold_locked support_threshold"},
		{"days shortened with ideas", call(10, 30), call(10, 29), ideas, "threshold_locked threshold_days"},
		{"days lifted with ideas", call(10, 30), call(10, 0), ideas, "threshold_locked threshold_days"},
		{"days set with ideas", call(10, 0), call(10, 1), ideas, "threshold_locked threshold_days"},
	} {
		if got := refusal(t, tc.name, CanChangeThreshold(tc.before, tc.after, tc.a)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestCanChangeBuying(t *testing.T) {
	rules := func(bands []int, opts ...string) DemandRules {
		r := DemandRules{PriceBands: bands}
		for i := 0; i+1 < len(opts); i += 2 {
			if r.BuyOptions == nil {
				r.BuyOptions = map[string][]string{}
			}
			r.BuyOptions[opts[i]] = append(r.BuyOptions[opts[i]], opts[i+1])
		}
		return r
	}
	saved := rules([]int{99, 199}, "size", "S", "size", "M", "colour", "红")
	answered := ChallengeActivity{Ideas: true, Acts: true, Intents: true}
	for _, tc := range []struct {
		name  string
		after DemandRules
		a     ChallengeActivity
		want  string
	}{
		{"anything before an answer", rules(nil, "fit", "slim"), ChallengeActivity{Ideas: true, Acts: true}, ""},
		{"unchanged", saved, answered, ""},
		{"a value added", rules([]int{99, 199}, "size", "S", "size", "M", "size", "L", "colour", "红"), answered, ""},
		{"values reordered", rules([]int{99, 199}, "size", "M", "size", "S", "colour", "红"), answered, ""},
		{"a band added", rules([]int{49, 99, 199}, "size", "S", "size", "M", "colour", "红"), answered, ""},
		{"a value removed", rules([]int{99, 199}, "size", "S", "colour", "红"), answered, "buy_options_locked buy_options"},
		{"a value renamed", rules([]int{99, 199}, "size", "S", "size", "m", "colour", "红"), answered, "buy_options_locked buy_options"},
		{"an option renamed", rules([]int{99, 199}, "尺码", "S", "尺码", "M", "colour", "红"), answered, "buy_options_locked buy_options"},
		{"an option added", rules([]int{99, 199}, "size", "S", "size", "M", "colour", "红", "fit", "slim"), answered, "buy_options_locked buy_options"},
		{"an option removed", rules([]int{99, 199}, "size", "S", "size", "M"), answered, "buy_options_locked buy_options"},
		{"buying removed", DemandRules{}, answered, "buy_options_locked buy_options"},
		{"a band removed", rules([]int{99}, "size", "S", "size", "M", "colour", "红"), answered, "price_bands_locked price_bands"},
		{"a band changed", rules([]int{99, 299}, "size", "S", "size", "M", "colour", "红"), answered, "price_bands_locked price_bands"},
		{"bands removed", rules(nil, "size", "S", "size", "M", "colour", "红"), answered, "price_bands_locked price_bands"},
	} {
		if got := refusal(t, tc.name, CanChangeBuying(saved, tc.after, tc.a)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	// Bands where there were none would leave every answer without one.
	noBands := rules(nil, "size", "S")
	if got := refusal(t, "bands added", CanChangeBuying(noBands, rules([]int{99}, "size", "S"), answered)); got != "price_bands_locked price_bands" {
		t.Errorf("bands added where none were: %q", got)
	}
	if got := refusal(t, "still none", CanChangeBuying(noBands, rules(nil, "size", "S", "size", "M"), answered)); got != "" {
		t.Errorf("no bands, a value added: %q", got)
	}
}

func TestCanChangeAfterResults(t *testing.T) {
	at := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	saved := NewChallenge()
	saved.Title = "洗衣机"
	out := saved
	out.ResultsAt = &at
	change := func(c Challenge, f func(*Challenge)) Challenge { f(&c); return c }
	for _, tc := range []struct {
		name          string
		before, after Challenge
		want          string
	}{
		{"before results: kind", saved, change(saved, func(c *Challenge) { c.Kind = DesignPoll }), ""},
		{"before results: winners", saved, change(saved, func(c *Challenge) { c.Winners = 1 }), ""},
		{"before results: shortlist", saved, change(saved, func(c *Challenge) { c.ShortlistSize = 5 }), ""},
		{"after results: nothing", out, out, ""},
		{"after results: the words", out, change(out, func(c *Challenge) { c.Title, c.Brief = "新标题", "新说明" }), ""},
		{"after results: kind", out, change(out, func(c *Challenge) { c.Kind = DesignPoll }), "results_published kind"},
		{"after results: winners", out, change(out, func(c *Challenge) { c.Winners = 1 }), "results_published winners"},
		{"after results: shortlist", out, change(out, func(c *Challenge) { c.ShortlistSize = 5 }), "results_published shortlist_size"},
	} {
		if got := refusal(t, tc.name, CanChangeAfterResults(tc.before, tc.after)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// CanEditChallenge asks every rule: each refusal comes through.
func TestCanEditChallenge(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	before := poll()
	future := now.Add(time.Hour)
	before.VotingOpenAt = &future
	everything := ChallengeActivity{Ideas: true, Acts: true, Intents: true}
	change := func(f func(*Challenge)) Challenge { c := before; f(&c); return c }
	published := before
	published.ResultsAt = &now
	for _, tc := range []struct {
		name          string
		before, after Challenge
		want          string
	}{
		{"words only", before, change(func(c *Challenge) { c.Title = "新款" }), ""},
		{"results", published, change(func(c *Challenge) { c.ResultsAt = &now; c.Winners = 9 }), "results_published winners"},
		{"method", before, change(func(c *Challenge) { c.VotingMethod = MethodStars }), "voting_method_locked voting_method"},
		{"voters", before, change(func(c *Challenge) { c.Voters = VotersVerified }), "voters_locked voters"},
		{"threshold", before, change(func(c *Challenge) { c.ThresholdDays = 3 }), "threshold_locked threshold_days"},
		{"buying", before, change(func(c *Challenge) { c.PriceBands = []int{99} }), "price_bands_locked price_bands"},
	} {
		if got := refusal(t, tc.name, CanEditChallenge(tc.before, tc.after, everything, now)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
		if err := CanEditChallenge(tc.before, tc.after, ChallengeActivity{}, now); tc.name != "results" && err != nil {
			t.Errorf("%s, nothing held: %v", tc.name, err)
		}
	}
}

func TestCanMoveVotingOpen(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { v := now.Add(d); return &v }
	call := func(threshold int, open *time.Time) Challenge {
		c := thresholdCall(threshold, 7)
		c.VotingOpenAt = open
		return c
	}
	ideas := ChallengeActivity{Ideas: true}
	day := 24 * time.Hour
	for _, tc := range []struct {
		name          string
		before, after Challenge
		a             ChallengeActivity
		want          string
	}{
		{"opened now instead of in June", call(10, at(30*day)), call(10, at(0)), ideas, ""},
		{"postponed", call(10, at(day)), call(10, at(2*day)), ideas, ""},
		{"moved into the past", call(10, at(30*day)), call(10, at(-day)), ideas, "threshold_locked voting_open_at"},
		{"an open vote moved further back", call(10, at(-day)), call(10, at(-2*day)), ideas, "threshold_locked voting_open_at"},
		{"an open vote kept", call(10, at(-day)), call(10, at(-day)), ideas, ""},
		{"an open vote moved to a later past time", call(10, at(-2*day)), call(10, at(-day)), ideas, ""},
		{"no vote before, one set in the past", call(10, nil), call(10, at(-time.Minute)), ideas, "threshold_locked voting_open_at"},
		{"no vote before, one set now", call(10, nil), call(10, at(0)), ideas, ""},
		{"the vote taken away", call(10, at(-day)), call(10, nil), ideas, ""},
		{"no ideas yet", call(10, at(30*day)), call(10, at(-day)), ChallengeActivity{Acts: true}, ""},
		{"no threshold", call(0, at(30*day)), call(0, at(-day)), ideas, ""},
	} {
		if got := refusal(t, tc.name, CanMoveVotingOpen(tc.before, tc.after, tc.a, now)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
