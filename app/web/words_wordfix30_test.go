package web

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// A pairwise idea's score says what it is: "两两比较得分 50 ±… · 比较 0 次".
func TestPairwiseScoreIsLabelled(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"voting_method": "pairwise"})
	id := h.idea(admin, cid, "无孔内筒")
	b := h.browser()
	for _, lang := range []string{"zh", "en"} {
		for _, path := range []string{fmt.Sprintf("/challenges/%d", cid), fmt.Sprintf("/ideas/%d", id)} {
			body := b.get(path, "Accept-Language", lang).must(t, 200).Body
			want := `<div class="pair-score"><span class="pair-score-label meta">` + jT(lang, "results.crowd.pairwise") + `</span> <strong>50</strong>`
			if !strings.Contains(body, want) {
				t.Errorf("%s (%s) lacks %s", path, lang, want)
			}
		}
	}
}

// The reply-time dashboard lists what waits, its kind and its wait set
// apart by a middle dot in either language ("创意 · 已等待 …"), never an
// ASCII comma in Chinese.
func TestRepliesJoinInTheLanguage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	h.idea(h.fan("fan@x.cn"), cid, "无孔内筒")
	h.advance(3 * time.Hour)
	b := h.adminBrowser()
	for lang, want := range map[string]string{"zh-CN": "创意 · 已等待", "en": "idea · waiting"} {
		body := b.get(fmt.Sprintf("/challenges/%d/replies", cid), "Accept-Language", lang).must(t, 200).Body
		if !strings.Contains(body, want) {
			t.Errorf("%s: the waiting list lacks %q", lang, want)
		}
		if lang == "zh-CN" && strings.Contains(body, "创意, ") {
			t.Errorf("the Chinese waiting list joins with an ASCII comma")
		}
	}
}
