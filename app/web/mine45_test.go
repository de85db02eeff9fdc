package web

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// A fan whose budget is spent finds where their votes went: the challenge
// page links "my votes", which lists the ideas they support, the newest
// vote first, each with its button to take the vote back.
func TestMine45AFanFindsTheirVotes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	cid := h.openChallenge(admin, map[string]any{"vote_budget": 2})
	first, second, other := h.idea(admin, cid, "免清洗内筒"), h.idea(admin, cid, "静音电机"), h.idea(admin, cid, "烘干除菌")
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	ch := fmt.Sprintf("/challenges/%d", cid)
	zh := func(path string) string { return b.get(path, "Accept-Language", "zh-CN").must(t, 200).Body }
	if body := zh(ch); !strings.Contains(body, `<p class="meta my-votes-link" hidden>`) || !strings.Contains(body, `href="?mine=1#ideas-title" class="tab-mine" >我支持的</a>`) {
		t.Errorf("before voting: the tab should be there, the spent link not")
	}
	for _, id := range []int{first, second} {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", id), fan, nil).must(t, 200)
		h.advance(1e9)
	}
	if body := zh(ch); !strings.Contains(body, `<p class="meta my-votes-link"><a href="?mine=1#ideas-title">看看我的票投给了哪些创意`) {
		t.Errorf("a spent budget does not lead to the fan's votes")
	}
	titles := regexp.MustCompile(`<h3 class="card-title"><a href="[^"]*">([^<]*)</a>`)
	listed := func() []string {
		var out []string
		for _, m := range titles.FindAllStringSubmatch(zh(ch+"?mine=1"), -1) {
			out = append(out, m[1])
		}
		return out
	}
	if got := listed(); strings.Join(got, ",") != "静音电机,免清洗内筒" {
		t.Errorf("my votes list %q, want the two supported, newest vote first", got)
	}
	body := zh(ch + "?mine=1")
	if !strings.Contains(body, `class="tab-mine" aria-current="page"`) || strings.Contains(body, fmt.Sprintf(`id="vote-%d"`, other)) {
		t.Errorf("the tab is not current, or an unsupported idea is listed")
	}
	if !strings.Contains(body, fmt.Sprintf(`<form method="post" action="/ideas/%d/vote" class="vote voted"`, second)) {
		t.Errorf("a listed idea has no button to take the vote back")
	}
	// Taken back, it leaves the list; hidden by a moderator, it is not shown.
	h.api("DELETE", fmt.Sprintf("/api/v1/ideas/%d/vote", second), fan, nil).must(t, 200)
	if got := listed(); strings.Join(got, ",") != "免清洗内筒" {
		t.Errorf("after taking one back: %q", got)
	}
	// After the vote, votes stay with a hidden idea (the record), but the
	// list of one's votes, as the challenge's, no longer holds it.
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/phase", cid), admin, map[string]string{"move": "close_voting"}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", first), admin, map[string]string{"action": "hide", "reason": "spam"}).must(t, 200)
	if n := num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", first), admin, nil).must(t, 200).JSON, "votes"); n != 1 {
		t.Fatalf("the hidden idea's vote was not kept (%d): the test proves nothing", n)
	}
	if got, body := listed(), zh(ch+"?mine=1"); len(got) != 0 || !strings.Contains(body, "你还没有支持这个挑战里的创意。") {
		t.Errorf("a hidden idea is listed: %q", got)
	}
	// A visitor is asked to sign in.
	if r := h.browser().get(ch + "?mine=1"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/signin") {
		t.Errorf("a visitor's my votes: %d %q", r.Status, r.Header.Get("Location"))
	}
}

// The phone walk, 375×667 in Chinese: a fan spends the last of their
// budget with a tap, the link to their votes appears under it; they tap
// it, find their two votes, take one back with the button (the budget
// line follows), and nothing scrolls sideways.
func TestMine45OnAPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	cid := h.openChallenge(admin, map[string]any{"vote_budget": 2})
	var last int
	for _, title := range []string{"免清洗内筒：滚筒自动清洗不留死角", "静音电机", "烘干除菌"} {
		last = h.idea(admin, cid, title)
		if title == "免清洗内筒：滚筒自动清洗不留死角" {
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", last), fan, nil).must(t, 200)
		}
	}
	ctx := newBrowser(t, 375, 667)
	jDo(t, ctx, emulation.SetDeviceMetricsOverride(375, 667, 1, true))
	jSignIn(t, ctx, h, "fan@x.cn", "fan-password", "zh")
	jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d", h.srv.URL, cid))
	jWant(t, "the budget", jText(t, ctx, ".budget"), jT("zh", "vote.left", 1))
	vote := fmt.Sprintf("#vote-%d button", last)
	jDo(t, ctx, chromedp.ScrollIntoView(vote, chromedp.ByQuery), chromedp.Click(vote, chromedp.ByQuery),
		chromedp.WaitVisible(fmt.Sprintf("#vote-%d.voted", last), chromedp.ByQuery))
	jWant(t, "the spent budget", jText(t, ctx, ".budget"), jT("zh", "vote.left", 0))
	jDo(t, ctx, chromedp.ScrollIntoView(".my-votes-link a", chromedp.ByQuery))
	jInView(t, ctx, "the link to my votes", ".my-votes-link a")
	jGo(t, ctx, ".my-votes-link a")
	shot(t, ctx, "/tmp/mine45.png", false)
	if got := jTexts(t, ctx, ".idea-card .card-title"); len(got) != 2 {
		t.Fatalf("my votes on a phone: %q", got)
	}
	jWant(t, "the current tab", jText(t, ctx, ".tabs a[aria-current]"), jT("zh", "mine45.tab"))
	jDo(t, ctx, chromedp.ScrollIntoView(".idea-card .vote button", chromedp.ByQuery))
	jDo(t, ctx, chromedp.Click(".idea-card .vote button", chromedp.ByQuery))
	jDo(t, ctx, chromedp.WaitVisible(".idea-card .vote:not(.voted)", chromedp.ByQuery))
	jWant(t, "the budget after taking a vote back", jText(t, ctx, ".budget"), jT("zh", "vote.left", 1))
	jFits(t, ctx, "my votes after taking one back")
}

// An engineer finds the projects they run: the projects board's "我负责的"
// (linked from triage) holds only theirs; a fan is not offered it.
func TestMyProjects45AnEngineerFindsTheirProjects(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	other := h.idea(e.author, h.openChallenge(e.admin, map[string]any{"title": "静音"}), "静音电机")
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", other), e.admin, map[string]any{"owner_id": e.eng2ID}).must(t, 201)
	eng := h.browser()
	eng.signIn("eng@x.cn", "fan-password")
	if body := eng.get("/triage", "Accept-Language", "zh-CN").must(t, 200).Body; !strings.Contains(body, `<a href="/projects?mine=1">我负责的项目</a>`) {
		t.Error("triage does not link the engineer's projects")
	}
	all := eng.get("/projects", "Accept-Language", "zh-CN").must(t, 200).Body
	mine := eng.get("/projects?mine=1", "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(all, "免清洗内筒") || !strings.Contains(all, "静音电机") || !strings.Contains(all, `<a href="/projects" aria-current="page">全部项目</a>`) {
		t.Errorf("the whole board: %.3000s", all)
	}
	if !strings.Contains(mine, "免清洗内筒") || strings.Contains(mine, "静音电机") || !strings.Contains(mine, `<a href="/projects?mine=1" aria-current="page">我负责的</a>`) {
		t.Errorf("the engineer's own board holds another's project, or not theirs: %.3000s", mine)
	}
	admin := h.adminBrowser()
	if body := admin.get("/projects?mine=1", "Accept-Language", "zh-CN").must(t, 200).Body; !strings.Contains(body, "你还没有负责的项目") || strings.Contains(body, "免清洗内筒") {
		t.Errorf("an admin who runs none: %.3000s", body)
	}
	fan := h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	if body := fan.get("/projects", "Accept-Language", "zh-CN").must(t, 200).Body; strings.Contains(body, "projects-tabs") {
		t.Error("a fan is offered the engineers' tab")
	}
}
