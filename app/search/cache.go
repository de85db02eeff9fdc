package search

import (
	"slices"
	"strconv"
	"sync"
)

// resultCache keeps Search's results read at one version of the index
// (Index.version, read before the search): a newer version empties it, a
// result read at an older one is dropped, and so is everything once it
// holds resultCacheMax results. So a cached result is never older than the
// last batch the index made visible, and a new idea is found as soon as it
// would be without the cache.
type resultCache struct {
	mu      sync.Mutex
	version uint64
	m       map[string]Result
}

// resultCacheMax bounds the cache: a page of 20 hits with highlights is a
// few KB, so this is a few MB at most.
const resultCacheMax = 1024

func (c *resultCache) get(version uint64, key string) (Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.version {
		return Result{}, false
	}
	r, ok := c.m[key]
	r.Hits = slices.Clone(r.Hits) // the caller's to change
	return r, ok
}

func (c *resultCache) put(version uint64, key string, r Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case version < c.version:
		return
	case version > c.version || c.m == nil || len(c.m) >= resultCacheMax:
		c.m, c.version = map[string]Result{}, version
	}
	r.Hits = slices.Clone(r.Hits)
	c.m[key] = r
}

// key is every field of the query, each written with its length or as a
// fixed-width number, so two queries share a key (and a result) only when
// they ask exactly the same: the excluded challenges included, as who asks
// changes what they may see. TestQueryKeyHasEveryField fails when a field
// added to Query is left out here. (It was fmt's %#v: 3.5% of a search's
// CPU outside Bleve.)
func (q Query) key() string {
	b := make([]byte, 0, 64+len(q.Text)+len(q.Type)+len(q.State)+len(q.Tag)+8*len(q.ExcludeChallenges))
	for _, s := range [...]string{q.Text, q.Type, q.State, q.Tag} {
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
	}
	b = strconv.AppendInt(b, q.ChallengeID, 10)
	b = append(b, ' ')
	if q.IncludeHidden {
		b = append(b, 'h')
	} else {
		b = append(b, '-')
	}
	b = strconv.AppendInt(b, int64(q.Limit), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(q.Offset), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(len(q.ExcludeChallenges)), 10)
	for _, id := range q.ExcludeChallenges {
		b = append(b, ' ')
		b = strconv.AppendInt(b, id, 10)
	}
	return string(b)
}
