package service

import (
	"context"
	"sync"
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

var statsCache sync.Map // "challenge id" → statsEntry

// Stats returns a challenge's chart numbers, at most a minute old. The
// caller has already checked that actor may see the challenge.
func (s *Service) Stats(ctx context.Context, challengeID int64, loc *time.Location) (ChallengeStats, error) {
	key := struct {
		st *store.Store
		id int64
	}{s.Store, challengeID}
	if e, ok := statsCache.Load(key); ok && time.Since(e.(statsEntry).at) < statsTTL {
		return e.(statsEntry).stats, nil
	}
	var st ChallengeStats
	var err error
	if st.Totals, err = s.Store.Stats(ctx, challengeID); err != nil {
		return st, err
	}
	if st.VotesPerDay, err = s.Store.VotesPerDay(ctx, challengeID, loc); err != nil {
		return st, err
	}
	if st.Funnel, err = s.Store.FunnelOf(ctx, challengeID); err != nil {
		return st, err
	}
	statsCache.Store(key, statsEntry{time.Now(), st})
	return st, nil
}
