package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// modfeed52QueueItem is the queue page's article for an idea, as lang
// reads it.
func modfeed52QueueItem(t *testing.T, b *browser, lang string, idea int) string {
	t.Helper()
	queue := b.get("/moderation", "Accept-Language", lang).must(t, 200).Body
	at := strings.Index(queue, fmt.Sprintf(`id="mod-idea-%d"`, idea))
	if at < 0 {
		t.Fatalf("idea %d is not in the queue: %.3000s", idea, queue)
	}
	item := queue[at:]
	return item[:strings.Index(item, "</article>")]
}

// modfeed52Hide has three new trusted fans report idea, which the report
// threshold then hides.
func modfeed52Hide(t *testing.T, h *harness, idea int) {
	t.Helper()
	var last res
	for i := range 3 {
		last = h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", idea), h.trustedFan(fmt.Sprintf("r%d-%d@x.cn", idea, i)), map[string]string{"reason": "spam"}).must(t, 201)
	}
	if last.JSON["auto_hidden"] != true {
		t.Fatalf("three reports did not hide idea %d: %s", idea, last.Body)
	}
}

// modfeed52GivesBack is the API queue's gives_back for an idea.
func modfeed52GivesBack(t *testing.T, h *harness, who string, idea int) int {
	t.Helper()
	for _, v := range h.api("GET", "/api/v1/moderation/queue", who, nil).must(t, 200).JSON["items"].([]any) {
		if m := v.(map[string]any); m["type"] == "idea" && num(m, "id") == idea {
			return num(m, "gives_back")
		}
	}
	t.Fatalf("idea %d is not in the API's queue", idea)
	return -1
}

// An idea the reports hid keeps its votes while it waits: the hiding by
// reports gives none back, the moderator's keeping it hidden does. The
// queue item says so, on the page and in the API, with the count read
// afresh (a fan who took their held vote back is not counted); keeping
// it hidden then gives exactly those back, and a restore of another
// keeps its votes. Without a budget, nothing is claimed.
func TestModfeed52QueueSaysKeepingHiddenGivesVotesBack(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@fans.cn")
	cid := h.openChallenge(admin, map[string]any{"vote_budget": 2})
	x, y := h.idea(author, cid, "免洗滤网"), h.idea(author, cid, "静音电机")
	xFans, _ := release51Voters(t, h, x, 3), release51Voters(t, h, y, 2)
	votes := func(id int) int {
		return num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), admin, nil).must(t, 200).JSON, "votes")
	}

	modfeed52Hide(t, h, x)
	modfeed52Hide(t, h, y)
	if n := votes(x); n != 3 {
		t.Fatalf("hidden by reports, the idea holds %d votes, want its 3 (held for the moderator)", n)
	}
	b := h.browser()
	b.signIn("admin@brand.cn", "admin-password")
	for lang, want := range map[string]string{"zh-CN": "保持隐藏将退还 3 票", "en": "Keeping it hidden gives 3 votes back"} {
		item := modfeed52QueueItem(t, b, lang, x)
		if !strings.Contains(item, want) {
			t.Errorf("%s: the hidden item does not say %q: %.2000s", lang, want, item)
		}
	}
	if !strings.Contains(b.get("/moderation", "Accept-Language", "zh-CN").must(t, 200).Body, jT("zh", "modfeed52.held_by_reports")) {
		t.Errorf("the queue does not explain that reports hold the votes until a decision")
	}
	if n := modfeed52GivesBack(t, h, admin, x); n != 3 {
		t.Errorf("the API's gives_back for the idea the reports hid is %d, want 3", n)
	}

	// A fan takes back the vote held on it: the count follows.
	h.api("DELETE", fmt.Sprintf("/api/v1/ideas/%d/vote", x), xFans[0], nil).must(t, 200)
	if n := modfeed52GivesBack(t, h, admin, x); n != 2 {
		t.Errorf("after a fan took their held vote back, gives_back is %d, want 2", n)
	}
	if item := modfeed52QueueItem(t, b, "zh-CN", x); !strings.Contains(item, "保持隐藏将退还 2 票") {
		t.Errorf("the item does not say 2 votes go back: %.2000s", item)
	}

	// Kept hidden: what the item said goes back, and each voter is told.
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", x), admin, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	if n := votes(x); n != 0 {
		t.Errorf("kept hidden, the idea holds %d votes, want 0 (given back)", n)
	}
	for i, fan := range xFans {
		want := 1
		if i == 0 {
			want = 0 // took it back before the decision
		}
		if n := release51Returned(t, h, fan); n != want {
			t.Errorf("voter %d was told %d times their vote was returned, want %d", i, n, want)
		}
	}
	// Restored: the other keeps its votes, as the item's banner says.
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", y), admin, map[string]string{"action": "restore", "reason": "误判"}).must(t, 200)
	if n := votes(y); n != 2 {
		t.Errorf("restored after the reports hid it, the idea has %d votes, want its 2", n)
	}

	// Without a budget, the reports' hiding and the keeping both leave the
	// votes: the item claims nothing.
	free := h.openChallenge(admin, map[string]any{"vote_budget": 0})
	z := h.idea(author, free, "自动投放洗衣液")
	release51Voters(t, h, z, 2)
	modfeed52Hide(t, h, z)
	if n := modfeed52GivesBack(t, h, admin, z); n != 0 {
		t.Errorf("without a budget, gives_back is %d, want 0", n)
	}
	if item := modfeed52QueueItem(t, b, "zh-CN", z); strings.Contains(item, "gives-back") {
		t.Errorf("without a budget, the item claims votes go back: %.2000s", item)
	}
	if v, err := h.store.Check(t.Context()); err != nil || len(v) > 0 {
		t.Fatalf("check: %v %v", v, err)
	}
}

// A moderator on a phone, in Chinese, reads on an idea the reports hid
// how many votes keeping it hidden gives back, and the page fits.
func TestModfeed52KeptHiddenOnAPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"vote_budget": 3})
	x := h.idea(h.fan("author@fans.cn"), cid, "免清洗内筒：滚筒自动清洗不留死角，长标题在手机上也要折行显示")
	release51Voters(t, h, x, 2)
	modfeed52Hide(t, h, x)
	ctx := newBrowser(t, 375, 667)
	jSignIn(t, ctx, h, "admin@brand.cn", "admin-password", "zh")
	jVisit(t, ctx, h.srv.URL+"/moderation")
	sel := fmt.Sprintf("#mod-idea-%d .gives-back", x)
	jWant(t, "the votes keeping it hidden gives back", jText(t, ctx, sel), jN("zh", "modfeed52.keep_gives_back", 2))
	jDo(t, ctx, chromedp.ScrollIntoView(sel, chromedp.ByQuery))
	jInView(t, ctx, "the count", sel)
	jFits(t, ctx, "the queue with an idea the reports hid")
	shot(t, ctx, "/tmp/modfeed52-queue.png", false)
}
