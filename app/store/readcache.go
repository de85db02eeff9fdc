package store

import (
	"sync"
	"time"

	"cocreate/app/domain"
)

// versionCache keeps answers read at one version of the store (Version or
// ContentVersion, read before the read): a newer version starts it afresh,
// an answer read at an older one is dropped, and so is everything once it
// holds max answers. So nothing it returns is older than the last commit
// that moved its version.
type versionCache[K comparable, V any] struct {
	mu      sync.Mutex
	version uint64
	m       map[K]V
	max     int
}

func (c *versionCache[K, V]) get(version uint64, k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.version {
		var zero V
		return zero, false
	}
	v, ok := c.m[k]
	return v, ok
}

func (c *versionCache[K, V]) put(version uint64, k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case version < c.version:
		return
	case version > c.version || c.m == nil || len(c.m) >= c.max:
		c.m, c.version = map[K]V{}, version
	}
	c.m[k] = v
}

// The challenges Challenge has read, per ContentVersion (a vote does not
// move it; any change to a challenge does). Every list page and every idea
// page asks for its challenge first, and reading it from SQLite was a fifth
// of a cached list page's CPU. Copies go in and out (cloneChallenge), so no
// caller can change what another is handed.
func newChallengeCache() *versionCache[int64, domain.Challenge] {
	return &versionCache[int64, domain.Challenge]{max: 4096}
}

// cloneChallenge copies the times a challenge points to, and its buying
// options and price bands.
func cloneChallenge(c domain.Challenge) domain.Challenge {
	if c.BuyOptions != nil {
		opts := make(map[string][]string, len(c.BuyOptions))
		for k, v := range c.BuyOptions {
			opts[k] = append([]string(nil), v...)
		}
		c.BuyOptions = opts
	}
	c.PriceBands = append([]int(nil), c.PriceBands...)
	for _, p := range []**time.Time{&c.SubmissionsOpenAt, &c.SubmissionsCloseAt, &c.VotingOpenAt, &c.VotingCloseAt, &c.ResultsAt, &c.ClosedAt} {
		if *p != nil {
			t := **p
			*p = &t
		}
	}
	return c
}

// IdeaRanks' answers where the rank index does not serve (PostgreSQL, a
// challenge too big for it), per Version: readers of the same page between two
// commits share one read. A storm of votes moves Version with every commit,
// so there it only spares the repeats within one commit's interval; without
// writes every read hits.
func newRankCache() *versionCache[rankKey, rankPage] {
	return &versionCache[rankKey, rankPage]{max: 4096}
}

type rankKey struct {
	challenge int64
	sort      domain.Sort
	limit     int
	after     domain.Cursor
	first     bool // no cursor
}

type rankPage struct {
	ranks []domain.IdeaRank
	next  *domain.Cursor
}

func keyOf(challengeID int64, sort domain.Sort, after *domain.Cursor, limit int) rankKey {
	k := rankKey{challenge: challengeID, sort: sort, limit: limit, first: after == nil}
	if after != nil {
		k.after = *after
	}
	return k
}
