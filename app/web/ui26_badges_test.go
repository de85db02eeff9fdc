package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestUI26BadgesNamedOnAPhone: a phone has no hover, so a badge beside a
// name must say what it is on the page (not only in a title): on a 375 px
// screen each badge beside a name shows its name, in the reader's
// language, inside the screen, on the idea page and the leaderboard.
func TestUI26BadgesNamedOnAPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := jUser(h, "xiaomei@x.cn", "爱设计的洗衣机达人小美")
	id := jUserID(h, fan)
	for _, k := range []string{"honour_fan", "club_star", "founding_fan"} {
		h.api("POST", fmt.Sprintf("/api/v1/users/%d/badges", id), admin, map[string]string{"key": k}).must(t, 201)
	}
	h.earn(id, 12)
	idea := h.idea(fan, h.openChallenge(admin, nil), "烘干后衣服有异味")
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), fan, map[string]string{"body": "补充：阳台晾干也有"}).must(t, 201)
	ctx := newBrowser(t, 375, 667)
	for _, lang := range []string{"zh", "en"} {
		for _, path := range []string{fmt.Sprintf("/ideas/%d", idea), "/leaderboard"} {
			var badges []struct {
				Key     string  `json:"key"`
				Text    string  `json:"text"`
				Visible bool    `json:"visible"`
				Right   float64 `json:"right"`
			}
			run(t, ctx,
				network.SetExtraHTTPHeaders(network.Headers{"Accept-Language": map[string]string{"zh": "zh-CN", "en": "en"}[lang]}),
				chromedp.Navigate(h.srv.URL+path),
				chromedp.WaitReady("footer", chromedp.ByQuery),
				chromedp.Evaluate(`Array.from(document.querySelectorAll('.name-badges .name-badge')).map(e => {
					const r = e.getBoundingClientRect(), cs = getComputedStyle(e);
					return {key: e.dataset.badge, text: e.innerText, right: r.right,
						visible: r.width > 20 && r.height > 8 && cs.visibility === "visible" && cs.opacity !== "0"};
				})`, &badges),
			)
			if want := map[bool]int{true: 6, false: 3}[path != "/leaderboard"]; len(badges) != want { // the idea's author and commenter, or a leaderboard row
				t.Fatalf("%s (%s): %d badges beside names, want %d", path, lang, len(badges), want)
			}
			for _, b := range badges {
				name := jT(lang, "badge."+b.Key)
				if !strings.Contains(b.Text, name) || !b.Visible {
					t.Errorf("%s (%s): badge %s shows %q (visible %v); a phone's reader needs to read %q", path, lang, b.Key, b.Text, b.Visible, name)
				}
				if b.Right > 375 {
					t.Errorf("%s (%s): badge %s ends at %v px, off a 375 px screen", path, lang, b.Key, b.Right)
				}
			}
		}
	}
}
