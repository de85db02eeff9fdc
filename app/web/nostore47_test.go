package web

import (
	"fmt"
	"testing"
)

// What is built for a signed-in person is kept by no cache, pages and API
// answers as before, and now a feed and a CSV export too (a judge's scores,
// what an organiser sees): by cookie or by token. A visitor's feed and the
// static assets keep what they said.
func TestNostore47PersonalAnswersAreNotCached(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	b := h.adminBrowser()
	feed := fmt.Sprintf("/challenges/%d/feed.atom", cid)
	csv := fmt.Sprintf("/challenges/%d/ideas.csv", cid)
	for _, path := range []string{feed, csv} {
		if r := b.get(path).must(t, 200); r.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("%s with a cookie: Cache-Control %q, want private, no-store", path, r.Header.Get("Cache-Control"))
		}
		if r := h.api("GET", path, admin, nil).must(t, 200); r.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("%s with a token: Cache-Control %q, want private, no-store", path, r.Header.Get("Cache-Control"))
		}
	}
	if r := h.browser().get(feed).must(t, 200); r.Header.Get("Cache-Control") != "" {
		t.Errorf("a visitor's feed: Cache-Control %q, want none", r.Header.Get("Cache-Control"))
	}
	m := regexpCSS.FindStringSubmatch(b.get("/").Body)
	if m == nil {
		t.Fatal("no checksummed stylesheet link")
	}
	for who, br := range map[string]*browser{"a visitor": h.browser(), "the admin": b} {
		if r := br.get(m[0]).must(t, 200); r.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("the stylesheet to %s: Cache-Control %q", who, r.Header.Get("Cache-Control"))
		}
	}
}
