package web

import (
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
)

// In a stars or pairwise challenge the words follow the method: the phase
// badge while ideas and the vote are open, why a fan may not add to a
// design poll, the flash after posting an idea, and the integrity page's
// evidence and buttons.
func TestWordsFollowTheMethod(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.fan("fan@x.cn")
	fan := h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	ad := h.adminBrowser()
	for _, method := range []string{"support", "stars", "pairwise"} {
		key := func(k string) string {
			if method == "support" {
				return k
			}
			return k + "." + method
		}
		call := h.openChallenge(admin, map[string]any{"voting_method": method})
		poll := h.openChallenge(admin, map[string]any{"voting_method": method, "kind": "design_poll"})
		buying := h.openChallenge(admin, map[string]any{"voting_method": method, "kind": "design_poll",
			"buy_options": map[string][]string{"size": {"S", "M"}}, "price_bands": []int{99}})
		for _, lang := range []string{"zh", "en"} {
			fan.post("/", "/lang", url.Values{"lang": {lang}, "next": {"/"}}).must(t, 303)
			ad.post("/", "/lang", url.Values{"lang": {lang}, "next": {"/"}}).must(t, 303)
			// The badge: submissions open and the vote too.
			badge := jT(lang, "phase.submissions") + " · " + jT(lang, key("phase.voting"))
			if body := fan.get(fmt.Sprintf("/challenges/%d", call)).Body; !strings.Contains(body, `<span class="badge phase-submissions">`+badge+`</span>`) {
				t.Errorf("%s (%s): the phase badge is not %q", method, lang, badge)
			}
			// Why a fan adds nothing to a design poll.
			for c, k := range map[int]string{poll: key("journeys.only_organiser"), buying: key("journeys.only_organiser") + ".buy"} {
				want := html.EscapeString(jT(lang, k))
				if body := fan.get(fmt.Sprintf("/challenges/%d", c)).Body; !strings.Contains(body, `<p class="why" id="submit-why">`+want+`</p>`) {
					t.Errorf("%s (%s): design poll %d does not say %q", method, lang, c, want)
				}
			}
			// The flash after posting an idea.
			form := fmt.Sprintf("/challenges/%d/submit", call)
			r := fan.post(form, fmt.Sprintf("/challenges/%d/ideas", call), url.Values{"title": {"烘干后自动清洁 " + lang}, "summary": {"s"}, "body": {"b"}}).must(t, 303)
			if body := fan.get(r.Header.Get("Location")).Body; !strings.Contains(body, `<p class="flash" role="status">`+html.EscapeString(jT(lang, key("idea.submitted")))+`</p>`) {
				t.Errorf("%s (%s): the flash after posting is not %q", method, lang, jT(lang, key("idea.submitted")))
			}
		}
		// The integrity page's evidence and buttons.
		cid, gid := wf30Group(t, h, admin, map[string]any{"voting_method": method})
		for _, lang := range []string{"zh", "en"} {
			ad.post("/", "/lang", url.Values{"lang": {lang}, "next": {"/"}}).must(t, 303)
			body := ad.get(fmt.Sprintf("/challenges/%d/integrity", cid)).must(t, 200).Body
			for _, want := range []string{jT(lang, key("integrity.remove")), jT(lang, key("integrity.clear")), jT(lang, key("integrity.lead")), jT(lang, key("integrity.ideas"))} {
				if !strings.Contains(body, html.EscapeString(want)) {
					t.Errorf("%s (%s): the integrity page lacks %q", method, lang, want)
				}
			}
			ev := body[strings.Index(body, `<ul class="evidence">`):]
			ev = ev[:strings.Index(ev, "</ul>")]
			votes := map[string]string{"zh": "投票", "en": "voted"}[lang]
			if (method == "support") != strings.Contains(ev, votes) {
				t.Errorf("%s (%s): the evidence reads %q", method, lang, ev)
			}
		}
		r := ad.post(fmt.Sprintf("/challenges/%d/integrity", cid), fmt.Sprintf("/challenges/%d/integrity/groups/%d", cid, gid), url.Values{"action": {"clear"}}).must(t, 303)
		if body := ad.get(r.Header.Get("Location")).Body; !strings.Contains(body, html.EscapeString(jT("en", key("integrity.cleared")))) {
			t.Errorf("%s: the flash after clearing is not %q", method, jT("en", key("integrity.cleared")))
		}
	}
}
