package service

import (
	"context"

	"cocreate/app/domain"
)

// SetStatus lets an engineer or admin move a board post to a public
// status with an official response (domain.CanSetStatus); the post's
// author, voters and followers are told of a new status or a first
// response (domain.StatusNews), in their own language, by the
// notification and its email. The move follows the post for the one who
// made it (domain.StatusFollows), so the fans' answers reach them.
func (s *Service) SetStatus(ctx context.Context, actor *domain.User, ideaID int64, ch domain.StatusChange) (domain.Idea, error) {
	if actor == nil {
		return domain.Idea{}, domain.Unauthorized("sign in first")
	}
	if !actor.IsStaff() {
		return domain.Idea{}, domain.Forbidden("only engineers and admins set a post's status")
	}
	if _, err := domain.ParseStatus(string(ch.Status)); err != nil {
		return domain.Idea{}, err // before the post is looked up: a bad status is a 400 whatever the id
	}
	now := s.now()
	idea, err := s.store.SetStatus(ctx, ideaID, actor.ID, domain.AnsweredAs(actor), func(c domain.Challenge, idea domain.Idea) (domain.Status, string, error) {
		if err := unseen(actor, c, idea, now); err != nil {
			return "", "", err
		}
		response, err := domain.CanSetStatus(actor, c, idea, ch)
		return ch.Status, response, err
	}, func(was, now domain.Idea, a domain.Audience) []domain.Outgoing {
		return domain.StatusNotices(was, now, actor.ID, a)
	}, func(idea domain.Idea, first bool) bool { return domain.StatusFollows(actor, idea, first) })
	if err != nil {
		return domain.Idea{}, err
	}
	return s.Idea(ctx, actor, idea.ID)
}

// BoardPage is what a board's page shows: the board, a page of its posts
// (of one status, or all), how many posts each status has, and the
// viewer's votes.
type BoardPage struct {
	ChallengePage
	Status domain.Status // the filter, "" for every status
	Counts map[domain.Status]int
	Total  int
}

// BoardPage loads a board's page for whoever may see it; a challenge that
// is not a board is not found here.
func (s *Service) BoardPage(ctx context.Context, actor *domain.User, id int64, status domain.Status, sort domain.Sort, after *domain.Cursor, limit int) (BoardPage, error) {
	p := BoardPage{Status: status, ChallengePage: ChallengePage{VotesLeft: -1}}
	var err error
	if p.Challenge, err = s.Challenge(ctx, actor, id); err != nil {
		return p, err
	}
	if !p.Challenge.IsBoard() {
		return p, domain.NotFound("board")
	}
	if p.Ideas, err = s.BoardIdeas(ctx, actor, id, status, sort, after, limit); err != nil {
		return p, err
	}
	if p.Counts, err = s.store.StatusCounts(ctx, id); err != nil {
		return p, err
	}
	for _, n := range p.Counts {
		p.Total += n
	}
	return p, s.viewerVotes(ctx, actor, &p.ChallengePage, ideaIDs(p.Ideas.Ideas))
}

// BoardIdeas lists a page of a board's posts of one status ("" for every
// status), for someone who may see the board.
func (s *Service) BoardIdeas(ctx context.Context, actor *domain.User, challengeID int64, status domain.Status, sort domain.Sort, after *domain.Cursor, limit int) (IdeaList, error) {
	c, err := s.Challenge(ctx, actor, challengeID)
	if err != nil {
		return IdeaList{}, err
	}
	if status != "" && !c.IsBoard() {
		return IdeaList{}, domain.Invalid("status", "not_a_board", "only a board's posts have a status")
	}
	ideas, next, err := s.store.BoardIdeas(ctx, c.ID, status, sort, after, limit)
	if err != nil {
		return IdeaList{}, err
	}
	if err := s.masked(ctx, actor, c, ideas); err != nil {
		return IdeaList{}, err
	}
	return IdeaList{Ideas: ideas, Next: next}, nil
}

// RoadmapLimit is the most posts a page of a roadmap column lists; the
// column goes on a page at a time (Roadmap.Next).
const RoadmapLimit = 100

// Roadmap is what is planned, in progress and done across every board,
// as the actor may see it, with the boards the posts are on: a page of
// each column, from From (nil: its newest), where each column's next
// page starts (Next; nil: the column ends with this page), and how many
// posts each whole column holds that the actor may see (Totals, from
// RoadmapTotals; nil until the caller asks for them).
type Roadmap struct {
	Columns map[domain.Status][]domain.Idea
	Boards  map[int64]domain.Challenge
	From    map[domain.Status]*domain.Cursor
	Next    map[domain.Status]*domain.Cursor
	Totals  map[domain.Status]int
}

// RoadmapCursor is where a roadmap column's page after idea starts.
func RoadmapCursor(idea domain.Idea) *domain.Cursor {
	c := &domain.Cursor{ID: idea.ID}
	if idea.StatusAt != nil {
		c.Key = float64(idea.StatusAt.UnixMilli())
	}
	return c
}

// Roadmap loads the public roadmap: a page of each column (RoadmapLimit),
// most recently moved first, from the cursor from holds for it (none: its
// newest), only those the actor may see (domain.MaySeeIdea), without what
// they may not see of them (domain.MaskFor). A page is full while the column goes on: rows the
// actor may not see are read past, a read at a time, and the next page
// starts after the last post SHOWN, so that a cursor never names (nor
// dates) a post its reader may not see.
func (s *Service) Roadmap(ctx context.Context, actor *domain.User, from map[domain.Status]*domain.Cursor) (Roadmap, error) {
	r := Roadmap{Columns: map[domain.Status][]domain.Idea{}, Boards: map[int64]domain.Challenge{},
		From: map[domain.Status]*domain.Cursor{}, Next: map[domain.Status]*domain.Cursor{}}
	now := s.now()
	masks := map[int64]domain.IdeaMask{}
	board := func(id int64) (domain.Challenge, error) {
		c, ok := r.Boards[id]
		if ok {
			return c, nil
		}
		c, err := s.store.Challenge(ctx, id)
		if err != nil {
			return c, err
		}
		r.Boards[id] = c
		masks[id], err = s.IdeaMask(ctx, actor, c)
		return c, err
	}
	// The boards the actor may not see are left out in the query: paging
	// past their posts a read at a time would read a whole draft board's
	// column on every request. domain.MaySeeIdea below still decides.
	unseen, err := s.unseenChallenges(ctx, actor)
	if err != nil {
		return r, err
	}
	for _, st := range domain.RoadmapStatuses {
		r.From[st] = from[st]
		col := []domain.Idea{}
		after := from[st]
	read:
		for {
			all, more, err := s.store.Roadmap(ctx, st, after, RoadmapLimit, unseen)
			if err != nil {
				return r, err
			}
			for _, idea := range all {
				c, err := board(idea.ChallengeID)
				if err != nil {
					return r, err
				}
				if !domain.MaySeeIdea(actor, c, idea, now) {
					continue
				}
				if len(col) == RoadmapLimit { // one more to show: the column goes on after the last shown
					r.Next[st] = RoadmapCursor(col[len(col)-1])
					break read
				}
				col = append(col, masks[c.ID].Apply(actor, idea))
			}
			if !more || len(all) == 0 {
				break
			}
			after = RoadmapCursor(all[len(all)-1])
		}
		r.Columns[st] = col
	}
	return r, nil
}

// RoadmapCounts is how many listed posts each roadmap column holds on
// each board (store.RoadmapCounts), for every reader alike, and the
// ContentVersion read before them: while ContentVersion still returns
// version they are what the database holds (every move, hide, restore,
// withdrawal or merge moves it; votes do not), so a caller may keep them
// until then.
func (s *Service) RoadmapCounts(ctx context.Context) (counts map[domain.Status]map[int64]int, version uint64, err error) {
	version = s.store.ContentVersion() // before the read: what is read is at least this new
	counts, err = s.store.RoadmapCounts(ctx)
	return counts, version, err
}

// RoadmapTotals is how many posts each roadmap column holds that actor
// may see: counts (RoadmapCounts) summed over the boards whose posts they
// may see (domain.MaySeeIdea: the roadmap's posts are listed, so the
// board decides; a draft board's count is an admin's only).
func (s *Service) RoadmapTotals(ctx context.Context, actor *domain.User, counts map[domain.Status]map[int64]int) (map[domain.Status]int, error) {
	now := s.now()
	out := map[domain.Status]int{}
	seen := map[int64]bool{}
	for _, st := range domain.RoadmapStatuses {
		out[st] = 0
		for id, n := range counts[st] {
			ok, known := seen[id]
			if !known {
				c, err := s.store.Challenge(ctx, id)
				if err != nil {
					return nil, err
				}
				ok = c.IsBoard() && domain.MaySeeIdea(actor, c, domain.Idea{ChallengeID: id, State: domain.StateSubmitted}, now)
				seen[id] = ok
			}
			if ok {
				out[st] += n
			}
		}
	}
	return out, nil
}
