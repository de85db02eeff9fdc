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
	// Held are the ideas reports hid that the viewer still supports, with
	// their id and title only, while they may take those votes back
	// (domain.CanWithdrawHeld): on their list of votes (MyVotedPage,
	// MyVotes), so that a vote spent there is found. Nil elsewhere.
	Held []domain.Idea
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
	return p, s.viewerVotes(ctx, actor, &p, ideaIDs(p.Ideas.Ideas))
}

// ideaIDs are the ids of list, in its order.
func ideaIDs(list []domain.Idea) []int64 {
	ids := make([]int64, len(list))
	for i, idea := range list {
		ids[i] = idea.ID
	}
	return ids
}

// MyVotes is what the actor did in challenge id among the ideas ids (an
// app's list, domain.ParseIDs), as the challenge's page shows it: their
// votes, their stars (a stars challenge) and what is left of their
// budget. Ideas is empty.
func (s *Service) MyVotes(ctx context.Context, actor *domain.User, id int64, ids []int64) (ChallengePage, error) {
	p := ChallengePage{VotesLeft: -1}
	if actor == nil {
		return p, domain.Unauthorized("sign in first")
	}
	var err error
	if p.Challenge, err = s.Challenge(ctx, actor, id); err != nil {
		return p, err
	}
	if err := s.viewerVotes(ctx, actor, &p, ids); err != nil {
		return p, err
	}
	return p, s.heldVotes(ctx, actor, &p)
}

// heldVotes fills in p.Held for actor, who is signed in.
func (s *Service) heldVotes(ctx context.Context, actor *domain.User, p *ChallengePage) error {
	if domain.CanWithdrawHeld(domain.Idea{State: domain.StateHidden}, p.Challenge, s.now()) != nil {
		return nil // no vote to take back: not one read
	}
	var err error
	p.Held, err = s.store.VotedIdeasIn(ctx, actor.ID, p.Challenge.ID, domain.StateHidden, MaxVotedShown)
	return err
}

// MaxVotedShown is how many of a fan's votes in one challenge their list
// of them shows (a budget is far smaller; without one, the newest).
const MaxVotedShown = 200

// MyVotedPage is a challenge's page listing the ideas actor supports, the
// newest vote first, those the challenge's list holds (IdeasOf: while
// votes can be spent, an idea that leaves the list gives its votes back,
// domain.ReleasesVotes), masked as the list is: so a fan whose budget is
// spent finds where it went, and takes a vote back to give it elsewhere;
// and those on ideas reports hid (Held), which wait for a moderator.
func (s *Service) MyVotedPage(ctx context.Context, actor *domain.User, id int64) (ChallengePage, error) {
	p := ChallengePage{VotesLeft: -1}
	if actor == nil {
		return p, domain.Unauthorized("sign in first")
	}
	var err error
	if p.Challenge, err = s.Challenge(ctx, actor, id); err != nil {
		return p, err
	}
	if p.Mask, err = s.IdeaMask(ctx, actor, p.Challenge); err != nil {
		return p, err
	}
	p.Sort, _ = domain.ListOrder(p.Challenge, p.Mask, "")
	ids, err := s.store.VotedIdeaIDs(ctx, actor.ID, id, MaxVotedShown)
	if err != nil {
		return p, err
	}
	listed, err := s.IdeasOf(ctx, p.Challenge, ids)
	if err != nil {
		return p, err
	}
	byID := make(map[int64]domain.Idea, len(listed))
	for _, idea := range listed {
		byID[idea.ID] = idea
	}
	list := []domain.Idea{}
	for _, ideaID := range ids { // in the order voted
		if idea, ok := byID[ideaID]; ok {
			list = append(list, idea)
		}
	}
	applyMask(p.Mask, actor, list)
	p.Ideas = IdeaList{Ideas: list}
	if err := s.viewerVotes(ctx, actor, &p, ideaIDs(list)); err != nil {
		return p, err
	}
	return p, s.heldVotes(ctx, actor, &p)
}

// viewerVotes fills in the viewer's votes among ids (the page's ideas) and
// what is left of their budget.
func (s *Service) viewerVotes(ctx context.Context, actor *domain.User, p *ChallengePage, ids []int64) error {
	if actor == nil {
		return nil
	}
	var err error
	if p.Voted, err = s.store.Voted(ctx, actor.ID, p.Challenge.ID, ids); err != nil {
		return err
	}
	if p.Challenge.Method() == domain.MethodStars {
		if p.Mine, err = s.store.MyRatings(ctx, actor.ID, p.Challenge.ID, ids); err != nil {
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
