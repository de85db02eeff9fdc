package web

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/workflow"
)

var openForm = regexp.MustCompile(`<form method="post" action="(/notifications/(\d+)/open)">`)

// tellOne writes one notice for a person through a project's update, with
// the link given (a stored link the site never writes, for the redirect's
// check), and returns its id.
func (h *harness) tellOne(pid int, userID int64, link string) int64 {
	h.t.Helper()
	ctx := context.Background()
	allow := func(workflow.Project) error { return nil }
	if err := h.store.PostUpdate(ctx, int64(pid), 1, "进展", allow, func(p workflow.Project, _ domain.Audience, _ int64) []domain.Outgoing {
		return []domain.Outgoing{{To: userID, Kind: domain.NoticeProjectUpdate, URL: link, Args: []string{p.Title, "进展"}}}
	}); err != nil {
		h.t.Fatal(err)
	}
	rows, err := h.store.Notifications(ctx, userID, 0, 1)
	if err != nil || len(rows) != 1 {
		h.t.Fatalf("the notice: %v %v", rows, err)
	}
	return rows[0].ID
}

// The phone walk: tapping an unread notice and coming back still showed
// it unread. Opening a notice on the page (a small form: a POST with the
// CSRF token) marks that one read and goes on to its link; the others stay
// unread, the badge counts one fewer; someone else's notice is not found
// and stays unread; a stored link off this site is not followed.
func TestOpeningANoticeReadsIt(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	_, engID := h.staffer(admin, "eng@brand.cn", "engineer")
	author := h.fan("author@fans.cn")
	other := h.fan("other@fans.cn")
	cid := h.openChallenge(admin, nil)
	idea := h.idea(author, cid, "自清洁内筒")
	pid := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", idea), admin, map[string]any{"owner_id": engID}).must(t, 201).JSON, "id")
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/updates", pid), admin, map[string]any{"body": "第一轮温控测试完成"}).must(t, 201)

	b := h.browser()
	b.signIn("author@fans.cn", "fan-password")
	page := b.get("/notifications").must(t, 200).Body
	forms := openForm.FindAllStringSubmatch(page, -1)
	if len(forms) != 2 || strings.Count(page, `class="notice unread"`) != 2 || !strings.Contains(page, `<span class="count">2</span>`) {
		t.Fatalf("the author's notifications: %d forms to open a notice: %.3000s", len(forms), page)
	}
	// The newest (the update): opened, it is read and its link is followed.
	// The update's own place on the project's timeline.
	atUpdate := regexp.MustCompile(fmt.Sprintf(`^/projects/%d#update-\d+$`, pid))
	r := b.post("/notifications", forms[0][1], nil).must(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); !atUpdate.MatchString(loc) {
		t.Errorf("opening the notice goes to %q", loc)
	}
	page = b.get("/notifications").must(t, 200).Body
	if strings.Count(page, `class="notice unread"`) != 1 || !strings.Contains(page, `<span class="count">1</span>`) {
		t.Errorf("after opening one notice, back on the list: %.3000s", page)
	}
	for _, n := range h.notices(author) {
		if want := fmt.Sprint(n["id"]) != forms[0][2]; n["read"] != !want {
			t.Errorf("notice %v: read %v", n["id"], n["read"])
		}
	}
	// Opened again: still read, and still on its way.
	if loc := b.post("/notifications", forms[0][1], nil).must(t, http.StatusSeeOther).Header.Get("Location"); !atUpdate.MatchString(loc) {
		t.Errorf("opened again: to %q", loc)
	}

	// Someone else's notice: not found, and it stays unread.
	theirs := h.tellOne(pid, h.userID(other), domain.ProjectLink(int64(pid)))
	b.post("/notifications", fmt.Sprintf("/notifications/%d/open", theirs), nil).must(t, http.StatusNotFound)
	h.api("POST", fmt.Sprintf("/api/v1/me/notifications/%d/read", theirs), author, nil).must(t, http.StatusNotFound)
	if ns := h.notices(other); len(ns) != 1 || ns[0]["read"] != false {
		t.Errorf("another's notice was marked read: %v", ns)
	}
	// Without the CSRF token nothing is read.
	req, _ := http.NewRequest("POST", h.srv.URL+fmt.Sprintf("/notifications/%s/open", forms[1][2]), strings.NewReader(""))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if r := h.do(b.client, req); r.Status != http.StatusForbidden {
		t.Errorf("an open without the token: %d", r.Status)
	}
	if ns := h.notices(author); len(ns) != 2 || ns[1]["read"] != false {
		t.Errorf("after a forged open: %v", ns)
	}

	// A stored link that is not a path on this site is never followed.
	for _, link := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example"} {
		id := h.tellOne(pid, h.userID(author), link)
		if loc := b.post("/notifications", fmt.Sprintf("/notifications/%d/open", id), nil).must(t, http.StatusSeeOther).Header.Get("Location"); loc != "/" {
			t.Errorf("a notice linking %q opens %q", link, loc)
		}
	}

	// The API: one notice read, 204; the list says so.
	h.api("POST", fmt.Sprintf("/api/v1/me/notifications/%s/read", forms[1][2]), author, nil).must(t, http.StatusNoContent)
	h.api("POST", "/api/v1/me/notifications/0/read", author, nil).must(t, http.StatusNotFound)
	r = h.api("GET", "/api/v1/me/notifications", author, nil).must(t, 200)
	if num(r.JSON, "unread") != 0 {
		t.Errorf("unread after every notice was opened: %v", r.JSON["unread"])
	}
}
