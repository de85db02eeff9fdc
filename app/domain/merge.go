package domain

// CanMerge is the rule for folding duplicate into original: two different
// ideas of one challenge, both still listed (a hidden, withdrawn, merged or
// expired idea has no supporters to move, or is already gone from the lists).
func CanMerge(duplicate, original Idea) error {
	if duplicate.ID == original.ID {
		return Invalid("into", "merge_into_itself", "an idea cannot be merged into itself")
	}
	if duplicate.ChallengeID != original.ChallengeID {
		return Invalid("into", "other_challenge", "ideas can be merged only within one challenge")
	}
	if !duplicate.State.Listed() || !original.State.Listed() {
		return Conflict("idea_not_mergeable", "only listed ideas can be merged")
	}
	return nil
}

// MergedNotice tells the duplicate's author where their idea went.
func MergedNotice(duplicate, original Idea) []Outgoing {
	return []Outgoing{{To: duplicate.Author.ID, Kind: NoticeMerged, URL: IdeaLink(original.ID), Args: []string{duplicate.Title}}}
}
