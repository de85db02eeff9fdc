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
	md = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.CJK))
	// policy is safe for concurrent use once built.
	policy = func() *bluemonday.Policy {
		p := bluemonday.UGCPolicy()
		p.RequireNoFollowOnLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(true)
		return p
	}()
)

// cache keeps recent renderings: lists show the same ideas to many readers,
// and rendering is a quarter of a list's cost. It is bounded by the bytes
// it holds (bodies run to 20,000 characters) and simply emptied when full,
// which costs one re-render per entry.
var cache struct {
	sync.Mutex
	m     map[string]template.HTML
	bytes int
}

const cacheBytes = 32 << 20

// Render converts markdown source to sanitised HTML.
func Render(src string) template.HTML {
	cache.Lock()
	html, ok := cache.m[src]
	cache.Unlock()
	if ok {
		return html
	}
	html = render(src)
	cache.Lock()
	if cache.m == nil || cache.bytes+len(src)+len(html) > cacheBytes {
		cache.m, cache.bytes = map[string]template.HTML{}, 0
	}
	cache.m[src] = html
	cache.bytes += len(src) + len(html)
	cache.Unlock()
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
