package web

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
	"unicode"

	"cocreate/app/workflow"

	"github.com/chromedp/chromedp"
)

// inView is where a form's refusal stands on the screen, what it says and
// which field has the focus.
type inView struct {
	Top, Bottom, Height float64
	Focus, Text         string
}

const refusalInView = `(() => {
  const a = document.querySelector('form[action$="%s"] .alert');
  if (!a) return {Top: -1, Bottom: -1, Height: window.innerHeight, Focus: document.activeElement.name || '', Text: ''};
  const r = a.getBoundingClientRect();
  return {Top: r.top, Bottom: r.bottom, Height: window.innerHeight, Focus: document.activeElement.name || '', Text: a.textContent};
})()`

func (v inView) check(t *testing.T, what, focus string) {
	t.Helper()
	if v.Focus != focus {
		t.Errorf("%s: the focus is on %q, not %q", what, v.Focus, focus)
	}
	if v.Top < 0 || v.Bottom > v.Height {
		t.Errorf("%s: the reason (%q) is at %v–%v px of a %v px screen", what, v.Text, v.Top, v.Bottom, v.Height)
	}
	if !strings.ContainsFunc(v.Text, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		t.Errorf("%s: the reason is not in Chinese: %q", what, v.Text)
	}
}

// On a 375 px phone in Chinese, a tester past the cap sees why in the
// feedback form, in view.
func TestProjfixPhoneTester(t *testing.T) {
	t.Parallel()
	e, _ := projfixPhoneScene(t)
	h := e.h
	project := fmt.Sprintf("/projects/%d", e.pid)
	for n := 0; n < workflow.MaxWaitingFeedback; n++ {
		h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 3, "body": "等待回复"}).must(t, 201)
	}
	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "fan@x.cn")
	var v inView
	run(t, ctx,
		chromedp.Navigate(h.srv.URL+project),
		chromedp.WaitVisible("#fb-body", chromedp.ByQuery),
		chromedp.Click(`input[name="rating"][value="2"]`, chromedp.ByQuery),
		chromedp.SetValue("#fb-body", "洗到一半门打不开", chromedp.ByQuery),
		chromedp.Submit("#fb-body", chromedp.ByQuery),
		chromedp.WaitReady(`form[action$="/feedback"] .alert`, chromedp.ByQuery),
		chromedp.Evaluate(fmt.Sprintf(refusalInView, "/feedback"), &v),
	)
	v.check(t, "the refused report", "rating")
	shot(t, ctx, "/tmp/projfix/phone-feedback-refused.png", false)
}

// The engineer's side: the credits form refused says why in view, and the
// pages (feedback paged, the board, the dashboard) fit the screen.
func TestProjfixPhoneEngineer(t *testing.T) {
	t.Parallel()
	e, cursor := projfixPhoneScene(t)
	h := e.h
	project := fmt.Sprintf("/projects/%d", e.pid)
	for i := 0; i < 104; i++ {
		h.advance(time.Second)
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", e.ideaID), e.author, map[string]any{"body": fmt.Sprintf("还有一点 %d", i)}).must(t, 201)
	}
	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "eng@x.cn")
	var v inView
	role := fmt.Sprintf("#role_%d", e.authorID)
	step := func(name string, actions ...chromedp.Action) {
		start := time.Now()
		run(t, ctx, actions...)
		t.Logf("%s: %s", name, time.Since(start).Round(time.Millisecond))
	}
	step("open", chromedp.Navigate(h.srv.URL+project), chromedp.WaitVisible(role, chromedp.ByQuery))
	step("type", chromedp.Click(fmt.Sprintf(`input[name="credit"][value="%d"]`, e.authorID), chromedp.ByQuery),
		chromedp.SetValue(role, strings.Repeat("设计", workflow.MaxCreditRoleLen), chromedp.ByQuery))
	step("send", chromedp.Submit(role, chromedp.ByQuery), chromedp.WaitReady(`form[action$="/credits"] .alert`, chromedp.ByQuery))
	step("look", chromedp.Evaluate(fmt.Sprintf(refusalInView, "/credits"), &v))
	v.check(t, "the refused credits", "credit")
	shot(t, ctx, "/tmp/projfix/phone-credits-refused.png", false)
	for _, p := range []string{project, fmt.Sprintf("%s?cursor=%d", project, cursor), "/projects", "/challenges/1/replies"} {
		var wide bool
		var scroll float64
		run(t, ctx, chromedp.Navigate(h.srv.URL+p), chromedp.WaitReady("footer", chromedp.ByQuery),
			chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll), chromedp.Evaluate(scrollsSideways, &wide))
		if wide {
			t.Errorf("%s (zh) is %v px wide at 375 px", p, scroll)
		}
		shot(t, ctx, "/tmp/projfix/phone"+strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(p)+".png", true)
	}
}

// shot keeps a screenshot of what the screen shows (full: the whole page)
// when PROJFIX_SHOTS is set, for a person to look at.
func shot(t *testing.T, ctx context.Context, path string, full bool) {
	if os.Getenv("PROJFIX_SHOTS") == "" {
		return
	}
	var png []byte
	action := chromedp.CaptureScreenshot(&png)
	if full {
		action = chromedp.FullScreenshot(&png, 100)
	}
	if err := chromedp.Run(ctx, action); err != nil {
		t.Logf("screenshot %s: %v", path, err)
		return
	}
	_ = os.WriteFile(path, png, 0o644)
}

// projfixPhoneScene is a project in fan test with e.fan its tester and 60
// answered reports, and the cursor of the second page of feedback.
func projfixPhoneScene(t *testing.T) (*projectEnv, int64) {
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	db := h.rawDB()
	for n := 1; n <= 60; n++ {
		if _, err := db.Exec(`INSERT INTO tester_feedback (project_id, tester_id, rating, body, addressed, reply, created_at) VALUES (?, ?, 2, ?, 1, '已修复', ?)`,
			e.pid, e.fanID, fmt.Sprintf("第 %d 条：甩干时噪音很大，门封有水渍", n), h.clock().UnixMilli()); err != nil {
			t.Fatal(err)
		}
	}
	var cursor int64
	if err := db.QueryRow(`SELECT MIN(id) FROM tester_feedback WHERE id > (SELECT MAX(id) - 50 FROM tester_feedback)`).Scan(&cursor); err != nil {
		t.Fatal(err)
	}
	return e, cursor
}

// phoneSignIn signs in through the page, in Chinese.
func phoneSignIn(t *testing.T, ctx context.Context, h *harness, email string) {
	t.Helper()
	run(t, ctx, chromedp.Navigate(h.srv.URL+"/signin"),
		chromedp.SendKeys("#email", email, chromedp.ByQuery),
		chromedp.SendKeys("#password", "fan-password", chromedp.ByQuery),
		chromedp.Submit("#password", chromedp.ByQuery),
		chromedp.WaitVisible(".user-name", chromedp.ByQuery))
	setLanguage(t, ctx, h, "zh")
}
