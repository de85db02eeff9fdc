package service

import (
	"context"

	"cocreate/app/domain"
)

// ChallengePage is what a challenge's page shows: the challenge, a page of
// its ideas, and the viewer's own votes on them.
type ChallengePage struct {
	Challenge domain.Challenge
	Ideas     IdeaList
	Voted     map[int64]bool  // the viewer's votes among Ideas; nil for a visitor
	VotesLeft int             // what is left of the viewer's budget; -1 when unlimited or a visitor
	Mine      map[int64]int   // the viewer's stars among Ideas (a stars challenge)
	Mask      domain.IdeaMask // what the viewer may not see of the ideas (Stats takes it)
	Sort      domain.Sort     // the order Ideas are in: the one asked, unless Mask decides it (IdeaMask.Sort)
}

// ChallengePage loads a challenge's page for whoever may see the challenge.
func (s *Service) ChallengePage(ctx context.Context, actor *domain.User, id int64, sort domain.Sort, after *domain.Cursor, limit int) (ChallengePage, error) {
	p := ChallengePage{VotesLeft: -1}
	var err error
	if p.Challenge, err = s.Challenge(ctx, actor, id); err != nil {
		return p, err
	}
	if p.Mask, err = s.IdeaMask(ctx, actor, p.Challenge); err != nil {
		return p, err
	}
	if p.Ideas, p.Sort, err = s.ideasMasked(ctx, actor, p.Challenge, p.Mask, sort, after, limit); err != nil {
		return p, err
	}
	return p, s.viewerVotes(ctx, actor, &p)
}

// viewerVotes fills in the viewer's votes among the page's ideas and what
// is left of their budget.
func (s *Service) viewerVotes(ctx context.Context, actor *domain.User, p *ChallengePage) error {
	if actor == nil {
		return nil
	}
	ids := make([]int64, len(p.Ideas.Ideas))
	for i, idea := range p.Ideas.Ideas {
		ids[i] = idea.ID
	}
	var err error
	if p.Voted, err = s.store.Voted(ctx, actor.ID, ids); err != nil {
		return err
	}
	if p.Challenge.Method() == domain.MethodStars {
		if p.Mine, err = s.store.MyRatings(ctx, actor.ID, ids); err != nil {
			return err
		}
	}
	if p.Challenge.VoteBudget > 0 {
		used, err := s.store.VotesUsed(ctx, actor.ID, p.Challenge.ID)
		if err != nil {
			return err
		}
		p.VotesLeft = max(p.Challenge.VoteBudget-used, 0)
	}
	return nil
}
