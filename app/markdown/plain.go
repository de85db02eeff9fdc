package markdown

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// Plain is markdown source as the plain text a reader sees, for places that
// show no markup: share cards (og:description), search snippets, email
// subjects. Headings, emphasis, links, code marks and list bullets become
// their words; blocks are separated by a space; runs of white space become
// one. Raw HTML in the source is dropped, as Render drops it.
func Plain(src string) string {
	src = strings.ToValidUTF8(src, "\uFFFD")
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return strings.Join(strings.Fields(src), " ") // never happens with a bytes.Buffer
	}
	var out strings.Builder
	z := html.NewTokenizer(&buf)
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(out.String()), " ")
		case html.TextToken:
			out.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if block[string(name)] {
				out.WriteByte(' ')
			}
		}
	}
}

// block lists the elements between whose text a space belongs.
var block = map[string]bool{
	"p": true, "br": true, "li": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"blockquote": true, "pre": true, "td": true, "th": true, "tr": true, "hr": true, "div": true,
	"ul": true, "ol": true, "table": true,
}
