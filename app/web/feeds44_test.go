package web

import (
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"
)

// siteFeed is an Atom feed as a reader parses it.
type siteFeed struct {
	XMLName xml.Name
	ID      string `xml:"id"`
	Title   string `xml:"title"`
	Updated string `xml:"updated"`
	Links   []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Content string `xml:"content"`
	} `xml:"entry"`
}

func readSiteFeed(t *testing.T, b *browser, path, lang string) siteFeed {
	t.Helper()
	r := b.get(path, "Accept-Language", lang).must(t, 200)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("%s: content type %q", path, r.Header.Get("Content-Type"))
	}
	var f siteFeed
	if err := xml.Unmarshal([]byte(r.Body), &f); err != nil {
		t.Fatalf("%s is not XML: %v\n%s", path, err, r.Body)
	}
	if f.XMLName.Space != "http://www.w3.org/2005/Atom" {
		t.Fatalf("%s is not Atom: %q", path, f.XMLName.Space)
	}
	return f
}

// A fan follows the whole site in a feed reader: new challenges, and the
// prototype projects as they move through their stages. Drafts and what
// the reader may not see stay out; the pages point the reader at the feeds.
func TestFeeds44TheSiteHasFeedsOfChallengesAndProjects(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	now := h.clock()
	h.api("POST", "/api/v1/challenges", e.admin, map[string]any{
		"title": "尚未公开的草稿", "brief": "b", "kind": "open_call",
		"submissions_open_at": now.Add(24 * time.Hour), "submissions_close_at": now.Add(48 * time.Hour),
	}).must(t, 201)
	h.advance(time.Minute)
	later := h.openChallenge(e.admin, map[string]any{"title": "冰箱的除味", "brief": "**除味**与保鲜"})
	visitor := h.browser()

	f := readSiteFeed(t, visitor, "/feed.atom", "zh-CN")
	if len(f.Entries) != 2 {
		t.Fatalf("the challenges feed has %d entries, want the two open challenges: %+v", len(f.Entries), f.Entries)
	}
	first, second := f.Entries[0], f.Entries[1]
	if first.Title != "冰箱的除味" || second.Title != "洗衣机二次污染" {
		t.Errorf("the feed is not newest first: %q, %q", first.Title, second.Title)
	}
	if f.Updated != first.Updated || first.Updated < second.Updated {
		t.Errorf("the feed is dated %s, not by its newest entry (%s, then %s)", f.Updated, first.Updated, second.Updated)
	}
	if !strings.HasSuffix(first.ID, fmt.Sprintf("/challenges/%d", later)) || !strings.Contains(first.Link.Href, fmt.Sprintf("/challenges/%d", later)) {
		t.Errorf("the entry's id or link does not name the challenge: %+v", first)
	}
	if !strings.Contains(first.Content, "征集中") || !strings.Contains(first.Content, "<strong>除味</strong>") {
		t.Errorf("the entry does not say the phase in Chinese and the brief: %q", first.Content)
	}
	if strings.Contains(f.Title, "Challenges") || !strings.Contains(f.Title, "共创") {
		t.Errorf("the feed's title is not in Chinese: %q", f.Title)
	}
	if en := readSiteFeed(t, visitor, "/feed.atom", "en"); !strings.Contains(en.Entries[0].Content, "Submissions open") {
		t.Errorf("the English feed does not say the phase in English: %q", en.Entries[0].Content)
	}
	if body := readFeedBody(t, visitor, "/feed.atom"); strings.Contains(body, "尚未公开的草稿") {
		t.Errorf("a visitor's feed shows a draft")
	}
	if body := readFeedBody(t, h.adminBrowser(), "/feed.atom"); strings.Contains(body, "尚未公开的草稿") || !strings.Contains(body, "冰箱的除味") {
		t.Errorf("an admin's feed shows a draft (a feed is read outside the site)")
	}

	// The projects: each entry is the project in its stage; a move is a
	// new entry a reader sees.
	pf := readSiteFeed(t, visitor, "/projects/feed.atom", "zh-CN")
	if len(pf.Entries) != 1 || pf.Entries[0].Title != "评估中: 免清洗内筒" {
		t.Fatalf("the projects feed: %+v", pf.Entries)
	}
	before := pf.Entries[0]
	if !strings.HasSuffix(before.Link.Href, fmt.Sprintf("/projects/%d", e.pid)) || !strings.Contains(before.Content, "负责工程师：") {
		t.Errorf("the project's entry: %+v", before)
	}
	// A newer project opens, then the older one moves on: its move is the
	// feed's newest entry, however old the project.
	h.advance(time.Minute)
	newer := h.idea(e.author, h.openChallenge(e.admin, map[string]any{"title": "静音"}), "静音电机")
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", newer), e.admin, map[string]any{"owner_id": e.engID}).must(t, 201)
	h.advance(time.Minute)
	e.move(e.eng, "accepted", "开工").must(t, 200)
	entries := readSiteFeed(t, visitor, "/projects/feed.atom", "zh-CN").Entries
	if len(entries) != 2 || !strings.HasSuffix(entries[1].Title, "静音电机") {
		t.Fatalf("the projects feed after a newer project and an older one's move: %+v", entries)
	}
	after := entries[0]
	if after.ID == before.ID || after.Title == before.Title || after.Updated <= before.Updated || after.Link.Href != before.Link.Href {
		t.Errorf("an older project's stage move is not the newest entry: before %+v, after %+v", before, after)
	}

	// A project whose idea is hidden is not in a visitor's feed.
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", e.ideaID), e.admin, map[string]string{"action": "hide", "reason": "spam"}).must(t, 200)
	if body := readFeedBody(t, visitor, "/projects/feed.atom"); strings.Contains(body, "免清洗内筒") {
		t.Errorf("a visitor's projects feed shows the project of a hidden idea")
	}

	// The pages name their feeds, for a reader and for a person, in the
	// language they are read in (modfeed52).
	for path, feed := range map[string]string{"/": "/feed.atom?lang=zh", "/projects": "/projects/feed.atom?lang=zh", "/roadmap": "/roadmap/feed.atom?lang=zh"} {
		body := visitor.get(path, "Accept-Language", "zh-CN").must(t, 200).Body
		if !strings.Contains(body, `<link rel="alternate" type="application/atom+xml" href="`+feed+`">`) {
			t.Errorf("%s does not name %s in its head", path, feed)
		}
		if path != "/roadmap" && !strings.Contains(body, `href="`+feed+`" type="application/atom+xml">订阅`) {
			t.Errorf("%s has no link to %s for a person", path, feed)
		}
	}
}

func readFeedBody(t *testing.T, b *browser, path string) string {
	t.Helper()
	return b.get(path).must(t, 200).Body
}

// The projects feed holds the most recently moved projects: an old
// project's launch is in it however many newer projects there are, and it
// is read as a visitor would, an admin's too (a feed is read outside the
// site), so a hidden idea's project is not in it.
func TestFeeds45AnOldProjectsMoveIsInTheFeed(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t) // the oldest project
	h := e.h
	cid := h.openChallenge(e.admin, map[string]any{"title": "更多"})
	var hidden int
	for i := range feedEntries {
		idea := h.idea(e.admin, cid, fmt.Sprintf("新项目 %d", i))
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", idea), e.admin, map[string]any{"owner_id": e.engID}).must(t, 201)
		hidden = idea
	}
	h.advance(time.Minute)
	e.move(e.eng, "accepted", "开工").must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", hidden), e.admin, map[string]string{"action": "hide", "reason": "spam"}).must(t, 200)
	f := readSiteFeed(t, h.adminBrowser(), "/projects/feed.atom", "zh-CN")
	if len(f.Entries) != feedEntries || f.Entries[0].Title != "已立项: 免清洗内筒" {
		t.Errorf("the feed of %d entries begins %q, want the old project's move first", len(f.Entries), f.Entries[0].Title)
	}
	for _, en := range f.Entries {
		if strings.HasSuffix(en.Title, fmt.Sprintf("新项目 %d", feedEntries-1)) {
			t.Errorf("an admin's feed holds the project of a hidden idea: %q", en.Title)
		}
	}
}
