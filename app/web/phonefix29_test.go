package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// refusedSignIn fails the test unless r is a refused sign-in's redirect
// to the sign-in page (never carrying the password), and returns that
// page as the browser then shows it.
func refusedSignIn(t *testing.T, b *browser, r res, lang string) (location, page string) {
	t.Helper()
	loc := r.Header.Get("Location")
	if r.Status != http.StatusSeeOther || (loc != "/signin" && !strings.HasPrefix(loc, "/signin?")) {
		body := r.Body
		if i := strings.Index(body, "<main"); i >= 0 {
			body = body[i:]
		}
		t.Fatalf("a refused sign-in: %d to %q, want 303 to the sign-in page: %.600s", r.Status, loc, body)
	}
	if strings.Contains(loc, "password") {
		t.Fatalf("the sign-in page's address carries the password: %q", loc)
	}
	return loc, b.get(loc, "Accept-Language", lang).must(t, http.StatusOK).Body
}

// rowOf is the users page's row of the account id, "" when not shown.
func rowOf(page string, id int64) string {
	start := strings.Index(page, fmt.Sprintf(`id="user-%d"`, id))
	if start < 0 {
		return ""
	}
	end := strings.Index(page[start:], "</li>")
	if end < 0 {
		return page[start:]
	}
	return page[start : start+end]
}

// topOf is the users page above its list (the layout's messages, the
// title and the search).
func topOf(page string) string {
	main := strings.Index(page, `<main`)
	list := strings.Index(page, `class="users-list"`)
	if main < 0 || list < main {
		return page
	}
	return page[main:list]
}

// The users page's confirmation of a change shows in the row the page
// returns to (its anchor is where a phone scrolls), not at the top, out
// of sight; a row gone from the list (reinstated, from the suspended
// accounts) has it at the top. It shows once.
func TestPhonefix29UsersConfirmationIsInTheRow(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	fan := h.userID(h.fan("fan@x.cn"))
	h.confirm(fan)
	b := h.adminBrowser()
	zh := func(path string) string { return b.get(path, "Accept-Language", "zh-CN").must(t, 200).Body }
	post := func(from, path string, form url.Values) res {
		form.Set("_csrf", b.csrf(from))
		return b.postLang(path, strings.NewReader(form.Encode()), "zh-CN")
	}

	r := post("/admin/users?q=fan", fmt.Sprintf("/admin/users/%d/roles?q=fan", fan), url.Values{"roles": {"engineer"}})
	if loc := r.Header.Get("Location"); r.Status != 303 || loc != fmt.Sprintf("/admin/users?q=fan#user-%d", fan) {
		t.Fatalf("roles saved: %d to %q", r.Status, loc)
	}
	page := zh("/admin/users?q=fan")
	if row := rowOf(page, fan); !strings.Contains(row, `<p class="flash" role="status">角色已保存。</p>`) {
		t.Errorf("the row does not confirm the roles saved:\n%s", row)
	}
	if strings.Contains(topOf(page), "角色已保存") {
		t.Error("the confirmation shows at the top too")
	}
	if strings.Contains(zh("/admin/users?q=fan"), "角色已保存") {
		t.Error("the confirmation shows again on the next visit")
	}

	post("/admin/users", fmt.Sprintf("/admin/users/%d/suspension", fan), url.Values{"suspended": {"true"}, "reason": {"刷票"}}).must(t, 303)
	page = zh("/admin/users")
	if row := rowOf(page, fan); !strings.Contains(row, `<p class="flash" role="status">账号已停用`) {
		t.Errorf("the row does not confirm the suspension:\n%s", row)
	}
	if strings.Contains(topOf(page), "账号已停用") {
		t.Error("the suspension's confirmation shows at the top")
	}

	// Reinstated from the list of the suspended: the row leaves the list,
	// the confirmation shows at the top.
	r = post("/admin/users?role=suspended", fmt.Sprintf("/admin/users/%d/suspension?role=suspended", fan), url.Values{"suspended": {"false"}, "reason": {""}})
	r.must(t, 303)
	page = zh("/admin/users?role=suspended")
	if rowOf(page, fan) != "" || !strings.Contains(topOf(page), `<p class="flash" role="status">账号已恢复。</p>`) {
		t.Errorf("reinstated off the page: the confirmation is not at the top:\n%.3000s", topOf(page))
	}
}

// A suspension refused for a blank reason returns (Post/Redirect/Get) to
// the users page it was on, with its search and page, at the row, the
// message beside the reason and the spaces as typed: a reload reads the
// page again, not a 405 from the form's address.
func TestPhonefix29BlankSuspensionReasonReturnsToTheRow(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	fan := h.userID(h.fan("fan@x.cn"))
	b := h.adminBrowser()
	query := fmt.Sprintf("?q=fan&cursor=%d", fan+1)
	form := url.Values{"suspended": {"true"}, "reason": {"   "}, "_csrf": {b.csrf("/admin/users" + query)}}
	r := b.postLang(fmt.Sprintf("/admin/users/%d/suspension%s", fan, query), strings.NewReader(form.Encode()), "zh-CN")
	want := fmt.Sprintf("/admin/users?cursor=%d&q=fan#user-%d", fan+1, fan)
	if loc := r.Header.Get("Location"); r.Status != http.StatusSeeOther || loc != want {
		t.Fatalf("a blank reason: %d to %q, want 303 to %q: %.300s", r.Status, loc, want, r.Body)
	}
	page := b.get(strings.TrimSuffix(want, fmt.Sprintf("#user-%d", fan)), "Accept-Language", "zh-CN").must(t, 200).Body
	row := rowOf(page, fan)
	for _, mark := range []string{
		fmt.Sprintf(`<span class="field-error" id="reason-%d-error" role="alert">此项必填。</span>`, fan),
		fmt.Sprintf(`value="   " aria-invalid="true" aria-describedby="reason-%d-error"`, fan),
	} {
		if !strings.Contains(row, mark) {
			t.Errorf("the row lacks %q:\n%s", mark, row)
		}
	}
	if strings.Contains(page, `id="user-`+itoa(fan)+`"`) && strings.Count(page, "此项必填") != 1 {
		t.Errorf("the refusal shows %d times", strings.Count(page, "此项必填"))
	}
	// A reload: the page, with nothing refused (it was said once).
	if again := b.get(strings.TrimSuffix(want, fmt.Sprintf("#user-%d", fan))).must(t, 200).Body; strings.Contains(again, "field-error") {
		t.Error("the refusal shows again on a reload")
	}
	if u, _ := h.store.User(t.Context(), fan); u.Suspended {
		t.Error("suspended with a blank reason")
	}
}

// A refused sign-in redirects to the sign-in page (so Back from "forgot
// password?" posts nothing again, one more guess against the account's
// limit), which shows the reason in the person's language and the email as
// typed, never the password, keeps a safe return address, and whose
// "forgot password?" link fills the email in. Past the account's limit
// the redirect carries Retry-After and the page says when to try again.
// The API still answers 401 and 429.
func TestPhonefix29RefusedSignInRedirects(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withRateLimits, withTrustedProxies("127.0.0.1/32"))
	h.setup()
	h.fan("fan+1@x.cn")
	b := h.browser()
	signIn := func(email, pw, next string) res {
		form := url.Values{"email": {email}, "password": {pw}, "_csrf": {b.csrf("/signin")}}
		if next != "" {
			form.Set("next", next)
		}
		return b.postLang("/signin", strings.NewReader(form.Encode()), "zh-CN")
	}
	loc, page := refusedSignIn(t, b, signIn("fan+1@x.cn", "wrong-password", "/challenges/1?sort=new"), "zh-CN")
	// The typed address stays out of the address (logs, history): the
	// session keeps it.
	if want := "/signin?next=%2Fchallenges%2F1%3Fsort%3Dnew"; loc != want {
		t.Errorf("the refused sign-in goes to %q, want %q", loc, want)
	}
	for _, mark := range []string{
		`<p class="alert" role="alert">邮箱或密码错误。</p>`,
		`value="fan&#43;1@x.cn"`,
		`name="next" value="/challenges/1?sort=new"`,
		`href="/password/forgot"`,
	} {
		if !strings.Contains(page, mark) {
			t.Errorf("the sign-in page lacks %q:\n%.3000s", mark, page)
		}
	}
	if strings.Contains(page, "wrong-password") {
		t.Error("the sign-in page shows the password")
	}
	// The forgot page has the email filled in.
	if forgot := b.get("/password/forgot").must(t, 200).Body; !strings.Contains(forgot, `value="fan&#43;1@x.cn"`) {
		t.Errorf("the forgot page lacks the email:\n%.3000s", forgot)
	}
	// Back (or a reload) reads the page: the email, the reason said once.
	if again := b.get(loc).must(t, 200).Body; strings.Contains(again, `class="alert"`) || !strings.Contains(again, `value="fan&#43;1@x.cn"`) {
		t.Errorf("the sign-in page read again:\n%.3000s", again)
	}
	// An address in the query that is no address, or a script, is not
	// shown; another host is not a return address.
	fresh := h.browser() // no email typed in its session
	for _, q := range []string{"email=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", "email=a%0Ab%40x.cn", "email=" + strings.Repeat("a", 300) + "%40x.cn"} {
		p := fresh.get("/signin?"+q).must(t, 200).Body
		if !strings.Contains(p, `id="email" name="email" type="email" autocomplete="email" required value=""`) || strings.Contains(p, "<script>alert") {
			t.Errorf("/signin?%.60s shows the email field as:\n%.3000s", q, p)
		}
		f := fresh.get("/password/forgot?"+q).must(t, 200).Body
		if !strings.Contains(f, `required value=""`) {
			t.Errorf("/password/forgot?%.60s fills in the email", q)
		}
	}
	if loc, _ := refusedSignIn(t, b, signIn("fan+1@x.cn", "wrong-password", "//evil.example"), "en"); strings.Contains(loc, "evil") {
		t.Errorf("another host kept as the return address: %q", loc)
	}

	// Past the account's limit: Retry-After, and the page says when.
	for i := 3; i <= 5; i++ {
		refusedSignIn(t, b, signIn("fan+1@x.cn", "wrong-password", ""), "en")
	}
	r := signIn("fan+1@x.cn", "fan-password", "")
	if got := r.Header.Get("Retry-After"); got != "30" {
		t.Errorf("the refused sign-in past the limit: Retry-After %q, want 30", got)
	}
	if _, page := refusedSignIn(t, b, r, "zh-CN"); !strings.Contains(page, "此账号的密码错误次数过多") || !strings.Contains(page, "30 秒") {
		t.Errorf("the sign-in page past the limit does not say when to try again:\n%.3000s", page)
	}
	// The API answers as it did.
	throttled(t, "the API past the limit", h.signInFrom(slash64(1), "fan+1@x.cn", "fan-password"), "30")
	h.advance(30 * time.Second)
	if r := h.signInFrom(slash64(2), "fan+1@x.cn", "wrong-password"); r.Status != http.StatusUnauthorized || r.errCode() != "bad_credentials" {
		t.Errorf("the API's wrong password: %d %s", r.Status, r.errCode())
	}
}

// Asking for the confirmation email again a moment after the last one is
// refused; the page it returns to says so as a refusal (the alert), not
// in the confirmations' green.
func TestPhonefix29ResendTooSoonIsShownAsARefusal(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	h.fan("new@x.cn")
	b := h.browser()
	b.signIn("new@x.cn", "fan-password")
	form := url.Values{"next": {"/settings"}, "_csrf": {b.csrf("/settings")}}
	b.postLang("/settings/verification", strings.NewReader(form.Encode()), "zh-CN").must(t, 303)
	body := b.get("/settings", "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(body, `<p class="alert" role="alert">验证邮件刚刚已发送`) {
		t.Errorf("the refusal is not shown as one:\n%.2000s", body)
	}
	if regexp.MustCompile(`class="flash"[^>]*>验证邮件刚刚已发送`).MatchString(body) {
		t.Error("the refusal shows in the confirmations' green")
	}
}

// A list page asked for with a cursor this server did not give answers
// the error page, whose way on is the same list's first page (its search
// and sort kept), not only home: the users, notices, a challenge's ideas,
// the projects board (after) and the roadmap (a column's cursor).
func TestPhonefix29BadCursorLeadsToTheFirstPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	b := h.adminBrowser()
	for _, tc := range []struct{ path, first string }{
		{"/admin/users?q=fan&cursor=x", "/admin/users?q=fan"},
		{"/notifications?cursor=-3", "/notifications"},
		{fmt.Sprintf("/challenges/%d?sort=new&cursor=!!!", cid), fmt.Sprintf("/challenges/%d?sort=new", cid)},
		{"/projects?after=x", "/projects"},
		{"/roadmap?planned_cursor=x", "/roadmap"},
	} {
		r := b.get(tc.path, "Accept-Language", "zh-CN", "Referer", h.srv.URL+"/")
		want := fmt.Sprintf(`<a class="button primary" href="%s">回到列表第一页</a>`, strings.ReplaceAll(tc.first, "&", "&amp;"))
		if r.Status != 400 || !strings.Contains(r.Body, want) {
			t.Errorf("%s: %d, the page lacks %q:\n%.2000s", tc.path, r.Status, want, r.Body)
		}
		b.get(tc.first).must(t, 200)
	}
}

// onScreen is the script saying whether the first element matching sel is
// wholly on the screen, below the sticky header.
func onScreen(sel string) string {
	return fmt.Sprintf(`(() => {
  const e = document.querySelector(%q);
  if (!e) return false;
  const r = e.getBoundingClientRect();
  const head = document.querySelector('.site-header').getBoundingClientRect().bottom;
  // A pixel's fraction is no distance: scrolled into view at the bottom
  // edge, an element of a fractional height ends a fraction past it.
  return r.height > 0 && r.top >= head - 1 && r.bottom <= window.innerHeight + 1;
})()`, sel)
}

// jUntil waits until the script expr is true, across page loads.
func jUntil(expr string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var last error
		for {
			var ok bool
			err := chromedp.Evaluate(expr, &ok).Do(ctx)
			if err == nil && ok {
				return nil
			}
			last = err
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for %s (%v): %w", expr, last, ctx.Err())
			case <-time.After(40 * time.Millisecond):
			}
		}
	})
}

// jInView fails the test unless sel is on the phone's screen within two
// seconds of showing (a page scrolled to a part, or to a field in focus,
// under CI's load, as a person would see it once it is still).
func jInView(t *testing.T, ctx context.Context, what, sel string) {
	t.Helper()
	jDo(t, ctx, chromedp.WaitVisible(sel, chromedp.ByQuery))
	sctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := chromedp.Run(sctx, jUntil(onScreen(sel))); err != nil {
		t.Errorf("%s (%s) is not on the screen", what, sel)
	}
}

// The phone walk of session 29's fixes, at 375×667 in Chinese: each
// message is on the screen where the person is looking, nothing scrolls
// sideways, and Back reads a page instead of posting a form again.
func TestPhonefix29PhoneWalk(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	var fans []int64
	for i := range 12 {
		fans = append(fans, h.userID(h.fan(fmt.Sprintf("fan%d@x.cn", i))))
	}
	oldest, second := fans[0], fans[1] // at the bottom of the newest-first list
	_ = admin
	ctx := newBrowser(t, 375, 667)

	// A wrong password: back on the sign-in page (an address of its own),
	// the reason in view, the email kept; "忘记密码？" has it filled in;
	// Back reads the sign-in page again.
	jFresh(t, ctx)
	jVisit(t, ctx, h.srv.URL+"/signin?next=%2Fsettings")
	jLang(t, ctx, "zh")
	jDo(t, ctx,
		chromedp.SendKeys("#email", "fan3@x.cn", chromedp.ByQuery),
		chromedp.SendKeys("#password", "wrong-password", chromedp.ByQuery),
	)
	jGo(t, ctx, `main form[action="/signin"] button[type="submit"]`)
	var loc, email, next string
	jDo(t, ctx, chromedp.Location(&loc), chromedp.Value("#email", &email, chromedp.ByQuery),
		chromedp.Value(`main input[name="next"]`, &next, chromedp.ByQuery))
	if !strings.HasSuffix(loc, "/signin?next=%2Fsettings") || email != "fan3@x.cn" || next != "/settings" {
		t.Errorf("after a wrong password: at %q, email %q, next %q", loc, email, next)
	}
	jInView(t, ctx, "the sign-in refusal", "main .alert")
	jWant(t, "the sign-in refusal", jText(t, ctx, "main .alert"), "邮箱或密码错误。")
	jGo(t, ctx, `a[href^="/password/forgot"]`)
	jDo(t, ctx, chromedp.Value("#email", &email, chromedp.ByQuery))
	jWant(t, "the forgot page's email", email, "fan3@x.cn")
	// Back as the phone's button goes (history.back: the page may come
	// from the back-forward cache, with no load event to wait for).
	jDo(t, ctx, chromedp.Evaluate(`history.back()`, nil))
	jDo(t, ctx,
		jUntil(`location.pathname === "/signin" && document.readyState === "complete" && !!document.querySelector("#password")`),
		chromedp.Evaluate(`location.href`, &loc),
		chromedp.Evaluate(`document.querySelector("#email").value`, &email))
	if !strings.Contains(loc, "/signin?next=") || strings.Contains(loc, "email") || email != "fan3@x.cn" {
		t.Errorf("Back from the forgot page: at %q, email %q", loc, email)
	}

	// The resend pressed a moment after the first email: a refusal, in
	// view, in the refusal's colours.
	jSignIn(t, ctx, h, "fan4@x.cn", "fan-password", "zh")
	jVisit(t, ctx, h.srv.URL+"/settings")
	jGo(t, ctx, ".verify-banner button")
	jInView(t, ctx, "the resend refusal", "main > p.alert")
	jWantContains(t, "the resend refusal", jText(t, ctx, "main > p.alert"), "验证邮件刚刚已发送")
	if n := jCount(t, ctx, "main > p.flash"); n != 0 {
		t.Errorf("%d confirmations shown for a refusal", n)
	}

	// The users page: a suspension of the last row is confirmed in that
	// row, on the screen; a blank reason is refused there too, and a
	// reload reads the page.
	jSignIn(t, ctx, h, "admin@brand.cn", "admin-password", "zh")
	jVisit(t, ctx, h.srv.URL+"/admin/users")
	// The suspension is folded under its row (session 53: 33 rows were 22
	// screens long); the admin opens it.
	jDo(t, ctx, chromedp.Click(fmt.Sprintf("#suspend-%d > summary", oldest), chromedp.ByQuery))
	jDo(t, ctx, chromedp.SendKeys(fmt.Sprintf("#reason-%d", oldest), "刷票", chromedp.ByQuery))
	jGo(t, ctx, fmt.Sprintf("#user-%d .suspend-form button", oldest))
	jInView(t, ctx, "the suspension's confirmation", fmt.Sprintf("#user-%d .flash", oldest))
	jWantContains(t, "the suspension's confirmation", jText(t, ctx, fmt.Sprintf("#user-%d .flash", oldest)), "账号已停用")
	// (Scrolled to the middle: at the top the sticky header would take
	// the tap.)
	jDo(t, ctx, chromedp.Evaluate(fmt.Sprintf(`document.querySelector("#suspend-%d").open = true`, second), nil),
		chromedp.SetValue(fmt.Sprintf("#reason-%d", second), "   ", chromedp.ByQuery),
		chromedp.Evaluate(fmt.Sprintf(`document.querySelector("#user-%d .suspend-form button").scrollIntoView({block: "center"})`, second), nil))
	jGo(t, ctx, fmt.Sprintf("#user-%d .suspend-form button", second))
	jInView(t, ctx, "the blank reason's refusal", fmt.Sprintf("#reason-%d-error", second))
	jWant(t, "the blank reason's refusal", jText(t, ctx, fmt.Sprintf("#reason-%d-error", second)), "此项必填。")
	if p := jPath(t, ctx); p != "/admin/users" {
		t.Errorf("after the refusal the address is %q", p)
	}
	jDo(t, ctx, chromedp.Reload(), chromedp.WaitReady("footer", chromedp.ByQuery))
	if n := jCount(t, ctx, ".users-list"); n != 1 {
		t.Error("a reload after the refusal does not show the users page")
	}

	// A bad cursor: the error page leads to the list's first page.
	jVisit(t, ctx, h.srv.URL+"/admin/users?q=fan&cursor=x")
	jWant(t, "the error page's way on", jText(t, ctx, "main a.button.primary"), "回到列表第一页")
	jInView(t, ctx, "the error page's way on", "main a.button.primary")
	jGo(t, ctx, "main a.button.primary")
	jDo(t, ctx, chromedp.Location(&loc))
	if !strings.HasSuffix(loc, "/admin/users?q=fan") || jCount(t, ctx, ".user-row") != 12 {
		t.Errorf("the error page's link led to %q", loc)
	}
}
