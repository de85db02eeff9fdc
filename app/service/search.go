package service

import (
	"context"
	"time"

	"cocreate/app/domain"
	"cocreate/app/indexer"
	"cocreate/app/search"
)

// SearchQuery is a search as a person asks it (page or API).
type SearchQuery struct {
	Text        string
	Type        string
	ChallengeID int64
	State       string
	Tag         string
	Limit       int
	Offset      int
}

// Validate checks a search, naming the bad field.
func (q SearchQuery) Validate() error {
	if err := domain.TextField("q", q.Text, 0, 200); err != nil {
		return err
	}
	if err := domain.TextField("tag", q.Tag, 0, domain.MaxTagLen); err != nil {
		return err
	}
	switch q.Type {
	case "", search.TypeIdea, search.TypeChallenge, search.TypeComment, search.TypeUpdate:
	default:
		return domain.Invalid("type", "invalid_type", "type must be idea, challenge, comment or update")
	}
	if q.State != "" {
		if _, ok := domain.ParseState(q.State); !ok {
			return domain.Invalid("state", "invalid_state", "unknown state")
		}
	}
	if q.Limit < 0 || q.Limit > search.MaxLimit {
		return domain.InvalidLimit(search.MaxLimit)
	}
	if q.Offset < 0 || q.Offset > search.MaxOffset {
		return domain.Invalid("offset", "invalid_offset", "offset must be between 0 and 1000")
	}
	return nil
}

// unavailable is the answer while the index is being rebuilt.
var unavailable = &domain.Error{Kind: domain.KindUnavailable, Code: "search_unavailable", Message: "search is being rebuilt; try again in a minute", RetryAfter: time.Minute}

// Search runs a search for actor, finding only what actor may see: unlisted
// ideas and what hangs on them for admins and moderators only
// (domain.SeesUnlisted), and nothing of a challenge actor may not see
// (domain.MaySeeChallenge: a moderator finds no draft's ideas). Both
// are left out inside the query, so the total counts only what may be
// seen; a challenge filter naming a challenge actor may not see is 404.
func (s *Service) Search(ctx context.Context, actor *domain.User, q SearchQuery) (search.Result, error) {
	if err := q.Validate(); err != nil {
		return search.Result{}, err
	}
	if q.ChallengeID != 0 {
		if _, err := s.Challenge(ctx, actor, q.ChallengeID); err != nil {
			return search.Result{}, err
		}
	}
	ix, err := s.index()
	if err != nil {
		return search.Result{}, err
	}
	unseen, err := s.unseenChallenges(ctx, actor)
	if err != nil {
		return search.Result{}, err
	}
	return ix.Search(ctx, search.Query{
		Text: q.Text, Type: q.Type, ChallengeID: q.ChallengeID, State: q.State, Tag: q.Tag,
		IncludeHidden: domain.SeesUnlisted(actor), ExcludeChallenges: unseen, Limit: q.Limit, Offset: q.Offset,
	})
}

func (s *Service) index() (*search.Index, error) {
	if s.Indexer == nil {
		return nil, unavailable
	}
	ix, err := s.Indexer.Index()
	if err == indexer.ErrUnavailable {
		return nil, unavailable
	}
	return ix, err
}

// unseenChallenges lists the challenges actor may not see, by
// domain.MaySeeChallenge at this moment, over the challenges read once per
// ContentVersion (allChallenges): the rule still runs for every asker at
// every search, so who asks and when (a schedule opening) count exactly as
// the rule says; only the store's read and copy of every challenge are
// saved.
func (s *Service) unseenChallenges(ctx context.Context, actor *domain.User) ([]int64, error) {
	s.seams.unseenRead()
	all, err := s.allChallenges(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []int64
	for i := range all {
		if !domain.MaySeeChallenge(actor, all[i], now) {
			out = append(out, all[i].ID)
		}
	}
	return out, nil
}

// allChallenges is Store.Challenges read once per ContentVersion
// (byVersion): the caller must not change what it returns.
func (s *Service) allChallenges(ctx context.Context) ([]domain.Challenge, error) {
	return s.challenges.read(s.store.ContentVersion(), func() ([]domain.Challenge, error) { return s.store.Challenges(ctx) })
}

// SimilarIdeas lists the visible ideas of a challenge most like text, best
// first: shown to a fan while they type, so they can support an existing
// idea instead of posting a duplicate.
func (s *Service) SimilarIdeas(ctx context.Context, actor *domain.User, challengeID int64, text string, limit int) ([]domain.Idea, error) {
	if err := domain.TextField("text", text, 0, domain.MaxIdeaSummary+domain.MaxIdeaTitle); err != nil {
		return nil, err
	}
	c, err := s.Challenge(ctx, actor, challengeID)
	if err != nil {
		return nil, err
	}
	ix, err := s.index()
	if err != nil {
		return nil, err
	}
	ids, err := ix.Similar(ctx, challengeID, text, limit)
	if err != nil {
		return nil, err
	}
	out := []domain.Idea{}
	for _, id := range ids {
		idea, err := s.store.Idea(ctx, id)
		if err != nil {
			continue // gone since it was indexed
		}
		if idea.State.Listed() {
			out = append(out, idea)
		}
	}
	return out, s.masked(ctx, actor, c, out)
}

// MergeIdea folds a duplicate into the original: admins only. Supporters of
// the duplicate move to the original once each, and its followers and author
// follow the original; they are told where it went.
func (s *Service) MergeIdea(ctx context.Context, actor *domain.User, duplicateID, originalID int64, reason string) (domain.Idea, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return domain.Idea{}, err
	}
	if err := domain.TextField("reason", reason, 0, 500); err != nil {
		return domain.Idea{}, err
	}
	dup, err := s.store.MergeIdea(ctx, duplicateID, originalID, actor.ID, reason, domain.CanMerge, domain.MergeFollowers,
		func(duplicate, original domain.Idea, followers []int64) []domain.Outgoing {
			return domain.MergedNotices(duplicate, original, followers, actor.ID)
		})
	if err == nil {
		s.pairsChanged(dup.ChallengeID) // the duplicate's comparisons moved
	}
	return dup, err
}
