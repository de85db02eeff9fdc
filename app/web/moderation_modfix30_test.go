package web

import (
	"fmt"
	"strings"
	"testing"
)

// A withdrawn or merged idea keeps its page, text and all, so it can still
// be reported and hidden when abusive (the moderators' queue says it is
// withdrawn); restored (or its reports dismissed) it comes back withdrawn
// or merged, as it was, never listed or open to votes again, and a
// merged idea's supporters stay with the original throughout.
func TestHidingAWithdrawnOrMergedIdeaRestoresItAsItWas(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author, voter := h.fan("author@x.cn"), h.fan("voter@x.cn")
	reporters := []string{h.trustedFan("r1@x.cn"), h.trustedFan("r2@x.cn"), h.trustedFan("r3@x.cn")}
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	ideaPath := func(id int) string { return fmt.Sprintf("/api/v1/ideas/%d", id) }
	decide := func(id int, action string) {
		t.Helper()
		h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", id), mod, map[string]string{"action": action, "reason": "理由 a reason"}).must(t, 200)
	}
	state := func(id int, tok string) string {
		t.Helper()
		return str(h.api("GET", ideaPath(id), tok, nil).must(t, 200).JSON, "state")
	}
	listed := func() string {
		return h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), "", nil).must(t, 200).Body
	}

	// Withdrawn, then hidden at once by three reports.
	w := h.idea(author, cid, "撤回的辱骂 withdrawn abuse")
	h.api("PATCH", ideaPath(w), author, map[string]any{"state": "withdrawn"}).must(t, 200)
	for i, r := range reporters {
		h.api("POST", ideaPath(w)+"/reports", r, map[string]string{"reason": "abuse"}).must(t, 201)
		if i > 0 {
			continue
		}
		// Reported once, still shown: the queue says it is withdrawn,
		// the state a restore would bring it back in.
		b := h.browser()
		b.signIn("mod@x.cn", "fan-password")
		page := b.get("/moderation").Body
		at := strings.Index(page, fmt.Sprintf(`id="mod-idea-%d"`, w))
		if at < 0 {
			t.Fatalf("the reported withdrawn idea is not in the queue: %s", page)
		}
		item, _, _ := strings.Cut(page[at:], "</article>")
		if !strings.Contains(item, `class="badge state-withdrawn"`) {
			t.Errorf("the queue's item for the withdrawn idea does not say it is withdrawn: %s", item)
		}
	}
	h.api("GET", ideaPath(w), "", nil).must(t, 404)
	if got := state(w, author); got != "hidden" {
		t.Fatalf("the withdrawn idea after three reports: %s, want hidden", got)
	}
	decide(w, "dismiss")
	if got := state(w, ""); got != "withdrawn" {
		t.Errorf("the withdrawn idea, its reports dismissed: %s, want withdrawn", got)
	}
	decide(w, "hide")
	h.api("GET", ideaPath(w), "", nil).must(t, 404)
	decide(w, "restore")
	if got := state(w, ""); got != "withdrawn" {
		t.Errorf("the withdrawn idea restored by a moderator: %s, want withdrawn", got)
	}
	decide(w, "hide")
	if r := h.api("PATCH", ideaPath(w), admin, map[string]any{"state": "submitted", "reason": "误判 a mistake"}).must(t, 200); str(r.JSON, "state") != "withdrawn" {
		t.Errorf("the withdrawn idea restored through an admin's edit: %s, want withdrawn", str(r.JSON, "state"))
	}
	if r := h.api("PUT", ideaPath(w)+"/vote", voter, nil); r.Status != 409 {
		t.Errorf("a vote on the restored withdrawn idea: %d %s, want 409", r.Status, r.Body)
	}

	// Merged with its vote moved to the original, then hidden and restored.
	dup, orig := h.idea(author, cid, "重复的辱骂 merged abuse"), h.idea(author, cid, "原来的 the original")
	h.api("PUT", ideaPath(dup)+"/vote", voter, nil).must(t, 200)
	h.api("POST", ideaPath(dup)+"/merge", admin, map[string]any{"into": orig, "reason": "same"}).must(t, 200)
	decide(dup, "hide")
	h.api("GET", ideaPath(dup), "", nil).must(t, 404)
	decide(dup, "restore")
	d := h.api("GET", ideaPath(dup), "", nil).must(t, 200).JSON
	if d["state"] != "merged" || num(d, "merged_into") != orig || num(d, "votes") != 0 {
		t.Errorf("the merged idea restored: %v into %v with %v votes, want merged into %d with none", d["state"], d["merged_into"], d["votes"], orig)
	}
	if o := h.api("GET", ideaPath(orig), "", nil).must(t, 200).JSON; num(o, "votes") != 1 {
		t.Errorf("the original after its duplicate was hidden and restored: %v votes, want the 1 moved to it", o["votes"])
	}
	if l := listed(); strings.Contains(l, "withdrawn abuse") || strings.Contains(l, "merged abuse") || !strings.Contains(l, "the original") {
		t.Errorf("the challenge's list after the restores: %s; want the original alone", l)
	}
}
