package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// A deleted account's row on the users page says so and offers no form
// (roles, suspension); every admin act on it, by the API or the page's
// forms, is refused as not found and changes nothing.
func TestDeletion51AdminActsOnADeletedAccountAreRefused(t *testing.T) {
	h := newHarness(t)
	admin := h.setup()
	gone := h.fan("gone@x.cn")
	id := h.userID(gone)
	h.api("DELETE", "/api/v1/me", gone, map[string]string{"current_password": "fan-password"}).must(t, 204)

	for _, r := range []res{
		h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", id), admin, map[string]any{"roles": []string{"judge"}}),
		h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", id), admin, map[string]any{"suspended": true, "reason": "spam"}),
		h.api("POST", fmt.Sprintf("/api/v1/users/%d/badges", id), admin, map[string]any{"key": "honour_fan"}),
	} {
		if r.Status != 404 || r.errCode() != "not_found" {
			t.Errorf("an admin act on a deleted account: %d %s, want 404 not_found", r.Status, r.Body)
		}
	}
	b := h.adminBrowser()
	b.post("/", "/lang", url.Values{"lang": {"zh"}})
	row := fmt.Sprintf("/admin/users?id=%d", id)
	b.post(row, fmt.Sprintf("/admin/users/%d/roles", id), url.Values{"roles": {"judge", "admin"}})
	b.post(row, fmt.Sprintf("/admin/users/%d/suspension", id), url.Values{"suspended": {"true"}, "reason": {"spam"}})
	b.post(fmt.Sprintf("/users/%d", id), fmt.Sprintf("/users/%d/badges", id), url.Values{"key": {"founding_fan"}})

	db := h.rawDB()
	var roles, badges, suspended, events int
	for _, q := range []struct {
		sql  string
		into *int
	}{{`SELECT COUNT(*) FROM user_roles WHERE user_id = ?`, &roles}, {`SELECT COUNT(*) FROM user_badges WHERE user_id = ?`, &badges},
		{`SELECT suspended FROM users WHERE id = ?`, &suspended}, {`SELECT COUNT(*) FROM role_events WHERE user_id = ?`, &events}} {
		if err := db.QueryRow(q.sql, id).Scan(q.into); err != nil {
			t.Fatal(err)
		}
	}
	if roles+badges+suspended+events != 0 {
		t.Errorf("the deleted account got roles %d, badges %d, suspended %d, role events %d; want none", roles, badges, suspended, events)
	}

	page := b.get(row).must(t, 200).Body
	at := strings.Index(page, fmt.Sprintf(`id="user-%d"`, id))
	if at < 0 {
		t.Fatalf("no row for the deleted account: %.500s", page)
	}
	li := page[at:]
	li = li[:strings.Index(li, "</li>")]
	for _, want := range []string{"已注销用户", "已注销", "此人已注销账号"} {
		if !strings.Contains(li, want) {
			t.Errorf("the deleted row lacks %q: %s", want, li)
		}
	}
	for _, not := range []string{"<form", fmt.Sprintf("deleted-%d.invalid", id), "未验证"} {
		if strings.Contains(li, not) {
			t.Errorf("the deleted row shows %q: %s", not, li)
		}
	}
}
