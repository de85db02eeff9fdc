package service

import (
	"context"
	"time"

	"cocreate/app/domain"
	"cocreate/app/store"
)

// ChallengeStats are the numbers behind a challenge's charts.
type ChallengeStats struct {
	Totals      store.ChallengeStats // listed ideas and their votes, for the page's header
	VotesPerDay []store.DayCount
	Funnel      store.Funnel
	// Crowd is what the header counts of the crowd's acts for this viewer
	// (domain.CrowdOf): the method's, or nothing for a blind judge.
	Crowd domain.Crowd
}

// statsTTL is how stale a challenge's totals and charts may be: they
// aggregate over every idea and vote of a challenge, which a busy page must
// not do on every view. Each idea's own tally is never cached.
const statsTTL = time.Minute

type statsEntry struct {
	at    time.Time
	stats ChallengeStats
}

// Stats returns a challenge's chart numbers, at most a minute old, as a
// viewer whose mask for the challenge is m sees them (ChallengePage has
// checked that they may see it, and read m): the header's count of the
// crowd's acts is the method's (domain.CrowdOf), and a viewer who may not
// see votes (a blind judge) gets neither it nor the votes per day.
func (s *Service) Stats(ctx context.Context, c domain.Challenge, m domain.IdeaMask, loc *time.Location) (ChallengeStats, error) {
	st, err := s.challengeStats(ctx, c.ID, loc)
	if err != nil {
		return st, err
	}
	st.Crowd = domain.CrowdOf(c, m, st.Totals.Votes, st.Totals.Ratings, st.Totals.Comparisons)
	if st.Crowd.Measure == "" {
		st.VotesPerDay = nil
	}
	return st, nil
}

// challengeStats are a challenge's chart numbers for everyone, kept a
// minute.
func (s *Service) challengeStats(ctx context.Context, challengeID int64, loc *time.Location) (ChallengeStats, error) {
	if e, ok := s.stats.Load(challengeID); ok && time.Since(e.(statsEntry).at) < statsTTL {
		return e.(statsEntry).stats, nil
	}
	var st ChallengeStats
	var err error
	if st.Totals, err = s.store.Stats(ctx, challengeID); err != nil {
		return st, err
	}
	if st.VotesPerDay, err = s.store.VotesPerDay(ctx, challengeID, loc); err != nil {
		return st, err
	}
	if st.Funnel, err = s.store.FunnelOf(ctx, challengeID); err != nil {
		return st, err
	}
	s.stats.Store(challengeID, statsEntry{time.Now(), st})
	return st, nil
}
