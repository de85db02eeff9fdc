package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// allNotices is every notice the holder of token reads through the API,
// newest first.
func allNotices(t *testing.T, h *harness, token string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, n := range h.api("GET", "/api/v1/me/notifications", token, nil).must(t, 200).JSON["notifications"].([]any) {
		out = append(out, n.(map[string]any))
	}
	return out
}

// zhNotifications is the notifications page as the person signed in with
// email and password reads it in Chinese.
func zhNotifications(t *testing.T, h *harness, email, password string) string {
	t.Helper()
	b := h.browser()
	b.signIn(email, password)
	b.post("/", "/lang", url.Values{"lang": {"zh"}}).must(t, 303)
	return b.get("/notifications").must(t, 200).Body
}

// An admin's badge tells its fan, in their bell, linking to the badges on
// their page; the admin giving one to themselves is not told.
func TestHonour52BadgeByHandTold(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@fans.cn")
	id := h.userID(fan)
	h.api("POST", fmt.Sprintf("/api/v1/users/%d/badges", id), admin, map[string]string{"key": "honour_fan"}).must(t, 201)
	h.api("POST", fmt.Sprintf("/api/v1/users/%d/badges", id), admin, map[string]string{"key": "honour_fan"}).must(t, 409)
	got := noticesOf(t, h, fan, "badge", "zh")
	want := fmt.Sprintf("/users/%d#badges-title", id)
	if len(got) != 1 || got[0]["url"] != want || got[0]["text"] != "品牌授予你荣誉勋章“荣誉粉丝”。" {
		t.Fatalf("the fan's badge notices: %v", got)
	}
	page := zhNotifications(t, h, "fan@fans.cn", "fan-password")
	if !strings.Contains(page, "品牌授予你荣誉勋章“荣誉粉丝”。") || !strings.Contains(page, `data-href="`+want+`"`) {
		t.Errorf("the notifications page in Chinese: %.3000s", page)
	}
	// Where it leads: the badge on the fan's page, under the heading linked.
	profile := h.browser().get(fmt.Sprintf("/users/%d", id)).must(t, 200).Body
	if !strings.Contains(profile, `id="badges-title"`) || !strings.Contains(profile, `data-badge="honour_fan"`) {
		t.Error("the link leads to no badge")
	}
	adminID := h.userID(admin)
	h.api("POST", fmt.Sprintf("/api/v1/users/%d/badges", adminID), admin, map[string]string{"key": "club_star"}).must(t, 201)
	if n := noticesOf(t, h, admin, "badge", "zh"); len(n) != 0 {
		t.Errorf("the admin was told of their own badge: %v", n)
	}
}

// A credit tells each person newly credited, once per project: the
// engineer saving the list is not told, a list saved again tells no one,
// and a credit taken away and given back is not told twice. The link
// leads to the credits on the project's page, shown before its launch.
func TestHonour52CreditsToldOnce(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	credits := fmt.Sprintf("/api/v1/projects/%d/credits", e.pid)
	set := func(ids ...int) {
		t.Helper()
		list := []map[string]any{}
		for _, id := range ids {
			list = append(list, map[string]any{"user_id": id, "role": "设计"})
		}
		h.api("PUT", credits, e.eng, map[string]any{"credits": list}).must(t, 200)
	}
	set(e.authorID, e.engID)
	set(e.authorID, e.engID) // saved again
	set(e.engID)             // the author taken away by mistake
	set(e.authorID, e.engID) // and given back
	got := noticesOf(t, h, e.author, "credited", "zh")
	want := fmt.Sprintf("/projects/%d#credits", e.pid)
	if len(got) != 1 || got[0]["url"] != want || got[0]["text"] != "“免清洗内筒”把你列为共创者。" {
		t.Fatalf("the author's credit notices: %v", got)
	}
	if n := noticesOf(t, h, e.eng, "credited", "zh"); len(n) != 0 {
		t.Errorf("the engineer was told of crediting themselves: %v", n)
	}
	// Through the page's form: the other engineer, credited, is told.
	b := h.browser()
	b.signIn("eng@x.cn", "fan-password")
	page := fmt.Sprintf("/projects/%d", e.pid)
	b.post(page, page+"/credits", url.Values{"credit": {itoa(int64(e.authorID)), itoa(int64(e.eng2ID))}}).must(t, 303)
	if n := noticesOf(t, h, e.eng2, "credited", "zh"); len(n) != 1 || n[0]["url"] != want {
		t.Errorf("the second engineer's credit notices: %v", n)
	}
	if n := noticesOf(t, h, e.author, "credited", "zh"); len(n) != 1 {
		t.Errorf("the author was told again: %v", n)
	}
	zh := zhNotifications(t, h, "author@x.cn", "fan-password")
	if !strings.Contains(zh, "“免清洗内筒”把你列为共创者。") || !strings.Contains(zh, `data-href="`+want+`"`) {
		t.Errorf("the notifications page in Chinese: %.3000s", zh)
	}
	// Where it leads: the credits, on a project not launched yet.
	body := h.browser().get(page).must(t, 200).Body
	sec := body[strings.Index(body, `id="credits"`):]
	if !strings.Contains(sec[:strings.Index(sec, "</section>")], fmt.Sprintf(`href="/users/%d"`, e.authorID)) {
		t.Errorf("the project's page shows no credits: %.2000s", sec)
	}
}

// Helpful marks earn points: the mark that lifts a fan to level 2 tells
// them so, the fifth earns the helpful badge and says so; marks taken
// back and given again (the fan falls below the level and the badge, and
// climbs back) tell nothing twice.
func TestHonour52LevelAndBadgeToldOnce(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	h := e.h
	var comments []int
	for i := range 5 {
		comments = append(comments, num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", e.ideaID), e.fan,
			map[string]any{"body": fmt.Sprintf("第%d个建议：内筒可以拆下来洗", i+1)}).must(t, 201).JSON, "id"))
	}
	mark := func(method string, id int) {
		t.Helper()
		h.api(method, fmt.Sprintf("/api/v1/comments/%d/helpful", id), e.eng, nil).must(t, 200)
	}
	levelUps := func() []map[string]any { return noticesOf(t, h, e.fan, "level_up", "zh") }
	for i, id := range comments[:3] {
		mark("PUT", id)
		if n := len(levelUps()); n != 0 {
			t.Fatalf("after %d marks (%d points), %d level notices", i+1, 3*(i+1), n)
		}
	}
	mark("PUT", comments[3]) // 12 points: level 2
	ups := levelUps()
	profile := fmt.Sprintf("/users/%d", e.fanID)
	if len(ups) != 1 || ups[0]["url"] != profile || ups[0]["text"] != "你的声望升到了 2 级！" {
		t.Fatalf("the level notices at 12 points: %v", ups)
	}
	if n := noticesOf(t, h, e.fan, "badge_earned", "zh"); len(n) != 0 {
		t.Fatalf("a badge before the fifth mark: %v", n)
	}
	mark("PUT", comments[4]) // the fifth: the helpful badge
	badges := noticesOf(t, h, e.fan, "badge_earned", "zh")
	if len(badges) != 1 || badges[0]["url"] != profile+"#badges-title" {
		t.Fatalf("the badge notices after the fifth mark: %v", badges)
	}
	// Two marks taken back: 9 points, level 1, four marks short of the
	// badge; given again, both come back, told once already.
	mark("DELETE", comments[3])
	mark("DELETE", comments[4])
	if lvl := num(profileOf(h, "", e.fanID), "level"); lvl != 1 {
		t.Fatalf("level %d after two marks taken back", lvl)
	}
	mark("PUT", comments[3])
	mark("PUT", comments[4])
	if lvl := num(profileOf(h, "", e.fanID), "level"); lvl != 2 {
		t.Fatalf("level %d after the marks given again", lvl)
	}
	if u, b := levelUps(), noticesOf(t, h, e.fan, "badge_earned", "zh"); len(u) != 1 || len(b) != 1 {
		t.Errorf("told again: levels %v, badges %v", u, b)
	}
	zh := zhNotifications(t, h, "fan@x.cn", "fan-password")
	for _, want := range []string{"你的声望升到了 2 级！", "你获得了荣誉勋章“热心助人”。", `data-href="` + profile + `"`} {
		if !strings.Contains(zh, want) {
			t.Errorf("the notifications page in Chinese lacks %q: %.3000s", want, zh)
		}
	}
}

// An idea that misses its supporter threshold in a challenge without a
// vote budget gives no vote back, and its supporters still hear that it
// expired, once each; its author hears it as the author.
func TestHonour52ExpiredWithoutBudgetTellsSupporters(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author, fan, fan2 := h.fan("author@fans.cn"), h.fan("fan@fans.cn"), h.fan("fan2@fans.cn")
	now := h.clock()
	call := h.openChallenge(admin, map[string]any{"support_threshold": 5, "threshold_days": 1,
		"voting_open_at": now, "voting_close_at": now.Add(10 * 24 * time.Hour)})
	idea := h.idea(author, call, "没人支持的想法")
	path := "/api/v1/ideas/" + itoa(int64(idea))
	h.api("PUT", path+"/vote", fan, nil).must(t, 200)
	h.api("PUT", path+"/vote", fan2, nil).must(t, 200)
	h.advance(25 * time.Hour)
	if n, err := h.svc.SweepThresholds(context.Background()); err != nil || n != 1 {
		t.Fatalf("the sweep moved %d: %v", n, err)
	}
	if n, err := h.svc.SweepThresholds(context.Background()); err != nil || n != 0 {
		t.Fatalf("a second sweep moved %d: %v", n, err)
	}
	link := fmt.Sprintf("/ideas/%d", idea)
	for _, tok := range []string{fan, fan2} {
		got := allNotices(t, h, tok)
		if len(got) != 1 || got[0]["kind"] != "backed_expired" || got[0]["url"] != link {
			t.Errorf("a supporter's notices: %v", got)
		}
	}
	if got := allNotices(t, h, author); len(got) != 1 || got[0]["kind"] != "expired" {
		t.Errorf("the author's notices: %v", got)
	}
	zh := zhNotifications(t, h, "fan@fans.cn", "fan-password")
	if !strings.Contains(zh, "你支持的创意“没人支持的想法”没能按时获得足够支持，已过期，页面仍保留。") || strings.Contains(zh, "这一票已退还") {
		t.Errorf("the notifications page in Chinese: %.3000s", zh)
	}
	// Where it leads: the idea's page, which stays.
	h.browser().get(link).must(t, 200)
}

// The honours' notices on a 375 px phone in Chinese: the fan's bell reads
// them, nothing scrolls sideways, and a tap on the credit leads to the
// project's credits, one on the badge to the badges on their page.
func TestHonour52PhoneWalk(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	h.api("POST", fmt.Sprintf("/api/v1/users/%d/badges", e.authorID), e.admin, map[string]string{"key": "founding_fan"}).must(t, 201)
	h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/credits", e.pid), e.eng,
		map[string]any{"credits": []map[string]any{{"user_id": e.authorID, "role": "外观设计与用户调研"}}}).must(t, 200)

	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "author@x.cn")
	credit := fmt.Sprintf(`button[data-href="/projects/%d#credits"]`, e.pid)
	badge := fmt.Sprintf(`button[data-href="/users/%d#badges-title"]`, e.authorID)
	run(t, ctx, chromedp.Navigate(h.srv.URL+"/notifications"), chromedp.WaitVisible(credit, chromedp.ByQuery))
	jFits(t, ctx, "the fan's notifications")
	jWantContains(t, "the credit's notice", jText(t, ctx, credit), "把你列为共创者")
	jWantContains(t, "the badge's notice", jText(t, ctx, badge), "品牌授予你荣誉勋章“元老粉丝”")
	shot(t, ctx, "/tmp/honour52-phone-bell.png", false)
	run(t, ctx, chromedp.Click(credit, chromedp.ByQuery), chromedp.WaitVisible("#credits", chromedp.ByQuery))
	jInView(t, ctx, "the project's credits", "#credits")
	jFits(t, ctx, "the project's page at its credits")
	shot(t, ctx, "/tmp/honour52-phone-credits.png", false)
	run(t, ctx, chromedp.Navigate(h.srv.URL+"/notifications"), chromedp.WaitVisible(badge, chromedp.ByQuery),
		chromedp.Click(badge, chromedp.ByQuery), chromedp.WaitVisible("#badges-title", chromedp.ByQuery))
	jInView(t, ctx, "the badges", "#badges-title")
	jFits(t, ctx, "the profile at its badges")
	shot(t, ctx, "/tmp/honour52-phone-badges.png", false)
}
