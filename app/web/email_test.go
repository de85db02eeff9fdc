package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cocreate/app/mail"
)

// A fan who wants no more notification emails stops them from the link in
// any email (one click in the mail program, no signing in), from the
// settings page, or through the API; notifications still reach them on the
// site, and they can turn the emails back on.
func TestNotificationEmailsCanBeStopped(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	fan := h.fan("fan@x.cn")
	idea := h.idea(fan, cid, "自清洁内筒")
	me := h.api("GET", "/api/v1/me", fan, nil).must(t, 200).JSON
	fanID := int64(num(me, "id"))
	h.confirmationLinks() // the sign-up's confirmation email goes out first
	if me["email_notices"] != true {
		t.Fatalf("a new fan's email_notices = %v, want true", me["email_notices"])
	}
	owed := func() int {
		t.Helper()
		n, err := h.store.PendingMail(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	reply := func() { // an official reply notifies the idea's author
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), admin, map[string]string{"body": "谢谢 thanks"}).must(t, 201)
	}
	reply()
	if owed() != 1 {
		t.Fatalf("%d emails owed after a reply, want 1", owed())
	}

	// The link from the email, opened in a browser: it asks first, since
	// mail scanners open links by themselves.
	link := mail.UnsubscribeURL(h.srv.URL, h.svc.MailSecret, fanID)
	v := h.browser()
	page := v.get(strings.TrimPrefix(link, h.srv.URL)).must(t, 200).Body
	if !strings.Contains(page, `action="/unsubscribe"`) || !strings.Contains(page, "fan") {
		t.Errorf("the link's page has no button naming the fan:\n%s", page)
	}
	if owed() != 1 {
		t.Error("opening the link changed something")
	}
	// Its language switch works in a fresh browser: the page's GET sets
	// the token its forms send (a skipped CSRF check on it set none, and
	// the switch answered "the form expired" for good).
	if m := regexp.MustCompile(`action="/lang"[\s\S]*?name="_csrf" value="([^"]+)"`).FindStringSubmatch(page); m == nil {
		t.Errorf("the link's page has no token in its language switch")
	} else if r := v.post(strings.TrimPrefix(link, h.srv.URL), "/lang", url.Values{"_csrf": {html.UnescapeString(m[1])}, "lang": {"en"}}); r.Status != http.StatusSeeOther {
		t.Errorf("the language switch on the link's page: %d %.300s", r.Status, r.Body)
	}
	// A forged or altered link changes nothing.
	for _, bad := range []string{
		fmt.Sprintf("/unsubscribe?u=%d&t=%s", fanID, mail.UnsubscribeToken([]byte("guess"), fanID)),
		fmt.Sprintf("/unsubscribe?u=%d&t=%s", fanID+1, mail.UnsubscribeToken(h.svc.MailSecret, fanID)),
		"/unsubscribe?u=abc&t=x",
		"/unsubscribe",
	} {
		v.get(bad).must(t, 400)
		req, _ := http.NewRequest("POST", h.srv.URL+bad, strings.NewReader("List-Unsubscribe=One-Click"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if r := h.do(http.DefaultClient, req); r.Status != 400 {
			t.Errorf("POST %s: %d, want 400", bad, r.Status)
		}
	}
	if owed() != 1 {
		t.Fatal("a bad link stopped the emails")
	}

	// The mail program's one-click button: a bare POST to the link, no
	// cookies, no CSRF token (RFC 8058).
	req, _ := http.NewRequest("POST", link, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	h.do(http.DefaultClient, req).must(t, 200)
	if owed() != 0 {
		t.Errorf("%d emails still owed after unsubscribing", owed())
	}
	if h.api("GET", "/api/v1/me", fan, nil).JSON["email_notices"] != false {
		t.Error("the API still says emails are on")
	}
	reply()
	if owed() != 0 {
		t.Error("a new notification was emailed after unsubscribing")
	}
	if n := len(h.api("GET", "/api/v1/me/notifications", fan, nil).must(t, 200).JSON["notifications"].([]any)); n != 2 {
		t.Errorf("%d notifications on the site, want 2", n)
	}

	// Back on from the settings page (the box ticked).
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	if page := b.get("/settings").Body; !strings.Contains(page, `name="email_notices"`) || strings.Contains(page, `value="on" checked`) {
		t.Errorf("the settings page does not show the emails off")
	}
	b.post("/settings", "/settings/email", url.Values{"email_notices": {"on"}}).must(t, 303)
	reply()
	if owed() != 1 {
		t.Errorf("%d emails owed after turning them back on, want 1", owed())
	}
	// And off through the API: the box left unticked is off as well.
	h.api("PATCH", "/api/v1/me", fan, map[string]any{"email_notices": false}).must(t, 200)
	if owed() != 0 {
		t.Error("turning off through the API kept the owed email")
	}
	if r := h.api("PATCH", "/api/v1/me", fan, map[string]any{}); r.Status != 400 || r.errField() != "email_notices" {
		t.Errorf("PATCH without the field: %d %s", r.Status, r.Body)
	}
	if r := h.api("PATCH", "/api/v1/me", fan, map[string]any{"email_notices": "yes"}); r.Status != 400 {
		t.Errorf("PATCH with a string: %d %s", r.Status, r.Body)
	}
	b.post("/settings", "/settings/email", url.Values{}).must(t, 303)
	if h.api("GET", "/api/v1/me", fan, nil).JSON["email_notices"] != false {
		t.Error("the unticked box left the emails on")
	}
}
