package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// A fan's own ideas that are on no public page (hidden by a moderator,
// withdrawn by them, merged into another) are listed on their own profile
// alone, each with its state, so they can still find and open them; the
// public list and its count stay as everyone sees them. A draft's idea
// stays out.
func TestUnlisted34OwnProfileListsOwnUnlistedIdeas(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	fan := h.fan("fan@x.cn")
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	cid := h.openChallenge(admin, nil)
	listed := h.idea(author, cid, "公开的创意")
	hidden := h.idea(author, cid, "被隐藏的创意")
	withdrawn := h.idea(author, cid, "撤回的创意")
	merged := h.idea(author, cid, "被合并的创意")
	into := h.idea(fan, cid, "合并到这里")
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", hidden), mod, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", withdrawn), author, map[string]any{"state": "withdrawn"}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/merge", merged), admin, map[string]any{"into": into, "reason": "duplicate"}).must(t, 200)
	draft := h.openChallenge(admin, map[string]any{"title": "草稿"})
	secret := h.idea(author, draft, "草稿里撤回的创意")
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", secret), author, map[string]any{"state": "withdrawn"}).must(t, 200)
	h.toDraft(admin, draft)

	me := num(h.api("GET", "/api/v1/me", author, nil).must(t, 200).JSON, "id")
	own := profileOf(h, author, me)
	if num(own, "ideas") != 1 || len(own["idea_list"].([]any)) != 1 {
		t.Errorf("the author's public list: %v ideas, %v", own["ideas"], own["idea_list"])
	}
	states := map[int]string{}
	for _, i := range own["unlisted_ideas"].([]any) {
		m := i.(map[string]any)
		states[num(m, "id")] = m["state"].(string)
	}
	if want := map[int]string{hidden: "hidden", withdrawn: "withdrawn", merged: "merged"}; fmt.Sprint(states) != fmt.Sprint(want) {
		t.Errorf("the author's unlisted ideas: %v, want %v", states, want)
	}
	for name, who := range map[string]string{"visitor": "", "fan": fan, "moderator": mod} {
		r := h.api("GET", fmt.Sprintf("/api/v1/users/%d", me), who, nil).must(t, 200)
		if _, ok := r.JSON["unlisted_ideas"]; ok || strings.Contains(r.Body, "被隐藏") || strings.Contains(r.Body, "撤回") {
			t.Errorf("a %s sees the author's unlisted ideas: %s", name, r.Body)
		}
	}

	// The page: the author's own, in Chinese, a section with each state;
	// each link opens; another fan's view of it has no such section.
	b := h.browser()
	b.signIn("author@x.cn", "fan-password")
	page := b.get(fmt.Sprintf("/users/%d", me), "Accept-Language", "zh-CN").Body
	for _, want := range []string{jT("zh", "unlisted34.heading", 3), "被隐藏的创意", "已隐藏", "撤回的创意", "已撤回", "被合并的创意", "已合并",
		fmt.Sprintf(`href="/ideas/%d"`, hidden), fmt.Sprintf(`href="/ideas/%d"`, listed)} {
		if !strings.Contains(page, want) {
			t.Errorf("the author's profile page lacks %q", want)
		}
	}
	if strings.Contains(page, "草稿里") {
		t.Error("the author's profile lists an idea of a draft challenge")
	}
	if r := b.get(fmt.Sprintf("/ideas/%d", hidden), "Accept-Language", "zh-CN"); r.Status != 200 || !strings.Contains(r.Body, "广告") {
		t.Errorf("the author opens their hidden idea from the profile: %d", r.Status)
	}
	other := h.browser()
	other.signIn("fan@x.cn", "fan-password")
	if page := other.get(fmt.Sprintf("/users/%d", me), "Accept-Language", "zh-CN").Body; strings.Contains(page, "unlisted-ideas") || strings.Contains(page, "被隐藏") {
		t.Error("another fan's view of the profile shows the author's unlisted ideas")
	}
}

// On a phone, 375×667 in Chinese: the author opens their profile, finds
// their hidden idea under 只有你能看到的创意, marked 已隐藏, taps it and
// reads why; nothing scrolls sideways.
func TestUnlisted34PhoneAuthorFindsHiddenIdea(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	cid := h.openChallenge(admin, nil)
	hidden := h.idea(author, cid, "被隐藏的泡沫净化器创意，标题很长很长很长很长很长很长很长很长")
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", hidden), mod, map[string]string{"action": "hide", "reason": "含有广告链接"}).must(t, 200)
	me := num(h.api("GET", "/api/v1/me", author, nil).must(t, 200).JSON, "id")

	ctx := newBrowser(t, 375, 667)
	jDo(t, ctx, emulation.SetDeviceMetricsOverride(375, 667, 1, true))
	jSignIn(t, ctx, h, "author@x.cn", "fan-password", "zh")
	jVisit(t, ctx, fmt.Sprintf("%s/users/%d", h.srv.URL, me))
	jWant(t, "the section", jText(t, ctx, "#unlisted-ideas h3"), jT("zh", "unlisted34.heading", 1))
	jWant(t, "the state", jText(t, ctx, "#unlisted-ideas .badge"), jT("zh", "state.hidden"))
	jDo(t, ctx, chromedp.ScrollIntoView("#unlisted-ideas a", chromedp.ByQuery))
	jInView(t, ctx, "the hidden idea's link", "#unlisted-ideas a")
	jFits(t, ctx, "the author's profile with an unlisted idea")
	jGo(t, ctx, "#unlisted-ideas a")
	if body := jText(t, ctx, "main"); !strings.Contains(body, "含有广告链接") {
		t.Errorf("the hidden idea's page does not say why: %q", body)
	}
	jFits(t, ctx, "the hidden idea's page")
}
