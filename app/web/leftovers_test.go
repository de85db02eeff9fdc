package web

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var unreadBadge = regexp.MustCompile(`class="notices"[^>]*>.*?(?:<span class="count">(\d+)</span>)?</a>`)

// unreadOnPage is the header badge's number on the home page (0: none).
func unreadOnPage(t *testing.T, b *browser) int {
	t.Helper()
	m := unreadBadge.FindStringSubmatch(b.get("/").Body)
	if m == nil {
		t.Fatal("no notices link in the header")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// unreadInAPI is the API's unread count, checked against the listed
// notices: every unread notice the reader may see is listed.
func unreadInAPI(t *testing.T, h *harness, token string) int {
	t.Helper()
	r := h.api("GET", "/api/v1/me/notifications", token, nil).must(t, 200)
	listed := 0
	for _, n := range r.JSON["notifications"].([]any) {
		if !n.(map[string]any)["read"].(bool) {
			listed++
		}
	}
	if got := num(r.JSON, "unread"); got != listed {
		t.Errorf("unread %d, but %d unread notices listed: %s", got, listed, r.Body)
	}
	return num(r.JSON, "unread")
}

// TestUnreadCountsOnlyWhatTheReaderMaySee: the badge (page and API) counts
// a notice only while its idea, comment or challenge is visible to the
// reader, as the notice list shows it.
func TestUnreadCountsOnlyWhatTheReaderMaySee(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	a, b := h.fan("a@example.com"), h.fan("b@example.com")
	cid := h.openChallenge(admin, nil)
	x := h.idea(a, cid, "红裙")
	y := h.idea(b, cid, "黑裙")
	cid2 := h.openChallenge(admin, nil)
	z := h.idea(a, cid2, "白裙")
	comment := func(token string, idea int, body string) int {
		r := h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), token, map[string]string{"body": body}).must(t, 201)
		return num(r.JSON, "id")
	}
	onX := comment(b, x, "广告 buy now") // a hears of it: a comment on their idea
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", y), a, nil).must(t, 200)
	comment(admin, y, "好主意") // a follows y
	comment(b, z, "很好看")     // a comment on a's idea in the second challenge

	page := h.browser()
	page.signIn("a@example.com", "fan-password")
	check := func(when string, want int) {
		t.Helper()
		if got := unreadInAPI(t, h, a); got != want {
			t.Errorf("%s: the API counts %d unread, want %d", when, got, want)
		}
		if got := unreadOnPage(t, page); got != want {
			t.Errorf("%s: the page's badge shows %d, want %d", when, got, want)
		}
	}
	check("three notices", 3)

	h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", onX), admin, map[string]string{"action": "hide", "reason": "广告 advertising"}).must(t, 200)
	check("the comment on a's idea hidden", 2)
	// Its author still sees it, and the notice that it was hidden.
	if n := unreadInAPI(t, h, b); n == 0 {
		t.Errorf("the hidden comment's author counts no notice of it")
	}

	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", y), admin, map[string]string{"action": "hide", "reason": "重复 duplicate"}).must(t, 200)
	check("the followed idea hidden", 1)

	h.toDraft(admin, cid2)
	check("the second challenge back to draft", 0)

	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", y), admin, map[string]string{"action": "restore", "reason": "ok"}).must(t, 200)
	check("the followed idea restored", 1)
}

// heldShown checks that a quarantined ring's acts of one kind ("ratings",
// "intents") show as under review where the ideas show their figures: each
// target's own API answer and page, the integrity report's totals and the
// group's acts by kind, and the admin page's labels in zh and en. ringOn is
// how many ring accounts the group holds.
func heldShown(t *testing.T, s *actRing, kind string, ringOn int, group map[string]any, zhLabel, enLabel, zhBadge string) {
	t.Helper()
	h := s.h
	targets := map[int]bool{}
	for _, idea := range s.target {
		targets[idea] = true
	}
	for _, idea := range s.ideas {
		r := h.api("GET", "/api/v1/ideas/"+itoa(int64(idea)), "", nil).must(t, 200)
		want := 0
		if targets[idea] {
			want = ringOn
		}
		if got := num(r.JSON, kind+"_under_review"); got != want {
			t.Errorf("idea %d: %s_under_review %d, want %d", idea, kind, got, want)
		}
	}
	cid := itoa(int64(s.cid))
	rep := h.api("GET", "/api/v1/challenges/"+cid+"/integrity", s.admin, nil).must(t, 200)
	if got, want := num(rep.JSON, "quarantined_"+kind), ringOn*len(s.target); got != want {
		t.Errorf("report: quarantined_%s %d, want %d", kind, got, want)
	}
	for _, g := range rep.JSON["groups"].([]any) {
		g := g.(map[string]any)
		if num(g, "id") != num(group, "id") {
			continue
		}
		acts := g["acts"].(map[string]any)
		if got, want := num(acts, kind), ringOn*len(s.target); got != want || num(acts, "votes") != 0 {
			t.Errorf("group %d's acts: %v, want %d %s and no votes", num(g, "id"), acts, want, kind)
		}
	}
	b := h.adminBrowser()
	page := "/challenges/" + cid + "/integrity"
	for lang, label := range map[string]string{"zh-CN,zh": zhLabel, "en": enLabel} {
		r := b.get(page, "Accept-Language", lang)
		if !strings.Contains(r.Body, fmt.Sprintf(`class="acts-%s">%d %s`, kind, ringOn*len(s.target), label)) {
			t.Errorf("integrity page (%s): the group's acts are not labelled %q", lang, label)
		}
	}
	if r := b.get("/ideas/"+itoa(int64(s.target[0])), "Accept-Language", "zh-CN,zh"); !strings.Contains(r.Body, fmt.Sprintf("%d %s", ringOn, zhBadge)) {
		t.Errorf("the target's page does not show %d %s", ringOn, zhBadge)
	}
}
