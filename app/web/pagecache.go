package web

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
)

// pageCache keeps encoded answers (JSON, and its gzip) that depend only on
// the database, for as long as the database has not changed: every entry is
// stamped with the store's Version, and a newer version empties the cache.
// So a cached answer is never stale, not even by a second; under a storm of
// writes it simply stops hitting, and each answer costs what it did without
// it. What may be seen is still decided per request, before the cache.
//
// It exists for the idea list (the target: p99 under 20 ms with 100,000
// ideas in the challenge): a page is 20 ideas with their whole bodies, and reading, encoding
// and compressing them was nearly all of its cost, for the same first pages
// read by every fan who opens the challenge.
type pageCache struct {
	mu      sync.Mutex
	version uint64
	entries map[string]*cachedPage
	bytes   int
	max     int // bytes
}

// cachedPage is one encoded answer.
type cachedPage struct {
	json []byte
	gz   []byte // nil when the answer is too small to be worth compressing
}

// pageCacheBytes bounds the cache: 20 ideas of 20,000 Chinese characters,
// with their HTML, is about 2.4 MB, so this is a few hundred typical pages.
const pageCacheBytes = 32 << 20

func newPageCache(max int) *pageCache {
	return &pageCache{entries: map[string]*cachedPage{}, max: max}
}

// get returns the page cached under key at version, or nil.
func (p *pageCache) get(version uint64, key string) *cachedPage {
	p.mu.Lock()
	defer p.mu.Unlock()
	if version != p.version {
		return nil
	}
	return p.entries[key]
}

// put keeps page under key, read at version. A page from an older version
// than the cache's is dropped; a newer one empties the cache first. When the
// cache is full, the page is not kept: the next version starts afresh.
func (p *pageCache) put(version uint64, key string, page *cachedPage) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case version < p.version:
		return
	case version > p.version:
		clear(p.entries)
		p.version, p.bytes = version, 0
	}
	size := len(key) + len(page.json) + len(page.gz)
	if old := p.entries[key]; old != nil || p.bytes+size > p.max {
		return
	}
	p.entries[key] = page
	p.bytes += size
}

// encodePage encodes v as c.JSON would, and compresses it once if it is
// worth it (the same threshold as the gzip middleware's).
func encodePage(v any) (*cachedPage, error) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		return nil, err
	}
	page := &cachedPage{json: buf.Bytes()}
	if len(page.json) >= gzipMinLength {
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
		_, _ = zw.Write(page.json) // into a buffer; Close reports any failure
		if err := zw.Close(); err != nil {
			return nil, err
		}
		page.gz = gz.Bytes()
	}
	return page, nil
}

// write answers 200 with the page, compressed when the client accepts it.
// The gzip middleware skips the routes that answer this way (cachedRoutes).
func (page *cachedPage) write(c echo.Context) error {
	h := c.Response().Header()
	h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
	if page.gz != nil && strings.Contains(c.Request().Header.Get(echo.HeaderAcceptEncoding), "gzip") {
		h.Set(echo.HeaderContentEncoding, "gzip")
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, page.gz)
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, page.json)
}
