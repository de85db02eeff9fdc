package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/integrity"
)

// wf30Group makes a challenge with the given fields, three ideas and a
// quarantined group of three accounts, as a scan leaves it; it answers the
// challenge's and the group's ids.
func wf30Group(t *testing.T, h *harness, admin string, fields map[string]any) (cid, gid int64) {
	t.Helper()
	ctx := context.Background()
	cid = int64(h.openChallenge(admin, fields))
	var ideas []int64
	for i := range 3 {
		ideas = append(ideas, int64(h.idea(admin, int(cid), fmt.Sprintf("想法 %d", i))))
	}
	var ring []int64
	for i := range 3 {
		u, err := h.store.CreateUser(ctx, domain.SignUp{Email: fmt.Sprintf("ring%d-%d@example.com", cid, i), Name: "ring"}, "x", false)
		if err != nil {
			t.Fatal(err)
		}
		ring = append(ring, u.ID)
	}
	if err := h.store.SaveIntegrityScan(ctx, cid, h.clock().UnixMilli(), func([]integrity.Stored) []integrity.Change {
		return []integrity.Change{{Status: integrity.Quarantined, Group: integrity.Group{Users: ring, Ideas: ideas[:2], Score: 0.9, Votes: 6,
			Signals: []integrity.Signal{{Kind: "synchronized", N: []int64{3, 40, 90}, Ideas: ideas[:2]}}}}}
	}); err != nil {
		t.Fatal(err)
	}
	g := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/integrity", cid), admin, nil).must(t, 200).JSON["groups"].([]any)[0].(map[string]any)
	return cid, int64(g["id"].(float64))
}

// Removing a group's votes without a reason shows the integrity page
// again, the refusal at the reason field in the admin's language, and
// changes nothing; a reason with it removes them.
func TestIntegrityRemoveWithoutReasonRefusesAtTheField(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid, gid := wf30Group(t, h, admin, nil)
	page := fmt.Sprintf("/challenges/%d/integrity", cid)
	action := fmt.Sprintf("%s/groups/%d", page, gid)
	b := h.adminBrowser()
	for _, lang := range []string{"zh", "en"} {
		want := jT(lang, "error.required")
		b.post(page, "/lang", url.Values{"lang": {lang}, "next": {"/"}}).must(t, 303)
		r := b.post(page, action, url.Values{"action": {"remove"}, "reason": {"   "}})
		if r.Status != 400 {
			t.Fatalf("%s: remove without a reason: %d, want 400 with the page", lang, r.Status)
		}
		for _, part := range []string{`<h1>` + jT(lang, "integrity.title") + `</h1>`, `id="group-` + itoa(gid) + `"`,
			`aria-invalid="true" aria-describedby="reason-` + itoa(gid) + `-error"`,
			`<span class="field-error" id="reason-` + itoa(gid) + `-error">` + want + `</span>`} {
			if !strings.Contains(r.Body, part) {
				t.Errorf("%s: the refused page lacks %s:\n%.4000s", lang, part, r.Body)
			}
		}
	}
	g := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/integrity", cid), admin, nil).must(t, 200).JSON["groups"].([]any)[0].(map[string]any)
	if g["status"] != "quarantined" {
		t.Fatalf("after the refusals the group is %v, want still quarantined", g["status"])
	}
	// The reason typed is kept when another refusal (a reason too long)
	// shows the page again.
	long := strings.Repeat("刷", 501)
	if r := b.post(page, action, url.Values{"action": {"remove"}, "reason": {long}}); r.Status != 400 || !strings.Contains(r.Body, `value="`+long+`"`) {
		t.Errorf("a reason too long: %d, the reason not kept", r.Status)
	}
	r := b.post(page, action, url.Values{"action": {"remove"}, "reason": {"3 个新账号同步投票"}})
	if r.Status != 303 {
		t.Fatalf("remove with a reason: %d", r.Status)
	}
	g = h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/integrity", cid), admin, nil).must(t, 200).JSON["groups"].([]any)[0].(map[string]any)
	if g["status"] != "removed" {
		t.Fatalf("after removing: %v", g["status"])
	}
}
