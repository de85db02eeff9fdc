package web

import (
	"net/http"
	"strings"
	"testing"
)

// Every form's address of the pages, opened with GET (a reload after a
// refusal shown there, Back, a shared link), leads to a page: a 303 to
// a path a page's pattern takes that is no form's own address — never a
// 404 or a 405. /clubs/requests, where a refused club request is shown,
// was a 404 (the club "requests"), and its withdraw form's address led
// there.
func TestAccess54EveryFormsAddressLeadsToAPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	b := h.adminBrowser()
	routes := (&Server{}).Routes()
	pl := placesOf(routes, pageAccess(routes))
	isPage := func(path string) bool {
		segs := strings.Split(strings.Trim(path, "/"), "/")
		for _, p := range pl.pages {
			if routeMatches(p, segs) {
				return !pl.forms[path]
			}
		}
		return path == "/"
	}
	gets := map[string]bool{}
	for _, r := range routes {
		if r.Method == "GET" {
			gets[r.Path] = true
		}
	}
	tried := 0
	for _, r := range routes {
		if r.Method == "GET" || strings.HasPrefix(r.Path, "/api/") || gets[r.Path] {
			continue
		}
		path := r.Path
		for _, seg := range strings.Split(path, "/") {
			if strings.HasPrefix(seg, ":") {
				path = strings.Replace(path, seg, "1", 1)
			}
		}
		tried++
		res := b.get(path, "Accept-Language", "zh-CN")
		loc := res.Header.Get("Location")
		if res.Status != http.StatusSeeOther || !isPage(loc) {
			t.Errorf("GET %s (%s %s): %d to %q, want 303 to a page", path, r.Method, r.Path, res.Status, loc)
		}
	}
	if tried < 50 {
		t.Fatalf("only %d form addresses tried", tried)
	}
	for path, want := range map[string]string{
		"/clubs/requests":          "/clubs",
		"/clubs/requests/withdraw": "/clubs",
	} {
		if r := b.get(path); r.Status != http.StatusSeeOther || r.Header.Get("Location") != want {
			t.Errorf("GET %s: %d to %q, want 303 to %s", path, r.Status, r.Header.Get("Location"), want)
		}
	}
	b.get("/clubs").must(t, 200)
}

// The Location is the path as sent, escaped, and only ever this site's:
// a query, a backslash or a line break typed into a segment stays in it
// or sends home.
func TestAccess54TheNearestPageIsTheSentPath(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	b := h.adminBrowser()
	for path, want := range map[string]string{
		"/ideas/1%3Fnext=x/comments":          "/ideas/1%3Fnext=x",
		"/ideas/1%5C/comments":                "/",
		"/ideas/1%0D%0ASet-Cookie:x/comments": "/",
		"/ideas/..%2F..%2Fadmin/comments":     "/ideas/..%2F..%2Fadmin",
	} {
		r := b.get(path)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != want {
			t.Errorf("GET %s: %d to %q, want 303 to %q", path, r.Status, r.Header.Get("Location"), want)
		}
	}
}
