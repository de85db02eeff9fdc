package web

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// zeros is an upload's body: n zero bytes, counting what was read of it.
type zeros struct {
	n    int64
	read atomic.Int64
}

func (z *zeros) Read(p []byte) (int, error) {
	left := z.n - z.read.Load()
	if left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > left {
		p = p[:left]
	}
	clear(p)
	z.read.Add(int64(len(p)))
	return len(p), nil
}

// An upload refused for who sends it (a visitor posting an idea with its
// photos, a fan at the admin's challenge form) is refused before its body
// is read: the form's CSRF token, which is in the body, is looked for only
// after. The refused fan's error page still carries their CSRF token, so
// its sign-out works.
func TestRefusedWritesDoNotReadTheirBodies(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	h.fan("fan@x.cn")
	fan := h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	fan.get("/") // the page signing in leads to, which gives the new CSRF token
	const size = 48 << 20
	for _, tc := range []struct {
		name, path string
		b          *browser
		status     int
	}{
		{"a visitor's idea with photos", fmt.Sprintf("/challenges/%d/ideas", cid), h.browser(), http.StatusSeeOther}, // to sign in
		{"a fan's new challenge", "/challenges", fan, http.StatusForbidden},
	} {
		body := &zeros{n: size}
		head := "--XB\r\nContent-Disposition: form-data; name=\"images\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
		req, _ := http.NewRequest("POST", h.srv.URL+tc.path, io.MultiReader(strings.NewReader(head), body))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=XB")
		r := h.do(tc.b.client, req)
		if r.Status != tc.status {
			t.Errorf("%s: status %d, want %d: %.300s", tc.name, r.Status, tc.status, r.Body)
		}
		if got := body.read.Load(); got > size/4 {
			t.Errorf("%s: %d MB of the %d MB body were read before it was refused", tc.name, got>>20, size>>20)
		}
		if tc.b == fan && !csrfField.MatchString(r.Body) || strings.Contains(r.Body, `name="_csrf" value=""`) {
			t.Errorf("%s: the error page's forms carry no CSRF token: %.2000s", tc.name, r.Body)
		}
	}
}
