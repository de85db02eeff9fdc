package domain

import "time"

// Words that name what fans do in a challenge follow how it decides: a
// support challenge's fans vote, a stars challenge's rate, a pairwise
// challenge's compare two at a time, and a design poll that asks who would
// buy also takes "I'd buy it". The message catalogues keep one key per
// wording: the key written for votes, and beside it the same key with
// ".stars" or ".pairwise" (then ".buy") after it. These rules pick the key;
// pages and flashes only translate it.

// MethodKey is the key of key's words in challenge c: key itself where fans
// vote by support, key+".stars" or key+".pairwise" where they rate or
// compare.
func MethodKey(key string, c Challenge) string {
	switch m := c.Method(); m {
	case MethodStars, MethodPairwise:
		return key + "." + string(m)
	}
	return key
}

// ActKey is MethodKey for words that tell a fan what they may do with a
// challenge's ideas: in a design poll that asks who would buy
// (Challenge.Buying) they may also say "I'd buy it", so ".buy" follows.
func ActKey(key string, c Challenge) string {
	k := MethodKey(key, c)
	if c.Buying() {
		k += ".buy"
	}
	return k
}

// PhaseKeys are the keys of a challenge's phase as its badge reads at now,
// in order (a page joins them): the phase's name, the vote's by the
// challenge's method ("phase.voting" is "Rating" in a stars challenge), and
// while submissions are open and the vote too, both, as PhaseAt shows open
// submissions first. A vote whose phase has come but that has not opened
// is "phase.voting_soon", which takes the time it opens.
func PhaseKeys(c Challenge, now time.Time) []string {
	phase := c.PhaseAt(now)
	switch {
	case phase == PhaseVoting && !c.VotingOpen(now) && c.VotingOpenAt != nil:
		return []string{MethodKey("phase.voting_soon", c)}
	case phase == PhaseVoting:
		return []string{MethodKey("phase.voting", c)}
	case phase == PhaseSubmissions && c.VotingOpen(now):
		return []string{"phase.submissions", MethodKey("phase.voting", c)}
	}
	return []string{"phase." + string(phase)}
}
