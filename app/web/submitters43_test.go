package web

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A challenge that takes ideas from confirmed accounts only (DESIGN §3,
// "who may submit"): an unconfirmed fan is refused with why and where to
// confirm, and nothing is stored; a confirmed one submits; a visitor is
// told before signing up; the organiser sets it on the form or the API.
func TestSub43ConfirmedAccountsOnlySubmit(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"submitters": "verified"})
	api := fmt.Sprintf("/api/v1/challenges/%d", cid)
	if got := str(h.api("GET", api, "", nil).must(t, 200).JSON, "submitters"); got != "verified" {
		t.Fatalf("submitters = %q, want verified", got)
	}
	if got := str(h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", h.openChallenge(admin, nil)), "", nil).JSON, "submitters"); got != "signed_in" {
		t.Errorf("a challenge's default submitters = %q, want signed_in", got)
	}
	r := h.api("PATCH", api, admin, map[string]any{"submitters": "everyone"}).must(t, 400)
	if r.errField() != "submitters" || r.errCode() != "invalid_submitters" {
		t.Errorf("an unknown submitters value: %s", r.Body)
	}

	h.fan("new@x.cn")
	ideas := fmt.Sprintf("/api/v1/challenges/%d/ideas", cid)
	before := h.ideaCount()
	tok := h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "new@x.cn", "password": "fan-password"}).must(t, 201)
	r = h.api("POST", ideas, str(tok.JSON, "token"), map[string]any{"title": "静音内筒", "summary": "s", "body": "b"}).must(t, 403)
	if r.errCode() != "verification_required_submit" || h.ideaCount() != before {
		t.Errorf("an unconfirmed fan's idea: %s; ideas %d → %d", r.Body, before, h.ideaCount())
	}
	// On the page, in Chinese: no button, the reason and where to confirm.
	b := h.browser()
	b.signIn("new@x.cn", "fan-password")
	page := b.zhPage(fmt.Sprintf("/challenges/%d", cid))
	if strings.Contains(page, fmt.Sprintf(`href="/challenges/%d/submit"`, cid)) || !strings.Contains(page, html.EscapeString(jT("zh", "error.verification_required_submit"))) ||
		!strings.Contains(page, `<a href="/settings">`) {
		t.Errorf("the unconfirmed fan's challenge page does not say why they cannot submit, or where to confirm")
	}
	form := url.Values{"title": {"静音内筒"}, "summary": {"s"}, "body": {"b"}, "_csrf": {b.csrf(fmt.Sprintf("/challenges/%d", cid))}}
	r = b.postLang(fmt.Sprintf("/challenges/%d/ideas", cid), strings.NewReader(form.Encode()), "zh-CN")
	if r.Status != 403 || !strings.Contains(r.Body, html.EscapeString(jT("zh", "error.verification_required_submit"))) || h.ideaCount() != before {
		t.Errorf("the submit form of an unconfirmed fan: %d, ideas %d → %d", r.Status, before, h.ideaCount())
	}
	keptForm(t, r, cid)
	// A visitor sees the button (signing up comes first) and the rule.
	visitor := h.browser().zhPage(fmt.Sprintf("/challenges/%d", cid))
	if !strings.Contains(visitor, fmt.Sprintf(`href="/challenges/%d/submit"`, cid)) || !strings.Contains(visitor, html.EscapeString(jT("zh", "sub43.verified_only"))) {
		t.Errorf("a visitor is not offered to submit, or not told of the rule")
	}
	// A confirmed fan submits.
	h.api("POST", ideas, h.confirmedFan("ok@x.cn"), map[string]any{"title": "静音内筒", "summary": "s", "body": "b"}).must(t, 201)

	// The organiser opens it to everyone on the form.
	ab := h.adminBrowser()
	edit := fmt.Sprintf("/challenges/%d/edit", cid)
	if !strings.Contains(ab.get(edit).Body, `<option value="verified" selected>`) {
		t.Errorf("the form does not show the challenge's choice")
	}
	r = ab.post(edit, fmt.Sprintf("/challenges/%d", cid), url.Values{"title": {"洗衣机二次污染"}, "brief": {"**Help**"}, "kind": {"open_call"}, "submitters": {"signed_in"}, "voters": {"signed_in"},
		"shortlist_size": {"10"}, "winners": {"3"}})
	if got := str(h.api("GET", api, admin, nil).JSON, "submitters"); r.Status != 303 || got != "signed_in" {
		t.Fatalf("after the form (%d): submitters = %q", r.Status, got)
	}
	// The form sent no dates (a draft again): open it as before.
	now := h.clock()
	h.api("PATCH", api, admin, map[string]any{"submissions_open_at": now.Add(-time.Hour), "submissions_close_at": now.Add(48 * time.Hour)}).must(t, 200)
	h.api("POST", ideas, str(tok.JSON, "token"), map[string]any{"title": "静音内筒", "summary": "s", "body": "b"}).must(t, 201)

	// A board for confirmed accounts says the same by its post button.
	board := h.board(admin, "洗衣机反馈")
	h.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", board), admin, map[string]any{"submitters": "verified"}).must(t, 200)
	page = b.zhPage(fmt.Sprintf("/challenges/%d", board))
	if strings.Contains(page, fmt.Sprintf(`href="/challenges/%d/submit"`, board)) || !strings.Contains(page, html.EscapeString(jT("zh", "error.verification_required_submit"))) ||
		!strings.Contains(page, `<a href="/settings">`) {
		t.Errorf("the unconfirmed fan's board page does not say why they cannot post, or where to confirm")
	}
	if visitor := h.browser().zhPage(fmt.Sprintf("/challenges/%d", board)); !strings.Contains(visitor, fmt.Sprintf(`href="/challenges/%d/submit"`, board)) ||
		!strings.Contains(visitor, html.EscapeString(jT("zh", "sub43.verified_only"))) {
		t.Errorf("a visitor is not offered to post on the board, or not told of the rule")
	}
	// What an unconfirmed fan wrote is kept, with where to confirm; once
	// confirmed, the same form goes through.
	before = h.ideaCount()
	form.Set("_csrf", b.csrf(fmt.Sprintf("/challenges/%d", board)))
	r = b.postLang(fmt.Sprintf("/challenges/%d/ideas", board), strings.NewReader(form.Encode()), "zh-CN")
	if r.Status != 403 || h.ideaCount() != before {
		t.Fatalf("an unconfirmed fan's post on the board: %d, ideas %d → %d", r.Status, before, h.ideaCount())
	}
	keptForm(t, r, board)
	newID := int64(num(h.api("GET", "/api/v1/me", str(tok.JSON, "token"), nil).JSON, "id"))
	if err := h.store.SetVerified(context.Background(), newID, true); err != nil {
		t.Fatal(err)
	}
	form.Set("_csrf", csrfField.FindStringSubmatch(r.Body)[1])
	if r := b.postLang(fmt.Sprintf("/challenges/%d/ideas", board), strings.NewReader(form.Encode()), "zh-CN"); r.Status != 303 || h.ideaCount() != before+1 {
		t.Errorf("the kept form, sent again once confirmed: %d, ideas %d → %d", r.Status, before, h.ideaCount())
	}
}

// keptForm checks that a form refused until the account is confirmed is
// shown again as typed, with where to confirm.
func keptForm(t *testing.T, r res, place int) {
	t.Helper()
	if !strings.Contains(r.Body, `value="静音内筒"`) || !strings.Contains(r.Body, fmt.Sprintf(`action="/challenges/%d/ideas"`, place)) ||
		!strings.Contains(r.Body, `<a href="/settings" target="_blank" rel="noopener">`) {
		t.Errorf("the refused form of an unconfirmed fan is not kept with where to confirm: %.3000s", r.Body)
	}
}
