package search

import (
	"slices"
	"strconv"
	"sync"
	"unsafe"
)

// resultCache keeps Search's results read at one version of the index
// (Index.version, read before the search): a newer version empties it, a
// result read at an older one is dropped, and so is everything once it
// holds resultCacheMax results or resultCacheBytes. So a cached result is
// never older than the last batch the index made visible, and a new idea
// is found as soon as it would be without the cache.
type resultCache struct {
	mu      sync.Mutex
	version uint64
	m       map[string]Result
	bytes   int // resultBytes of every result in m
}

// resultCacheMax and resultCacheBytes bound the cache. Bytes, not only
// entries: a result of 100 hits with highlights is 50–90 KB, so 1,024 of
// them, which a stream of new queries fills between two index versions,
// were up to 90 MB of live heap, and with GOGC=400 the heap grows to five
// times what is live before a collection, against the 256 MiB soft limit
// (main.go's tuneGC). 8 MiB holds the few hundred first pages of 20 hits
// that fans repeat during a campaign.
const (
	resultCacheMax   = 1024
	resultCacheBytes = 8 << 20
)

// resultBytes is about what r holds in the heap: its hits' structs and
// strings, the key, and a map entry.
func resultBytes(key string, r Result) int {
	n := len(key) + 2*int(unsafe.Sizeof(r)) + len(r.Key)
	for i := range r.Hits {
		h := &r.Hits[i]
		n += int(unsafe.Sizeof(*h)) + len(h.Type) + len(h.Title) + len(h.TitleHighlight) + len(h.Highlight)
	}
	return n
}

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
	size := resultBytes(key, r)
	if size > resultCacheBytes {
		return // never kept: it would empty the cache for itself alone
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case version < c.version:
		return
	case version > c.version || c.m == nil || len(c.m) >= resultCacheMax || c.bytes+size > resultCacheBytes:
		c.m, c.version, c.bytes = map[string]Result{}, version, 0
	}
	if old, ok := c.m[key]; ok {
		c.bytes -= resultBytes(key, old)
	}
	r.Hits = slices.Clone(r.Hits)
	c.m[key] = r
	c.bytes += size
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
