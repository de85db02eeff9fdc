// Package markdown turns user-written markdown into HTML that is safe to put
// in a page: goldmark renders (dropping raw HTML), then bluemonday's UGC
// policy sanitises what remains, so a link to javascript: or an event
// attribute never reaches a browser.
package markdown

import (
	"bytes"
	"errors"
	"html/template"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

var (
	// GFM, its tables bounded (boundedTable), emphasis that works next to
	// Chinese (cjkEmphasis). A single line break is a line break (hard
	// wraps): people write on phones, where a new line means one.
	md = goldmark.New(goldmark.WithExtensions(extension.Linkify, boundedTable{}, extension.Strikethrough, extension.TaskList, extension.CJK, cjkEmphasis{}),
		goldmark.WithRendererOptions(html.WithHardWraps()))
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
	out := capped{left: MaxHTML(len(src))}
	if err := md.Convert([]byte(src), &out); err != nil {
		// goldmark fails only on its writer's errors: the HTML passed its
		// bound. The text is shown as written.
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(policy.SanitizeBytes(out.buf.Bytes()))
}

// MaxHTML bounds the HTML a text of n bytes renders to: eight times the
// text, and 64 KiB more for the markup of a short one. Ordinary markdown
// stays well under it; past it, the text is shown as written. A link
// reference repeats its target at every use, so 2,700 uses of one with a
// 9,000-character address made a 20,000-character body 24.5 MB of HTML,
// and two such bodies emptied the rendering cache for every reader in turn.
func MaxHTML(n int) int { return 8*n + 64<<10 }

// capped is a writer that takes at most left bytes, then fails: goldmark
// then writes nothing more and Convert returns the failure.
type capped struct {
	buf  bytes.Buffer
	left int
}

// errTooBig is capped's failure.
var errTooBig = errors.New("markdown: the HTML passed its bound")

func (c *capped) Write(p []byte) (int, error) {
	if len(p) > c.left {
		c.left = 0
		return 0, errTooBig
	}
	c.left -= len(p)
	return c.buf.Write(p)
}
