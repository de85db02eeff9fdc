package web

import (
	"strings"
	"unicode/utf8"

	"cocreate/app/markdown"
)

// Share is what a link shared to WeChat or Weibo shows as its card: Open
// Graph and Twitter meta. Page data that can be shared implements sharer.
type Share struct {
	Title       string
	Description string
	Image       string // a path on this site; made absolute in the layout
	Path        string
}

type sharer interface{ Share() Share }

// excerpt is markdown as the plain text of a card's description (WeChat
// and Weibo show no markup, so "##" and "**" would show as symbols),
// shortened to n characters.
func excerpt(s string, n int) string {
	if r := []rune(s); len(r) > 8*n {
		s = string(r[:8*n]) // only the head is shown: render no more
	}
	s = markdown.Plain(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func (p challengePage) Share() Share {
	sh := Share{Title: p.Challenge.Title, Description: excerpt(p.Challenge.Brief, 140), Path: challengeURL(p.Challenge)}
	if p.Challenge.Cover != "" {
		sh.Image = "/uploads/" + p.Challenge.Cover
	}
	return sh
}

func (v ideaView) Share() Share {
	sh := Share{Title: v.Idea.Title, Description: excerpt(firstNonEmpty(v.Idea.Summary, v.Idea.Body), 140), Path: ideaURL(v.Idea)}
	if len(v.Idea.Images) > 0 {
		sh.Image = "/uploads/" + v.Idea.Images[0].File
	}
	return sh
}

func (v projectView) Share() Share {
	sh := Share{Title: v.Project.Title, Description: excerpt(v.Idea.Summary, 140), Path: "/projects/" + itoa(v.Project.ID)}
	if len(v.Idea.Images) > 0 {
		sh.Image = "/uploads/" + v.Idea.Images[0].File
	}
	return sh
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
