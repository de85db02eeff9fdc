package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// Session 55: who named or unnamed a club's organiser, and why, is kept
// (organiser_events, written with the change) and shown to the staff who
// name them, on the club's page and in its API; nobody else sees it, and
// a refused naming writes nothing.
func TestClubs55TheOrganiserLogSaysWhoNamedWhomAndWhy(t *testing.T) {
	t.Parallel()
	c := newClub53(t, false) // the admin named lin (小林), with no reason
	h := c.h
	b := h.browser()
	b.signIn("mod@x.cn", "fan-password")
	b.post("/", "/lang", url.Values{"lang": {"zh"}})
	clubPage := fmt.Sprintf("/clubs/%d", c.club)
	b.get(clubPage).must(t, 200)
	b.post(clubPage, fmt.Sprintf("/clubs/%d/organisers/%d", c.club, c.wangID), url.Values{"organiser": {"1"}}).must(t, 400) // no reason
	b.post(clubPage, fmt.Sprintf("/clubs/%d/organisers/%d", c.club, c.wangID), url.Values{"organiser": {"1"}, "reason": {"小王最活跃"}}).must(t, 303)
	h.api("DELETE", fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", c.club, c.linID), c.mod, map[string]string{"reason": "长期不活跃"}).must(t, 200)
	// Naming again someone already named changes nothing, and logs nothing.
	h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", c.club, c.wangID), c.admin, nil).must(t, 200)

	modName := h.api("GET", "/api/v1/me", c.mod, nil).must(t, 200).JSON["name"].(string)
	page := b.get(clubPage).must(t, 200).Body
	at := strings.Index(page, `id="organiser-log"`)
	if at < 0 {
		t.Fatalf("the moderator's club page has no organiser log: %.400s", page)
	}
	log := page[at:]
	removed, named, first := strings.Index(log, modName+" 撤销了 lin 的组织者身份"), strings.Index(log, modName+" 任命 小王 为组织者"), strings.Index(log, "任命 lin 为组织者")
	if removed < 0 || named < 0 || first < 0 {
		t.Fatalf("the log does not say who named and unnamed whom: %.900s", log)
	}
	if !(removed < named && named < first) {
		t.Errorf("the log is not newest first: removal at %d, naming at %d, first naming at %d", removed, named, first)
	}
	for _, why := range []string{"理由：长期不活跃", "理由：小王最活跃"} {
		if !strings.Contains(log, why) {
			t.Errorf("the log does not keep the reason %q", why)
		}
	}
	if n := strings.Count(log, "<li>"); n != 3 {
		t.Errorf("the log lists %d changes; want 3 (the refused naming and the naming of one already named are none)", n)
	}

	entries := h.api("GET", "/api/v1/clubs/"+fmt.Sprint(c.club), c.mod, nil).must(t, 200).JSON["organiser_log"].([]any)
	if len(entries) != 3 {
		t.Fatalf("the API's organiser_log has %d entries; want 3", len(entries))
	}
	newest := entries[0].(map[string]any)
	if newest["named"] != false || newest["reason"] != "长期不活跃" || num(newest["user"].(map[string]any), "id") != int(c.linID) ||
		num(newest["actor"].(map[string]any), "id") != c.modID {
		t.Errorf("the newest entry = %v; want the moderator ending 小林's role, with the reason", newest)
	}

	// A member, and a visitor, see none of it.
	f := h.browser()
	f.signIn("wang@x.cn", "fan-password")
	if strings.Contains(f.get(clubPage).must(t, 200).Body, `id="organiser-log"`) {
		t.Error("a member sees the organiser log")
	}
	if strings.Contains(h.browser().get(clubPage).must(t, 200).Body, `id="organiser-log"`) {
		t.Error("a visitor sees the organiser log")
	}
	if _, ok := h.api("GET", "/api/v1/clubs/"+fmt.Sprint(c.club), c.wang, nil).must(t, 200).JSON["organiser_log"]; ok {
		t.Error("a member's API answer has the organiser log")
	}
}
