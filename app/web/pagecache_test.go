package web

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"cocreate/app/corpus"
	"cocreate/app/domain"
	"cocreate/app/markdown"
)

func TestPageCacheKeepsOneVersion(t *testing.T) {
	t.Parallel()
	page := func(s string) *cachedPage { return &cachedPage{json: []byte(s)} }
	p := newPageCache(100)
	p.put(2, "a", page("two"))
	if got := p.get(2, "a"); got == nil || string(got.json) != "two" {
		t.Fatalf("get at the version it was put: %v", got)
	}
	if p.get(3, "a") != nil {
		t.Error("a page from version 2 served at version 3")
	}
	p.put(1, "b", page("one")) // read before the last write: never kept
	if p.get(1, "b") != nil || p.get(2, "b") != nil {
		t.Error("a page older than the cache was kept")
	}
	p.put(3, "c", page("three"))
	if p.get(3, "a") != nil {
		t.Error("a newer version kept the older pages")
	}
	p.put(3, "d", page(strings.Repeat("x", 200))) // over the bound
	if p.get(3, "d") != nil {
		t.Error("a page over the byte bound was kept")
	}
	if p.get(3, "c") == nil {
		t.Error("the page within the bound was lost")
	}
}

// A full cache lets the pages read least recently go: during a storm of
// votes the version stays while the cursors of the pages behind the first
// change, and a cache that kept nothing new once full served those pages
// from scratch until some other write emptied it.
func TestAFullCacheLetsTheLeastRecentlyReadGo(t *testing.T) {
	t.Parallel()
	page := func(s string, n int) *cachedPage { return &cachedPage{json: []byte(strings.Repeat(s, n-64))} } // size n
	p := newPageCache(300)
	kept := func() string {
		var out []string
		sum := 0
		for k, e := range p.entries {
			out = append(out, k)
			sum += e.size
		}
		if sum != p.bytes {
			t.Errorf("bytes = %d, the pages kept are %d", p.bytes, sum)
		}
		slices.Sort(out)
		return strings.Join(out, "")
	}
	for _, k := range []string{"a", "b", "c"} {
		p.put(1, k, page(k, 100))
	}
	if got := p.get(1, "a"); got == nil || string(got.json[:1]) != "a" {
		t.Fatalf("get(a) = %v", got)
	}
	p.put(1, "d", page("d", 100)) // b was read least recently
	if got := kept(); got != "acd" {
		t.Fatalf("after a fourth page: kept %q, want acd", got)
	}
	p.put(1, "c", page("C", 200)) // c again, larger: a goes, d was kept after it
	if got := kept(); got != "cd" {
		t.Fatalf("after c grew: kept %q, want cd", got)
	}
	if got := p.get(1, "c"); got == nil || string(got.json[:1]) != "C" {
		t.Errorf("get(c) = %v, want the newer page", got)
	}
	p.put(1, "e", page("e", 301)) // larger than the whole cache: nothing goes
	if got := kept(); got != "cd" {
		t.Errorf("after a page over the bound: kept %q, want cd", got)
	}
	p.put(1, "f", page("f", 100)) // d was read least recently
	if got := kept(); got != "cf" {
		t.Errorf("after f: kept %q, want cf", got)
	}
	p.put(2, "g", page("g", 100))
	if got := kept(); got != "g" {
		t.Errorf("after a newer version: kept %q, want g", got)
	}
	p.put(2, "h", page("h", 100))
	p.put(2, "i", page("i", 100))
	p.put(2, "j", page("j", 100)) // the ring starts afresh with the version
	if got := kept(); got != "hij" {
		t.Errorf("in the newer version: kept %q, want hij", got)
	}
}

// The idea list is served from a cache, and a fan must never see it stale:
// a vote, a new idea or an edit shows on the very next read, compressed or
// not, and the cache never widens who may see a challenge.
func TestIdeaListIsNeverStale(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	fan := h.fan("fan@x.cn")
	long := strings.Repeat("很长的想法 a long idea. ", 100) // big enough to be compressed
	var ids []int
	for i := range 3 {
		r := h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), admin, map[string]any{"title": fmt.Sprintf("想法 %d", i), "body": long}).must(t, 201)
		ids = append(ids, num(r.JSON, "id"))
	}
	path := fmt.Sprintf("/api/v1/challenges/%d/ideas?sort=top&limit=2", cid)
	first := func() map[string]any {
		r := h.api("GET", path, "", nil).must(t, 200)
		return r.JSON["ideas"].([]any)[0].(map[string]any)
	}
	top := first()
	if again := first(); fmt.Sprint(again) != fmt.Sprint(top) {
		t.Fatal("two reads with no write between differ")
	}

	// A vote moves the last idea to the top at once.
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", ids[0]), fan, nil).must(t, 200)
	if got := first(); num(got, "id") != ids[0] || num(got, "votes") != 1 {
		t.Errorf("after a vote the top idea is %v with %v votes, want %d with 1", got["id"], got["votes"], ids[0])
	}
	// An edit of the title shows at once.
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", ids[0]), admin, map[string]any{"title": "改过的标题"}).must(t, 200)
	if got := first(); got["title"] != "改过的标题" {
		t.Errorf("after an edit the title is %q", got["title"])
	}

	// The cursor pages are cached separately and are right too.
	r := h.api("GET", path, "", nil).must(t, 200)
	next, _ := r.JSON["next_cursor"].(string)
	r = h.api("GET", path+"&cursor="+next, "", nil).must(t, 200)
	if n := len(r.JSON["ideas"].([]any)); n != 1 {
		t.Errorf("second page has %d ideas, want 1", n)
	}

	// Compressed and plain answers say the same.
	plain := rawGet(t, h.srv.URL+path, "identity")
	gz := rawGet(t, h.srv.URL+path, "gzip")
	if gz != plain || !strings.Contains(plain, "改过的标题") {
		t.Errorf("gzip and plain answers differ or miss the edit:\n%.200s\n%.200s", gz, plain)
	}

	// A draft challenge's list, cached for the admin, stays hidden from others.
	draft := h.openChallenge(admin, map[string]any{
		"submissions_open_at": h.clock().Add(24 * time.Hour), "submissions_close_at": h.clock().Add(48 * time.Hour),
		"voting_open_at": h.clock().Add(48 * time.Hour), "voting_close_at": h.clock().Add(72 * time.Hour),
	})
	dpath := fmt.Sprintf("/api/v1/challenges/%d/ideas", draft)
	h.api("GET", dpath, admin, nil).must(t, 200)
	h.api("GET", dpath, admin, nil).must(t, 200)
	h.api("GET", dpath, "", nil).must(t, 404)
	h.api("GET", dpath, fan, nil).must(t, 404)
}

// rawGet reads path asking for the given encoding and returns the body
// decompressed by hand, failing if the server did not honour the request.
func rawGet(t *testing.T, url, encoding string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Accept-Encoding", encoding)
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body io.Reader = resp.Body
	got := resp.Header.Get("Content-Encoding")
	if encoding == "gzip" {
		if got != "gzip" {
			t.Fatalf("asked for gzip, got Content-Encoding %q", got)
		}
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		body = zr
	} else if got != "" {
		t.Fatalf("asked for %s, got Content-Encoding %q", encoding, got)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A list page put together from cached texts and live counters is byte for
// byte the page read and encoded in one go, for every sort, page, mask and
// reader, before and after votes (which reuse the texts) and an edit (which
// does not).
func TestIdeaListPagesAreThePlainPages(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	open := h.openChallenge(admin, nil)
	anon := h.openChallenge(admin, map[string]any{"anonymous_until_results": true})
	fans := []string{h.fan("a@x.cn"), h.fan("b@x.cn"), h.fan("c@x.cn")}
	a, _, err := h.store.UserByEmail(t.Context(), "a@x.cn")
	if err != nil {
		t.Fatal(err)
	}
	tricky := "<script>alert(1)</script> & \"引号\" \u2028 **粗体** [link](http://x.cn)\n\n- 一\n- two"
	var ideas []int
	for _, cid := range []int{open, anon} {
		for i := range 5 {
			r := h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), fans[i%3], map[string]any{
				"title": fmt.Sprintf("想法 %d <b>", i), "summary": "摘要 & summary", "body": tricky + strings.Repeat(" 长", 60*i),
				"tags": []string{"洗衣机", fmt.Sprintf("tag%d", i)},
			}).must(t, 201)
			ideas = append(ideas, num(r.JSON, "id"))
		}
	}
	compare := func(when string) {
		t.Helper()
		for _, cid := range []int{open, anon} {
			for _, viewer := range []struct {
				token string
				user  *domain.User
			}{{"", nil}, {fans[0], &a}} {
				for _, sort := range []domain.Sort{domain.SortTop, domain.SortHot, domain.SortNew} {
					var after *domain.Cursor
					for page := 0; ; page++ {
						path := fmt.Sprintf("/api/v1/challenges/%d/ideas?sort=%s&limit=2", cid, sort)
						if after != nil {
							path += "&cursor=" + after.Encode()
						}
						for range 2 { // the second read comes from the cache
							got := rawGetAs(t, h.srv.URL+path, viewer.token)
							list, err := h.svc.Ideas(t.Context(), viewer.user, int64(cid), sort, after, 2)
							if err != nil {
								t.Fatal(err)
							}
							want, err := encodeIdeaList(markdown.NewRenderer(0), list) // read, rendered and encoded whole
							if err != nil {
								t.Fatal(err)
							}
							if got != string(want.json) {
								t.Fatalf("%s: %s as %q:\n got %s\nwant %s", when, path, viewer.token, got, want.json)
							}
						}
						list, _ := h.svc.Ideas(t.Context(), viewer.user, int64(cid), sort, after, 2)
						if list.Next == nil {
							break
						}
						after = list.Next
					}
				}
			}
		}
	}
	compare("at first")
	for i, id := range ideas {
		for f := range i % 4 {
			if f%3 == (i%5)%3 {
				continue // no one votes for their own idea
			}
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", id), fans[f%3], nil).must(t, 200)
		}
	}
	compare("after votes")
	h.api("DELETE", fmt.Sprintf("/api/v1/ideas/%d/vote", ideas[3]), fans[1], nil).must(t, 200)
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", ideas[3]), fans[0], map[string]any{"title": "改过 & <i>"}).must(t, 200)
	compare("after an undo and an edit")
}

// rawGetAs reads url as the token's holder ("" for a visitor), uncompressed.
func rawGetAs(t *testing.T, url, token string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Accept-Encoding", "identity")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v %s", url, resp.StatusCode, err, b)
	}
	return string(b)
}

// Search answers are kept encoded per index version and query: the cached
// answer is the one made afresh, compressed or not, and a new idea shows
// in it as soon as the index has it.
func TestSearchAnswersAreCachedButNeverStale(t *testing.T) {
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	cid := h.openChallenge(admin, nil)
	var first int
	for i := range 6 { // an answer big enough to be compressed
		first = num(h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), fan, map[string]any{
			"title": fmt.Sprintf("缓存测试 cachetest %d", i), "summary": strings.Repeat("一个很长的摘要 a long summary ", 20),
		}).must(t, 201).JSON, "id")
	}
	if _, took := h.searchFor("", "q=cachetest", first); took > time.Second {
		t.Fatal("idea not indexed")
	}
	path := h.srv.URL + "/api/v1/search?type=all&q=cachetest"
	plain := rawGet(t, path, "identity")
	if again := rawGet(t, path, "identity"); again != plain {
		t.Errorf("a repeated search answered differently:\n%s\n%s", plain, again)
	}
	if gz := rawGet(t, path, "gzip"); gz != plain {
		t.Errorf("gzip and plain answers differ:\n%s\n%s", gz, plain)
	}
	if !strings.Contains(plain, `"total":6`) || !strings.HasSuffix(plain, "}\n") {
		t.Errorf("answer: %s", plain)
	}
	if r := h.api("GET", "/api/v1/search?type=all&q=cachetest&pretty", "", nil).must(t, 200); !strings.Contains(r.Body, "\n  ") {
		t.Errorf("?pretty is not indented: %q", r.Body)
	}
	second := h.idea(fan, cid, "缓存测试 cachetest two")
	if hits, took := h.searchFor("", "q=cachetest", second); took > time.Second || len(hits) != 7 {
		t.Errorf("the second idea: %d hits after %v", len(hits), took)
	}
}

// corpusIdeas posts n ideas written like fans' (app/corpus, as the load
// benchmark seeds them) to the challenge, within the API's limits, and
// gives the first one a body of nearly MaxIdeaBody characters, so that a
// page is longer than a compressor's 64 KB window.
func (h *harness) corpusIdeas(token string, challenge, n int) []int {
	h.t.Helper()
	cut := func(s string, max int) string {
		if r := []rune(s); len(r) > max {
			return string(r[:max])
		}
		return s
	}
	g := corpus.New(int64(challenge))
	var long strings.Builder
	for i := 0; long.Len() < 4*domain.MaxIdeaBody; i++ {
		long.WriteString(g.Idea(1000+i).Body + "\n\n")
	}
	var ids []int
	for i := range n {
		ci := g.Idea(i)
		body := ci.Body
		if i == 0 {
			body = long.String()
		}
		tags := []string{"众创"} // a tag on every idea: a search for it answers 20 hits
		for _, tag := range ci.Tags[:min(len(ci.Tags), domain.MaxTags-1)] {
			tags = append(tags, cut(tag, domain.MaxTagLen))
		}
		r := h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", challenge), token, map[string]any{
			"title": cut(ci.Title, domain.MaxIdeaTitle), "summary": cut(ci.Summary, domain.MaxIdeaSummary),
			"body": cut(body, domain.MaxIdeaBody), "tags": tags,
		}).must(h.t, 201)
		ids = append(ids, num(r.JSON, "id"))
	}
	return ids
}

// A client using net/http's transparent gzip (the Transport asks for gzip
// itself and decompresses with compress/gzip) reads, for a real list page
// and a real search answer, the same JSON as a client that sends no
// Accept-Encoding at all: what pagecache.go compresses, and puts together
// again after a vote, is plain gzip to the standard library, across more
// than a compressor's 64 KB window of text.
func TestGzipAnswersReadTransparentlyByNetHTTP(t *testing.T) {
	h := newHarness(t)
	admin := h.setup()
	fan, voter := h.fan("fan@x.cn"), h.fan("voter@x.cn")
	cid := h.openChallenge(admin, nil)
	ids := h.corpusIdeas(fan, cid, 20)
	transparent := &http.Client{Transport: &http.Transport{}}
	plain := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	defer transparent.CloseIdleConnections()
	defer plain.CloseIdleConnections()
	read := func(c *http.Client, url string) (body string, gzipped bool) {
		t.Helper()
		resp, err := c.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %v %.200s", url, resp.StatusCode, err, b)
		}
		if resp.Request.Header.Get("Accept-Encoding") != "" || c == plain && resp.Header.Get("Content-Encoding") != "" {
			t.Fatalf("GET %s: asked with Accept-Encoding %q, answered with Content-Encoding %q", url, resp.Request.Header.Get("Accept-Encoding"), resp.Header.Get("Content-Encoding"))
		}
		return string(b), resp.Uncompressed
	}
	same := func(what, url string) string {
		t.Helper()
		got, gzipped := read(transparent, url)
		want, _ := read(plain, url)
		if !gzipped {
			t.Fatalf("%s: the answer to net/http's gzip request (%d bytes) was not compressed", what, len(want))
		}
		if got != want || !json.Valid([]byte(got)) {
			t.Fatalf("%s: transparent gzip read %d bytes, plain %d; they differ or are not JSON:\n%.300s\n%.300s", what, len(got), len(want), got, want)
		}
		return want
	}

	list := fmt.Sprintf("%s/api/v1/challenges/%d/ideas?sort=top", h.srv.URL, cid)
	if page := same("a list page", list); len(page) < 64<<10 || strings.Count(page, `"challenge_id":`) != 20 {
		t.Fatalf("the list page is %d bytes with %d ideas, want over 64 KB and 20", len(page), strings.Count(page, `"challenge_id":`))
	}
	// A vote changes the page's order and counters: it is put together
	// again from the cached texts and compressed again.
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", ids[7]), voter, nil).must(t, 200)
	if page := same("the list page after a vote", list); !strings.HasPrefix(page, fmt.Sprintf(`{"ideas":[{"id":%d,`, ids[7])) {
		t.Fatalf("after the vote, idea %d is not first: %.100s", ids[7], page)
	}
	same("the list's second page", list+"&limit=5&cursor="+url.QueryEscape(str(h.api("GET", list[len(h.srv.URL):]+"&limit=5", "", nil).must(t, 200).JSON, "next_cursor")))

	if _, took := h.searchFor("", "q="+url.QueryEscape("众创"), ids[3]); took > 2*time.Second {
		t.Fatalf("idea %d not found by its tag", ids[3])
	}
	if answer := same("a search answer", h.srv.URL+"/api/v1/search?type=all&q="+url.QueryEscape("众创")); !strings.Contains(answer, `"hits":[{`) {
		t.Fatalf("search answer without hits: %.300s", answer)
	}
}
