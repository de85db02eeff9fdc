package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// club53 is a club with one organiser, 小林, and a member, 小王, on a
// site with an admin and a moderator; with two, 小王 organises it too.
type club53 struct {
	h                     *harness
	admin, mod, lin, wang string
	modID                 int
	club                  int
	linID, wangID         int64
}

func newClub53(t *testing.T, twoOrganisers bool) club53 {
	t.Helper()
	h := newHarness(t)
	c := club53{h: h, admin: h.setup()}
	c.mod, c.modID = h.staffer(c.admin, "mod@x.cn", "moderator")
	c.club = num(h.api("POST", "/api/v1/clubs", c.admin, map[string]any{"city": "青岛", "name": "青岛同城会"}).must(t, 201).JSON, "id")
	c.lin, c.wang = h.fan("lin@x.cn"), h.fan("wang@x.cn")
	h.api("PATCH", "/api/v1/me", c.wang, map[string]string{"name": "小王"}).must(t, 200)
	c.linID, c.wangID = h.userID(c.lin), h.userID(c.wang)
	for _, tok := range []string{c.lin, c.wang} {
		h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/members/me", c.club), tok, nil).must(t, 200)
	}
	h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", c.club, c.linID), c.admin, nil).must(t, 200)
	if twoOrganisers {
		h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", c.club, c.wangID), c.admin, nil).must(t, 200)
	}
	return c
}

// orphanNotices are tok's club_orphaned notices.
func (c club53) orphanNotices(tok string) []map[string]any {
	var out []map[string]any
	for _, n := range c.h.api("GET", "/api/v1/me/notifications", tok, nil).must(c.h.t, 200).JSON["notifications"].([]any) {
		if m := n.(map[string]any); m["kind"] == "club_orphaned" {
			out = append(out, m)
		}
	}
	return out
}

// However a club loses its last organiser who can act (the account
// deleted or suspended, the organiser leaving or removed by a moderator),
// the admins and moderators hear of it in the same write, by notice and
// by email, all but the moderator who removed them; a club keeping another
// organiser tells no one.
func TestClubs53LosingTheLastOrganiserTellsTheStaff(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name      string
		two       bool
		modActed  bool
		wantTold  bool
		loseLinBy func(c club53)
	}{
		{"deleted", false, false, true, func(c club53) {
			c.h.api("DELETE", "/api/v1/me", c.lin, map[string]string{"current_password": "fan-password"}).must(c.h.t, 204)
		}},
		{"suspended", false, false, true, func(c club53) {
			c.h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", c.linID), c.mod, map[string]any{"suspended": true, "reason": "刷票"}).must(c.h.t, 200)
		}},
		{"left", false, false, true, func(c club53) {
			c.h.api("DELETE", fmt.Sprintf("/api/v1/clubs/%d/members/me", c.club), c.lin, nil).must(c.h.t, 200)
		}},
		{"removed", false, true, true, func(c club53) {
			c.h.api("DELETE", fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", c.club, c.linID), c.mod, map[string]string{"reason": "长期不活跃"}).must(c.h.t, 200)
		}},
		{"another stays", true, false, false, func(c club53) {
			c.h.api("DELETE", "/api/v1/me", c.lin, map[string]string{"current_password": "fan-password"}).must(c.h.t, 204)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			cl := newClub53(t, c.two)
			cl.h.drainMail()
			c.loseLinBy(cl)
			for _, who := range []struct {
				name, tok string
				want      int
			}{{"admin", cl.admin, 1}, {"moderator", cl.mod, 1}, {"member", cl.wang, 0}} {
				if !c.wantTold || who.name == "moderator" && c.modActed {
					who.want = 0
				}
				ns := cl.orphanNotices(who.tok)
				if len(ns) != who.want {
					t.Fatalf("%s has %d club_orphaned notices, want %d: %v", who.name, len(ns), who.want, ns)
				}
				if len(ns) == 1 && (ns[0]["url"] != fmt.Sprintf("/clubs/%d", cl.club) || !strings.Contains(ns[0]["text"].(string), "青岛同城会")) {
					t.Errorf("%s's notice: %v", who.name, ns[0])
				}
			}
			mails := cl.h.drainMail()
			if got, want := len(mails.to["admin@brand.cn"]), map[bool]int{true: 1, false: 0}[c.wantTold]; got != want {
				t.Errorf("the admin got %d emails, want %d: %v", got, want, mails.to["admin@brand.cn"])
			} else if got == 1 && !strings.Contains(mails.to["admin@brand.cn"][0].Text, "青岛同城会") {
				t.Errorf("the admin's email does not name the club: %q", mails.to["admin@brand.cn"][0].Text)
			}
			if c.modActed {
				ns := cl.h.kinds(cl.lin)
				if !strings.Contains(strings.Join(ns, ","), "organiser_removed") {
					t.Errorf("the organiser removed was not told: %v", ns)
				}
			}
		})
	}
}

// A moderator names a member an organiser, through the API, saying why; a
// moderator without a reason is refused at reason and nothing changes; a
// fan is refused; the member is told, with the reason.
func TestClubs53AModeratorNamesAnOrganiserWithAReason(t *testing.T) {
	t.Parallel()
	c := newClub53(t, false)
	h := c.h
	h.api("DELETE", "/api/v1/me", c.lin, map[string]string{"current_password": "fan-password"}).must(t, 204)
	path := fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", c.club, c.wangID)
	r := h.api("PUT", path, c.mod, nil).must(t, 400)
	if e, _ := r.JSON["error"].(map[string]any); e["field"] != "reason" || e["code"] != "required" {
		t.Errorf("no reason: %v", r.JSON)
	}
	h.api("PUT", path, c.mod, map[string]string{"reason": "  "}).must(t, 400)
	h.api("PUT", path, c.wang, map[string]string{"reason": "我自己来"}).must(t, 403)
	if n := clubOrganisers(t, h, c.club, ""); n != 0 {
		t.Fatalf("refused namings changed the club: %d organisers", n)
	}
	if k := h.kinds(c.wang); strings.Contains(strings.Join(k, ","), "organiser_named") {
		t.Fatalf("told before being named: %v", k)
	}
	h.api("PUT", path, c.mod, map[string]string{"reason": "原组织者注销了，小王最活跃"}).must(t, 200)
	if n := clubOrganisers(t, h, c.club, ""); n != 1 {
		t.Errorf("organisers after the moderator named one = %d, want 1", n)
	}
	var told string
	for _, n := range h.api("GET", "/api/v1/me/notifications", c.wang, nil).must(t, 200).JSON["notifications"].([]any) {
		if m := n.(map[string]any); m["kind"] == "organiser_named" {
			told = m["text"].(string)
		}
	}
	if !strings.Contains(told, "原组织者注销了，小王最活跃") || !strings.Contains(told, "青岛同城会") {
		t.Errorf("the member's notice does not give the club and the reason: %q", told)
	}
	// Naming again changes nothing and tells nothing more.
	h.api("PUT", path, c.mod, map[string]string{"reason": "再来一次"}).must(t, 200)
	if k := h.kinds(c.wang); strings.Count(strings.Join(k, ","), "organiser_named") != 1 {
		t.Errorf("naming twice told twice: %v", k)
	}
}

// The page does as the API: a moderator's form without a reason is
// refused, naming the field, and changes nothing; the moderation page
// lists the club while it has no organiser.
func TestClubs53ModeratorPageRefusesWithoutReason(t *testing.T) {
	t.Parallel()
	c := newClub53(t, false)
	h := c.h
	h.api("DELETE", "/api/v1/me", c.lin, map[string]string{"current_password": "fan-password"}).must(t, 204)
	b := h.browser()
	b.signIn("mod@x.cn", "fan-password")
	b.post("/", "/lang", url.Values{"lang": {"zh"}})
	if body := b.get("/moderation").must(t, 200).Body; !strings.Contains(body, `id="orphaned-clubs"`) || !strings.Contains(body, fmt.Sprintf(`href="/clubs/%d#members"`, c.club)) {
		t.Error("the moderation page does not list the club without an organiser")
	}
	clubPage := fmt.Sprintf("/clubs/%d", c.club)
	page := b.get(clubPage).must(t, 200).Body
	if !strings.Contains(page, "请从成员中任命一位") || !strings.Contains(page, fmt.Sprintf(`id="organiser-%d"`, c.wangID)) {
		t.Error("the moderator's club page offers no naming")
	}
	r := b.post(clubPage, fmt.Sprintf("/clubs/%d/organisers/%d", c.club, c.wangID), url.Values{"organiser": {"1"}}).must(t, 400)
	if !strings.Contains(r.Body, `id="err-organiser"`) {
		t.Errorf("the refusal does not show at the form: %.300s", r.Body)
	}
	if n := clubOrganisers(t, h, c.club, ""); n != 0 {
		t.Fatalf("a refused naming changed the club: %d organisers", n)
	}
	b.post(clubPage, fmt.Sprintf("/clubs/%d/organisers/%d", c.club, c.wangID), url.Values{"organiser": {"1"}, "reason": {"小王最活跃"}}).must(t, 303)
	if n := clubOrganisers(t, h, c.club, ""); n != 1 {
		t.Errorf("organisers after the moderator's form = %d, want 1", n)
	}
	if strings.Contains(b.get("/moderation").must(t, 200).Body, `id="orphaned-clubs"`) {
		t.Error("the moderation page still lists the club")
	}
	// A fan's page has no form, and the member's notice names moderators too.
	f := h.browser()
	f.signIn("wang@x.cn", "fan-password")
	if strings.Contains(f.get(clubPage).must(t, 200).Body, "organiser-form") {
		t.Error("a member sees the organiser forms")
	}
}

// On a 375 px phone in Chinese: the club's organiser deletes the account;
// the moderator opens the bell's notice, reaches the club, names 小王 its
// organiser with a reason, and the club no longer says it needs one.
func TestClubs53PhoneModeratorNamesAnOrganiserAfterBeingTold(t *testing.T) {
	t.Parallel()
	c := newClub53(t, false)
	h := c.h
	h.api("DELETE", "/api/v1/me", c.lin, map[string]string{"current_password": "fan-password"}).must(t, 204)
	ctx := newBrowser(t, 375, 667)
	run(t, ctx, chromedp.Navigate(h.srv.URL+"/signin"),
		chromedp.SendKeys("#email", "mod@x.cn", chromedp.ByQuery),
		chromedp.SendKeys("#password", "fan-password", chromedp.ByQuery),
		chromedp.Submit("#password", chromedp.ByQuery),
		chromedp.WaitVisible(".user-name", chromedp.ByQuery))
	setLanguage(t, ctx, h, "zh")
	jVisit(t, ctx, h.srv.URL+"/notifications")
	jWantContains(t, "the bell's notice", jText(t, ctx, "article.notice.unread"), "同城会“青岛同城会”（青岛）没有组织者了")
	shot(t, ctx, "/tmp/clubs53-phone-notice.png", true)
	jGo(t, ctx, "article.notice.unread button.link")
	if p := jPath(t, ctx); p != fmt.Sprintf("/clubs/%d", c.club) {
		t.Fatalf("the notice led to %s", p)
	}
	jWantContains(t, "the club's notice", jText(t, ctx, "#needs-organiser"), "请从成员中任命一位")
	form := fmt.Sprintf("#organiser-%d", c.wangID)
	jInView(t, ctx, "the notice", "#needs-organiser")
	jDo(t, ctx, chromedp.ScrollIntoView(form, chromedp.ByQuery),
		chromedp.SendKeys(form+` input[name="reason"]`, "原组织者注销了", chromedp.ByQuery))
	jFits(t, ctx, "the club page with the reason typed")
	shot(t, ctx, "/tmp/clubs53-phone-naming.png", true)
	jGo(t, ctx, form+" button")
	jWantContains(t, "the flash", jText(t, ctx, "body"), "已设为组织者")
	if n := jTexts(t, ctx, "#needs-organiser"); len(n) != 0 {
		t.Errorf("the club still says it needs an organiser: %v", n)
	}
	if n := clubOrganisers(t, h, c.club, ""); n != 1 {
		t.Errorf("organisers after the phone walk = %d, want 1", n)
	}
	shot(t, ctx, "/tmp/clubs53-phone-named.png", true)
}
