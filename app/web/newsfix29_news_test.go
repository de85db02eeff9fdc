package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"cocreate/app/domain"
)

// owedMail claims the mail owed and gives, by recipient, the kinds of the
// notices a worker would send (domain.MayBeMailed, as the worker asks),
// with each message's subject and text as written.
func (h *harness) owedMail(lang string) map[string][]string {
	h.t.Helper()
	ctx := context.Background()
	jobs, err := h.store.ClaimMail(ctx, 1000)
	if err != nil {
		h.t.Fatal(err)
	}
	out := map[string][]string{}
	for _, j := range jobs {
		if err := h.store.MarkMailSent(ctx, j.ID); err != nil {
			h.t.Fatal(err)
		}
		if !domain.MayBeMailed(&j.Recipient, j.Kind, j.Item, h.clock()) {
			continue
		}
		out[j.Email] = append(out[j.Email], string(j.Kind))
	}
	return out
}

// kindsOf are the kinds of a person's listed notices, newest first.
func kindsOf(ns []map[string]any) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n["kind"].(string))
	}
	return out
}

// The phone walk: a fan who followed idea 27 and rated it 5★ heard only of
// the stage move; its raters heard nothing. Now a project's start and its
// updates reach the idea's whole audience (author, followers, and everyone
// whose support vote, rating or "I'd buy it" counts), once each, in their
// language, by email as their setting says, but never the person who did
// it; a suspended follower is not mailed.
func TestProjectNewsReachesFollowersRatersAndBuyers(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	eng, engID := h.staffer(admin, "eng@brand.cn", "engineer")
	author := h.fan("author@fans.cn")
	rater := h.fan("rater@fans.cn")       // rated it 5★, reads Chinese
	follower := h.fan("follow@fans.cn")   // follows it, with email off
	suspended := h.fan("gone@fans.cn")    // follows it, then is suspended
	stranger := h.fan("stranger@fans.cn") // nothing to do with it
	buyer := h.fan("buyer@fans.cn")       // said "I'd buy it" on a design

	ctx := context.Background()
	if err := h.store.SetLocale(ctx, h.userID(rater), "zh"); err != nil {
		t.Fatal(err)
	}
	h.api("PATCH", "/api/v1/me", follower, map[string]bool{"email_notices": false}).must(t, 200)

	cid := h.openChallenge(admin, map[string]any{"voting_method": "stars"})
	idea := h.idea(author, cid, "自清洁内筒")
	path := fmt.Sprintf("/api/v1/ideas/%d", idea)
	h.api("PUT", path+"/rating", rater, map[string]any{"stars": 5}).must(t, 200)
	for _, tok := range []string{rater, follower, suspended, eng, admin} {
		h.api("PUT", path+"/follow", tok, nil).must(t, 200)
	}
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", h.userID(suspended)), admin, map[string]any{"suspended": true, "reason": "spam"}).must(t, 200)
	h.owedMail("en") // nothing of this is news

	// The start: the author hears their idea became a project, the others
	// that one they back or follow did, but its engineer, who hears it is
	// theirs; the admin who follows it and opened it is not told.
	pid := num(h.api("POST", path+"/project", admin, map[string]any{"owner_id": engID}).must(t, 201).JSON, "id")
	want := map[string][]string{author: {"project"}, rater: {"project_started"}, follower: {"project_started"}, eng: {"project_assigned"}, admin: nil, stranger: nil}
	for tok, kinds := range want {
		if got := kindsOf(h.notices(tok)); strings.Join(got, ",") != strings.Join(kinds, ",") {
			t.Errorf("%d after the start: %v, want %v", h.userID(tok), got, kinds)
		}
	}
	mail := h.owedMail("en")
	if len(mail) != 3 || len(mail["author@fans.cn"]) != 1 || len(mail["rater@fans.cn"]) != 1 || len(mail["eng@brand.cn"]) != 1 {
		t.Errorf("the start's emails: %v, want the author's, the rater's and the engineer's (the follower chose none, the suspended follower is not told)", mail)
	}
	link := fmt.Sprintf("/projects/%d", pid)
	ns := h.notices(rater)
	if len(ns) == 0 {
		t.Fatal("the rater has no notice")
	}
	if n := ns[0]; n["url"] != link || !strings.Contains(n["text"].(string), "自清洁内筒") {
		t.Errorf("the rater's notice: %v", n)
	}

	// An update: everyone but the engineer who posted it, in their language.
	h.api("POST", "/api/v1"+link+"/updates", eng, map[string]any{"body": "本周完成了第一轮温控测试。"}).must(t, 201)
	for tok, kinds := range map[string][]string{author: {"project_update", "project"}, rater: {"project_update", "project_started"}, follower: {"project_update", "project_started"},
		eng: {"project_assigned"}, admin: {"project_update"}, stranger: nil} {
		if got := kindsOf(h.notices(tok)); strings.Join(got, ",") != strings.Join(kinds, ",") {
			t.Errorf("%d after the update: %v, want %v", h.userID(tok), got, kinds)
		}
	}
	zh := h.browser()
	zh.signIn("rater@fans.cn", "fan-password")
	if page := zh.get("/notifications").must(t, 200).Body; !strings.Contains(page, "项目“自清洁内筒”有新进展：本周完成了第一轮温控测试。") {
		t.Errorf("the rater's notifications page (zh) does not give the update: %.3000s", page)
	}
	if mail := h.owedMail("en"); len(mail) != 3 || strings.Join(mail["rater@fans.cn"], ",") != "project_update" || mail["eng@brand.cn"] != nil {
		t.Errorf("the update's emails: %v", mail)
	}

	// A design poll's buyer ("I'd buy it") hears of the project too.
	_, designs := qigePoll(t, h, admin)
	intent := map[string]any{"quantity": 1, "options": map[string]string{"size": "M", "colour": "红"}, "max_price": 199}
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/intent", designs[1]), buyer, intent).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", designs[1]), admin, map[string]any{"owner_id": engID}).must(t, 201)
	if got := kindsOf(h.notices(buyer)); strings.Join(got, ",") != "project_started" {
		t.Errorf("the buyer after the design's start: %v", got)
	}
}
