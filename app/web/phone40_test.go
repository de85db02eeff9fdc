package web

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// engineersDesk is a project in fan test (e.fan its tester) with the
// author's application waiting, a milestone and a report of e.fan's.
func engineersDesk(t *testing.T) (e *projectEnv, milestone, report int) {
	e = newProject(t)
	e.inFanTest(t)
	h := e.h
	h.earn(e.authorID, 10)
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/testers", e.pid), e.author, map[string]string{"motivation": "我也想试"}).must(t, 201)
	milestone = num(h.api("POST", fmt.Sprintf("/api/v1/projects/%d/milestones", e.pid), e.eng,
		map[string]any{"title": "样机评审", "due_at": h.clock().Add(48 * time.Hour)}).must(t, 201).JSON, "id")
	report = num(h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 3, "body": "门封有异味"}).must(t, 201).JSON, "id")
	return e, milestone, report
}

// flashP is the layout's words after a form, with the part of the page
// they belong to (flashThere; "" for the top) and the words.
var flashP = regexp.MustCompile(`<p class="flash" role="status"(?: data-at="([^"]*)")?>([^<]*)</p>`)

// The walk of filled forms: an engineer's forms on the project page (a
// tester chosen or not, a milestone done or reopened, a report answered,
// the credits) all said "已保存。" at the top of the page, and took a
// phone back to the top, screens above the next application or report.
// Each now returns to the part it was sent from, with its words given
// that part (flashThere; the page's script shows them there, which
// TestProjectFormsAnswerInViewOnAPhone sees); a part no longer on the
// page has its words at the top.
func TestProjectFormsSayWhatTheyDidWhereTheyWereSent(t *testing.T) {
	t.Parallel()
	e, ms, fid := engineersDesk(t)
	h := e.h
	eng := h.browser()
	eng.signIn("eng@x.cn", "fan-password")
	page := fmt.Sprintf("/projects/%d", e.pid)

	for _, step := range []struct {
		name, to string
		form     url.Values
		at, says string
	}{
		{"choose the author", fmt.Sprintf("%s/testers/%d", page, e.authorID), url.Values{"accepted": {"1"}},
			fmt.Sprintf("application-%d", e.authorID), "已入选：这位粉丝现在可以提交测试反馈。"},
		{"un-choose the author", fmt.Sprintf("%s/testers/%d", page, e.authorID), url.Values{"accepted": {"0"}},
			fmt.Sprintf("application-%d", e.authorID), "未入选：这位粉丝不能提交测试反馈。"},
		{"milestone done", fmt.Sprintf("%s/milestones/%d", page, ms), url.Values{"done": {"1"}},
			fmt.Sprintf("milestone-%d", ms), "里程碑已完成。"},
		{"milestone reopened", fmt.Sprintf("%s/milestones/%d", page, ms), url.Values{"done": {"0"}},
			fmt.Sprintf("milestone-%d", ms), "里程碑已重新打开。"},
		{"report left waiting", fmt.Sprintf("%s/feedback/%d", page, fid), url.Values{"reply": {""}},
			fmt.Sprintf("fb-%d", fid), "已保存：这条反馈仍在等待回复。"},
		{"report answered", fmt.Sprintf("%s/feedback/%d", page, fid), url.Values{"reply": {"下一版换了门封"}},
			fmt.Sprintf("fb-%d", fid), "回复已保存。"},
		{"report addressed", fmt.Sprintf("%s/feedback/%d", page, fid), url.Values{"reply": {"下一版换了门封"}, "addressed": {"1"}},
			fmt.Sprintf("fb-%d", fid), "已保存：这条反馈已标为已处理。"},
		{"credits", page + "/credits", url.Values{"credit": {fmt.Sprint(e.fanID)}, fmt.Sprintf("role_%d", e.fanID): {"测试粉丝"}},
			"credits-form", "共创者名单已保存。"},
	} {
		r := eng.mf31Post(page, step.to, "zh", step.form)
		if r.Status != 303 {
			t.Fatalf("%s: %d %.300s", step.name, r.Status, r.Body)
		}
		if loc := r.Header.Get("Location"); loc != page+"#"+step.at {
			t.Errorf("%s: returns to %s, want %s#%s", step.name, loc, page, step.at)
		}
		body := eng.mf31Get(page, "zh").must(t, 200).Body
		if !strings.Contains(body, `id="`+step.at+`"`) {
			t.Errorf("%s: the page has no part %s to return to", step.name, step.at)
		}
		if got := flashP.FindStringSubmatch(body); got == nil || got[1] != step.at || got[2] != step.says {
			t.Errorf("%s: the page says %v, want %q for the part %s", step.name, got, step.says, step.at)
		}
		if again := eng.mf31Get(page, "zh").Body; flashP.MatchString(again) {
			t.Errorf("%s: said again on the next visit", step.name)
		}
	}

	// A report answered from a page of older reports where it no longer
	// is: its words are at the top, not lost.
	r := eng.mf31Post(page, fmt.Sprintf("%s/feedback/%d?cursor=%d", page, fid, fid), "zh", url.Values{"reply": {"已修复"}, "addressed": {"1"}})
	if r.Status != 303 {
		t.Fatalf("triage from another page: %d %.300s", r.Status, r.Body)
	}
	body := eng.mf31Get(r.Header.Get("Location"), "zh").must(t, 200).Body
	if strings.Contains(body, fmt.Sprintf(`id="fb-%d"`, fid)) {
		t.Fatal("the report is on the older page after all")
	}
	if got := flashP.FindStringSubmatch(body); got == nil || got[2] != "已保存：这条反馈已标为已处理。" {
		t.Errorf("the words of a report not on the page: %v", got)
	}
}

// On a 375 px phone in Chinese, the engineer chooses a tester, marks a
// milestone done and answers a report by the page's own buttons, and each
// time reads what was done on the screen they are on, beside what they
// acted on.
func TestProjectFormsAnswerInViewOnAPhone(t *testing.T) {
	t.Parallel()
	e, ms, fid := engineersDesk(t)
	h := e.h
	page := fmt.Sprintf("/projects/%d", e.pid)

	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "eng@x.cn")
	for _, step := range []struct {
		name, at, act, says string
	}{
		{"choose", fmt.Sprintf("application-%d", e.authorID), fmt.Sprintf(`#application-%d button[value="1"]`, e.authorID), "已入选"},
		{"milestone", fmt.Sprintf("milestone-%d", ms), fmt.Sprintf(`#milestone-%d button[name="done"]`, ms), "里程碑已完成。"},
		{"report", fmt.Sprintf("fb-%d", fid), fmt.Sprintf(`#fb-%d button`, fid), "回复已保存。"},
	} {
		actions := []chromedp.Action{chromedp.Navigate(h.srv.URL + page), chromedp.WaitVisible(step.act, chromedp.ByQuery)}
		if step.name == "report" {
			actions = append(actions, chromedp.SetValue(fmt.Sprintf("#reply-%d", fid), "下一版换了门封", chromedp.ByQuery))
		}
		var seen struct {
			Hash, Text  string
			Top, Height float64
			Wide        bool
		}
		actions = append(actions, chromedp.Click(step.act, chromedp.ByQuery),
			chromedp.WaitVisible(fmt.Sprintf("#%s .flash", step.at), chromedp.ByQuery),
			chromedp.Evaluate(fmt.Sprintf(`(() => {
  const f = document.querySelector('#%s .flash');
  const r = f.getBoundingClientRect();
  return {Hash: location.hash, Text: f.textContent, Top: r.top, Height: window.innerHeight - r.height, Wide: %s};
})()`, step.at, scrollsSideways), &seen))
		run(t, ctx, actions...)
		if seen.Hash != "#"+step.at {
			t.Errorf("%s: landed at %q", step.name, seen.Hash)
		}
		if !strings.Contains(seen.Text, step.says) {
			t.Errorf("%s: says %q, want %q", step.name, seen.Text, step.says)
		}
		if seen.Top < 0 || seen.Top > seen.Height {
			t.Errorf("%s: the words are at %v px, off a 667 px screen", step.name, seen.Top)
		}
		if seen.Wide {
			t.Errorf("%s: the page scrolls sideways at 375 px", step.name)
		}
		shot(t, ctx, "/tmp/phone40-"+step.name+".png", false)
	}
}

// On a 375 px phone in Chinese: an admin makes a member of a long club
// list an organiser, and unmakes them, from the member's row; each time
// the words are under the member list's heading, on the screen they are
// on (they said "已保存。" at the top of the page, screens above), and
// say what the organiser may now do.
func TestOrganiserMadeSaysSoInViewOnAPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	club := num(h.api("POST", "/api/v1/clubs", admin, map[string]any{"city": "青岛", "name": "青岛同城会", "description": strings.Repeat("每月一次线下见面，聊聊家电。\n\n", 12)}).must(t, 201).JSON, "id")
	var member int
	for i := range 3 {
		tok := h.fan(fmt.Sprintf("member%d@x.cn", i))
		h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/members/me", club), tok, nil).must(t, 200)
		member = int(h.userID(tok))
	}
	ctx := newBrowser(t, 375, 667)
	jSignIn(t, ctx, h, "admin@brand.cn", "admin-password", "zh")
	form := fmt.Sprintf(`form[action="/clubs/%d/organisers/%d"] button`, club, member)
	for _, says := range []string{"已设为组织者：可以发布同城会的活动，并为到场的人签到。", "已取消组织者。"} {
		jVisit(t, ctx, fmt.Sprintf("%s/clubs/%d", h.srv.URL, club))
		jGo(t, ctx, form)
		jInView(t, ctx, "the words after "+says, "#members + .flash")
		jWant(t, "the words", jText(t, ctx, "#members + .flash"), says)
		jFits(t, ctx, "the club page with the words under its members")
		shot(t, ctx, "/tmp/phone40-organiser.png", false)
	}
}

// On a 375 px phone in Chinese: an engineer marks the oldest of an
// idea's many comments helpful, and takes the mark back; each time the
// page returns to that comment and says there what was done (it said
// "已保存。" at the top, screens above).
func TestHelpfulMarkSaysSoAtTheCommentOnAPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.staffer(admin, "eng@brand.cn", "engineer")
	fan := h.fan("fan@x.cn")
	idea := h.idea(fan, h.openChallenge(admin, nil), "免清洗内筒 self-cleaning drum")
	first := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), fan, map[string]string{"body": "内筒能拆下来洗吗？"}).must(t, 201).JSON, "id")
	for i := range 8 {
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), fan, map[string]string{"body": fmt.Sprintf("第 %d 条：%s", i, strings.Repeat("门封有水渍，", 20))}).must(t, 201)
	}
	ctx := newBrowser(t, 375, 667)
	jSignIn(t, ctx, h, "eng@brand.cn", "fan-password", "zh")
	at := fmt.Sprintf("#comment-%d", first)
	for _, says := range []string{"已标为有帮助。", "已取消“有帮助”标记。"} {
		jVisit(t, ctx, fmt.Sprintf("%s/ideas/%d", h.srv.URL, idea))
		jGo(t, ctx, fmt.Sprintf(`form[action="/comments/%d/helpful"] button`, first))
		jInView(t, ctx, "the words after "+says, at+" > .flash")
		jWant(t, "the words", jText(t, ctx, at+" > .flash"), says)
		jFits(t, ctx, "the idea page with the words at the comment")
	}
}

// On a 375 px phone in Chinese: a form far down a page, refused at one of
// its fields, comes back with that field in focus and its reason on the
// screen, whether the page's template asks for the focus (autofocus) or
// not (the page's script gives it to the first field in error): here the
// settings' password, with the current one mistyped, and a club asked
// for with no city on a 320 px phone.
func TestARefusedFieldIsBroughtIntoViewOnAPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	h.confirmedFan("fan@x.cn")
	for _, c := range []struct {
		name, page, fill, send, field, reason string
		w, ht                                 int
	}{
		{"password", "/settings", "#current-password", "#password-form button", "current-password", "#password-form", 375, 667},
		{"club request", "/clubs", "", "#club-request-form button[type=submit]", "request-city", "#err-request-city", 320, 568},
	} {
		ctx := newBrowser(t, c.w, c.ht)
		jSignIn(t, ctx, h, "fan@x.cn", "fan-password", "zh")
		jVisit(t, ctx, h.srv.URL+c.page)
		if c.fill != "" {
			jDo(t, ctx, chromedp.SendKeys(c.fill, "not-my-password", chromedp.ByQuery),
				chromedp.SendKeys("#new-password", "a-new-password", chromedp.ByQuery))
		} else {
			jDo(t, ctx, chromedp.Evaluate(`(f => { f.value = ""; f.removeAttribute("required"); })(document.getElementById("request-city"))`, nil))
		}
		jGo(t, ctx, c.send)
		var focused string
		jDo(t, ctx, chromedp.Evaluate(`document.activeElement.id`, &focused))
		jWant(t, c.name+": the field in focus", focused, c.field)
		reason := `[role=alert]`
		if c.name == "club request" {
			reason = c.reason
		}
		jInView(t, ctx, c.name+": the reason", reason)
		jInView(t, ctx, c.name+": the field", "#"+c.field)
	}
}
