package web

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"regexp"
	"testing"

	"cocreate/app/pgtest"
)

// Two nodes of one installation on one PostgreSQL database, as behind a
// load balancer: a person's requests go to either.
func TestTwoNodesServeOneInstallation(t *testing.T) {
	t.Parallel()
	if !pgtest.Postgres() {
		t.Skip("several nodes share one database on PostgreSQL only")
	}
	a := newHarness(t)
	admin := a.setup()
	b := newNode(t, a)
	cid := a.openChallenge(admin, nil)
	fan := a.fan("fan@x.cn")

	// A session made on one node works on the other (the same keys, the
	// sessions in the database); the cookie jar ignores ports, as a
	// browser behind one address would.
	onA := a.browser()
	onA.signIn("fan@x.cn", "fan-password")
	onB := &browser{h: b, client: onA.client}
	if me := onB.get("/api/v1/me").must(t, 200); str(me.JSON, "email") != "fan@x.cn" {
		t.Fatalf("node B does not know node A's session: %s", me.Body)
	}

	// An image uploaded through A is served by B.
	var pic bytes.Buffer
	png.Encode(&pic, image.NewRGBA(image.Rect(0, 0, 900, 600)))
	token := onA.csrf(fmt.Sprintf("/challenges/%d/submit", cid))
	body, ctype := multipartIdea(t, token, "带图片的创意", pic.Bytes())
	req, _ := http.NewRequest("POST", a.srv.URL+fmt.Sprintf("/challenges/%d/ideas", cid), body)
	req.Header.Set("Content-Type", ctype)
	r := a.do(onA.client, req)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("submit on A: %d %.300s", r.Status, r.Body)
	}
	page := onB.get(r.Header.Get("Location")).must(t, 200).Body
	names := regexp.MustCompile(`/uploads/([0-9a-f]{32}(-400|-800)?\.(png|jpg))`).FindAllStringSubmatch(page, -1)
	if len(names) == 0 {
		t.Fatalf("node B's idea page shows no image")
	}
	for _, m := range names {
		got := onB.get("/uploads/"+m[1]).must(t, 200)
		if got.Header.Get("Cache-Control") == "" || len(got.Body) < 100 {
			t.Errorf("node B serves %s badly: %d bytes, Cache-Control %q", m[1], len(got.Body), got.Header.Get("Cache-Control"))
		}
	}
	if r := onB.get("/uploads/0123456789abcdef0123456789abcdef.png"); r.Status != 404 {
		t.Errorf("an unknown upload: %d, want 404", r.Status)
	}

	// A token revoked on A is refused by B at once.
	b.api("GET", "/api/v1/me", fan, nil).must(t, 200)
	a.api("DELETE", "/api/v1/tokens/current", fan, nil).must(t, 204)
	b.api("GET", "/api/v1/me", fan, nil).must(t, 401)
}
