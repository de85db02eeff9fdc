package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"cocreate/app/domain"
)

// The site always keeps an admin who can act: an admin cannot drop their
// own role while the only other admin is suspended, nor can the last two
// admins suspend each other, one after the other or at the same moment.
func TestTheSiteKeepsAWorkingAdmin(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a := h.setup()
	aID := h.userID(a)
	_, b := h.staffer(a, "b@x.cn", "admin")
	bID := int64(b)
	suspend := func(tok string, id int64, on bool) res {
		return h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", id), tok, map[string]any{"suspended": on, "reason": "离职 left"})
	}
	suspend(a, bID, true).must(t, 200)
	if r := h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", aID), a, map[string]any{"roles": []string{"moderator"}}); r.Status != 409 || r.errCode() != "last_admin" {
		t.Fatalf("the only working admin dropped their role: %d %s", r.Status, r.Body)
	}
	if r := h.api("GET", "/api/v1/me", a, nil).must(t, 200); !strings.Contains(r.Body, `"admin"`) {
		t.Fatalf("A lost the admin role: %s", r.Body)
	}
	suspend(a, bID, false).must(t, 200)

	// B's request to suspend A, let in just before A's suspension of B
	// committed: B as their request read them, still an admin.
	stale, err := h.store.User(context.Background(), bID)
	if err != nil {
		t.Fatal(err)
	}
	suspend(a, bID, true).must(t, 200)
	_, err = h.svc.SetSuspended(context.Background(), &stale, aID, true, "x")
	if e := domain.AsError(err); e == nil || e.Code != "last_admin" {
		t.Fatalf("B, suspended meanwhile, suspended the last working admin: %v", err)
	}
	suspend(a, bID, false).must(t, 200)

	token := func(email, pw string) string {
		return str(h.api("POST", "/api/v1/tokens", "", map[string]string{"email": email, "password": pw}).must(t, 201).JSON, "token")
	}
	for i := range 10 {
		ta, tb := token("admin@brand.cn", "admin-password"), token("b@x.cn", "fan-password")
		var ra, rb res
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); ra = suspend(ta, bID, true) }()
		go func() { defer wg.Done(); rb = suspend(tb, aID, true) }()
		wg.Wait()
		switch {
		case ra.Status == 200 && rb.Status == 200:
			t.Fatalf("try %d: the last two admins suspended each other", i)
		case ra.Status == 200:
			suspend(ta, bID, false).must(t, 200)
		case rb.Status == 200:
			suspend(tb, aID, false).must(t, 200)
		default:
			t.Fatalf("try %d: neither suspension went through: %d %s; %d %s", i, ra.Status, ra.Body, rb.Status, rb.Body)
		}
	}
}

// A suspension ends the account's sessions and tokens for good: refused
// (401 suspended) while it lasts; reinstated, the person signs in again,
// and whoever held a copy of their cookie or token does not come back with
// them.
func TestASuspensionEndsSessionsAndTokens(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	tok := h.fan("fan@x.cn")
	id := h.userID(tok)
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	b.get("/settings").must(t, 200)
	path := fmt.Sprintf("/api/v1/users/%d/suspension", id)
	h.api("PUT", path, admin, map[string]any{"suspended": true, "reason": "刷票 vote ring"}).must(t, 200)
	if r := h.api("GET", "/api/v1/me", tok, nil); r.Status != http.StatusUnauthorized || r.errCode() != "suspended" {
		t.Errorf("the token while suspended: %d %s", r.Status, r.Body)
	}
	h.api("PUT", path, admin, map[string]any{"suspended": false, "reason": ""}).must(t, 200)
	if r := h.api("GET", "/api/v1/me", tok, nil); r.Status != http.StatusUnauthorized {
		t.Errorf("the token from before the suspension still works: %d %s", r.Status, r.Body)
	}
	if r := b.get("/settings"); r.Status == 200 {
		t.Error("the session from before the suspension still works")
	}
	b.signIn("fan@x.cn", "fan-password")
	b.get("/settings").must(t, 200)
}
