package service

import (
	"context"
	"time"

	"cocreate/app/store"
)

// ChallengeStats are the numbers behind a challenge's charts.
type ChallengeStats struct {
	Totals      store.ChallengeStats // listed ideas and their votes, for the page's header
	VotesPerDay []store.DayCount
	Funnel      store.Funnel
}

// statsTTL is how stale a challenge's totals and charts may be: they
// aggregate over every idea and vote of a challenge, which a busy page must
// not do on every view. Each idea's own tally is never cached.
const statsTTL = time.Minute

type statsEntry struct {
	at    time.Time
	stats ChallengeStats
}

// Stats returns a challenge's chart numbers, at most a minute old. The
// caller has already checked that actor may see the challenge.
func (s *Service) Stats(ctx context.Context, challengeID int64, loc *time.Location) (ChallengeStats, error) {
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
