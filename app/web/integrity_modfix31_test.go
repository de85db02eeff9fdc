package web

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"

	"cocreate/app/integrity"
)

// The phone walk: after "remove these votes" the group's card read "12
// acts (votes, ratings, comparisons or 'I'd buy it')", for a removed
// group's acts are gone. The card counts them in the challenge's word, and
// says they were removed.
func TestModfix31RemovedGroupCountsInTheMethodsWord(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	ad := h.adminBrowser()
	for _, method := range []string{"support", "stars", "pairwise"} {
		key := func(k string) string {
			if method == "support" {
				return k
			}
			return k + "." + method
		}
		cid, gid := wf30Group(t, h, admin, map[string]any{"voting_method": method})
		page := fmt.Sprintf("/challenges/%d/integrity", cid)
		card := func(lang string) string {
			ad.post(page, "/lang", url.Values{"lang": {lang}, "next": {"/"}}).must(t, 303)
			body := ad.get(page).must(t, 200).Body
			at := strings.Index(body, fmt.Sprintf(`id="group-%d"`, gid))
			if at < 0 {
				t.Fatalf("%s: no group %d on the page", method, gid)
			}
			c, _, _ := strings.Cut(body[at:], "</section>")
			return c
		}
		for _, lang := range []string{"zh", "en"} {
			c := card(lang)
			if want := html.EscapeString(jT(lang, key("modfix31.group_acts")+".other", 6)); !strings.Contains(c, `<span class="acts-total">`+want+`</span>`) {
				t.Errorf("%s (%s): the held group's card does not say %q: %s", method, lang, want, c)
			}
		}
		ad.post(page, fmt.Sprintf("%s/groups/%d", page, gid), url.Values{"action": {"remove"}, "reason": {"同步 in step"}}).must(t, 303)
		// The group's count after the removal (what was removed).
		n := num(h.api("GET", "/api/v1"+page, admin, nil).must(t, 200).JSON["groups"].([]any)[0].(map[string]any), "votes")
		for _, lang := range []string{"zh", "en"} {
			c := card(lang)
			if want := html.EscapeString(jT(lang, key("modfix31.removed_acts")+".other", n)); !strings.Contains(c, `<span class="acts-total">`+want+`</span>`) {
				t.Errorf("%s (%s): the removed group's card does not say %q: %s", method, lang, want, c)
			}
			if any := html.EscapeString(jT(lang, "leftovers.acts.any.other", n)); strings.Contains(c, any) {
				t.Errorf("%s (%s): the removed group's card says %q", method, lang, any)
			}
		}
	}
}

// With real votes, as on the walk: a group of three accounts that voted
// for two ideas each; removed, the card says the six votes were removed.
func TestModfix31RemovedGroupCountsItsVotes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	ctx := context.Background()
	cid := int64(h.openChallenge(admin, nil))
	ideas := []int64{int64(h.idea(admin, int(cid), "想法 1")), int64(h.idea(admin, int(cid), "想法 2"))}
	var ring []int64
	for i := range 3 {
		tok := h.fan(fmt.Sprintf("ring%d@x.cn", i))
		ring = append(ring, int64(num(h.api("GET", "/api/v1/me", tok, nil).must(t, 200).JSON, "id")))
		for _, id := range ideas {
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", id), tok, nil).must(t, 200)
		}
	}
	if err := h.store.SaveIntegrityScan(ctx, cid, h.clock().UnixMilli(), func([]integrity.Stored) []integrity.Change {
		return []integrity.Change{{Status: integrity.Quarantined, Group: integrity.Group{Users: ring, Ideas: ideas, Score: 0.9, Votes: 6,
			Signals: []integrity.Signal{{Kind: "synchronized", N: []int64{3, 40, 90}, Ideas: ideas}}}}}
	}); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/challenges/%d/integrity", cid)
	gid := int64(num(h.api("GET", "/api/v1"+page, admin, nil).must(t, 200).JSON["groups"].([]any)[0].(map[string]any), "id"))
	ad := h.adminBrowser()
	ad.post(page, fmt.Sprintf("%s/groups/%d", page, gid), url.Values{"action": {"remove"}, "reason": {"同步 in step"}}).must(t, 303)
	for lang, want := range map[string]string{"zh": "已移除 6 票", "en": "6 votes removed"} {
		ad.post(page, "/lang", url.Values{"lang": {lang}, "next": {"/"}}).must(t, 303)
		body := ad.get(page).must(t, 200).Body
		if !strings.Contains(body, `<span class="acts-total">`+want+`</span>`) {
			t.Errorf("%s: the removed group's card does not say %q: %s", lang, want, body)
		}
	}
}
