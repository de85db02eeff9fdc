// Package markdown turns user-written markdown into HTML that is safe to put
// in a page: goldmark renders (dropping raw HTML), then bluemonday's UGC
// policy sanitises what remains, so a link to javascript: or an event
// attribute never reaches a browser.
package markdown

import (
	"bytes"
	"html/template"
	"strings"

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

// Render converts markdown source to sanitised HTML.
func Render(src string) template.HTML {
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
