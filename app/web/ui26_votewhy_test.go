package web

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestUI26IdeaPageNoSupportWhy: an idea's page in a star-rating or pairwise
// challenge says nothing about the support vote (it used to print "this
// challenge votes by pairwise, not by support" under the stars), while a
// support challenge still says why its vote button is off.
func TestUI26IdeaPageNoSupportWhy(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.fan("fan@x.cn")
	stars := h.idea(admin, h.openChallenge(admin, map[string]any{"voting_method": "stars"}), "星级候选")
	pair := h.idea(admin, h.openChallenge(admin, map[string]any{"voting_method": "pairwise"}), "两两候选")
	later := h.clock().Add(24 * time.Hour)
	support := h.idea(admin, h.openChallenge(admin, map[string]any{"voting_open_at": later, "voting_close_at": later.Add(24 * time.Hour)}), "支持候选")

	fan := h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	for _, who := range []struct {
		name string
		b    *browser
	}{{"visitor", h.browser()}, {"fan", fan}} {
		for _, lang := range []string{"zh-CN", "en"} {
			for _, id := range []int{stars, pair} {
				body := who.b.get(fmt.Sprintf("/ideas/%d", id), "Accept-Language", lang).must(t, 200).Body
				if strings.Contains(body, `id="vote-why"`) {
					t.Errorf("%s, %s: idea %d (not a support vote) explains the support vote: %.120s", who.name, lang, id,
						body[strings.Index(body, `id="vote-why"`):])
				}
				if strings.Contains(body, "not by support") {
					t.Errorf("%s, %s: idea %d says %q", who.name, lang, id, "not by support")
				}
			}
			body := who.b.get(fmt.Sprintf("/ideas/%d", support), "Accept-Language", lang).must(t, 200).Body
			if !strings.Contains(body, `id="vote-why"`) {
				t.Errorf("%s, %s: a support idea whose vote has not opened no longer says why", who.name, lang)
			}
		}
	}
}
