package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"cocreate/app/domain"

	"github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"
)

// pageCache keeps encoded answers (JSON, and its gzip) that depend only on
// the database, for as long as the database has not changed but for votes:
// every entry is stamped with the store's ContentVersion, which every commit
// moves except a vote's, and a newer version empties the cache. An
// idea-list page also keeps the order and counters it was made from, and
// is served only while a live read of them (one narrow read, shared by the
// readers between two commits) still gives the same: see listcache.go. So a
// cached answer is never stale, not even by a second, and a storm of votes
// rebuilds only the pages whose order or counters it changed, from cached
// texts. What may be seen is still decided per request, before the cache.
//
// It exists for the idea list (the target: p99 under 20 ms with 100,000
// ideas in the challenge, while fans vote): a page is 20 ideas with their
// whole bodies, and reading, encoding and compressing them was nearly all
// of its cost, for the same first pages read by every fan who opens the
// challenge.
type pageCache = sizedCache[string, *cachedPage]

// sizedCache keeps values read at one version of the store, within max
// bytes (as each value counts itself). When a value does not fit, the
// values read least recently make room for it: during a storm of votes,
// which moves the store's Version but not its ContentVersion, the cursors
// of the pages behind the first change with the votes, so pages nobody
// asks for again pile up; a cache that kept nothing new once full kept
// only those until some other write emptied it.
type sizedCache[K comparable, V interface{ size() int }] struct {
	mu      sync.Mutex
	version uint64
	entries map[K]*cacheEntry[K, V]
	// recent is the ring of entries, the one read or kept last first
	// (recent.next) and the one to let go first last (recent.prev).
	recent cacheEntry[K, V]
	bytes  int
	max    int // bytes
}

// cacheEntry is a value kept, in its cache's ring.
type cacheEntry[K comparable, V any] struct {
	key        K
	v          V
	size       int
	prev, next *cacheEntry[K, V]
}

// cachedPage is one encoded answer.
type cachedPage struct {
	json []byte
	gz   []byte // nil when the answer is too small to be worth compressing
	// ranks and next are the order and counters an idea-list page was made
	// from (see listcache.go): it is served only while they are unchanged.
	ranks []domain.IdeaRank
	next  string
}

// pageCacheBytes bounds the cache: 20 ideas of 20,000 Chinese characters,
// with their HTML, is about 2.4 MB, so this is a few hundred typical pages.
const pageCacheBytes = 32 << 20

// searchCacheBytes bounds the cache of search answers (a page of 20 hits
// with highlights is a few KB): the search index's own cache holds 1,024.
const searchCacheBytes = 8 << 20

func newPageCache(max int) *pageCache { return newSizedCache[string, *cachedPage](max) }

func newSizedCache[K comparable, V interface{ size() int }](max int) *sizedCache[K, V] {
	p := &sizedCache[K, V]{entries: map[K]*cacheEntry[K, V]{}, max: max}
	p.recent.prev, p.recent.next = &p.recent, &p.recent
	return p
}

// get returns the value cached under key at version, or the zero value.
func (p *sizedCache[K, V]) get(version uint64, key K) V {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.entries[key]
	if version != p.version || e == nil {
		var zero V
		return zero
	}
	p.unlink(e)
	p.pushFront(e)
	return e.v
}

// put keeps v under key, read at version. A value from an older version
// than the cache's is dropped; a newer one empties the cache first. It
// replaces the value already there (a page made from older counters). A
// value larger than the whole cache is not kept; otherwise the values read
// least recently go until it fits.
func (p *sizedCache[K, V]) put(version uint64, key K, v V) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case version < p.version:
		return
	case version > p.version:
		clear(p.entries)
		p.recent.prev, p.recent.next = &p.recent, &p.recent
		p.version, p.bytes = version, 0
	}
	if old := p.entries[key]; old != nil {
		p.drop(old)
	}
	size := v.size()
	if size > p.max {
		return
	}
	for p.bytes+size > p.max {
		p.drop(p.recent.prev)
	}
	e := &cacheEntry[K, V]{key: key, v: v, size: size}
	p.entries[key] = e
	p.bytes += size
	p.pushFront(e)
}

// drop lets e go.
func (p *sizedCache[K, V]) drop(e *cacheEntry[K, V]) {
	p.unlink(e)
	delete(p.entries, e.key)
	p.bytes -= e.size
}

func (p *sizedCache[K, V]) unlink(e *cacheEntry[K, V]) {
	e.prev.next, e.next.prev = e.next, e.prev
}

func (p *sizedCache[K, V]) pushFront(e *cacheEntry[K, V]) {
	e.prev, e.next = &p.recent, p.recent.next
	e.next.prev = e
	p.recent.next = e
}

func (page *cachedPage) size() int {
	return len(page.json) + len(page.gz) + 32*len(page.ranks) + len(page.next) + 64
}

// encodePage encodes v as c.JSON would, and compresses it once if it is
// worth it (the same threshold as the gzip middleware's).
func encodePage(v any) (*cachedPage, error) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		return nil, err
	}
	return compressPage(buf.Bytes())
}

// gzipWriters keeps compressors for gzipBytes. A new one allocates about
// 1.2 MB (its window and hash tables), which cost more than compressing a
// 20 KB list page: during a storm of votes, when list pages are compressed
// again after every commit that changed them, that was hundreds of MB a
// second for the collector (see BENCHMARKS.md, "Lists during a storm").
// They are klauspost/compress's: at the fastest level, a list page of 23 KB
// in 49 µs against compress/gzip's 88, and 1% smaller; a tenth of the
// server's CPU during a storm went to compressing pages again.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed) // a valid level: no error
	return zw
}}

// gzipBytes compresses b at the fastest level.
func gzipBytes(b []byte) ([]byte, error) {
	gz := bytes.NewBuffer(make([]byte, 0, len(b)/3+64))
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(gz)
	_, _ = zw.Write(b) // into a buffer; Close reports any failure
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return gz.Bytes(), nil
}

// write answers 200 with the page, compressed when the client accepts it.
// The gzip middleware skips the routes that answer this way (cachedRoutes).
func (page *cachedPage) write(c echo.Context) error {
	h := c.Response().Header()
	h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
	body := page.json
	if page.gz != nil && strings.Contains(c.Request().Header.Get(echo.HeaderAcceptEncoding), "gzip") {
		h.Set(echo.HeaderContentEncoding, "gzip")
		body = page.gz
	}
	// The length is known: no chunked encoding, and the answer goes out
	// in the same write as its header.
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(body)))
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body)
}
