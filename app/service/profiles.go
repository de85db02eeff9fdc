package service

import (
	"context"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
	"cocreate/app/store"
	"cocreate/app/workflow"
)

// Profile is a person's public page as one viewer may see it. Events (why
// they have their reputation) are for the person themselves and admins.
type Profile struct {
	store.Profile
	Reputation int
	Level      int
	ToNext     int
	Badges     []people.Badge
	Ideas      []domain.Idea
	// Unlisted are the person's own ideas not on public pages (hidden,
	// withdrawn, merged, expired), for them alone (Own), each with its
	// state, so that they can find an idea they may still open.
	Unlisted []domain.Idea
	Credits  []store.ProfileProject // launched products they are credited on
	Testing  []store.ProfileProject // prototypes they test or tested
	Events   []people.Event
	Own      bool
	// FeedbackCap is people.FeedbackCap, for the page to say why an
	// addressed report past it earned +0 (PastCap).
	FeedbackCap int
}

// PastCap reports whether e is an addressed test report recorded at +0
// because the tester's first people.FeedbackCap reports on that project
// had earned already (people.FeedbackPoints prices only those at zero).
func (Profile) PastCap(e people.Event) bool {
	return e.Kind == people.FeedbackAccepted && e.Points == 0
}

// maxProfileIdeas bounds the ideas a profile reads (and counts).
const maxProfileIdeas = 500

// Profile is person id's public profile as actor may see it: not_found
// for a suspended person but to moderators and admins (MaySeeProfile); never the
// email, and only ideas and projects actor may see, with authors masked
// where a challenge hides them (domain.MaySeeIdea, IdeaMask).
func (s *Service) Profile(ctx context.Context, actor *domain.User, id int64) (Profile, error) {
	var p Profile
	var err error
	if p.Profile, err = s.store.Profile(ctx, id); err != nil {
		return p, err
	}
	if !people.MaySeeProfile(actor, p.Suspended) {
		return Profile{}, domain.NotFound("user")
	}
	p.Own = actor != nil && actor.ID == id
	p.FeedbackCap = people.FeedbackCap
	now := s.now()
	seen := newSight(s, actor, now)
	ideas, err := s.store.IdeasBy(ctx, id, maxProfileIdeas)
	if err != nil {
		return p, err
	}
	for _, idea := range ideas {
		if !idea.State.Listed() {
			// Hidden, withdrawn, merged, expired: not on a public page,
			// on its author's own.
			if !p.Own {
				continue
			}
			ok, err := seen.idea(ctx, idea)
			if err != nil {
				return p, err
			}
			if ok {
				if idea, err = seen.masked(ctx, idea); err != nil {
					return p, err
				}
				p.Unlisted = append(p.Unlisted, idea)
			}
			continue
		}
		if ok, err := seen.author(ctx, idea); err != nil {
			return p, err
		} else if ok {
			// As the viewer sees it anywhere else: a blind judge, no votes.
			if idea, err = seen.masked(ctx, idea); err != nil {
				return p, err
			}
			p.Ideas = append(p.Ideas, idea)
		}
	}
	projects, err := s.store.ProfileProjects(ctx, id)
	if err != nil {
		return p, err
	}
	ids := make([]int64, len(projects))
	for i, pp := range projects {
		ids[i] = pp.IdeaID
	}
	projectIdeas, err := s.store.IdeasByID(ctx, ids) // one read, not one a project
	if err != nil {
		return p, err
	}
	byID := make(map[int64]domain.Idea, len(projectIdeas))
	for _, idea := range projectIdeas {
		byID[idea.ID] = idea
	}
	for _, pp := range projects {
		idea, found := byID[pp.IdeaID]
		if !found {
			return p, domain.NotFound("idea")
		}
		ok, err := seen.author(ctx, idea)
		if err != nil {
			return p, err
		}
		if !ok && pp.Role == "author" {
			continue
		}
		if ok, err = seen.idea(ctx, idea); err != nil || !ok {
			if err != nil {
				return p, err
			}
			continue
		}
		switch {
		case pp.Tester:
			p.Testing = append(p.Testing, pp)
		case pp.Stage == string(workflow.Launched):
			p.Credits = append(p.Credits, pp)
		}
	}
	events, err := s.store.ReputationEvents(ctx, id)
	if err != nil {
		return p, err
	}
	p.Reputation = people.Total(events)
	p.Level, p.ToNext = people.Level(p.Reputation), people.ToNext(p.Reputation)
	if p.Own || actor.Has(domain.RoleAdmin) {
		p.Events = events
	}
	// The hand badges and the first idea as beside their name (NameBadges:
	// not a design poll's candidate, nor one in a challenge that hides
	// its authors), the events all of them.
	facts, err := s.store.BadgeFacts(ctx, []int64{id})
	if err != nil {
		return p, err
	}
	f := facts[id]
	if f == nil {
		f = &store.BadgeFacts{}
	}
	p.Badges = people.Merge(people.RuleBadges(f.FirstIdea, people.Earning(events)), f.Hand) // as NameBadges: events that earned points
	return p, nil
}

// sight answers, for one viewer, whether they may see an idea and its
// author, reading each challenge (and the viewer's mask in it) once.
type sight struct {
	s     *Service
	actor *domain.User
	now   time.Time
	chals map[int64]domain.Challenge
	masks map[int64]domain.IdeaMask
}

func newSight(s *Service, actor *domain.User, now time.Time) *sight {
	return &sight{s: s, actor: actor, now: now, chals: map[int64]domain.Challenge{}, masks: map[int64]domain.IdeaMask{}}
}

// idea: may the viewer see the idea at all?
func (v *sight) idea(ctx context.Context, idea domain.Idea) (bool, error) {
	c, ok := v.chals[idea.ChallengeID]
	if !ok {
		var err error
		if c, err = v.s.store.Challenge(ctx, idea.ChallengeID); err != nil {
			return false, err
		}
		v.chals[c.ID] = c
	}
	return domain.MaySeeIdea(v.actor, c, idea, v.now), nil
}

// author: may the viewer see the idea and that its author wrote it?
func (v *sight) author(ctx context.Context, idea domain.Idea) (bool, error) {
	ok, err := v.idea(ctx, idea)
	if err != nil || !ok {
		return false, err
	}
	m, err := v.mask(ctx, idea)
	if err != nil {
		return false, err
	}
	return m.Apply(v.actor, idea).Author.ID != 0, nil
}

// masked is idea as the viewer may see it, their mask applied (a blind
// judge sees no votes).
func (v *sight) masked(ctx context.Context, idea domain.Idea) (domain.Idea, error) {
	m, err := v.mask(ctx, idea)
	if err != nil {
		return idea, err
	}
	return m.Apply(v.actor, idea), nil
}

// mask is the viewer's mask (Service.IdeaMask) in the challenge of idea.
func (v *sight) mask(ctx context.Context, idea domain.Idea) (domain.IdeaMask, error) {
	if m, ok := v.masks[idea.ChallengeID]; ok {
		return m, nil
	}
	if _, err := v.idea(ctx, idea); err != nil { // reads the challenge
		return domain.IdeaMask{}, err
	}
	m, err := v.s.IdeaMask(ctx, v.actor, v.chals[idea.ChallengeID])
	if err != nil {
		return m, err
	}
	v.masks[idea.ChallengeID] = m
	return m, nil
}

// EditProfile changes the signed-in person's own name, city and bio.
func (s *Service) EditProfile(ctx context.Context, actor *domain.User, in people.ProfileInput) (Profile, error) {
	if actor == nil {
		return Profile{}, domain.Unauthorized("sign in first")
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return Profile{}, err
	}
	if err := s.store.SetProfile(ctx, actor.ID, in); err != nil {
		return Profile{}, err
	}
	return s.Profile(ctx, actor, actor.ID)
}

// AwardBadge gives a person an honour badge by hand: admins only, and
// only the badges meant for hands (people.HandBadges). The person is told
// in their bell (an admin giving one to themselves knows).
func (s *Service) AwardBadge(ctx context.Context, actor *domain.User, userID int64, key string) error {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return err
	}
	if err := people.ValidHandBadge(key); err != nil {
		return err
	}
	var out []domain.Outgoing
	if userID != actor.ID {
		out = append(out, domain.BadgeNotice(userID, key))
	}
	return s.store.AwardBadge(ctx, userID, key, actor.ID, domain.Present, out)
}

// Leaderboard lists the fans with the most reputation: over every event,
// or one challenge's (0: all), in one season (0: all time; else the
// calendar year in loc, the site's time zone: points earned on 1 January
// at 07:00 in Beijing are the new season's, not the last). A challenge
// the viewer may not see is not_found.
// A challenge's board names people for what they did in it (an author's
// helpful comment on their own idea, their idea's launch), so it is
// withheld, listing no one, from whoever may not see its authors (the
// viewer's IdeaMask: until the results of a challenge anonymous until
// then, from everyone but admins). A narrowed board leaves out what
// people.BoardLeavesOut says (upheld reports).
func (s *Service) Leaderboard(ctx context.Context, actor *domain.User, challengeID int64, season int, loc *time.Location) (rows []people.Standing, withheld bool, err error) {
	var from, to time.Time
	if season != 0 {
		if from, to, err = people.Season(season, loc); err != nil {
			return nil, false, err
		}
	}
	if challengeID != 0 {
		c, err := s.store.Challenge(ctx, challengeID)
		if err != nil {
			return nil, false, err
		}
		if !domain.MaySeeChallenge(actor, c, s.now()) {
			return nil, false, domain.NotFound("challenge")
		}
		m, err := s.IdeaMask(ctx, actor, c)
		if err != nil {
			return nil, false, err
		}
		if m.Author {
			return nil, true, nil
		}
	}
	leaveOut := people.BoardLeavesOut(challengeID != 0 || season != 0)
	if rows, err = s.store.Leaderboard(ctx, challengeID, from, to, leaveOut, 50); err != nil {
		return nil, false, err
	}
	return people.Rank(rows), false, nil
}

// SyncReputation records every reason for reputation the data shows and
// the record lacks, priced by the rule table, and takes back the points of
// reports whose item a moderator has shown again since (a restore or a
// dismiss): at start (the backfill) and after each act that can give or
// take reputation. It is idempotent.
func (s *Service) SyncReputation(ctx context.Context) (int, error) {
	facts, err := s.store.ReputationFacts(ctx)
	if err != nil {
		return 0, err
	}
	if _, err := s.store.SyncReputation(ctx, people.Priced(facts)); err != nil {
		return 0, err
	}
	// Addressed test reports, priced by what the tester earned before on
	// the project (people.FeedbackCap).
	n, err := s.store.RecordFeedbackReputation(ctx, people.PricedFeedback)
	return len(facts) + n, err
}

// reputationAfter runs after an act that can give or take reputation
// (shortlist, results, a launch, a test report addressed, a moderator's
// hide, restore or dismiss): a failure here does not undo the act, and
// the next sync (the next such act, or the next start) records what was
// missed.
func (s *Service) reputationAfter(ctx context.Context) {
	_, _ = s.SyncReputation(ctx) // caught up by the next sync; the act stands
}

// MarkHelpful lets an engineer (or admin) mark a fan's comment helpful, or
// take the mark back; the mark earns the comment's author reputation in
// the same transaction (not for marking one's own comment).
func (s *Service) MarkHelpful(ctx context.Context, actor *domain.User, commentID int64, helpful bool) error {
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	if !actor.IsStaff() {
		return domain.Forbidden("only engineers and admins mark comments helpful")
	}
	now := s.now()
	var ch domain.Challenge
	if !helpful {
		defer s.reputationAfter(ctx) // takes back what the mark earned (store.unfoundedPoints)
	}
	return s.store.MarkHelpful(ctx, commentID, actor.ID, helpful, func(idea domain.Idea, c domain.Comment) error {
		var err error
		if ch, err = s.store.Challenge(ctx, idea.ChallengeID); err != nil {
			return err
		}
		if !domain.MaySeeComment(actor, ch, idea, now) || c.Hidden {
			return domain.NotFound("comment")
		}
		return nil
	}, func(idea domain.Idea, c domain.Comment, at time.Time) []people.Event {
		if c.Author.ID == actor.ID {
			return nil
		}
		if c.Author.ID == idea.Author.ID && domain.MaskFor(nil, ch, false).Author {
			// The idea's author, anonymous until the results: points now
			// would name them on the boards and by their badges. The sync
			// after the results records them (reputationFacts).
			return nil
		}
		return people.Priced([]people.Event{{UserID: c.Author.ID, Kind: people.CommentHelpful, Ref: c.ID, ChallengeID: idea.ChallengeID, At: at}})
	})
}
