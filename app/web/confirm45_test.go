package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
)

// A fan whose email is not yet confirmed, in a challenge that counts only
// confirmed accounts, is told so where they acted, on the page they were
// on, with what they chose kept: never a bare error page (the buttons are
// offered, with a note linking to settings, as a visitor's are).
const confirmFirst = "本次挑战只计算已验证邮箱的账号的投票"

// The visitor who taps 支持 and then signs up is welcomed, and told at the
// button why the vote is not cast yet.
func TestConfirm45AVisitorsVoteAfterSigningUpIsToldWhyNotCast(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"voters": "verified"})
	idea := h.idea(admin, cid, "免清洗内筒")
	ch := fmt.Sprintf("/challenges/%d", cid)
	b := h.browser()
	if r := b.post(ch, fmt.Sprintf("/ideas/%d/vote", idea), url.Values{"vote": {"1"}, "next": {ch}}).must(t, http.StatusSeeOther); !strings.HasPrefix(r.Header.Get("Location"), "/signin?next=") {
		t.Fatalf("a visitor's vote leads to %q", r.Header.Get("Location"))
	}
	r := zhPost(b, "/signup", "/signup", url.Values{"email": {"li@fans.cn"}, "name": {"李娜"}, "password": {"li-password"}, "next": {ch}}).must(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != fmt.Sprintf("%s#vote-%d", ch, idea) {
		t.Fatalf("after signing up: at %q, want back at the button", loc)
	}
	body := b.get(ch, "Accept-Language", "zh-CN").must(t, 200).Body
	if !regexp.MustCompile(`class="vote-error" role="status">` + confirmFirst).MatchString(body) {
		t.Errorf("the button does not say why the vote is not cast: %.3000s", body)
	}
	if !strings.Contains(body, "欢迎！") {
		t.Error("the new fan is not welcomed")
	}
	if n := num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), admin, nil).must(t, 200).JSON, "votes"); n != 0 {
		t.Errorf("an unconfirmed account's vote was counted: %d", n)
	}
}

// Stars, "I'd buy it" and comparing pairs, each refused to an unconfirmed
// fan: the reason where they tapped, their choices kept.
func TestConfirm45StarsBuyingAndPairsSayConfirmFirst(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.fan("new@fans.cn")
	b := h.browser()
	b.signIn("new@fans.cn", "fan-password")
	zh := func(path string) string { return b.get(path, "Accept-Language", "zh-CN").must(t, 200).Body }

	stars := h.openChallenge(admin, map[string]any{"voting_method": "stars", "voters": "verified"})
	rated := h.idea(admin, stars, "静音电机")
	ch := fmt.Sprintf("/challenges/%d", stars)
	r := zhPost(b, ch, fmt.Sprintf("/ideas/%d/rating", rated), url.Values{"stars": {"4"}, "next": {ch}}).must(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != fmt.Sprintf("%s#stars-%d", ch, rated) {
		t.Errorf("a refused rating goes to %q, want back at the stars", loc)
	}
	body := zh(ch)
	if !regexp.MustCompile(fmt.Sprintf(`id="stars-%d"(?s:.)*class="field-error" role="alert">%s`, rated, confirmFirst)).MatchString(body) {
		t.Errorf("the stars do not say why: %.3000s", body)
	}

	poll := h.openChallenge(admin, map[string]any{"kind": "design_poll", "voters": "verified",
		"buy_options": map[string][]string{"size": {"S", "M", "L"}}, "price_bands": []int{99, 199}})
	design := h.idea(admin, poll, "连衣裙")
	page := fmt.Sprintf("/ideas/%d", design)
	form := url.Values{"quantity": {"2"}, "option.size": {"M"}, "max_price": {"199"}, "_csrf": {b.csrf(page)}}
	r = b.postLang(page+"/intent", strings.NewReader(form.Encode()), "zh-CN")
	if r.Status != http.StatusForbidden || !strings.Contains(r.Body, `role="alert">`+confirmFirst) {
		t.Fatalf("a refused 'I'd buy it': %d, want the idea page with why: %.3000s", r.Status, r.Body)
	}
	for _, kept := range []string{`name="option.size" value="M" required checked`, `name="quantity" type="number"`, `value="2"`} {
		if !strings.Contains(r.Body, kept) {
			t.Errorf("the buy form lost %q", kept)
		}
	}

	pairs := h.openChallenge(admin, map[string]any{"voting_method": "pairwise", "voters": "verified"})
	h.idea(admin, pairs, "甲")
	h.idea(admin, pairs, "乙")
	ch = fmt.Sprintf("/challenges/%d", pairs)
	if r := b.get(ch+"/pair", "Accept-Language", "zh-CN").must(t, http.StatusSeeOther); r.Header.Get("Location") != ch {
		t.Errorf("comparing, refused, goes to %q, want the challenge", r.Header.Get("Location"))
	}
	if body := zh(ch); !strings.Contains(body, `<p class="alert" role="alert">`+confirmFirst) {
		t.Errorf("the challenge does not say why comparing is refused: %.3000s", body)
	}
}

// Voting closes while a fan is comparing: their answer takes them to the
// challenge, told that comparing is over, not to an error page.
func TestConfirm45ComparingClosedMidWayGoesToTheChallenge(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.fan("fan@fans.cn")
	b := h.browser()
	b.signIn("fan@fans.cn", "fan-password")
	pairs := h.openChallenge(admin, map[string]any{"voting_method": "pairwise"})
	h.idea(admin, pairs, "甲")
	h.idea(admin, pairs, "乙")
	ch := fmt.Sprintf("/challenges/%d", pairs)
	page := b.get(ch+"/pair").must(t, 200).Body
	m := regexp.MustCompile(`name="pair_token" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no pair on the page: %.2000s", page)
	}
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/phase", pairs), admin, map[string]string{"move": "close_voting"}).must(t, 200)
	r := zhPost(b, ch, ch+"/pair", url.Values{"pair_token": {m[1]}, "choice": {"left"}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != ch {
		t.Fatalf("an answer after voting closed: %d to %q, want the challenge", r.Status, r.Header.Get("Location"))
	}
	if body := b.get(ch, "Accept-Language", "zh-CN").must(t, 200).Body; !strings.Contains(body, `<p class="alert" role="alert">本挑战目前不在投票阶段。`) {
		t.Errorf("the challenge does not say comparing is over: %.3000s", body)
	}
}

// zhPost posts a form from the page from, in Chinese.
func zhPost(b *browser, from, path string, form url.Values) res {
	form.Set("_csrf", b.csrf(from))
	return b.postLang(path, strings.NewReader(form.Encode()), "zh-CN")
}

// Confirming the email leads back to the page that asked for it: the
// challenge whose vote was refused (once), in the browser that was there.
func TestConfirm45ConfirmingLeadsBackToWhereTheFanWas(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	id := num(h.api("GET", "/api/v1/me", fan, nil).JSON, "id")
	cid := h.openChallenge(admin, map[string]any{"voters": "verified"})
	idea := h.idea(admin, cid, "免清洗内筒")
	ch := fmt.Sprintf("/challenges/%d", cid)
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	zhPost(b, ch, fmt.Sprintf("/ideas/%d/vote", idea), url.Values{"vote": {"1"}, "next": {ch}}).must(t, http.StatusSeeOther)

	tok := domain.VerificationToken(h.svc.MailSecret, int64(id), "fan@x.cn", h.clock().Add(time.Hour))
	link := "/verify?token=" + url.QueryEscape(tok)
	confirm := func(b *browser) string {
		return zhPost(b, link, "/verify", url.Values{"token": {tok}}).must(t, 200).Body
	}
	back := `<a class="button primary verify-back" href="` + ch + `">回到刚才的页面</a>`
	if body := confirm(b); !strings.Contains(body, back) {
		t.Errorf("confirming does not lead back to the challenge: %.3000s", body)
	}
	if body := confirm(b); strings.Contains(body, "verify-back") {
		t.Error("the way back is offered a second time")
	}
	// Another browser (the mail app's, signed out) has no page to go back to.
	if body := confirm(h.browser()); strings.Contains(body, "verify-back") {
		t.Error("another browser is offered a way back")
	}
}
