package web

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"cocreate/app/images/imagetest"
)

// Blind judging hides who made an idea and how many supported it, never the
// work: a judge scoring a design sees its photos, on the scorecard and in
// the queue, and still neither the author nor the votes.
func TestBlindScorecardShowsThePhotos(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	maker := h.fan("zhangwei.designer@x.cn")
	judge := h.fan("judge@x.cn")
	judgeID := num(h.api("GET", "/api/v1/me", judge, nil).JSON, "id")
	h.confirm(int64(judgeID))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", judgeID), admin, map[string]any{"roles": []string{"judge"}}).must(t, 200)
	cid := h.openChallenge(admin, map[string]any{"shortlist_size": 4, "winners": 1})
	photo := imagetest.JPEG(imagetest.Quadrants(1200, 900), 80)
	status, body, err := postIdea(noRedirect, h.srv.URL, maker, "", cid, "A dress in silk", photo)
	if err != nil || status != 303 {
		t.Fatalf("posting the photo idea: %d %v %.300s", status, err, body)
	}
	ideaPath := ""
	if m := regexp.MustCompile(`href="(/ideas/[^"/]+)"`).FindStringSubmatch(h.browser().get(fmt.Sprintf("/challenges/%d", cid)).must(t, 200).Body); m != nil {
		ideaPath = m[1]
	}
	ideaPage := h.browser().get(ideaPath).must(t, 200).Body
	m := regexp.MustCompile(`<img src="(/uploads/[^"]+)" srcset="([^"]+)"`).FindStringSubmatch(ideaPage)
	if m == nil {
		t.Fatalf("the idea page %s shows no photo", ideaPath)
	}
	src, srcset := m[1], m[2]
	ideaID := 0
	for _, it := range h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), "", nil).must(t, 200).JSON["ideas"].([]any) {
		ideaID = num(it.(map[string]any), "id")
	}
	for _, v := range []string{h.fan("v1@x.cn"), h.fan("v2@x.cn"), h.fan("v3@x.cn")} {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", ideaID), v, nil).must(t, 200)
	}
	h.advance(80 * time.Hour)
	h.api("PUT", fmt.Sprintf("/api/v1/challenges/%d/rubric", cid), admin, map[string]any{
		"criteria":     []map[string]any{{"key": "look", "name": "外观", "weight": 1, "min": 0, "max": 10}},
		"crowd_weight": 0.25, "blind": true,
	}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", cid), admin, map[string]any{"top": 1}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/judges", cid), admin, map[string]any{"user_ids": []int{judgeID}, "per_idea": 1}).must(t, 200)

	b := h.browser()
	b.signIn("judge@x.cn", "fan-password")
	queue := b.get("/judging").must(t, 200).Body
	if !strings.Contains(queue, src) {
		t.Errorf("the judge's queue does not show the idea's photo %s: %.2000s", src, queue)
	}
	for _, lang := range []string{"zh", "en"} {
		card := b.get(fmt.Sprintf("/judging/ideas/%d", ideaID), "Accept-Language", lang).must(t, 200).Body
		if !strings.Contains(card, `src="`+src+`"`) || !strings.Contains(card, srcset) {
			t.Errorf("%s: the blind scorecard does not show the photo %s with its srcset: %.3000s", lang, src, card)
		}
		if strings.Contains(card, "zhangwei") {
			t.Errorf("%s: the blind scorecard names the author", lang)
		}
		if strings.Contains(card, "▲") || strings.Contains(card, "vote-count") {
			t.Errorf("%s: the blind scorecard shows the votes", lang)
		}
	}
}
