package domain

import "time"

// What an organiser may change on a challenge, and when (README,
// "Session 49"). An edit is judged by what it changes (the form sends
// every field, so a field sent unchanged is no change) and by what the
// challenge already holds, read in the same write that saves the edit
// (ChallengeActivity), so no idea, vote or intent slips in between.

// ChallengeActivity is what a challenge already holds that some changes
// would rewrite the meaning of.
type ChallengeActivity struct {
	// Ideas: any idea, in any state (a hidden or withdrawn one may come
	// back, with the rules it was submitted under).
	Ideas bool
	// Acts: any vote, star rating, pair answer or "I'd buy it", counted or
	// held for review.
	Acts bool
	// Intents: any "I'd buy it".
	Intents bool
}

// ThresholdLocked reports whether a challenge holding a can no longer
// change its supporter threshold or days (CanChangeThreshold).
func (a ChallengeActivity) ThresholdLocked() bool { return a.Ideas }

// BuyingAddOnly reports whether a challenge holding a may only add values
// to its buying options and bands to its prices (CanChangeBuying).
func (a ChallengeActivity) BuyingAddOnly() bool { return a.Intents }

// CanEditChallenge decides whether an edit may move a saved challenge
// from before to after at now, given what it holds: the voting method,
// who may vote and the budget (CanChangeMethod, CanChangeVoteRules), the
// supporter threshold (CanChangeThreshold), the buying options and price
// bands (CanChangeBuying) and what published results settled
// (CanChangeAfterResults). The first refusal names its field.
func CanEditChallenge(before, after Challenge, a ChallengeActivity, now time.Time) error {
	if err := CanChangeAfterResults(before, after); err != nil {
		return err
	}
	if err := CanChangeMethod(before, after, a, now); err != nil {
		return err
	}
	if err := CanChangeVoteRules(before, after, a, now); err != nil {
		return err
	}
	if err := CanChangeThreshold(before, after, a); err != nil {
		return err
	}
	if err := CanMoveVotingOpen(before, after, a, now); err != nil {
		return err
	}
	return CanChangeBuying(before.DemandRules, after.DemandRules, a)
}

// CanMoveVotingOpen decides whether an edit may move the vote's opening of
// a challenge with a supporter threshold that already has ideas: not into
// the past, earlier than it was (the earlier of its saved time and now).
// Each idea's days count from the later of its submission and the
// opening (ThresholdDeadline): an opening moved back would shorten them
// all at once, and expire the ideas whose days had then run out, as a
// threshold added late would (CanChangeThreshold). Opening the vote now,
// or later, gives every idea its days from then.
func CanMoveVotingOpen(before, after Challenge, a ChallengeActivity, now time.Time) error {
	if !a.ThresholdLocked() || after.SupportThreshold <= 0 || after.VotingOpenAt == nil {
		return nil
	}
	floor := now
	if before.VotingOpenAt != nil && before.VotingOpenAt.Before(now) {
		floor = *before.VotingOpenAt
	}
	if !after.VotingOpenAt.Before(floor) {
		return nil
	}
	return &Error{Kind: KindConflict, Code: "threshold_locked", Field: "voting_open_at",
		Message: "ideas are racing for supporters, their days counted from the vote's opening: it cannot move into the past"}
}

// VoteRulesLocked reports whether c's voting method, who may vote and the
// shrinking of its budget are fixed: its vote has begun (MethodLocked) or
// anyone has already voted, rated, answered a pair or said they would buy
// (a.Acts). The second holds whatever voting_open_at says: an organiser
// who moves the opening later, once fans have acted, does not unlock
// rules those acts were cast under.
func VoteRulesLocked(c Challenge, a ChallengeActivity, now time.Time) bool {
	return MethodLocked(c, now) || a.Acts
}

// CanChangeThreshold decides whether an edit may change the supporter
// threshold or its days: only while the challenge has no idea. Each idea
// races from its own submission (ThresholdDeadline), so a threshold added
// later would expire at once every idea older than its days, giving back
// their votes, and one lowered while judging would shortlist ideas past
// the organiser.
func CanChangeThreshold(before, after Challenge, a ChallengeActivity) error {
	if !a.ThresholdLocked() {
		return nil
	}
	f := changedField(fieldChange{"support_threshold", before.SupportThreshold != after.SupportThreshold},
		fieldChange{"threshold_days", before.ThresholdDays != after.ThresholdDays})
	if f == "" {
		return nil
	}
	return &Error{Kind: KindConflict, Code: "threshold_locked", Field: f,
		Message: "the supporter threshold and its days can only change before the first idea is submitted"}
}

// fieldChange is whether an edit changes a field, named as the API does.
type fieldChange struct {
	field   string
	changed bool
}

// changedField is the first of fields an edit changes, "" for none.
func changedField(fields ...fieldChange) string {
	for _, f := range fields {
		if f.changed {
			return f.field
		}
	}
	return ""
}

// CanChangeBuying decides whether an edit may change buying options and
// price bands from before to after: freely until a fan says they would
// buy (a.Intents); after that only by adding a value to an option or a
// band to the bands. Every answer names a value of every option and, with
// bands, one of them: a value or a band removed or renamed would drop
// those answers from the demand report and refuse their fans' edits, and
// a new option, or bands where there were none, would leave every answer
// without one.
func CanChangeBuying(before, after DemandRules, a ChallengeActivity) error {
	if !a.BuyingAddOnly() {
		return nil
	}
	if len(after.BuyOptions) != len(before.BuyOptions) {
		return buyOptionsLocked()
	}
	for name, values := range before.BuyOptions {
		kept, ok := after.BuyOptions[name]
		if !ok {
			return buyOptionsLocked()
		}
		for _, v := range values {
			if !contains(kept, v) {
				return buyOptionsLocked()
			}
		}
	}
	if len(before.PriceBands) == 0 && len(after.PriceBands) > 0 {
		return priceBandsLocked()
	}
	for _, b := range before.PriceBands {
		if !containsInt(after.PriceBands, b) {
			return priceBandsLocked()
		}
	}
	return nil
}

func buyOptionsLocked() *Error {
	return &Error{Kind: KindConflict, Code: "buy_options_locked", Field: "buy_options",
		Message: "fans have said what they would buy: buying options can gain values but not lose or rename one, or gain an option"}
}

func priceBandsLocked() *Error {
	return &Error{Kind: KindConflict, Code: "price_bands_locked", Field: "price_bands",
		Message: "fans have said what they would buy: price bands can be added but not removed or changed, nor asked where none were"}
}

// CanChangeAfterResults refuses, once before's results are published, an
// edit of what they settled: its kind, its number of winners and its
// shortlist size (the published ranking is final, as judging is:
// judging.Open). Its words, cover and times may still change.
func CanChangeAfterResults(before, after Challenge) error {
	if before.ResultsAt == nil {
		return nil
	}
	f := changedField(fieldChange{"kind", before.Kind != after.Kind},
		fieldChange{"winners", before.Winners != after.Winners},
		fieldChange{"shortlist_size", before.ShortlistSize != after.ShortlistSize})
	if f == "" {
		return nil
	}
	return &Error{Kind: KindConflict, Code: "results_published", Field: f,
		Message: "the results are published: the kind, the winners and the shortlist size are final"}
}
