// Package markdown turns user-written markdown into HTML that is safe to put
// in a page: goldmark renders (dropping raw HTML), then bluemonday's UGC
// policy sanitises what remains, so a link to javascript: or an event
// attribute never reaches a browser.
package markdown

import (
	"bytes"
	"html/template"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	// GFM, its tables bounded (boundedTable).
	md = goldmark.New(goldmark.WithExtensions(extension.Linkify, boundedTable{}, extension.Strikethrough, extension.TaskList, extension.CJK))
	// policy is safe for concurrent use once built.
	policy = func() *bluemonday.Policy {
		p := bluemonday.UGCPolicy()
		p.RequireNoFollowOnLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(true)
		return p
	}()
)

// DefaultCacheBytes bounds a Renderer's cache unless told otherwise:
// bodies run to 20,000 characters, so it holds some hundreds of them.
const DefaultCacheBytes = 32 << 20

// Renderer renders markdown and keeps its recent renderings: lists show the
// same ideas to many readers, and rendering is a quarter of a list's cost.
// Its cache is bounded by the bytes it holds (source and HTML) and simply
// emptied when full, which costs one re-render per entry. A Renderer is
// safe for concurrent use; each holds its own cache (a server holds one),
// so two servers in one process share nothing.
type Renderer struct {
	mu    sync.Mutex
	m     map[string]template.HTML
	bytes int
	limit int
}

// NewRenderer returns a Renderer whose cache holds at most limit bytes
// (DefaultCacheBytes when limit is 0 or less).
func NewRenderer(limit int) *Renderer {
	if limit <= 0 {
		limit = DefaultCacheBytes
	}
	return &Renderer{limit: limit}
}

// Render converts markdown source to sanitised HTML, from the cache when
// it has src. The answer is the same as a fresh rendering's. A nil or zero
// Renderer renders every time and keeps nothing.
func (r *Renderer) Render(src string) template.HTML {
	if r == nil || r.limit <= 0 {
		return render(src)
	}
	r.mu.Lock()
	html, ok := r.m[src]
	r.mu.Unlock()
	if ok {
		return html
	}
	html = render(src)
	size := len(src) + len(html)
	r.mu.Lock()
	if r.m == nil || r.bytes+size > r.limit {
		r.m, r.bytes = map[string]template.HTML{}, 0
	}
	if size <= r.limit { // one entry larger than the whole bound is not kept
		r.m[src] = html
		r.bytes += size
	}
	r.mu.Unlock()
	return html
}

func render(src string) template.HTML {
	// Stored text is checked as UTF-8 on the way in; this makes sure a
	// missed check can never reach goldmark, which panics on bad bytes.
	src = strings.ToValidUTF8(src, "\uFFFD")
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		// goldmark only fails on writer errors, which a bytes.Buffer never
		// returns; fall back to escaped text all the same.
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(policy.SanitizeBytes(buf.Bytes()))
}
