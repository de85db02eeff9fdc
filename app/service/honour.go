package service

import (
	"context"

	"cocreate/app/people"
)

// NameBadges are the honour badges of the people named, for the row
// beside their names (comments, authors, the leaderboard, club members,
// attendees): one batched read for the whole page, never one per name.
// Ids of 0 (an author the viewer may not see) are skipped.
func (s *Service) NameBadges(ctx context.Context, ids []int64) (map[int64][]people.Badge, error) {
	facts, err := s.store.BadgeFacts(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]people.Badge, len(facts))
	for id, f := range facts {
		if b := people.Merge(people.RuleBadges(f.FirstIdea, f.Events), f.Hand); len(b) > 0 {
			out[id] = b
		}
	}
	return out, nil
}
