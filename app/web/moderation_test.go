package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"cocreate/app/domain"
)

// Fans report ideas and comments once each, with a reason; at the
// challenge's threshold of distinct reporters an item is hidden at once and
// its author told; moderators work the queue (most reported first), hide,
// restore or dismiss with a reason, and every decision is recorded for the
// others to see; the author of a hidden item asks for a review.
func TestReportsAndModeration(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@x.cn")
	fans := []string{h.trustedFan("f1@x.cn"), h.trustedFan("f2@x.cn"), h.trustedFan("f3@x.cn"), h.trustedFan("f4@x.cn")}
	mod := h.fan("mod@x.cn")
	modID := num(h.api("GET", "/api/v1/me", mod, nil).JSON, "id")
	h.confirm(int64(modID))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", modID), admin, map[string]any{"roles": []string{"moderator"}}).must(t, 200)

	idea := h.idea(author, cid, "免费领取优惠券 free coupons")
	other := h.idea(author, cid, "静音脱水 quiet spin")
	cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", other), author, map[string]string{"body": "加我微信 add me"}).must(t, 201).JSON, "id")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", idea), fans[3], nil).must(t, 200)

	reportIdea := func(tok, reason string) res {
		return h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", idea), tok, map[string]string{"reason": reason, "note": "广告 ads"})
	}
	if r := reportIdea(fans[0], "spam").must(t, 201); r.JSON["auto_hidden"] != false {
		t.Errorf("the first report hid the idea: %s", r.Body)
	}
	if r := reportIdea(fans[0], "abuse"); r.Status != 409 || r.errCode() != "already_reported" {
		t.Errorf("a second report: %d %s", r.Status, r.Body)
	}
	if r := reportIdea(fans[1], "boring"); r.Status != 400 || r.errField() != "reason" {
		t.Errorf("an unknown reason: %d %s", r.Status, r.Body)
	}
	if r := reportIdea(author, "spam"); r.Status != 409 || r.errCode() != "own_item" {
		t.Errorf("reporting one's own idea: %d %s", r.Status, r.Body)
	}
	h.api("POST", "/api/v1/ideas/99999/reports", fans[1], map[string]string{"reason": "spam"}).must(t, 404)
	h.api("POST", "/api/v1/comments/99999/reports", fans[1], map[string]string{"reason": "spam"}).must(t, 404)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", idea), "", map[string]string{"reason": "spam"}).must(t, 401)
	reportIdea(fans[1], "abuse").must(t, 201)
	if v := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), "", nil).must(t, 200).JSON; v["state"] != "submitted" {
		t.Fatalf("hidden below the threshold: %v", v["state"])
	}
	// The third distinct reporter hides it at once.
	if r := reportIdea(fans[2], "spam").must(t, 201); r.JSON["auto_hidden"] != true {
		t.Fatalf("the third report did not hide the idea: %s", r.Body)
	}
	h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), "", nil).must(t, 404)
	h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), fans[0], nil).must(t, 404)
	if v := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), author, nil).must(t, 200).JSON; v["state"] != "hidden" || num(v, "votes") != 1 {
		t.Errorf("the author sees state %v votes %v, want hidden with its 1 vote kept", v["state"], v["votes"])
	}
	reportIdea(fans[3], "spam").must(t, 404) // hidden: not visible to report
	list := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), "", nil).must(t, 200).Body
	if strings.Contains(list, "free coupons") {
		t.Error("the hidden idea is still listed")
	}
	notices := h.api("GET", "/api/v1/me/notifications", author, nil).must(t, 200).Body
	if !strings.Contains(notices, "hidden_by_reports") || !strings.Contains(notices, "free coupons") {
		t.Errorf("the author was not told: %s", notices)
	}

	// The comment, reported once.
	h.api("POST", fmt.Sprintf("/api/v1/comments/%d/reports", cm), fans[0], map[string]string{"reason": "spam"}).must(t, 201)

	// The queue: moderators and admins only, most reported first.
	h.api("GET", "/api/v1/moderation/queue", fans[0], nil).must(t, 403)
	h.api("GET", "/api/v1/moderation/queue", "", nil).must(t, 401)
	q := h.api("GET", "/api/v1/moderation/queue", mod, nil).must(t, 200).JSON
	items, _ := q["items"].([]any)
	if len(items) != 2 {
		t.Fatalf("queue: %v", q)
	}
	first, second := items[0].(map[string]any), items[1].(map[string]any)
	reasons, _ := first["reasons"].(map[string]any)
	if first["type"] != "idea" || num(first, "id") != idea || first["state"] != "hidden" || num(first, "reports") != 3 ||
		first["auto_hidden"] != true || reasons["spam"] != 2.0 || reasons["abuse"] != 1.0 || !strings.Contains(str(first, "excerpt"), "free coupons") {
		t.Errorf("first in the queue: %v", first)
	}
	if second["type"] != "comment" || num(second, "id") != cm || second["state"] != "visible" || num(second, "reports") != 1 {
		t.Errorf("second in the queue: %v", second)
	}

	// The author asks for a review; another fan cannot.
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d/review", idea), fans[0], map[string]string{"note": "x"}).must(t, 404)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d/review", idea), author, map[string]string{"note": "优惠券是真的 the coupons are real"}).must(t, 200)
	if r := h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d/review", idea), author, map[string]string{}); r.Status != 409 || r.errCode() != "review_pending" {
		t.Errorf("a second review request: %d %s", r.Status, r.Body)
	}
	if q := h.api("GET", "/api/v1/moderation/queue", mod, nil).JSON["items"].([]any); q[0].(map[string]any)["review_requested"] != true {
		t.Errorf("the queue does not show the review request: %v", q[0])
	}
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d/review", other), author, map[string]string{}).must(t, 409) // not hidden

	// Bad decisions change nothing.
	path := fmt.Sprintf("/api/v1/moderation/idea/%d", idea)
	h.api("POST", path, fans[0], map[string]string{"action": "restore", "reason": "x"}).must(t, 403)
	if r := h.api("POST", path, mod, map[string]string{"action": "delete", "reason": "x"}); r.Status != 400 || r.errField() != "action" {
		t.Errorf("an unknown action: %d %s", r.Status, r.Body)
	}
	if r := h.api("POST", path, mod, map[string]string{"action": "restore"}); r.Status != 400 || r.errField() != "reason" {
		t.Errorf("no reason: %d %s", r.Status, r.Body)
	}
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", other), mod, map[string]string{"action": "restore", "reason": "x"}).must(t, 409)
	h.api("POST", "/api/v1/moderation/idea/99999", mod, map[string]string{"action": "hide", "reason": "x"}).must(t, 404)

	// Restored: listed again, with its vote; out of the queue; recorded.
	h.api("POST", path, mod, map[string]string{"action": "restore", "reason": "真实活动 a real promotion"}).must(t, 200)
	if v := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), "", nil).must(t, 200).JSON; v["state"] != "submitted" || num(v, "votes") != 1 {
		t.Errorf("after restoring: state %v votes %v", v["state"], v["votes"])
	}
	// The comment hidden by a moderator: gone for others, shown to its
	// author with the reason, out of the counter.
	h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", cm), mod, map[string]string{"action": "hide", "reason": "广告 advertising"}).must(t, 200)
	if body := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d/comments", other), fans[0], nil).must(t, 200).Body; strings.Contains(body, "add me") {
		t.Error("a hidden comment is shown to a fan")
	}
	if body := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d/comments", other), author, nil).must(t, 200).Body; !strings.Contains(body, "add me") || !strings.Contains(body, `"hidden":true`) {
		t.Errorf("the author does not see their hidden comment: %s", body)
	}
	if n := num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", other), "", nil).JSON, "comments"); n != 0 {
		t.Errorf("comment counter %d after hiding, want 0", n)
	}
	if notices := h.api("GET", "/api/v1/me/notifications", author, nil).Body; !strings.Contains(notices, "广告 advertising") {
		t.Errorf("the author was not told why: %s", notices)
	}
	if v, err := h.store.Check(context.Background()); err != nil || len(v) != 0 {
		t.Errorf("check: %v %v", v, err)
	}
	if q := h.api("GET", "/api/v1/moderation/queue", mod, nil).must(t, 200).JSON; len(q["items"].([]any)) != 0 {
		t.Errorf("decided items still queued: %v", q)
	}
	// Every decision, for every moderator (an admin here).
	log := h.api("GET", "/api/v1/moderation/log", admin, nil).must(t, 200).Body
	for _, want := range []string{"auto_hide", "review", "优惠券是真的", "restore", "真实活动 a real promotion", "广告 advertising", `"name":"mod"`} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q: %s", want, log)
		}
	}
	// After a decision, reports count afresh: two new reporters do not hide.
	reportIdea(fans[3], "spam").must(t, 201)
	if r := h.api("GET", "/api/v1/moderation/queue", mod, nil).JSON["items"].([]any); len(r) != 1 || num(r[0].(map[string]any), "reports") != 1 {
		t.Errorf("after a new report: %v", r)
	}

	// Pages: the report form on an idea, and the word that it arrived.
	b := h.browser()
	b.signIn("f1@x.cn", "fan-password")
	page := b.get(fmt.Sprintf("/ideas/%d", other)).must(t, 200).Body
	if !strings.Contains(page, fmt.Sprintf(`action="/ideas/%d/reports"`, other)) || strings.Contains(page, "add me") {
		t.Errorf("the idea page for a fan: report form missing or hidden comment shown")
	}
	r := b.post(fmt.Sprintf("/ideas/%d", other), fmt.Sprintf("/ideas/%d/reports", other), url.Values{"reason": {"off_topic"}, "note": {"about fridges"}}).must(t, 303)
	if !strings.Contains(b.get(r.Header.Get("Location")).Body, "your report was received") {
		t.Error("the reporter is not told their report arrived")
	}
	// The author sees their hidden comment, why, and the review button.
	ab := h.browser()
	ab.signIn("author@x.cn", "fan-password")
	page = ab.get(fmt.Sprintf("/ideas/%d", other)).must(t, 200).Body
	if !strings.Contains(page, "add me") || !strings.Contains(page, "广告 advertising") || !strings.Contains(page, fmt.Sprintf(`action="/moderation/comment/%d/review"`, cm)) {
		t.Errorf("the author's view of a hidden comment:\n%.4000s", page)
	}
	// The queue page, in Chinese.
	mb := h.browser()
	mb.signIn("mod@x.cn", "fan-password")
	mb.post("/", "/lang", url.Values{"lang": {"zh"}, "next": {"/"}})
	qp := mb.get("/moderation").must(t, 200).Body
	if !strings.Contains(qp, "内容审核") || !strings.Contains(qp, "偏离主题") || !strings.Contains(qp, "广告 advertising") {
		t.Errorf("the moderation page:\n%.4000s", qp)
	}
	if r := mb.post("/moderation", fmt.Sprintf("/moderation/idea/%d", other), url.Values{"action": {"dismiss"}, "reason": {"on topic"}}); r.Status != 303 {
		t.Errorf("dismiss from the page: %d %.300s", r.Status, r.Body)
	}
}

// trustedFan is confirmedFan with an account a day old, made when the
// server's clock read a day ago: its reports count towards hiding at once
// (domain.Vouches).
func (h *harness) trustedFan(email string) string {
	h.t.Helper()
	h.advance(-domain.VouchAge)
	defer h.advance(domain.VouchAge)
	return h.confirmedFan(email)
}

// confirmedFan is h.fan with the account's email confirmed.
func (h *harness) confirmedFan(email string) string {
	h.t.Helper()
	tok := h.fan(email)
	id := int64(num(h.api("GET", "/api/v1/me", tok, nil).JSON, "id"))
	if err := h.store.SetVerified(context.Background(), id, true); err != nil {
		h.t.Fatal(err)
	}
	return tok
}

// Reports by accounts not confirmed reach the moderators but hide nothing
// at once: three accounts made a minute ago cannot hide a rival's idea,
// even in a challenge whose voters need confirmed accounts (#8).
func TestUnconfirmedReportsDoNotHide(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"voters": "verified"})
	idea := h.idea(h.confirmedFan("maker@x.cn"), cid, "洗衣机自清洁 self-cleaning drum")
	report := func(tok string) res {
		return h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", idea), tok, map[string]string{"reason": "spam"}).must(t, 201)
	}
	for i := range 5 {
		if r := report(h.fan(fmt.Sprintf("puppet%d@x.cn", i))); r.JSON["auto_hidden"] != false {
			t.Fatalf("unconfirmed report %d hid the idea: %s", i+1, r.Body)
		}
	}
	h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), "", nil).must(t, 200)
	q := h.api("GET", "/api/v1/moderation/queue", admin, nil).must(t, 200).JSON["items"].([]any)
	if len(q) != 1 || num(q[0].(map[string]any), "reports") != 5 || q[0].(map[string]any)["auto_hidden"] != false {
		t.Errorf("the moderators' queue: %v, want the idea with its 5 reports, shown", q)
	}
	// Confirmed reporters still hide it at the threshold (3), whatever the
	// unconfirmed ones did before them.
	// Confirmed a minute ago, an account's report waits a day to count.
	for i := range 3 {
		if r := report(h.confirmedFan(fmt.Sprintf("young%d@x.cn", i))); r.JSON["auto_hidden"] != false {
			t.Fatalf("a young confirmed account's report %d hid the idea: %s", i+1, r.Body)
		}
	}
	report(h.trustedFan("c1@x.cn"))
	report(h.trustedFan("c2@x.cn"))
	if r := report(h.trustedFan("c3@x.cn")); r.JSON["auto_hidden"] != true {
		t.Fatalf("the third confirmed report did not hide the idea: %s", r.Body)
	}
	h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), "", nil).must(t, 404)
}

// A challenge anonymous until its results names no author to anyone but
// admins, moderators included: the queue leaves out the author of a
// reported idea, and of a reported comment its author wrote on it, on the
// API and the moderation page; an admin still sees them.
func TestModerationQueueKeepsAnonymity(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"anonymous_until_results": true})
	maker := h.fan("maker@x.cn")
	idea := h.idea(maker, cid, "匿名创意 anonymous idea")
	cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), maker, map[string]string{"body": "谢谢 thanks"}).must(t, 201).JSON, "id")
	fan := h.fan("fan@x.cn")
	other := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), fan, map[string]string{"body": "同意 agreed"}).must(t, 201).JSON, "id")
	reporter := h.confirmedFan("reporter@x.cn")
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", idea), reporter, map[string]string{"reason": "spam"}).must(t, 201)
	for _, id := range []int{cm, other} {
		h.api("POST", fmt.Sprintf("/api/v1/comments/%d/reports", id), reporter, map[string]string{"reason": "spam"}).must(t, 201)
	}
	// The anonymous maker reports a comment on their own idea: a
	// moderator who saw the reporters would learn who made it.
	h.api("POST", fmt.Sprintf("/api/v1/comments/%d/reports", other), maker, map[string]string{"reason": "abuse"}).must(t, 201)
	mod := h.fan("mod@x.cn")
	modID := num(h.api("GET", "/api/v1/me", mod, nil).JSON, "id")
	h.confirm(int64(modID))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", modID), admin, map[string]any{"roles": []string{"moderator"}}).must(t, 200)

	authors := func(tok string) map[string]any {
		got := map[string]any{}
		for _, it := range h.api("GET", "/api/v1/moderation/queue", tok, nil).must(t, 200).JSON["items"].([]any) {
			m := it.(map[string]any)
			got[fmt.Sprintf("%s %d", m["type"], num(m, "id"))] = m["author"]
		}
		return got
	}
	seen := authors(mod)
	if len(seen) != 3 {
		t.Fatalf("the moderator's queue: %v, want 3 items", seen)
	}
	for _, k := range []string{fmt.Sprintf("idea %d", idea), fmt.Sprintf("comment %d", cm)} {
		if seen[k] != nil {
			t.Errorf("the moderator sees the author of %s: %v", k, seen[k])
		}
	}
	if a, _ := seen[fmt.Sprintf("comment %d", other)].(map[string]any); a["name"] != "fan" {
		t.Errorf("another fan's comment lost its author: %v", seen)
	}
	for k, a := range authors(admin) {
		if a == nil {
			t.Errorf("the admin does not see the author of %s", k)
		}
	}
	reporters := func(tok string) (names []string) {
		for _, it := range h.api("GET", "/api/v1/moderation/queue", tok, nil).must(t, 200).JSON["items"].([]any) {
			if m := it.(map[string]any); num(m, "id") == other && m["type"] == "comment" {
				for _, r := range m["reporters"].([]any) {
					names = append(names, r.(map[string]any)["name"].(string))
				}
			}
		}
		return names
	}
	if got := reporters(mod); len(got) != 1 || got[0] != "reporter" {
		t.Errorf("the moderator sees the comment's reporters %v, want the reporter alone, not the anonymous maker", got)
	}
	if got := reporters(admin); len(got) != 2 {
		t.Errorf("the admin sees the comment's reporters %v, want both", got)
	}
	b := h.browser()
	b.signIn("mod@x.cn", "fan-password")
	if page := b.get("/moderation").must(t, 200).Body; strings.Contains(page, "maker") || !strings.Contains(page, "fan") {
		t.Errorf("the moderation page names the anonymous author (or no one): %.3000s", page)
	}
}

// The author of an idea in a challenge anonymous until its results who
// asks for a review of their hidden idea, or of their hidden comment on
// it, is not named by that request to a moderator who is not an admin:
// not in the queue's decisions, the log (API) nor on the moderation page.
// The moderators' own decisions keep their names; an admin sees all.
func TestModerationDecisionsKeepAnonymity(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"anonymous_until_results": true})
	maker := h.fan("maker@x.cn")
	idea := h.idea(maker, cid, "匿名创意 anonymous idea")
	cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), maker, map[string]string{"body": "谢谢 thanks"}).must(t, 201).JSON, "id")
	mod := h.fan("moderator@x.cn")
	modID := num(h.api("GET", "/api/v1/me", mod, nil).JSON, "id")
	h.confirm(int64(modID))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", modID), admin, map[string]any{"roles": []string{"moderator"}}).must(t, 200)
	for _, item := range []string{fmt.Sprintf("idea/%d", idea), fmt.Sprintf("comment/%d", cm)} {
		h.api("POST", "/api/v1/moderation/"+item, mod, map[string]string{"action": "hide", "reason": "off topic"}).must(t, 200)
		h.api("POST", "/api/v1/moderation/"+item+"/review", maker, map[string]string{"note": "please look again"}).must(t, 200)
	}

	// byNames lists who the decisions name, by action.
	byNames := func(decisions []any) map[string][]any {
		got := map[string][]any{}
		for _, d := range decisions {
			d := d.(map[string]any)
			var name any
			if by, ok := d["by"].(map[string]any); ok {
				name = by["name"]
			}
			got[d["action"].(string)] = append(got[d["action"].(string)], name)
		}
		return got
	}
	check := func(who string, tok string, wantMaker bool) {
		t.Helper()
		var all []any
		for _, it := range h.api("GET", "/api/v1/moderation/queue", tok, nil).must(t, 200).JSON["items"].([]any) {
			all = append(all, it.(map[string]any)["decisions"].([]any)...)
		}
		all = append(all, h.api("GET", "/api/v1/moderation/log", tok, nil).must(t, 200).JSON["decisions"].([]any)...)
		got := byNames(all)
		if len(got["review"]) != 4 || len(got["hide"]) != 4 {
			t.Fatalf("%s: decisions %v, want 2 hides and 2 reviews in the queue and in the log", who, got)
		}
		for _, name := range got["review"] {
			if (name == "maker") != wantMaker {
				t.Errorf("%s: a review request is by %v", who, name)
			}
		}
		for _, name := range got["hide"] {
			if name != "moderator" {
				t.Errorf("%s: a moderator's hide is by %v", who, name)
			}
		}
	}
	check("the moderator", mod, false)
	check("the admin", admin, true)
	b := h.browser()
	b.signIn("moderator@x.cn", "fan-password")
	if page := b.get("/moderation").must(t, 200).Body; strings.Contains(page, "maker") || !strings.Contains(page, "review asked for") {
		t.Errorf("the moderation page names the anonymous author (or no review): %.3000s", page)
	}
}
