package search

import (
	"fmt"
	"slices"
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

// key is every field of the query (any field added later too), so two
// queries share a result only when they ask exactly the same: the excluded
// challenges included, as who asks changes what they may see.
func (q Query) key() string { return fmt.Sprintf("%#v", q) }
