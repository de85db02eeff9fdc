package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// challengeFormValues is the challenge form as a browser sends it for a
// challenge open from an hour ago for three days, without voting_method
// (a disabled select is not sent).
func challengeFormValues(now time.Time, title string) url.Values {
	at := func(d time.Duration) string { return now.Add(d).UTC().Format("2006-01-02T15:04") }
	return url.Values{
		"title": {title}, "kind": {"open_call"}, "brief": {"brief"},
		"submissions_open_at": {at(-time.Hour)}, "submissions_close_at": {at(48 * time.Hour)},
		"voting_open_at": {at(-time.Hour)}, "voting_close_at": {at(72 * time.Hour)},
		"ideas_per_fan": {"0"}, "vote_budget": {"0"}, "shortlist_size": {"0"}, "winners": {"1"},
	}
}

// Once voting has opened, the edit form shows the voting method disabled
// and says why, in both languages; the rest of the form still saves.
// Before it opens the choice is offered.
func TestForms26VotingMethodLockedOnTheForm(t *testing.T) {
	h := newHarness(t)
	admin := h.setup()
	stars := h.openChallenge(admin, map[string]any{"voting_method": "stars"})
	now := h.clock()
	later := h.openChallenge(admin, map[string]any{"voting_open_at": now.Add(24 * time.Hour), "voting_close_at": now.Add(96 * time.Hour)})
	b := h.browser()
	b.signIn("admin@brand.cn", "admin-password")
	edit := fmt.Sprintf("/challenges/%d/edit", stars)
	locked := map[string]string{
		"en":    "Voting has opened, so the voting method stays as it is",
		"zh-CN": "投票已经开始，投票方式不能再更改",
	}
	for lang, why := range locked {
		page := b.get(edit, "Accept-Language", lang).must(t, 200).Body
		if !strings.Contains(page, `aria-describedby="voting_method-hint" disabled>`) || !strings.Contains(page, why) {
			t.Errorf("%s: the locked method is not disabled with its reason", lang)
		}
	}
	page := b.get(fmt.Sprintf("/challenges/%d/edit", later), "Accept-Language", "zh-CN").must(t, 200).Body
	if strings.Contains(page, `aria-describedby="voting_method-hint" disabled>`) || strings.Contains(page, locked["zh-CN"]) {
		t.Error("the method is locked before voting opens")
	}
	if !strings.Contains(page, "只能在投票开始前更改。") {
		t.Error("the method's usual hint is gone before voting opens")
	}
	if !strings.Contains(b.get("/challenges/new").Body, `aria-describedby="voting_method-hint">`) {
		t.Error("a new challenge's method is not offered")
	}

	// Refused for another field, the form keeps the method locked.
	r := b.post(edit, fmt.Sprintf("/challenges/%d", stars), challengeFormValues(now, ""))
	if r.Status != 400 || !strings.Contains(r.Body, `aria-describedby="voting_method-hint" disabled>`) {
		t.Errorf("a refused edit: %d, the method no longer locked", r.Status)
	}
	// The locked form saves, the method as it was.
	b.post(edit, fmt.Sprintf("/challenges/%d", stars), challengeFormValues(now, "新标题")).must(t, 303)
	got := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", stars), "", nil).must(t, 200).JSON
	if str(got, "title") != "新标题" || str(got, "voting_method") != "stars" {
		t.Errorf("after saving the locked form: title %q method %q", str(got, "title"), str(got, "voting_method"))
	}
}
