package domain

// CanMerge is the rule for folding duplicate into original: two different
// ideas of one challenge, both still listed (a hidden, withdrawn, merged or
// expired idea has no supporters to move, or is already gone from the
// lists), the duplicate not a prototype project (duplicateProject): its
// project would go on from an idea that left the lists, its voters moved
// away and no longer told of its stages. The other way round is the merge
// to make.
func CanMerge(duplicate, original Idea, duplicateProject bool) error {
	if duplicate.ID == original.ID {
		return Invalid("into", "merge_into_itself", "an idea cannot be merged into itself")
	}
	if duplicate.ChallengeID != original.ChallengeID {
		return Invalid("into", "other_challenge", "ideas can be merged only within one challenge")
	}
	if !duplicate.State.Listed() || !original.State.Listed() {
		return Conflict("idea_not_mergeable", "only listed ideas can be merged")
	}
	if duplicateProject {
		return Conflict("idea_is_project", "this idea is a prototype project: merge the other idea into it instead")
	}
	return nil
}

// MergeFollowers is who comes to follow the original when duplicate folds
// into it (followers: the duplicate's). A merge moves the duplicate's
// supporters; its followers must come too, or a fan who followed it would
// never hear of the original's status, replies or project, as Canny and
// Fider carry subscribers over. Its author comes too: they are told where
// their idea went (MergedNotices), and its news is theirs. The original's
// author does not: they hear of their own idea as its author, who never
// follows it (CommentFollows). Once each, in the order given.
func MergeFollowers(duplicate, original Idea, followers []int64) []int64 {
	seen := map[int64]bool{0: true, original.Author.ID: true}
	var out []int64
	for _, id := range append([]int64{duplicate.Author.ID}, followers...) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// MergedNotices tell the duplicate's author where their idea went, and
// each of its followers (but the admin who merged it, who knows) that it
// went into the original, whose news they will hear from now on
// (MergeFollowers): both link to the original.
func MergedNotices(duplicate, original Idea, followers []int64, actorID int64) []Outgoing {
	url := IdeaLink(original.ID)
	out := []Outgoing{{To: duplicate.Author.ID, Kind: NoticeMerged, URL: url, Args: []string{duplicate.Title}}}
	told := map[int64]bool{0: true, actorID: true, duplicate.Author.ID: true}
	for _, id := range followers {
		if !told[id] {
			told[id] = true
			out = append(out, Outgoing{To: id, Kind: NoticeFollowedMerged, URL: url, Args: []string{duplicate.Title, original.Title}})
		}
	}
	return out
}
